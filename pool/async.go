package pool

import (
	"context"
	"sync/atomic"
	"time"
)

// TaskFunc is a task: it runs on a worker with that worker's Proc and one argument.
type TaskFunc[A, R any] func(p *Proc, arg A) (R, error)

// Result states.
const (
	resPending uint32 = iota
	resSetting
	resDone
)

// AsyncResult is the handle of submitted work, as Python's AsyncResult: Get waits
// for the value, Wait for completion, Ready and Successful ask without waiting. It
// resolves exactly once.
type AsyncResult[R any] struct {
	e       *Engine
	pool    *Pool
	id      int
	label   string
	state   atomic.Uint32
	waiting atomic.Bool // someone may be on waiters; checked after state is set
	val     R
	err     error
	waiters []*waiter // guarded by the engine lock
	onOK    func(R)
	onErr   func(error)
}

// Task returns the id of the (first) task behind the result.
func (r *AsyncResult[R]) Task() int { return r.id }

// Ready reports whether the result is available.
func (r *AsyncResult[R]) Ready() bool { return r.state.Load() == resDone }

// Successful reports whether the work succeeded; ErrNotReady if it has not finished,
// as Python raises ValueError.
func (r *AsyncResult[R]) Successful() (bool, error) {
	if !r.Ready() {
		return false, ErrNotReady
	}
	return r.err == nil, nil
}

// Get waits for the result and returns it; with a timeout (virtual time; negative
// for none) it returns ErrTimeout when that passes first. The wait is recorded, so
// a Get that can never be satisfied is reported as a deadlock.
func (r *AsyncResult[R]) Get(ctx context.Context, timeout time.Duration) (R, error) {
	if err := r.wait(ctx, timeout); err != nil {
		var zero R
		return zero, err
	}
	return r.val, r.err
}

// Wait waits until the result is available or the timeout (negative: none) passes.
func (r *AsyncResult[R]) Wait(ctx context.Context, timeout time.Duration) error {
	return r.wait(ctx, timeout)
}

func (r *AsyncResult[R]) wait(ctx context.Context, timeout time.Duration) error {
	if r.state.Load() == resDone {
		return nil
	}
	e := r.e
	a, pctx := e.caller(ctx)
	e.mu.Lock()
	r.waiting.Store(true)
	if r.state.Load() == resDone {
		e.mu.Unlock()
		return nil
	}
	w := e.newWaiter(a, r)
	r.waiters = append(r.waiters, w)
	e.emit(a, Event{Actor: actorRef(a), Kind: KindResultWaited, Task: r.id, Label: r.label, Dur: timeout})
	return e.park(w, timeout, pctx)
}

// resolve sets the result once; later calls do nothing and report false.
func (r *AsyncResult[R]) resolve(v R, err error) bool {
	if !r.state.CompareAndSwap(resPending, resSetting) {
		return false
	}
	r.val, r.err = v, err
	r.state.Store(resDone)
	if r.waiting.Load() {
		e := r.e
		e.mu.Lock()
		for _, w := range r.waiters {
			e.wake(w, nil)
		}
		r.waiters = nil
		e.mu.Unlock()
	}
	return true
}

func (r *AsyncResult[R]) withdraw(w *waiter) bool {
	for i, x := range r.waiters {
		if x == w {
			r.waiters = append(r.waiters[:i], r.waiters[i+1:]...)
			return true
		}
	}
	return false
}

func (r *AsyncResult[R]) waitFor(*waiter) waitTarget {
	t := waitTarget{Object: "result of " + r.label, Verb: "waits for the", Exclusive: true}
	if p := r.pool; p != nil {
		p.tq.mu.Lock()
		for _, w := range p.workers {
			if w != nil && w.cur != nil && w.cur.header().task <= r.id && r.id < w.cur.header().task+w.cur.header().n {
				t.Holders = append(t.Holders, w.a.ref)
			}
		}
		queued := false
		for _, j := range p.tq.jobs[p.tq.head:] {
			if h := j.header(); h.task <= r.id && r.id < h.task+h.n {
				queued = true
			}
		}
		p.tq.mu.Unlock()
		if queued && len(t.Holders) == 0 {
			t.Why = "it is still queued and no worker is free to start it"
		}
	}
	return t
}

