package tui

import (
	"strconv"
	"strings"

	"poolviz/picture"
	"poolviz/scenarios"
)

// codePanel draws the scenario's Python twin with a marker on each line an actor
// is executing: the worker's tag ("W2") or main's. Long lines are soft-wrapped
// at the panel's width, so the listing scrolls in rows, not lines.
type codePanel struct {
	w, h   int
	name   string  // the scenario's, to tell a restart of the same one
	size   [2]int  // the run's workers and tasks, which the listing shows
	st     *styles // the styles the lines are highlighted in
	file   string
	traced bool           // a traced program: any line may be marked
	lines  []string       // highlighted
	steps  map[string]int // step label -> 1-based line
	wrap   codeWrap       // the lines in rows of the panel's width
	offset int            // first row shown
	follow bool           // keep the marked lines in view
}

// newCodePanel prepares the listing of sc for a run with prm: its highlighted
// lines, with the run's WORKERS and TASKS, and the line of every step label
// (looked up once, not per frame).
func newCodePanel(sc scenarios.Scenario, prm scenarios.Params, s *styles) codePanel {
	p := codePanel{follow: true, name: sc.Name, size: [2]int{prm.Workers, prm.Tasks}, st: s, file: sc.Listing,
		traced: sc.Traced(), steps: map[string]int{}}
	src, err := sc.SourceFor(prm)
	if err != nil {
		p.lines = []string{s.bad.s(err.Error())}
		return p
	}
	if sc.Traced() {
		p.lines = highlightWithLexer(src, s)
	} else {
		p.lines = highlightPython(src, s) // the presets' golden screens are drawn with it
	}
	for label := range sc.Steps {
		if n := sc.LineOf(src, label); n > 0 {
			p.steps[label] = n
		}
	}
	return p
}

// setSize highlights the listing again if the styles changed, sizes the
// panel, and scrolls to the marked lines when following them.
func (p codePanel) setSize(w, h int, sn *scene) panel {
	if sn.s != p.st {
		q := newCodePanel(*sn.sc, sn.prm, sn.s)
		q.h, q.offset, q.follow = p.h, p.offset, p.follow
		p = q.resize(p.w, p.h)
	}
	return p.resize(w, h).sync(&sn.v.State)
}

// restart keeps the listing of the same scenario, following its markers again,
// and reads the listing of another, or of a run of another size.
func (p codePanel) restart(sn *scene) panel {
	if sn.sc.Name != p.name || p.size != [2]int{sn.prm.Workers, sn.prm.Tasks} {
		p = newCodePanel(*sn.sc, sn.prm, sn.s)
	}
	p.follow = true
	return p
}

// resize sizes the panel, wrapping the listing again if its width changed.
func (p codePanel) resize(w, h int) codePanel {
	p.w, p.h = w, h
	return p.wrapTo(w - 2).clamp()
}

// gutterWidth is the cells before the code on every row: the line number, a
// space, and the marker with a space either side.
func (p codePanel) gutterWidth() int { return len(strconv.Itoa(len(p.lines))) + 4 }

// wrapTo lays the listing out in rows for an inner width, keeping the line at
// the top of the panel there. It does nothing if the width has not changed.
func (p codePanel) wrapTo(inner int) codePanel {
	tw := inner - p.gutterWidth()
	if tw == p.wrap.width || inner <= 0 {
		return p
	}
	top := -1
	if p.offset < len(p.wrap.rows) {
		top = p.wrap.rows[p.offset].line
	}
	marked := make(map[int]bool, len(p.steps))
	for _, n := range p.steps {
		marked[n-1] = true
	}
	for i := range p.lines {
		marked[i] = marked[i] || p.traced
	}
	p.wrap = wrapListing(p.lines, marked, tw)
	if top >= 0 {
		p.offset = p.wrap.first[top]
	}
	return p
}

// clamp keeps the offset inside the rows.
func (p codePanel) clamp() codePanel {
	p.offset = min(max(p.offset, 0), max(len(p.wrap.rows)-(p.h-2), 0))
	return p
}

func (p codePanel) update(n nav, _ *scene) panel { return p.scroll(n) }

