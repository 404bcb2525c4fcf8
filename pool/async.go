package pool

import (
	"context"
	"sync/atomic"
	"time"
)

// TaskFunc is a task: it runs on a worker with that worker's Proc and one argument.
// A panic becomes the task's error (a *PanicError with the stack); a call of
// runtime.Goexit (t.FailNow, for one) fails the task with ErrGoexit, and a new
// worker takes its place. Either way the pool goes on.
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
	// The fields are what every task needs (64 bytes for an int result), so
	// that a handle is one small allocation with its job; what only maps and
	// callbacks need lies behind more.
	pool    *Pool
	id      int
	state   atomic.Uint32
	waiting atomic.Bool // someone may be on waiters; checked after state is set
	val     R
	err     error
	waiters *[]*waiter     // made by the first waiter; guarded by the engine lock
	more    *resultMore[R] // nil for one task without callbacks
}

// resultMore is what a handle needs beyond one task's result: set when it is
// made, read-only after.
type resultMore[R any] struct {
	n     int    // tasks behind the result: the items of a map
	label string // "map tasks 1-10"
	cb    *asyncConfig[R]
}

// size returns how many tasks are behind the result: 1 for apply, the items of a map.
func (r *AsyncResult[R]) size() int {
	if r.more == nil {
		return 1
	}
	return r.more.n
}

// callbacks returns the result's callbacks, nil if it has none.
func (r *AsyncResult[R]) callbacks() *asyncConfig[R] {
	if r.more == nil {
		return nil
	}
	return r.more.cb
}

// Label names the work behind the result: "task 3", "map tasks 1-10".
func (r *AsyncResult[R]) Label() string {
	if r.more == nil || r.more.label == "" {
		return taskLabel(r.id)
	}
	return r.more.label
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

// Get waits for the result and returns it, with no limit unless a Timeout option
// bounds the wait (then ErrTimeout when that passes first). The wait is recorded, so
// a Get that can never be satisfied is reported as a deadlock.
func (r *AsyncResult[R]) Get(ctx context.Context, opts ...WaitOption) (R, error) {
	if err := r.wait(ctx, waitLimit(opts)); err != nil {
		var zero R
		return zero, err
	}
	return r.val, r.err
}

// Wait waits until the result is available, or until a Timeout option's bound
// passes (ErrTimeout).
func (r *AsyncResult[R]) Wait(ctx context.Context, opts ...WaitOption) error {
	return r.wait(ctx, waitLimit(opts))
}

func (r *AsyncResult[R]) wait(ctx context.Context, timeout time.Duration) error {
	if r.state.Load() == resDone {
		return nil
	}
	e := r.pool.e
	a, pctx := e.caller(ctx)
	e.mu.Lock()
	r.waiting.Store(true)
	if r.state.Load() == resDone {
		e.mu.Unlock()
		return nil
	}
	w := e.newWaiter(a, r)
	if r.waiters == nil {
		r.waiters = new([]*waiter)
	}
	*r.waiters = append(*r.waiters, w)
	e.emit(a, Event{Actor: actorRef(a), Kind: KindResultWaited, Task: r.id, Label: r.Label(), Dur: timeout})
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
		e := r.pool.e
		e.mu.Lock()
		if r.waiters != nil {
			for _, w := range *r.waiters {
				e.wake(w, nil)
			}
			*r.waiters = nil
		}
		e.mu.Unlock()
	}
	return true
}

func (r *AsyncResult[R]) withdraw(w *waiter) bool {
	if r.waiters == nil {
		return false
	}
	ws := *r.waiters
	for i, x := range ws {
		if x == w {
			*r.waiters = append(ws[:i], ws[i+1:]...)
			return true
		}
	}
	return false
}

func (r *AsyncResult[R]) waitFor(*waiter) waitTarget {
	t := waitTarget{Object: "result of " + r.Label(), Verb: "waits for the", Exclusive: true}
	if p := r.pool; p != nil {
		// Not finished and not running on a worker means queued (or claimed, which
		// is the same to the waiter); no need to search the queue.
		for _, w := range p.workers {
			if w == nil {
				continue
			}
			w.mu.Lock()
			if c := w.cur; c != nil {
				// A map's tasks are r.id .. r.id+n-1: any chunk overlapping them counts.
				if h := c.header(); h.task < r.id+max(r.size(), 1) && r.id < h.task+h.n {
					t.Holders = append(t.Holders, w.a.ref)
				}
			}
			w.mu.Unlock()
		}
		if len(t.Holders) == 0 {
			t.Why = "it is still queued and no worker is free to start it"
			if why := p.lostWhy(r.id, max(r.size(), 1)); why != "" {
				t.Why, t.Exclusive = why, false
			}
		}
	}
	return t
}

