package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/progress"
	"github.com/charmbracelet/x/ansi"

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
}

func newWorkersPanel(s *styles) workersPanel {
	return workersPanel{bar: newSleepBar(s)}
}

// newSleepBar is the progress bar of a worker's current sleep.
func newSleepBar(s *styles) progress.Model {
	b := progress.New(progress.WithoutPercentage(), progress.WithColors(s.barFull), progress.WithFillCharacters('█', '░'))
	b.EmptyColor = s.barEmpty
	return b
}

func (p workersPanel) setSize(w, h int, mode workerMode) workersPanel {
	p.w, p.h, p.mode = w, h, mode
	return p
}

// rows is how many workers fit in the panel in the detail and line modes.
func (p workersPanel) rows() int {
	per := 1
	if p.mode == workersDetail {
		per = 2
	}
	return max((p.h-2)/per, 1)
}

// update scrolls the list (or moves the grid's selection).
func (p workersPanel) update(n nav, workers int) workersPanel {
	if p.mode == workersGrid {
		cols := gridCols(p.w - 2)
		p.sel = n.apply(p.sel, workers-1, cols)
		return p
	}
	p.offset = n.apply(p.offset, max(workers-p.rows(), 0), p.rows())
	return p
}

// info is the panel title's right part: which workers are shown.
func (p workersPanel) info(f *frame, focused bool) string {
	n := len(f.v.State.Workers)
	if p.mode == workersGrid && focused {
		return fmt.Sprintf("W%d of %d · ↑↓ selects", min(p.sel, n-1)+1, n)
	}
	pl := poolInfo(&f.v.State.Pool)
	if p.mode == workersGrid || n <= p.rows() {
		return pl + fmt.Sprintf("%d workers", n)
	}
	off := min(p.offset, max(n-p.rows(), 0))
	return pl + fmt.Sprintf("%d-%d of %d", off+1, min(off+p.rows(), n), n)
}

// poolInfo says what is worth knowing about the pool itself: its state when it
// is not simply running, and its maxtasksperchild.
func poolInfo(pv *picture.PoolView) string {
	var s string
	switch pv.Status {
	case picture.PoolClosed:
		s = "pool closed · "
	case picture.PoolTerminated:
		s = "pool terminated · "
	case picture.PoolBroken:
		s = "POOL BROKEN · "
	case picture.PoolJoined:
		s = "pool joined · "
	}
	if pv.MaxTasks > 0 {
		s += fmt.Sprintf("maxtasksperchild %d · ", pv.MaxTasks)
	}
	return s
}

// view returns the panel's body lines.
func (p workersPanel) view(f *frame) []string {
	ws := f.v.State.Workers
	inner := p.w - 2
	if len(ws) == 0 {
		return []string{f.s.dim.s(" no pool yet: main has not created it")}
	}
	if p.mode == workersGrid {
		return p.grid(f, ws, inner)
	}
	idW := len(strconv.Itoa(len(ws)))
	off := min(p.offset, max(len(ws)-p.rows(), 0))
	out := make([]string, 0, p.h)
	for i := off; i < len(ws) && i < off+p.rows(); i++ {
		w := &ws[i]
		out = append(out, p.stateLine(f, w, inner, idW))
		if p.mode == workersDetail {
			out = append(out, p.globalsLine(f, w, inner, idW))
		}
	}
	return out
}

