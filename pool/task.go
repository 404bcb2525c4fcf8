package pool

import (
	"strconv"
)

// runTask runs one task on the worker whose Proc is p, turning a panic into the
// task's error. It records the start; finishTask records the end.
func runTask[A, R any](p *Proc, id, index, chunk int, fn TaskFunc[A, R], arg A) (v R, err error) {
	e := p.e
	p.task = id
	if e.observing(p.a) {
		e.emit(p.a, Event{Actor: p.a.ref, Kind: KindTaskStarted, Gen: p.w.gen, Task: id, Index: index, Chunk: chunk, Value: render(arg)})
	}
	returned := false
	defer func() {
		if r := recover(); r != nil {
			err = newPanicError(r)
		} else if !returned {
			return // runtime.Goexit: p.task stays set for the worker's exited
		}
		p.task = 0
	}()
	v, err = fn(p, arg)
	returned = true
	return v, err
}

// finishTask counts a task's end and records it; p is nil for a task that never
// ran (failed in the queue).
// It is generic so that a result is boxed and rendered only when someone watches.
func finishTask[R any](pool *Pool, p *Proc, id, index int, v R, err error) {
	pool.count(p, 1, err != nil)
	e := pool.e
	var via *actor
	who, gen := MainActor, 0
	if p != nil {
		via, who, gen = p.a, p.a.ref, p.w.gen
	}
	if !e.observingTasks(via, shedWhich(KindTaskFinished, err != nil), 1) {
		return // counted, not rendered
	}
	ev := Event{Actor: who, Kind: KindTaskFinished, Gen: gen, Task: id, Index: index}
	if err != nil {
		ev.Err = err.Error()
	} else {
		ev.Value = render(v)
	}
	e.emit(via, ev)
}

// runCallback runs a user callback on the result handler, recording it; a panic in
// it is recorded and does not stop the handler. A callback that calls
// runtime.Goexit is recorded as failed, and the handler goes on in a new goroutine.
func runCallback(h *Proc, task int, fn func()) {
	ev := Event{Actor: h.a.ref, Kind: KindCallbackRan, Task: task}
	returned := false
	running := &h.a.pool.running
	running.inCallback(true)
	defer func() {
		running.inCallback(false)
		if r := recover(); r != nil {
			ev.Err = newPanicError(r).Error()
		} else if !returned {
			ev.Err = errCallbackGoexit.Error()
		}
		h.e.emit(h.a, ev)
	}()
	fn()
	returned = true
}

func itoa(n int) string { return strconv.Itoa(n) }
