package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"poolviz/picture"
)

// timelinePanel draws one lane per worker across virtual time: its initializer,
// tasks, sleeps and waits as runs of distinct glyphs, over a time axis.
type timelinePanel struct {
	w, h   int
	offset int // the first lane shown
}

func (p timelinePanel) setSize(w, h int, _ *scene) panel { p.w, p.h = w, h; return p }

// lanes is how many worker lanes fit: the body less the axis, labels and legend.
func (p timelinePanel) lanes() int { return max(p.h-2-3, 1) }

func (p timelinePanel) update(n nav, sn *scene) panel {
	p.offset = n.apply(p.offset, len(sn.v.State.Workers)-p.lanes(), p.lanes())
	return p
}

func (p timelinePanel) restart(*scene) panel { p.offset = 0; return p }

// signs are the glyphs of a timeline lane and its axis.
func (timelinePanel) signs(sn *scene) []signGroup {
	s := sn.s
	return []signGroup{{title: pTimeline.String() + " (v)", signs: []sign{
		{s.span[picture.SpanInit].s(repeat(glyphInit, 3)), "the worker runs its initializer"},
		{s.spanLabel.s("7") + s.span[picture.SpanTask].s(repeat(glyphTask, 3)), "a task, with its argument where it starts: 7 for task(7)"},
		{s.span[picture.SpanTask].s(repeat(glyphSleep, 3)), "the task sleeps"},
		{s.span[picture.SpanBlocked].s(repeat(glyphBlocked, 3)), "the worker is blocked, waiting"},
		{s.bad.s(glyphFailed), "the task ended with an error"},
		{s.dim.s("┴─────────┴"), "the time axis; the border says how long one column lasts"},
	}}}
}

// cell is what a lane shows in one column of time.
type cell struct {
	base    int8 // 0 nothing, 1 initializer, 2 task
	sleep   bool
	blocked bool
	failed  bool
	label   byte // a digit of the task id written at the task's start
}

// The glyphs of a lane; each reads without colour.
const (
	glyphInit    = "░"
	glyphTask    = "█"
	glyphSleep   = "▒"
	glyphBlocked = "×"
	glyphFailed  = "!"
)

// timeSteps are the durations one column may stand for.
var timeSteps = []time.Duration{
	10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond,
	200 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second,
	5 * time.Second, 10 * time.Second, 30 * time.Second, time.Minute, 5 * time.Minute,
}

// scale picks the column step that shows the run from 0 to now in cols columns
// (or the last cols columns of a long run) and the window's start. The step only
// changes when the run outgrows it, so the picture does not jitter.
func scale(now time.Duration, cols int) (step, start time.Duration) {
	for _, st := range timeSteps {
		if time.Duration(cols)*st >= now {
			return st, 0
		}
	}
	st := timeSteps[len(timeSteps)-1]
	return st, now - time.Duration(cols)*st
}

func (p timelinePanel) info(sn *scene, _ bool) string {
	n := len(sn.v.State.Workers)
	cols := max(p.w-2-p.labelW(n), 1)
	step, _ := scale(sn.v.Now, cols)
	s := "1 column = " + step.String()
	if n > p.lanes() {
		off := min(p.offset, n-p.lanes())
		s = fmt.Sprintf("lanes %d-%d of %d · ", off+1, off+p.lanes(), n) + s
	}
	return s
}

// labelW is the width of a lane's label ("W12 ") for n workers.
func (p timelinePanel) labelW(n int) int { return len(strconv.Itoa(max(n, 1))) + 3 }

func (p timelinePanel) view(sn *scene) []string {
	s, ws := sn.s, sn.v.State.Workers
	inner := p.w - 2
	lw := p.labelW(len(ws))
	cols := max(inner-lw, 1)
	step, start := scale(sn.v.Now, cols)
	out := make([]string, 0, p.h)
	off := min(p.offset, max(len(ws)-p.lanes(), 0))
	cells := make([]cell, cols)
	for i := off; i < len(ws) && i < off+p.lanes(); i++ {
		w := &ws[i]
		fillCells(cells, w.Spans, sn.v.Now, start, step)
		out = append(out, s.workerPaint(w.ID).s(fmt.Sprintf("W%-*d", lw-2, w.ID))+" "+lane(s, cells))
	}
	for len(out) < p.lanes() {
		out = append(out, "")
	}
	axis, labels := p.axis(cols, step, start)
	pad := spaces(lw)
	out = append(out, pad+s.dim.s(axis), pad+s.dim.s(labels))
	legend := s.span[picture.SpanInit].s(glyphInit) + " initializer  " +
		s.span[picture.SpanTask].s(glyphTask) + " task  " +
		s.span[picture.SpanTask].s(glyphSleep) + " task sleeps  " +
		s.span[picture.SpanBlocked].s(glyphBlocked) + " blocked  " +
		s.spanLabel.s("7") + " task(7)  " + s.bad.s(glyphFailed) + " failed"
	return append(out, pad+legend)
}