// asyncConfig holds a handle's callbacks, typed (see AsyncOption).
type asyncConfig[R any] struct {
	onOK  func(R)
	onErr func(error)
}

// applyJob is one apply_async task: the handle, the function and its argument in
// one allocation.
type applyJob[A, R any] struct {
	AsyncResult[R]
	fn  TaskFunc[A, R]
	arg A
}

func (j *applyJob[A, R]) header() jobHeader { return jobHeader{task: j.id, n: 1, call: "apply_async"} }

// ApplyAsync submits fn(arg) as one task and returns its handle at once. ctx
// identifies the submitter (a Proc, or any context in Parallel mode); a ctx that
// is already done is refused with its error, and nothing runs. Cost: one
// allocation and one queue push.
func ApplyAsync[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], arg A, opts ...AsyncOption) (*AsyncResult[R], error) {
	a, _ := p.e.caller(ctx)
	if err := refuseDone(ctx, "apply_async"); err != nil {
		return nil, err
	}
	var cb *asyncConfig[R]
	if len(opts) > 0 {
		var c AsyncOption
		for _, o := range opts {
			c.add(o)
		}
		var err error
		if cb, err = typed[R]("apply_async", c); err != nil {
			return nil, err
		}
	}
	id := p.taskIDs(1)
	j := &applyJob[A, R]{fn: fn, arg: arg}
	j.AsyncResult = AsyncResult[R]{pool: p, id: id}
	if cb != nil && (cb.onOK != nil || cb.onErr != nil) {
		j.more = &resultMore[R]{n: 1, cb: cb}
		p.ensureHandler()
	}
	if err := p.submit(a, j, false); err != nil {
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
	return r.Get(ctx)
}

func (j *applyJob[A, R]) run(p *Proc) {
	pool := j.pool
	v, err := runTask(p, j.id, 0, 0, j.fn, j.arg)
	if pool.state.Load() == stateTerminated && j.state.Load() == resDone {
		err = ErrTerminated // aborted while running: the late result is discarded
	}
	finishTask(pool, p, j.id, 0, v, err)
	j.deliver(p.a, v, err)
}

// deliver resolves the handle, through the result handler when callbacks are set.
// Once the pool is terminated no callback starts, as in CPython: the handle
// resolves directly.
func (r *AsyncResult[R]) deliver(via *actor, v R, err error) {
	cb := r.callbacks()
	if cb == nil || r.pool.state.Load() == stateTerminated {
		if r.resolve(v, err) {
			r.pool.e.emitReady(via, r.id, r, err)
		}
		return
	}
	r.pool.handler.post(func(h *Proc) {
		if r.state.Load() != resPending {
			return
		}
		// Deferred, so that the handle resolves even if the callback ends its
		// goroutine (runtime.Goexit).
		defer func() {
			if r.resolve(v, err) {
				r.pool.e.emitReady(h.a, r.id, r, err)
			}
		}()
		if r.pool.state.Load() == stateTerminated {
			return // no callback starts after Terminate
		}
		if err == nil && cb.onOK != nil {
			runCallback(h, r.id, func() { cb.onOK(v) })
		} else if err != nil && cb.onErr != nil {
			runCallback(h, r.id, func() { cb.onErr(err) })
		}
	})
}

func (j *applyJob[A, R]) fail(err error) {
	finishTask(j.pool, nil, j.id, 0, *new(R), err)
	j.deliver(nil, *new(R), err)
}

func (j *applyJob[A, R]) exited(p *Proc, err error) {
	if j.pool.state.Load() == stateTerminated && j.state.Load() == resDone {
		err = ErrTerminated
	}
	finishTask(j.pool, p, j.id, 0, *new(R), err)
	j.deliver(p.a, *new(R), err)
}

func (j *applyJob[A, R]) abort(err error) {
	if j.resolve(*new(R), err) {
		j.pool.e.emitReady(nil, j.id, j, err)
	}
}

// emitReady records that a handle resolved. Python's result handler sets results,
// so the event names it as the actor; via is the goroutine reporting it.
func (e *Engine) emitReady(via *actor, task int, l labeled, err error) {
	if !e.observing(via) {
		return
	}
	ev := Event{Actor: Actor{Kind: ActorResultHandler}, Kind: KindResultReady, Task: task, Label: l.Label()}
	if err != nil {
		ev.Err = err.Error()
	}
	e.emit(via, ev)
}

type labeled interface{ Label() string }

func taskLabel(id int) string { return "task " + itoa(id) }