// stateLine is a worker's main line: id, generation, state, the sleep's progress
// bar and the tasks it has done.
func (p workersPanel) stateLine(f *frame, w *picture.WorkerView, inner, idW int) string {
	s := f.s
	tag := s.workerPaint(w.ID).s(fmt.Sprintf("W%-*d", idW, w.ID))
	gen := s.dim.s(fmt.Sprintf("g%-2d", w.Gen))
	done := s.ok.s(fmt.Sprintf("✓%3d", w.Done))
	if w.Failed > 0 {
		done = s.bad.s(fmt.Sprintf("✗%d ", w.Failed)) + done
	}
	right := " " + done
	if w.SleepFor > 0 && (w.Status == picture.WorkerRunning || w.Status == picture.WorkerInitializing) {
		bw := min(max(inner/5, 6), 24)
		right = " " + p.sleepBar(f, w.SleepFrom, w.SleepFor, bw, inner >= 60) + right
	}
	left := " " + tag + " " + gen + " " + statusText(f, w, inner < 60)
	if p.mode == workersLine { // the globals too, if they fit whole
		if g := globalsText(f, w.Globals, " = "); g != "" && ansi.StringWidth(left+right+g)+2 <= inner {
			left += "  " + g
		}
	}
	return spread(left, right, inner)
}

// sleepBar draws a sleep's progress against the clock, with its seconds when
// there is room for them.
func (p workersPanel) sleepBar(f *frame, from, d time.Duration, bw int, secs bool) string {
	el := min(max(f.v.Now-from, 0), d)
	b := p.bar
	b.SetWidth(bw)
	bar := b.ViewAs(float64(el) / float64(d))
	if !secs {
		return bar
	}
	return bar + f.s.dim.s(fmt.Sprintf(" %4.1fs/%4.1fs", el.Seconds(), d.Seconds()))
}

// globalsLine is a worker's second line in the detail mode: its globals, under
// its state. Globals too long for that are written under the worker's tag, as
// the event log writes them ("count=2"), so a narrow panel shows as much of
// them as it can.
func (p workersPanel) globalsLine(f *frame, w *picture.WorkerView, inner, idW int) string {
	indent := spaces(idW + 7)
	if g := globalsText(f, w.Globals, " = "); g != "" {
		if len(indent)+ansi.StringWidth(g) > inner {
			return " " + globalsText(f, w.Globals, "=")
		}
		return indent + g
	}
	switch w.Status {
	case picture.WorkerFailed:
		return indent + f.s.faint.s("no globals: its initializer did not finish")
	case picture.WorkerExited, picture.WorkerReplaced:
		if w.Exit != "" {
			return indent + f.s.dim.s(w.Exit)
		}
	case picture.WorkerNone, picture.WorkerStarting, picture.WorkerInitializing:
		return indent + f.s.faint.s("globals: not set yet")
	}
	return indent + f.s.faint.s("no globals")
}

// globalsText writes a worker's globals with eq between each name and its
// value: "queue = <SimpleQueue>  count = 2".
func globalsText(f *frame, vs []pool.Var, eq string) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteString("  ")
		}
		b.WriteString(f.s.accent.s(v.Name) + f.s.dim.s(eq) + v.Value)
	}
	return b.String()
}

// glyph is a worker state's one-cell sign, so states read without colour.
func glyph(f *frame, st picture.WorkerStatus) string {
	switch st {
	case picture.WorkerStarting:
		return "○"
	case picture.WorkerInitializing:
		return f.spin
	case picture.WorkerIdle:
		return "·"
	case picture.WorkerRunning:
		return "▸"
	case picture.WorkerBlocked:
		return "■"
	case picture.WorkerReplaced:
		return "↩"
	case picture.WorkerExited:
		return "×"
	case picture.WorkerFailed:
		return "✗"
	}
	return " "
}