// fillCells draws a worker's spans into the cells of the window that starts at
// start, step per column. Open spans (End < 0) last until now.
func fillCells(cells []cell, spans []picture.Span, now, start, step time.Duration) {
	clear(cells)
	cols := len(cells)
	for _, sp := range spans {
		end := sp.End
		if end < 0 {
			end = now
		}
		c0 := int((sp.Start - start) / step)
		c1 := max(int((end-start+step-1)/step), c0+1)
		for c := max(c0, 0); c < min(c1, cols); c++ {
			switch sp.Kind {
			case picture.SpanInit:
				cells[c].base = max(cells[c].base, 1)
			case picture.SpanTask:
				cells[c].base = 2
			case picture.SpanSleep:
				cells[c].sleep = true
			case picture.SpanBlocked:
				cells[c].blocked = true
			}
		}
		if sp.Kind == picture.SpanTask && c0 >= 0 && c0 < cols {
			id := spanTag(sp)
			for k := 0; k < len(id) && c0+k < min(c1, cols); k++ {
				cells[c0+k].label = id[k]
			}
		}
		if sp.Err && c1-1 >= 0 && c1-1 < cols {
			cells[c1-1].failed = true
		}
	}
}

// spanTag is what a task's span writes where it starts: the argument the
// task was called with, as in task(4), or the pool's number of a chunk.
func spanTag(sp picture.Span) string {
	if sp.Label != "" && !strings.HasPrefix(sp.Label, "task") {
		return sp.Label
	}
	return "#" + strconv.Itoa(sp.Task)
}

// look returns a cell's glyph and paint.
func (c cell) look(s *styles) (string, paint) {
	switch {
	case c.failed:
		return glyphFailed, s.bad
	case c.blocked:
		return glyphBlocked, s.span[picture.SpanBlocked]
	case c.base == 2 && c.label != 0:
		return string(c.label), s.spanLabel
	case c.base == 2 && c.sleep:
		return glyphSleep, s.span[picture.SpanTask]
	case c.base == 2:
		return glyphTask, s.span[picture.SpanTask]
	case c.base == 1:
		return glyphInit, s.span[picture.SpanInit]
	case c.sleep:
		return glyphSleep, s.span[picture.SpanSleep]
	}
	return " ", paint{}
}

// lane paints a lane's cells, one escape sequence per run of equally painted cells.
func lane(s *styles, cells []cell) string {
	var b, run strings.Builder
	var cur paint
	for i, c := range cells {
		g, p := c.look(s)
		if i > 0 && p != cur {
			b.WriteString(cur.s(run.String()))
			run.Reset()
		}
		cur = p
		run.WriteString(g)
	}
	b.WriteString(cur.s(run.String()))
	return b.String()
}

// axis draws the time axis under the lanes: a tick every few columns, at round
// times, and their labels.
func (p timelinePanel) axis(cols int, step, start time.Duration) (string, string) {
	const every = 10 // columns between ticks: room for a label such as "12.25s"
	ticks := []rune(repeat("─", cols))
	labels := []rune(spaces(cols + 8))
	first := int((step*time.Duration(every) - start%(step*time.Duration(every))) % (step * time.Duration(every)) / step)
	last := -1
	for c := first; c < cols; c += every {
		ticks[c] = '┴'
		t := start + time.Duration(c)*step
		txt := []rune(fmtAxis(t))
		if c <= last {
			continue
		}
		copy(labels[c:], txt)
		last = c + len(txt)
	}
	return string(ticks), strings.TrimRight(string(labels[:cols]), " ")
}

// fmtAxis writes a time on the axis: "0s", "1.5s", "2m".
func fmtAxis(t time.Duration) string {
	if t >= time.Minute && t%time.Minute == 0 {
		return strconv.Itoa(int(t/time.Minute)) + "m"
	}
	return strconv.FormatFloat(t.Seconds(), 'f', -1, 64) + "s"
}
