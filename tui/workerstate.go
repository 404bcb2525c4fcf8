package tui

import (
	"fmt"
	"strconv"
	"strings"

	"poolviz/picture"
	"poolviz/pool"
)

// poolInfo says what is worth knowing about the pool itself: its state when it
// is not simply running, and its maxtasksperchild.
func poolInfo(pv *picture.PoolView) string {
	var s string
	if int(pv.Status) < len(poolWords) {
		s = poolWords[pv.Status]
	}
	if pv.MaxTasks > 0 {
		s += fmt.Sprintf("maxtasksperchild %d · ", pv.MaxTasks)
	}
	return s
}

// globalsText writes a worker's globals with eq between each name and its
// value: "queue = <SimpleQueue>  count = 2".
func globalsText(sn *scene, vs []pool.Var, eq string) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteString("  ")
		}
		b.WriteString(sn.s.accent.s(v.Name) + sn.s.dim.s(eq) + v.Value)
	}
	return b.String()
}

// poolWords are the pool's states worth a word in the workers panel's border:
// those other than simply running.
var poolWords = [...]string{
	picture.PoolClosed:     "pool closed · ",
	picture.PoolTerminated: "pool terminated · ",
	picture.PoolBroken:     "POOL BROKEN · ",
	picture.PoolJoined:     "pool joined · ",
}

// workerGlyphs are the worker states' one-cell signs, so states read without
// colour. An initializing worker's is the spinner's turn.
var workerGlyphs = [...]string{
	picture.WorkerNone:     " ",
	picture.WorkerStarting: "○",
	picture.WorkerIdle:     "·",
	picture.WorkerRunning:  "▸",
	picture.WorkerBlocked:  "■",
	picture.WorkerReplaced: "↩",
	picture.WorkerExited:   "×",
	picture.WorkerFailed:   "✗",
}

// workerWords name the worker states, in the grid's legend and in a worker's
// line.
var workerWords = [...]string{
	picture.WorkerNone:         "not started",
	picture.WorkerStarting:     "starting",
	picture.WorkerInitializing: "initializing",
	picture.WorkerIdle:         "idle",
	picture.WorkerRunning:      "running",
	picture.WorkerBlocked:      "blocked",
	picture.WorkerReplaced:     "replaced",
	picture.WorkerExited:       "exited",
	picture.WorkerFailed:       "failed",
}

// glyph is a worker state's one-cell sign, so states read without colour.
func glyph(sn *scene, st picture.WorkerStatus) string {
	switch {
	case st == picture.WorkerInitializing:
		return sn.spin
	case int(st) < len(workerGlyphs):
		return workerGlyphs[st]
	}
	return " "
}

// statusText says what a worker is doing, with its glyph, in its state's colour.
// Narrow, a blocked worker says only what it waits for and who holds it. A
// blocked worker is drawn in the warning colour, as waiting is normal; in the
// colour of trouble only when it is caught in a deadlock.
func statusText(sn *scene, w *picture.WorkerView, narrow bool) string {
	s := sn.s
	paint := s.status[min(int(w.Status), len(s.status)-1)]
	if w.Status == picture.WorkerBlocked && inDeadlock(sn, "worker "+strconv.Itoa(w.ID)) {
		paint = s.bad
	}
	g := glyph(sn, w.Status)
	text := workerWords[picture.WorkerNone]
	if int(w.Status) < len(workerWords) {
		text = workerWords[w.Status]
	}
	switch w.Status {
	case picture.WorkerRunning:
		text = taskText(sn, w)
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
		switch {
		case strings.Contains(w.BlockedBy, ", "): // a semaphore's holders: "W2, W4" fits where "worker 2, worker 4" is cut
			text += ", held by " + shortWorkers(w.BlockedBy)
		case w.BlockedBy != "":
			text += ", held by " + w.BlockedBy
		}
		if w.Task != 0 {
			return s.ok.s("▸ "+taskText(sn, w)) + " " + paint.s(g+" "+text)
		}
	case picture.WorkerReplaced:
		text += " (maxtasksperchild)"
	case picture.WorkerFailed:
		if w.Exit != "" {
			text = w.Exit // "initializer failed: KeyError: ..."
		}
	}
	return paint.s(g + " " + text)
}

// readText is what a running task read from a shared value last, its local
// copy: two workers that read the same number will both write it plus one.
// Short, it leaves out the value's name ("read 2").
func readText(sn *scene, w *picture.WorkerView, short bool) string {
	switch {
	case w.Read.Name == "":
		return ""
	case short:
		return sn.s.warn.s("read ") + sn.s.bold.s(w.Read.Value)
	}
	return sn.s.warn.s("read "+w.Read.Name+" = ") + sn.s.bold.s(w.Read.Value)
}

// taskText names a worker's task by its call, as the listing writes it:
// task(2) is the task function called with 2, parent_task(0) and subtask()
// are the functions their submissions name. A chunk of map items run as one
// has no single argument: the pool's numbers, labelled.
func taskText(sn *scene, w *picture.WorkerView) string {
	if w.TaskCount > 1 {
		return fmt.Sprintf("pool tasks %d-%d", w.Task, w.Task+w.TaskCount-1)
	}
	index := w.Job.Index + (w.Task - w.Job.Task)
	return sn.calls.call(w.Job.Via, w.Job.ViaLine, w.TaskArg, index, w.Task)
}

// inDeadlock reports whether the actor called name is a member of the deadlock
// found, if any.
func inDeadlock(sn *scene, name string) bool {
	d := sn.v.State.Deadlock
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
