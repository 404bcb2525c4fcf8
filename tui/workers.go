package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/progress"

	"poolviz/picture"
	"poolviz/pool"
)

// workersPanel draws one row (or two, or one grid cell) per worker slot.
type workersPanel struct {
	w, h   int
	mode   workerMode
	offset int // the first worker shown, in the detail and line modes
	sel    int // the selected worker (index), in the grid mode
	bar    progress.Model
	st     *styles // the styles bar is drawn in
}

func newWorkersPanel(s *styles) workersPanel {
	return workersPanel{bar: newSleepBar(s), st: s}
}

// newSleepBar is the progress bar of a worker's current sleep.
func newSleepBar(s *styles) progress.Model {
	b := progress.New(progress.WithoutPercentage(), progress.WithColors(s.barFull), progress.WithFillCharacters('█', '░'))
	b.EmptyColor = s.barEmpty
	return b
}

// setSize sizes the panel in the mode the layout fits it in, and draws the
// sleep bar in new styles.
func (p workersPanel) setSize(w, h int, sn *scene) panel {
	p.w, p.h, p.mode = w, h, sn.workers
	if sn.s != p.st {
		p.bar, p.st = newSleepBar(sn.s), sn.s
	}
	return p
}

func (p workersPanel) restart(*scene) panel { p.offset, p.sel = 0, 0; return p }

// rows is how many workers fit in the panel in the detail and line modes.
func (p workersPanel) rows() int {
	per := 1
	if p.mode == workersDetail {
		per = 2
	}
	return max((p.h-2)/per, 1)
}

// update scrolls the list (or moves the grid's selection).
func (p workersPanel) update(n nav, sn *scene) panel {
	workers := len(sn.v.State.Workers)
	if p.mode == workersGrid {
		cols := gridCols(p.w - 2)
		p.sel = n.apply(p.sel, workers-1, cols)
		return p
	}
	p.offset = n.apply(p.offset, max(workers-p.rows(), 0), p.rows())
	return p
}

// info is the panel title's right part: which workers are shown.
func (p workersPanel) info(sn *scene, focused bool) string {
	n := len(sn.v.State.Workers)
	if p.mode == workersGrid && focused {
		return fmt.Sprintf("W%d of %d · ↑↓ selects", min(p.sel, n-1)+1, n)
	}
	pl := poolInfo(&sn.v.State.Pool)
	if p.mode == workersGrid || n <= p.rows() {
		return pl + fmt.Sprintf("%d workers", n)
	}
	off := min(p.offset, max(n-p.rows(), 0))
	return pl + fmt.Sprintf("%d-%d of %d", off+1, min(off+p.rows(), n), n)
}

// view returns the panel's body lines.
func (p workersPanel) view(sn *scene) []string {
	ws := sn.v.State.Workers
	inner := p.w - 2
	if len(ws) == 0 {
		return []string{sn.s.dim.s(" no pool yet: main has not created it")}
	}
	if p.mode == workersGrid {
		return p.grid(sn, ws, inner)
	}
	idW := len(strconv.Itoa(len(ws)))
	off := min(p.offset, max(len(ws)-p.rows(), 0))
	out := make([]string, 0, p.h)
	for i := off; i < len(ws) && i < off+p.rows(); i++ {
		w := &ws[i]
		out = append(out, p.stateLine(sn, w, inner, idW))
		if p.mode == workersDetail {
			out = append(out, p.globalsLine(sn, w, inner, idW))
		}
	}
	return out
}

