package tui

import (
	"strconv"
	"strings"

	"poolviz/pool"
	"poolviz/scenarios"
)

// codePanel draws the scenario's Python twin with a marker on each line an actor
// is executing: the worker's tag ("W2") or main's.
type codePanel struct {
	w, h   int
	file   string
	lines  []string       // highlighted
	steps  map[string]int // step label -> 1-based line
	offset int            // first line shown
	follow bool           // keep the marked lines in view
}

// newCodePanel prepares the listing of sc: its highlighted lines and the line of
// every step label (looked up once, not per frame).
func newCodePanel(sc scenarios.Scenario, s *styles) codePanel {
	p := codePanel{follow: true, file: sc.Listing, steps: map[string]int{}}
	src, err := sc.Source()
	if err != nil {
		p.lines = []string{s.bad.s(err.Error())}
		return p
	}
	p.lines = highlightPython(src, s)
	for label := range sc.Steps {
		if n := sc.LineOf(src, label); n > 0 {
			p.steps[label] = n
		}
	}
	return p
}

// restyle re-highlights the listing for new styles.
func (p codePanel) restyle(sc scenarios.Scenario, s *styles) codePanel {
	q := newCodePanel(sc, s)
	q.w, q.h, q.offset, q.follow = p.w, p.h, p.offset, p.follow
	return q
}

func (p codePanel) setSize(w, h int) codePanel { p.w, p.h = w, h; return p.clamp() }

// clamp keeps the offset inside the listing.
func (p codePanel) clamp() codePanel {
	p.offset = min(max(p.offset, 0), max(len(p.lines)-(p.h-2), 0))
	return p
}

// update scrolls the listing; scrolling by hand stops following the markers
// until the end key is pressed.
func (p codePanel) update(n nav) codePanel {
	page := max(p.h-2, 1)
	p.offset = n.apply(p.offset, len(p.lines)-page, page)
	p.follow = n.bottom
	return p
}

// info names the listing.
func (p codePanel) info() string {
	if !p.follow {
		return p.file + " · scrolled"
	}
	return p.file
}

// actorLine returns the listing line (1-based) a worker is on, or 0.
func (p codePanel) actorLine(w *pool.WorkerView) int {
	label := w.Step
	switch w.Status {
	case pool.WorkerInitializing:
		if label == "" {
			label = "init"
		}
	case pool.WorkerRunning, pool.WorkerBlocked:
		if label == "" {
			label = "start"
		}
	default:
		return 0
	}
	return p.steps[label]
}

// mainLine returns the line main is on, or 0.
func (p codePanel) mainLine(m *pool.MainView) int {
	if !m.Started || m.Ended {
		return 0
	}
	return p.steps[m.Step]
}

// sync scrolls to keep the marked lines in view, when following. The offset is a
// function of the marked lines and the height only (not of the offset before), so
// the same State always shows the same window; it moves in half pages, so it
// stays put while the actors move about inside it.
func (p codePanel) sync(st *pool.State) codePanel {
	if !p.follow || p.h <= 2 {
		return p
	}
	lo, hi := 0, 0
	mark := func(n int) {
		if n <= 0 {
			return
		}
		if lo == 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	mark(p.mainLine(&st.Main))
	for i := range st.Workers {
		mark(p.actorLine(&st.Workers[i]))
	}
	if lo == 0 {
		return p
	}
	page := p.h - 2
	lo, hi = lo-1, hi-1 // 0-based
	half := max(page/2, 1)
	p.offset = max(lo-1, 0) / half * half // a line of context above the first marker
	switch {
	case hi-lo+1 > page:
		p.offset = max(lo-1, 0)
	case hi >= p.offset+page:
		p.offset = hi - page + 2
	}
	return p.clamp()
}

// tag is an actor's marker on a line of the listing.
type tag struct {
	text string
	p    paint
}

// view draws the visible lines with their markers.
func (p codePanel) view(f *frame) []string {
	s, st := f.s, &f.v.State
	page := p.h - 2
	off := min(p.offset, max(len(p.lines)-page, 0))
	tags := make([][]tag, page) // who is on each visible line
	add := func(n int, t tag) {
		if i := n - 1 - off; i >= 0 && i < page {
			tags[i] = append(tags[i], t)
		}
	}
	if n := p.mainLine(&st.Main); n > 0 {
		add(n, tag{"main", s.strong})
	}
	for i := range st.Workers {
		w := &st.Workers[i]
		if n := p.actorLine(w); n > 0 {
			add(n, tag{"W" + strconv.Itoa(w.ID), s.workerPaint(w.ID)})
		}
	}
	inner := p.w - 2
	nw := len(strconv.Itoa(len(p.lines)))
	out := make([]string, 0, page)
	for i := 0; i < page && off+i < len(p.lines); i++ {
		num := padLeft(strconv.Itoa(off+i+1), nw+1)
		if len(tags[i]) == 0 {
			out = append(out, s.lineNo.s(num)+"   "+p.lines[off+i])
			continue
		}
		gutter := tags[i][0].p.s(num + " ▶ ")
		out = append(out, spread(gutter+p.lines[off+i], " "+s.dim.s("◀ ")+tagList(tags[i], max(inner/3, 8), s), inner))
	}
	return out
}

// tagList joins actor tags into at most w cells, ending with "+N" for the rest.
func tagList(tags []tag, w int, s *styles) string {
	var b strings.Builder
	used := 0
	for i, t := range tags {
		need := len(t.text)
		if rest := len(tags) - i - 1; rest > 0 {
			need += len(" +" + strconv.Itoa(rest))
		}
		if i > 0 && used+1+need > w {
			b.WriteString(s.dim.s(" +" + strconv.Itoa(len(tags)-i)))
			return b.String()
		}
		if i > 0 {
			b.WriteByte(' ')
			used++
		}
		b.WriteString(t.p.s(t.text))
		used += len(t.text)
	}
	return b.String()
}