// scroll scrolls the listing by rows; scrolling by hand stops following the
// markers until the end key is pressed.
func (p codePanel) scroll(n nav) codePanel {
	page := max(p.h-2, 1)
	p.offset = n.apply(p.offset, len(p.wrap.rows)-page, page)
	p.follow = n.bottom
	return p
}

// info names the listing.
func (p codePanel) info(*scene, bool) string {
	if !p.follow {
		return p.file + " · scrolled"
	}
	return p.file
}

// signs are the markers the code pane puts on the lines actors are on.
func (codePanel) signs(sn *scene) []signGroup {
	s := sn.s
	w1 := s.workerPaint(1)
	return []signGroup{{title: pCode.String(), signs: []sign{
		{w1.s("23 ▶ ") + "sleep(value)", "a line someone is on, in the colour of the first of them"},
		{s.dim.s("◀ ") + w1.s("W1") + " " + s.workerPaint(2).s("W2") + " " + s.strong.s("main"), "who is on that line: workers, and the main program"},
		{s.bad.s("18 ✗ ") + s.dim.s("◀ ") + w1.s("W1") + s.bad.s(" raised here"), "the line where a worker's initializer raised its error"},
		{s.dim.s(" +3"), "three more are on that line than there is room to name"},
		{s.faint.s(" ↪ ") + "the rest of a long line", "a line of the listing too long for the panel goes on here"},
		{s.faint.s(" ┆ "), "a row kept for the tags of the line above, when its own rows have no room for them"},
		{s.dim.s("scrolled"), "you scrolled the listing: end follows the markers again"},
	}}}
}

// actorLine returns the listing line (1-based) a worker is on, or 0: the line
// a traced program's step names, or the line of a preset's step label.
func (p codePanel) actorLine(w *picture.WorkerView) int {
	label := w.Step
	switch w.Status {
	case picture.WorkerInitializing:
		if label == "" {
			label = "init"
		}
	case picture.WorkerRunning, picture.WorkerBlocked:
		if label == "" {
			label = "start"
		}
	case picture.WorkerFailed: // the line its initializer raised on stays marked
		if w.FailLine > 0 {
			return p.onListing(w.FailLine)
		}
		return p.steps[w.FailStep]
	default:
		return 0
	}
	if w.StepLine > 0 {
		return p.onListing(w.StepLine)
	}
	return p.steps[label]
}

// onListing returns line if the listing has it, else 0.
func (p codePanel) onListing(line int) int {
	if line > len(p.lines) {
		return 0
	}
	return line
}

// mainLine returns the line main is on, or 0.
func (p codePanel) mainLine(m *picture.MainView) int {
	if !m.Started || m.Ended {
		return 0
	}
	if m.StepLine > 0 {
		return p.onListing(m.StepLine)
	}
	return p.steps[m.Step]
}

// sync scrolls to keep the marked lines in view, when following. The offset is a
// function of the marked lines, the rows and the height only (not of the offset
// before), so the same State always shows the same window; it moves in half
// pages, so it stays put while the actors move about inside it, and it starts
// at the top of a line, never inside one.
func (p codePanel) sync(st *picture.State) codePanel {
	if !p.follow || p.h <= 2 {
		return p
	}
	top, bottom := -1, -1 // the first and last marked line, from 0
	var marked []int
	mark := func(n int) {
		if n <= 0 || n > len(p.wrap.first) {
			return
		}
		if top < 0 || n-1 < top {
			top = n - 1
		}
		bottom = max(bottom, n-1)
		marked = append(marked, n-1)
	}
	mark(p.mainLine(&st.Main))
	for i := range st.Workers {
		mark(p.actorLine(&st.Workers[i]))
	}
	if top < 0 {
		return p
	}
	lo, hi := p.wrap.first[top], p.wrap.last(bottom)
	page := p.h - 2
	half := max(page/2, 1)
	above := max(top-1, 0) // a line of context above the first marker
	p.offset = p.wrap.first[above/half*half]
	switch {
	case hi-lo+1 > page: // they do not all fit: the first and what follows it
		p.offset = p.wrap.first[above]
		if lo-p.offset >= page {
			p.offset = lo
		}
	case hi >= p.offset+page: // a row of context below the last, if it fits
		p.offset = min(p.wrap.lineStart(hi-page+2), lo)
	}
	return p.wholeMarks(marked, lo, page).clamp()
}