// stateLine is a worker's main line: id, generation, state, the sleep's progress
// bar and the tasks it has done.
func (p workersPanel) stateLine(sn *scene, w *picture.WorkerView, inner, idW int) string {
	s := sn.s
	tag := s.workerPaint(w.ID).s(fmt.Sprintf("W%-*d", idW, w.ID))
	gen := s.dim.s(fmt.Sprintf("g%-2d", w.Gen))
	done := s.ok.s(fmt.Sprintf("✓%3d", w.GenDone)) // this process's: a replacement starts again at 0
	if w.Failed > 0 {
		done = s.bad.s(fmt.Sprintf("✗%d ", w.Failed)) + done
	}
	right := " " + done
	if w.SleepFor > 0 && (w.Status == picture.WorkerRunning || w.Status == picture.WorkerInitializing) {
		bw := min(max(inner/5, 6), 24)
		right = " " + p.sleepBar(sn, w.SleepFrom, w.SleepFor, bw, inner >= 60) + right
	}
	left := " " + tag + " " + gen + " " + statusText(sn, w, inner < 60)
	if width(left+right) > inner { // the short form before a cut one: "held by W2, W4", whole
		left = " " + tag + " " + gen + " " + statusText(sn, w, true)
	}
	if r := readText(sn, w, inner < 60); r != "" && p.mode != workersDetail { // the detail mode has it under the state
		left += "  " + r
	}
	if p.mode == workersLine { // the globals too, if they fit whole
		if g := globalsText(sn, w.Globals, " = "); g != "" && width(left+right+g)+2 <= inner {
			left += "  " + g
		}
	}
	return spread(left, right, inner)
}

// sleepBar draws a sleep's progress against the clock, with its seconds when
// there is room for them.
func (p workersPanel) sleepBar(sn *scene, from, d time.Duration, bw int, secs bool) string {
	el := min(max(sn.v.Now-from, 0), d)
	b := p.bar
	b.SetWidth(bw)
	bar := b.ViewAs(float64(el) / float64(d))
	if !secs {
		return bar
	}
	return bar + sn.s.dim.s(fmt.Sprintf(" %4.1fs/%4.1fs", el.Seconds(), d.Seconds()))
}

// globalsLine is a worker's second line in the detail mode: its globals, under
// its state. Globals too long for that are written under the worker's tag, as
// the event log writes them ("count=2"), so a narrow panel shows as much of
// them as it can.
func (p workersPanel) globalsLine(sn *scene, w *picture.WorkerView, inner, idW int) string {
	indent := spaces(idW + 7)
	if g := globalsText(sn, w.Globals, " = "); g != "" {
		if len(indent)+width(g) > inner {
			g = " " + globalsText(sn, w.Globals, "=")
		} else {
			g = indent + g
		}
		// What its task read last, its local copy, where it fits whole: a race is made of it.
		for _, short := range []bool{false, true} {
			if r := readText(sn, w, short); r != "" && width(g+r)+2 <= inner {
				return g + "  " + r
			}
		}
		return g
	}
	switch w.Status {
	case picture.WorkerFailed:
		return indent + sn.s.faint.s("no globals: its initializer did not finish")
	case picture.WorkerExited, picture.WorkerReplaced:
		if w.Exit != "" {
			return indent + sn.s.dim.s(w.Exit)
		}
	case picture.WorkerNone, picture.WorkerStarting, picture.WorkerInitializing:
		return indent + sn.s.faint.s("globals: not set yet")
	}
	return indent + sn.s.faint.s("no globals")
}

// grid draws every worker as one cell, in rows of groups of ten, with a legend
// and the selected worker's lines below.
func (p workersPanel) grid(sn *scene, ws []picture.WorkerView, inner int) []string {
	s := sn.s
	cols := gridCols(inner)
	sel := min(p.sel, len(ws)-1)
	rows := (len(ws) + cols - 1) / cols
	avail := max(p.h-2-gridExtra, 1)
	first := 0
	if selRow := sel / cols; selRow >= avail {
		first = selRow - avail + 1
	}
	out := make([]string, 0, p.h)
	var b strings.Builder
	for r := first; r < rows && r < first+avail; r++ {
		b.Reset()
		b.WriteString(s.dim.s(fmt.Sprintf("%3d ", r*cols+1)))
		for c := 0; c < cols; c++ {
			i := r*cols + c
			if i >= len(ws) {
				break
			}
			if c > 0 && c%10 == 0 {
				b.WriteByte(' ')
			}
			cell := s.status[min(int(ws[i].Status), len(s.status)-1)]
			if i == sel {
				cell = s.selected
			}
			b.WriteString(cell.s(glyph(sn, ws[i].Status)))
		}
		out = append(out, b.String())
	}
	for len(out) < avail {
		out = append(out, "")
	}
	out = append(out, gridLegend(sn, ws))
	w := &ws[sel]
	idW := len(strconv.Itoa(len(ws)))
	line := p
	line.mode = workersDetail
	out = append(out, line.stateLine(sn, w, inner, idW), line.globalsLine(sn, w, inner, idW))
	return out
}

