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
	defer func() {
		if r := recover(); r != nil {
			err = newPanicError(r)
		}
		p.task = 0
	}()
	return fn(p, arg)
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
	ev := Event{Actor: who, Kind: KindTaskFinished, Gen: gen, Task: id, Index: index}
	if err != nil {
		ev.Err = err.Error()
	}
	if !e.observing(via) {
		e.shedTasks(via, ev) // counted, not rendered
		return
	}
	if err == nil {
		ev.Value = render(v)
	}
	e.emit(via, ev)
}

// runCallback runs a user callback on the result handler, recording it; a panic in
// it is recorded and does not stop the handler.
func runCallback(h *Proc, task int, fn func()) {
	ev := Event{Actor: h.a.ref, Kind: KindCallbackRan, Task: task}
	func() {
		defer func() {
			if r := recover(); r != nil {
				ev.Err = newPanicError(r).Error()
			}
		}()
		fn()
	}()
	h.e.emit(h.a, ev)
}

func itoa(n int) string { return strconv.Itoa(n) }
