package pool

import (
	"context"
	"sync/atomic"
)

// Future states, before it is done.
const (
	futPending   uint32 = iota // in the executor's queue
	futRunning                 // a worker started it
	futCancelled               // Cancel took it out of the queue
)

// Future is the handle of one task submitted to an Executor, as Python's
// concurrent.futures.Future: pending while it waits in the queue, running once
// a worker took it, then done, with a value or an error. Result and Exception
// wait for it; Done, Running and Cancelled ask without waiting; Cancel
// withdraws it while it is pending. It resolves exactly once.
type Future[R any] struct {
	res   AsyncResult[R]
	state atomic.Uint32
	self  job // its job on the queue, for Cancel and Running
	// watched says an AsCompleted call may be on watchers; checked after
	// res is set, as AsyncResult.waiting is.
	watched  atomic.Bool
	watchers []*completions[R] // guarded by the engine lock
}

// Task returns the id of the future's task.
func (f *Future[R]) Task() int { return f.res.id }

// Label names the future's task: "task 3".
func (f *Future[R]) Label() string { return f.res.Label() }

// Done reports whether the future is done: finished, failed or cancelled.
func (f *Future[R]) Done() bool { return f.res.Ready() }

// Cancelled reports whether Cancel cancelled the future.
func (f *Future[R]) Cancelled() bool { return f.state.Load() == futCancelled }

// Running reports whether a worker has taken the future and it is not done
// yet. Like CPython's, it is running as soon as it left the queue, though the
// worker that took it may not have started it (CPython moves futures ahead
// into a call queue; a Parallel worker here claims jobs ahead). Cost: while
// no worker has started it, a scan of the queue.
func (f *Future[R]) Running() bool {
	if f.Done() {
		return false
	}
	switch f.state.Load() {
	case futRunning:
		return true
	case futCancelled:
		return false
	}
	return !f.res.pool.tq.holds(f.self) && !f.Done()
}

// Cancel cancels the future if it is still pending, as Python's cancel: it
// leaves the queue, never runs, and its Result returns ErrCancelled. It
// reports whether the future is cancelled now; false for one running or done
// (a future already cancelled reports true). The task's end is recorded, with
// ErrCancelled, as a task that failed before it started. Cost: a scan of the
// queue up to the future.
func (f *Future[R]) Cancel() bool {
	if f.Done() {
		return f.Cancelled()
	}
	p := f.res.pool
	if !p.tq.remove(f.self) {
		return false // a worker took it: running
	}
	f.state.Store(futCancelled)
	var zero R
	finishTask(p, nil, f.res.id, f.res.id-1, zero, ErrCancelled)
	f.settle(nil, zero, ErrCancelled)
	return true
}

// Result waits for the future and returns its task's value and error, with no
// limit unless a Timeout option bounds the wait (then ErrTimeout when that
// passes first), and ErrCancelled for a cancelled future. The wait is recorded,
// so one that can never end is reported as a deadlock.
func (f *Future[R]) Result(ctx context.Context, opts ...WaitOption) (R, error) {
	return f.res.Get(ctx, opts...)
}

// Exception waits for the future, as Result does, and returns the error its
// task ended with (nil for a value) as taskErr; err says why there is none:
// ErrTimeout, ErrCancelled (Python's exception() raises CancelledError) or
// the context's error.
func (f *Future[R]) Exception(ctx context.Context, opts ...WaitOption) (taskErr, err error) {
	if err := f.res.Wait(ctx, opts...); err != nil {
		return nil, err
	}
	if f.Cancelled() {
		return nil, ErrCancelled
	}
	return f.res.err, nil
}

// settle resolves the future once, records it, and tells the AsCompleted
// calls that wait for it; via is the goroutine reporting it.
func (f *Future[R]) settle(via *actor, v R, err error) {
	if !f.res.resolve(v, err) {
		return
	}
	e := f.res.pool.e
	e.emitReady(via, f.res.id, &f.res, err)
	if !f.watched.Load() {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range f.watchers {
		c.arrive(e, f)
	}
	f.watchers = nil
}

// futureJob is one submitted task: its future, the function and its argument
// in one allocation.
type futureJob[A, R any] struct {
	Future[R]
	fn  TaskFunc[A, R]
	arg A
}

// header describes the job. Its index is its place among the executor's
// submits (the first is 0): a viewer sets it against the order the futures
// finish in, which is what as_completed shows.
func (j *futureJob[A, R]) header() jobHeader {
	return jobHeader{task: j.res.id, index: j.index(), n: 1, call: "submit"}
}

// index is the future's place among its executor's submits: only Submit
// takes task ids from an executor's pool, one at a time, from 1.
func (j *futureJob[A, R]) index() int { return j.res.id - 1 }

func (j *futureJob[A, R]) run(p *Proc) {
	j.state.Store(futRunning)
	v, err := runTask(p, j.res.id, j.index(), 0, j.fn, j.arg)
	if j.res.Ready() {
		// Aborted while it ran (Terminate, or the executor broke): its future
		// failed already, and the late result is discarded.
		v, err = *new(R), j.res.err
	}
	finishTask(j.res.pool, p, j.res.id, j.index(), v, err)
	j.settle(p.a, v, err)
}

func (j *futureJob[A, R]) fail(err error) {
	finishTask(j.res.pool, nil, j.res.id, j.index(), *new(R), err)
	j.settle(nil, *new(R), err)
}

func (j *futureJob[A, R]) abort(err error) { j.settle(nil, *new(R), err) }

func (j *futureJob[A, R]) exited(p *Proc, err error) {
	if j.res.Ready() {
		err = j.res.err
	}
	finishTask(j.res.pool, p, j.res.id, j.index(), *new(R), err)
	j.settle(p.a, *new(R), err)
}