// gridLegend counts the workers in each state, with each state's glyph, under
// the grid (the help's legend is legendGroups).
func gridLegend(sn *scene, ws []picture.WorkerView) string {
	var counts [picture.WorkerFailed + 1]int
	for i := range ws {
		counts[min(int(ws[i].Status), len(counts)-1)]++
	}
	var b strings.Builder
	for st := picture.WorkerStarting; st <= picture.WorkerFailed; st++ {
		if counts[st] == 0 {
			continue
		}
		b.WriteString(" " + sn.s.status[st].s(glyph(sn, st)) + " " + workerWords[st] + " " + strconv.Itoa(counts[st]) + " ")
	}
	return b.String()
}

// signs are a worker row's parts, every worker state drawn by statusText,
// the sleep bar, the globals, the pool's words in the border, and the grid.
func (workersPanel) signs(sn *scene) []signGroup {
	s := sn.s
	st := func(w picture.WorkerView) string { return statusText(sn, &w, false) }
	var ids []string
	for id := 1; id <= 4; id++ {
		ids = append(ids, s.workerPaint(id).s("W"+strconv.Itoa(id)))
	}
	bar := newSleepBar(s)
	bar.SetWidth(12)
	return []signGroup{{title: pWorkers.String(), signs: []sign{
		{strings.Join(ids, " "), "workers 1 to 4: each keeps its colour in every panel"},
		{s.dim.s("g1") + " " + s.dim.s("g2"), "the worker's generation: g2 is the new process that replaced g1 (maxtasksperchild), with fresh globals"},
		{s.ok.s("✓  2"), "tasks this worker process has finished: its replacement (g2) counts from 0 again"},
		{s.bad.s("✗1"), "tasks that failed on this worker"},
		{st(picture.WorkerView{Status: picture.WorkerStarting}), "its process is starting"},
		{st(picture.WorkerView{Status: picture.WorkerInitializing}), "it runs the initializer (the bar rises and falls)"},
		{st(picture.WorkerView{Status: picture.WorkerIdle}), "it waits for a task"},
		{st(picture.WorkerView{Status: picture.WorkerRunning, TaskArg: "2", Step: "sleep"}), "it runs the task function called with 2; after the dot, the step of the listing it is on"},
		{st(picture.WorkerView{Status: picture.WorkerRunning, Task: 4, TaskCount: 4}), "it runs a chunk: map's tasks 4 to 7 as one job"},
		{st(picture.WorkerView{Status: picture.WorkerBlocked, BlockedVerb: "waits for", BlockedOn: "lock A", BlockedBy: "worker 3"}), "blocked: what it waits for, and who holds that"},
		{st(picture.WorkerView{Status: picture.WorkerReplaced}), "retired after its maxtasksperchild tasks; a new generation takes its place"},
		{st(picture.WorkerView{Status: picture.WorkerExited}), "its process has ended (the pool was closed or terminated)"},
		{st(picture.WorkerView{Status: picture.WorkerFailed}), "its initializer raised an error: no globals, no tasks"},
		{bar.ViewAs(0.6) + s.dim.s(" 0.6s/1.0s"), "how far its current sleep has gone"},
		{globalsText(sn, []pool.Var{{Name: "queue", Value: "SimpleQueue(results)"}}, " = "), "this worker's own globals, as its initializer left them (written name=value where room is short)"},
		{s.dim.s("maxtasksperchild 2"), "in the panel's border: the pool replaces a worker after this many tasks"},
		{s.dim.s("POOL BROKEN"), "in the border: the pool's state when it is not simply running (closed, terminated, joined, or broken by a failed initializer)"},
		{gridSample(sn), "many workers: one sign each (the reversed one is selected; tab to the panel, then ↑↓ picks the worker shown in full)"},
	}}}
}

// gridSample is a row of the workers grid: a few workers in different states,
// one of them selected.
func gridSample(sn *scene) string {
	s := sn.s
	var b strings.Builder
	for i, st := range []picture.WorkerStatus{picture.WorkerRunning, picture.WorkerRunning, picture.WorkerIdle, picture.WorkerBlocked, picture.WorkerInitializing, picture.WorkerRunning} {
		p := s.status[st]
		if i == 2 {
			p = s.selected
		}
		b.WriteString(p.s(glyph(sn, st)))
	}
	return b.String()
}
