package picture

import (
	"strconv"
	"time"

	"poolviz/pool"
)

// applyWorker applies an event of worker w's own: its lifecycle, its tasks, its
// waits. An event of a newer generation than the slot shows starts that
// generation (its worker-started was shed); one of an older generation only
// counts its finished task.
func (s *State) applyWorker(w *WorkerView, ev pool.Event) {
	if ev.Gen != 0 && ev.Gen < w.Gen {
		if ev.Kind == pool.KindTaskFinished {
			s.taskFinished(w, ev)
		}
		return
	}
	if ev.Gen > w.Gen || ev.Kind == pool.KindWorkerStarted {
		w.newGeneration(max(ev.Gen, w.Gen), ev.Time)
	}
	if w.sleeping {
		// Any event of the worker's means its sleep is over.
		w.closeSpan(SpanSleep, spanEnd(w.SleepFrom, w.SleepFor, ev.Time), false)
		w.SleepFrom, w.SleepFor, w.sleeping = 0, 0, false
	}
	switch ev.Kind {
	case pool.KindInitBegan:
		w.setStatus(WorkerInitializing, ev.Time)
		w.openSpan(Span{Kind: SpanInit, Start: ev.Time, Label: "initializer"})
	case pool.KindInitEnded:
		w.closeSpan(SpanInit, ev.Time, false)
		w.Globals = clipVars(ev.Vars)
		w.setStatus(WorkerIdle, ev.Time)
	case pool.KindInitFailed:
		w.closeSpan(SpanInit, ev.Time, true)
		w.Exit = "initializer failed: " + ev.Err
		w.FailStep, w.FailLine = w.Step, w.StepLine
		w.setStatus(WorkerFailed, ev.Time)
	case pool.KindGlobalSet:
		w.Globals = setVar(w.Globals, ev.Object, ev.Value)
	case pool.KindTaskStarted:
		s.workerTaskStarted(w, ev)
	case pool.KindTaskSleep:
		w.SleepFrom, w.SleepFor, w.sleeping = ev.Time, max(ev.Dur, 0), true
		w.openSpan(Span{Kind: SpanSleep, Start: ev.Time, Task: ev.Task, Label: "sleep " + w.SleepFor.String()})
	case pool.KindTaskStep:
		w.Step, w.StepLine = stepOf(ev)
	case pool.KindTaskFinished:
		s.taskFinished(w, ev)
		if w.Task == ev.Task || w.Task == 0 {
			w.closeSpan(SpanTask, ev.Time, ev.Err != "")
			w.endTask()
			w.setStatus(WorkerIdle, ev.Time)
		}
	case pool.KindBlocked:
		if w.BlockedOn != "" || w.Status == WorkerBlocked {
			w.closeSpan(SpanBlocked, ev.Time, false)
		}
		w.BlockedOn, w.BlockedBy, w.BlockedVerb = ev.Object, ev.Other, ev.Label
		w.openSpan(Span{Kind: SpanBlocked, Start: ev.Time, Task: w.Task, Label: joinWords(ev.Label, ev.Object)})
		w.setStatus(WorkerBlocked, ev.Time)
	case pool.KindUnblocked:
		w.closeSpan(SpanBlocked, ev.Time, ev.Err != "")
		w.BlockedOn, w.BlockedBy, w.BlockedVerb = "", "", ""
		if w.Status == WorkerBlocked {
			w.setStatus(w.busyStatus(), ev.Time)
		}
	case pool.KindWorkerRecycled:
		w.closeAll(ev.Time)
		w.endTask()
		w.setStatus(WorkerReplaced, ev.Time)
	case pool.KindWorkerExited:
		w.closeAll(ev.Time)
		w.endTask()
		if w.Exit == "" {
			w.Exit = ev.Label
		}
		if w.Status != WorkerFailed && w.Status != WorkerReplaced {
			w.setStatus(WorkerExited, ev.Time)
		}
	}
}

