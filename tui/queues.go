package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"poolviz/narrate"
)

// queuePanel draws the pool's task queue: jobs waiting for a worker, oldest first.
type queuePanel struct {
	w, h int
	list lister
}

func (p queuePanel) setSize(w, h int) queuePanel { p.w, p.h = w, h; return p }

func (p queuePanel) update(n nav, f *frame) queuePanel {
	p.list = p.list.nav(n, len(f.v.State.Queue)+1, p.h-2)
	return p
}

func (p queuePanel) info(f *frame) string {
	return strconv.Itoa(f.v.State.QueueTasks) + " waiting"
}

func (p queuePanel) view(f *frame) []string {
	s, st := f.s, &f.v.State
	if len(st.Queue) == 0 {
		if st.Counts.Submitted == 0 {
			return []string{s.faint.s(" nothing submitted yet")}
		}
		return []string{s.faint.s(" empty")}
	}
	from, to := p.list.window(len(st.Queue), p.h-2)
	tw := len(strconv.Itoa(max(st.Counts.Submitted, f.prm.Tasks)))
	out := make([]string, 0, p.h)
	for i := from; i < to; i++ {
		j := &st.Queue[i]
		var line string
		if j.Count > 1 {
			line = fmt.Sprintf(" tasks %d-%d %s", j.Task, j.Task+j.Count-1, s.dim.s(fmt.Sprintf("#%d-%d chunk %d", j.Index, j.Index+j.Count-1, j.Chunk)))
		} else {
			line = fmt.Sprintf(" task %-*d %s", tw, j.Task, s.dim.s("#"+strconv.Itoa(j.Index)+" "+j.Call))
		}
		out = append(out, line)
	}
	shown := 0
	for _, j := range st.Queue {
		shown += max(j.Count, 1)
	}
	if more := st.QueueTasks - shown; more > 0 && len(out) < p.h-2 {
		out = append(out, s.dim.s(fmt.Sprintf(" … %d more", more)))
	}
	return out
}

// resultsPanel draws finished tasks in the order they arrived, each with its
// position in its submission, so out-of-order arrival shows at a glance.
type resultsPanel struct {
	w, h int
	list lister
}

func newResultsPanel() resultsPanel { return resultsPanel{list: lister{follow: true}} }

func (p resultsPanel) setSize(w, h int) resultsPanel { p.w, p.h = w, h; return p }

func (p resultsPanel) update(n nav, f *frame) resultsPanel {
	p.list = p.list.nav(n, len(f.v.State.Results), p.h-2)
	return p
}

func (p resultsPanel) info(f *frame) string {
	st := &f.v.State
	return fmt.Sprintf("%d/%d arrived", st.Arrived, max(st.Counts.Submitted, f.prm.Tasks))
}

func (p resultsPanel) view(f *frame) []string {
	s, rs := f.s, f.v.State.Results
	if len(rs) == 0 {
		return []string{s.faint.s(" no result yet")}
	}
	from, to := p.list.window(len(rs), p.h-2)
	// Widths from the run's size, not from the rows shown: columns never shift.
	total := max(f.v.State.Counts.Submitted, f.prm.Tasks, 1)
	iw, ow := len(strconv.Itoa(total-1)), len(narrate.Ordinal(total))
	if rs[to-1].Count > 1 {
		iw = 2*iw + 1 // "#4-7"
	}
	ww := len(strconv.Itoa(len(f.v.State.Workers))) + 1 // "W12"
	out := make([]string, 0, p.h)
	for i := from; i < to; i++ {
		r := &rs[i]
		idx := "#" + strconv.Itoa(r.Index)
		if r.Count > 1 {
			idx += "-" + strconv.Itoa(r.Index+r.Count-1)
		}
		idx = fmt.Sprintf("%-*s", iw+1, idx)
		if r.Index+1 == r.Order {
			idx = s.ok.s(idx)
		} else {
			idx = s.warn.s(idx)
		}
		verb, val := s.dim.s(" arrived "), r.Value
		if r.Err != "" {
			verb, val = s.bad.s(" failed  "), s.bad.s(r.Err)
		}
		who := spaces(ww)
		if r.Worker > 0 {
			who = s.workerPaint(r.Worker).s(fmt.Sprintf("%-*s", ww, "W"+strconv.Itoa(r.Worker)))
		}
		line := " " + idx + verb + s.bold.s(fmt.Sprintf("%-*s", ow, narrate.Ordinal(r.Order))) + " " + who + " " + val
		out = append(out, line)
	}
	return out
}

// outputPanel draws what the main program printed, newest at the bottom.
type outputPanel struct {
	w, h int
	list lister
}

func newOutputPanel() outputPanel { return outputPanel{list: lister{follow: true}} }

func (p outputPanel) setSize(w, h int) outputPanel { p.w, p.h = w, h; return p }

func (p outputPanel) update(n nav, f *frame) outputPanel {
	p.list = p.list.nav(n, len(p.rows(f)), p.h-2)
	return p
}

func (p outputPanel) info(f *frame) string {
	return plural(len(f.v.State.Output), "line", "lines")
}

func (p outputPanel) view(f *frame) []string {
	if len(f.v.State.Output) == 0 {
		return []string{f.s.faint.s(" main printed nothing yet")}
	}
	rows := p.rows(f)
	from, to := p.list.window(len(rows), p.h-2)
	return rows[from:to]
}

// rows is every line the main program printed, wrapped to the panel's width
// under its time stamp: what a program prints last is often the point of the
// lesson ("expected 24, got 6"), so no line is cut.
func (p outputPanel) rows(f *frame) []string {
	s, lines := f.s, f.v.State.Output
	stamp := p.w >= 30
	inner := max(p.w-2, 1)
	out := make([]string, 0, len(lines))
	for i := range lines {
		l := &lines[i]
		prefix := " "
		if stamp {
			prefix = s.faint.s(fmt.Sprintf("%6.2f ", l.Time.Seconds()))
		}
		if l.Writer != "" && l.Writer != "main" {
			prefix += s.dim.s(l.Writer + ": ")
		}
		// Continued rows hang under the text, two cells further in where no time
		// stamp sets them apart, so they do not read as lines of their own.
		hang := ansi.StringWidth(prefix)
		if !stamp {
			hang += 2
		}
		room := max(inner-hang, 8)
		for k, row := range strings.Split(ansi.Wrap(l.Line, room, " "), "\n") {
			if k == 0 {
				out = append(out, prefix+row)
			} else {
				out = append(out, spaces(hang)+row)
			}
		}
	}
	return out
}

// plural writes "1 task", "3 tasks".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