// AsyncOption configures ApplyAsync and MapAsync.
type AsyncOption[R any] func(*asyncConfig[R])

type asyncConfig[R any] struct {
	onOK  func(R)
	onErr func(error)
}

// OnSuccess registers a callback run with the value on the pool's result handler,
// not on the worker, before the result becomes ready (Python's callback).
func OnSuccess[R any](fn func(R)) AsyncOption[R] { return func(c *asyncConfig[R]) { c.onOK = fn } }

// OnError registers a callback run with the error on the pool's result handler
// (Python's error_callback).
func OnError[R any](fn func(error)) AsyncOption[R] { return func(c *asyncConfig[R]) { c.onErr = fn } }

// applyJob is one apply_async task: the handle, the function and its argument in
// one allocation.
type applyJob[A, R any] struct {
	AsyncResult[R]
	jobHeader
	fn  TaskFunc[A, R]
	arg A
}

// ApplyAsync submits fn(arg) as one task and returns its handle at once. ctx
// identifies the submitter (a Proc, or any context in Parallel mode). Cost: one
// allocation and one queue push.
func ApplyAsync[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], arg A, opts ...AsyncOption[R]) (*AsyncResult[R], error) {
	var cfg asyncConfig[R]
	for _, o := range opts {
		o(&cfg)
	}
	a, _ := p.e.caller(ctx)
	id := p.taskIDs(1)
	j := &applyJob[A, R]{fn: fn, arg: arg}
	j.AsyncResult = AsyncResult[R]{e: p.e, pool: p, id: id, onOK: cfg.onOK, onErr: cfg.onErr}
	j.jobHeader = jobHeader{task: id, n: 1, call: "apply_async"}
	j.AsyncResult.label = taskLabel(id)
	if cfg.onOK != nil || cfg.onErr != nil {
		p.ensureHandler()
	}
	if err := p.submit(a, j); err != nil {
		return nil, err
	}
	return &j.AsyncResult, nil
}

// Apply runs fn(arg) as one task and waits for its result, as Python's apply.
func Apply[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], arg A) (R, error) {
	r, err := ApplyAsync(ctx, p, fn, arg)
	if err != nil {
		var zero R
		return zero, err
	}
	return r.Get(ctx, -1)
}

func (j *applyJob[A, R]) run(p *Proc) {
	pool := j.pool
	v, err := runTask(p, j.task, 0, j.chunk, j.fn, j.arg)
	if pool.state.Load() == stateTerminated && j.state.Load() == resDone {
		err = ErrTerminated // aborted while running: the late result is discarded
	}
	pool.finishTask(p, j.task, 0, v, err)
	j.deliver(p.a, v, err)
}

// deliver resolves the handle, through the result handler when callbacks are set.
func (r *AsyncResult[R]) deliver(via *actor, v R, err error) {
	if r.onOK == nil && r.onErr == nil {
		if r.resolve(v, err) {
			r.e.emitReady(via, r.id, r.label, err)
		}
		return
	}
	r.pool.handler.post(func(h *Proc) {
		if r.state.Load() != resPending {
			return
		}
		if err == nil && r.onOK != nil {
			runCallback(h, r.id, func() { r.onOK(v) })
		} else if err != nil && r.onErr != nil {
			runCallback(h, r.id, func() { r.onErr(err) })
		}
		if r.resolve(v, err) {
			r.e.emitReady(h.a, r.id, r.label, err)
		}
	})
}

func (j *applyJob[A, R]) fail(err error) {
	j.pool.finishTask(nil, j.task, 0, *new(R), err)
	j.deliver(nil, *new(R), err)
}

func (j *applyJob[A, R]) abort(err error) {
	if j.resolve(*new(R), err) {
		j.e.emitReady(nil, j.id, j.label, err)
	}
}

// emitReady records that a handle resolved. Python's result handler sets results,
// so the event names it as the actor; via is the goroutine reporting it.
func (e *Engine) emitReady(via *actor, task int, label string, err error) {
	if !e.observing(via) {
		return
	}
	ev := Event{Actor: Actor{Kind: ActorResultHandler}, Kind: KindResultReady, Task: task, Label: label}
	if err != nil {
		ev.Err = err.Error()
	}
	e.emit(via, ev)
}

func taskLabel(id int) string { return "task " + itoa(id) }