// wholeMarks moves the window down, a line at a time, so that no marked line
// is cut at its bottom edge (a line cut after "for i in" hides the call it
// makes), as far as the first marked row lo stays in view.
func (p codePanel) wholeMarks(marked []int, lo, page int) codePanel {
	for _, n := range marked {
		first, last := p.wrap.first[n], p.wrap.last(n)
		if end := p.offset + page; first >= end || last < end {
			continue
		}
		for l := p.wrap.rows[p.offset].line + 1; l < len(p.wrap.first) && p.wrap.first[l] <= lo; l++ {
			if p.wrap.first[l]+page > last {
				p.offset = p.wrap.first[l]
				break
			}
		}
	}
	return p
}

// tag is an actor's marker on a line of the listing; failed marks the line
// where its initializer raised.
type tag struct {
	text   string
	p      paint
	failed bool
}

// marks returns who is on each line (0-based) now: main and the workers.
func (p codePanel) marks(st *picture.State, s *styles) map[int][]tag {
	on := map[int][]tag{}
	if n := p.mainLine(&st.Main); n > 0 {
		on[n-1] = append(on[n-1], tag{"main", s.strong, false})
	}
	for i := range st.Workers {
		w := &st.Workers[i]
		n := p.actorLine(w)
		switch {
		case n <= 0:
		case w.Status == picture.WorkerFailed:
			on[n-1] = append(on[n-1], tag{"W" + strconv.Itoa(w.ID), s.workerPaint(w.ID), true})
		default:
			on[n-1] = append(on[n-1], tag{"W" + strconv.Itoa(w.ID), s.workerPaint(w.ID), false})
		}
	}
	return on
}

// view draws the visible rows with their markers.
func (p codePanel) view(sn *scene) []string {
	page := p.h - 2
	rows := p.wrap.rows
	off := min(p.offset, max(len(rows)-page, 0))
	on := p.marks(&sn.v.State, sn.s)
	out := make([]string, 0, page)
	for r := off; r < off+page && r < len(rows); r++ {
		out = append(out, p.row(r, on[rows[r].line], sn.s))
	}
	return out
}

// row draws row r: the gutter (the line number, or the marker of the first
// actor on the line, or the continuation sign), the code, and the actors' tags
// on the row of the line that keeps room for them.
func (p codePanel) row(r int, tags []tag, s *styles) string {
	cr := p.wrap.rows[r]
	nw := p.gutterWidth() - 3
	var gutter string
	switch {
	case cr.continued():
		gutter = spaces(nw) + s.faint.s(" ↪ ")
	case cr.cont: // the row kept for a line's tags: marked, so it is not read as an empty line
		gutter = spaces(nw) + s.faint.s(" ┆ ")
	case len(tags) > 0 && tags[0].failed:
		gutter = tags[0].p.s(padLeft(strconv.Itoa(cr.line+1), nw) + " ✗ ")
	case len(tags) > 0:
		gutter = tags[0].p.s(padLeft(strconv.Itoa(cr.line+1), nw) + " ▶ ")
	default:
		gutter = s.lineNo.s(padLeft(strconv.Itoa(cr.line+1), nw)) + "   "
	}
	left := gutter + cr.text
	if len(tags) == 0 || p.wrap.tagAt[cr.line] != r {
		return left
	}
	inner := p.w - 2
	room := inner - width(left) - width(" ◀ ")
	var raised string
	if tags[0].failed && room >= 14 {
		raised = s.bad.s(" raised here")
		room -= width(raised)
	}
	return spread(left, " "+s.dim.s("◀ ")+tagList(tags, room, s)+raised, inner)
}

// tagList joins actor tags into at most w cells, ending with "+N" for the rest;
// when not even one tag fits, it is only "+N", the number of actors.
func tagList(tags []tag, w int, s *styles) string {
	var b strings.Builder
	used := 0
	for i, t := range tags {
		need := len(t.text)
		if rest := len(tags) - i - 1; rest > 0 {
			need += len(" +" + strconv.Itoa(rest))
		}
		if used+min(i, 1)+need > w {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s.dim.s("+" + strconv.Itoa(len(tags)-i)))
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