func (s *State) workerTaskStarted(w *WorkerView, ev pool.Event) {
	if w.Task != 0 { // the previous task's end was shed
		w.closeSpan(SpanTask, ev.Time, false)
	}
	n := clampCount(ev.Count)
	// The first task of a job takes the whole job off the queue; the job's
	// other tasks (map items run one by one) follow on the same worker.
	if j := w.Job; j.Count == 0 || ev.Task < j.Task || ev.Task >= j.Task+j.Count {
		j, ok := s.dequeue(ev.Task, n)
		if !ok {
			j = QueuedJob{Task: ev.Task, Count: n, Chunk: ev.Chunk, Index: ev.Index}
		}
		w.Job = j
	}
	w.endTask()
	w.Task, w.TaskCount, w.TaskArg = ev.Task, n, ev.Value
	label := ev.Value
	if n > 1 {
		label = pool.TaskRangeLabel(ev.Task, n)
	}
	w.openSpan(Span{Kind: SpanTask, Start: ev.Time, Task: ev.Task, Label: label})
	w.setStatus(WorkerRunning, ev.Time)
}

// newGeneration starts generation gen in the slot: a fresh worker with empty
// globals. The slot keeps its counts and timeline.
func (w *WorkerView) newGeneration(gen int, t time.Duration) {
	w.closeAll(t)
	w.endTask()
	w.Gen, w.Globals, w.Exit, w.Job = gen, nil, "", QueuedJob{}
	w.FailStep, w.FailLine, w.GenDone = "", 0, 0
	w.setStatus(WorkerStarting, t)
}

// endTask forgets the running task and what it was doing.
func (w *WorkerView) endTask() {
	w.Task, w.TaskCount, w.TaskArg, w.Step, w.StepLine = 0, 0, "", "", 0
	w.Read = pool.Var{}
	w.BlockedOn, w.BlockedBy, w.BlockedVerb = "", "", ""
	w.SleepFrom, w.SleepFor, w.sleeping = 0, 0, false
}

func (w *WorkerView) setStatus(st WorkerStatus, t time.Duration) {
	if w.Status != st {
		w.Status, w.Since = st, t
	}
}

// busyStatus is what a worker that stopped waiting goes back to.
func (w *WorkerView) busyStatus() WorkerStatus {
	switch {
	case w.Task != 0:
		return WorkerRunning
	case w.openIndex(SpanInit) >= 0:
		return WorkerInitializing
	}
	return WorkerIdle
}

// openSpan appends an open span; at MaxSpans it first drops the oldest closed one.
func (w *WorkerView) openSpan(sp Span) {
	w.ownSpans()
	sp.End = -1
	if len(w.Spans) >= MaxSpans {
		i := 0
		for i < len(w.Spans) && w.Spans[i].End < 0 {
			i++
		}
		switch {
		case i == 0 || i == len(w.Spans):
			w.Spans = w.Spans[1:] // reslice: amortised O(1)
		default:
			w.Spans = append(w.Spans[:i], w.Spans[i+1:]...)
		}
	}
	w.Spans = append(w.Spans, sp)
}

// openIndex returns the index of the latest open span of kind k, or -1.
func (w *WorkerView) openIndex(k SpanKind) int {
	for i := len(w.Spans) - 1; i >= 0; i-- {
		if w.Spans[i].Kind == k && w.Spans[i].End < 0 {
			return i
		}
	}
	return -1
}

// closeSpan ends the latest open span of kind k at t, and every open span nested
// in it (opened after it).
func (w *WorkerView) closeSpan(k SpanKind, t time.Duration, failed bool) {
	i := w.openIndex(k)
	if i < 0 {
		return
	}
	w.ownSpans()
	for j := i + 1; j < len(w.Spans); j++ {
		if w.Spans[j].End < 0 {
			w.Spans[j].End = max(t, w.Spans[j].Start)
		}
	}
	w.Spans[i].End = max(t, w.Spans[i].Start)
	w.Spans[i].Err = w.Spans[i].Err || failed
}

// closeAll ends every open span at t.
func (w *WorkerView) closeAll(t time.Duration) {
	w.ownSpans()
	for i := range w.Spans {
		if w.Spans[i].End < 0 {
			w.Spans[i].End = max(t, w.Spans[i].Start)
		}
	}
}

func joinWords(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// LineStep is the label of a traced program's step that names a line of its
// own source, in the event's Count (from 1).
const LineStep = "line"

// stepOf returns what a step event says its actor is doing, as a viewer
// shows it, and the source line it names (0 for none): a preset's step label
// as it is, a traced program's line as "line 17".
func stepOf(ev pool.Event) (step string, line int) {
	if ev.Label != LineStep || ev.Count <= 0 {
		return ev.Label, 0
	}
	return LineStep + " " + strconv.Itoa(ev.Count), ev.Count
}