// statusText says what a worker is doing, with its glyph, in its state's colour.
// Narrow, a blocked worker says only what it waits for and who holds it. A
// blocked worker is drawn in the warning colour, as waiting is normal; in the
// colour of trouble only when it is caught in a deadlock.
func statusText(f *frame, w *picture.WorkerView, narrow bool) string {
	s := f.s
	paint := s.status[min(int(w.Status), len(s.status)-1)]
	if w.Status == picture.WorkerBlocked && inDeadlock(f, "worker "+strconv.Itoa(w.ID)) {
		paint = s.bad
	}
	g := glyph(f, w.Status)
	var text string
	switch w.Status {
	case picture.WorkerStarting:
		text = "starting"
	case picture.WorkerInitializing:
		text = "initializing"
	case picture.WorkerIdle:
		text = "idle"
	case picture.WorkerRunning:
		text = taskText(w)
		if w.Step != "" {
			return paint.s(g+" "+text) + s.dim.s(" · "+w.Step)
		}
	case picture.WorkerBlocked:
		if narrow { // "waits" stays: "lock B held by worker 2" read as if this worker held it
			text = "waits: " + w.BlockedOn
			if w.BlockedBy != "" {
				text += ", held by " + shortWorkers(w.BlockedBy)
			}
			break
		}
		text = w.BlockedVerb + " " + w.BlockedOn
		if w.BlockedBy != "" {
			text += ", held by " + w.BlockedBy
		}
		if w.Task != 0 {
			return s.ok.s("▸ "+taskText(w)) + " " + paint.s(g+" "+text)
		}
	case picture.WorkerReplaced:
		text = "replaced (maxtasksperchild)"
	case picture.WorkerExited:
		text = "exited"
	case picture.WorkerFailed:
		text = "failed"
		if w.Exit != "" {
			text = w.Exit // "initializer failed: KeyError: ..."
		}
	default:
		text = "not started"
	}
	return paint.s(g + " " + text)
}

// taskText names a worker's task by its call, as the listing writes it: task(2)
// is the task function called with 2 (the pool's own task numbers are in the log).
func taskText(w *picture.WorkerView) string {
	if w.TaskCount > 1 {
		return fmt.Sprintf("tasks %d-%d", w.Task, w.Task+w.TaskCount-1)
	}
	if w.TaskArg != "" {
		return fmt.Sprintf("task(%s)", w.TaskArg)
	}
	return fmt.Sprintf("task %d", w.Task)
}

// grid draws every worker as one cell, in rows of groups of ten, with a legend
// and the selected worker's lines below.
func (p workersPanel) grid(f *frame, ws []picture.WorkerView, inner int) []string {
	s := f.s
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
			b.WriteString(cell.s(glyph(f, ws[i].Status)))
		}
		out = append(out, b.String())
	}
	for len(out) < avail {
		out = append(out, "")
	}
	out = append(out, legend(f, ws))
	w := &ws[sel]
	idW := len(strconv.Itoa(len(ws)))
	line := p
	line.mode = workersDetail
	out = append(out, line.stateLine(f, w, inner, idW), line.globalsLine(f, w, inner, idW))
	return out
}

// legend counts the workers in each state, with each state's glyph.
func legend(f *frame, ws []picture.WorkerView) string {
	var counts [picture.WorkerFailed + 1]int
	for i := range ws {
		counts[min(int(ws[i].Status), len(counts)-1)]++
	}
	names := [...]string{"", "starting", "initializing", "idle", "running", "blocked", "replaced", "exited", "failed"}
	var b strings.Builder
	for st := picture.WorkerStarting; st <= picture.WorkerFailed; st++ {
		if counts[st] == 0 {
			continue
		}
		b.WriteString(" " + f.s.status[st].s(glyph(f, st)) + " " + names[st] + " " + strconv.Itoa(counts[st]) + " ")
	}
	return b.String()
}

// inDeadlock reports whether the actor called name is a member of the deadlock
// found, if any.
func inDeadlock(f *frame, name string) bool {
	d := f.v.State.Deadlock
	if d == nil {
		return false
	}
	for _, m := range d.Members {
		if m.Name == name {
			return true
		}
	}
	return false
}

// shortWorkers writes a list of actors, "worker 2, main", with shortName.
func shortWorkers(names string) string {
	parts := strings.Split(names, ", ")
	for i, n := range parts {
		parts[i] = shortName(n)
	}
	return strings.Join(parts, ", ")
}

// shortName writes "worker 2" as its tag, "W2", for a narrow panel; other
// names stay as they are.
func shortName(name string) string {
	if rest, ok := strings.CutPrefix(name, "worker "); ok {
		return "W" + rest
	}
	return name
}
