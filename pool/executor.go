package pool

import (
	"context"
	"runtime"
)

// Executor is a process pool with the API of Python's
// concurrent.futures.ProcessPoolExecutor: Submit returns a Future for each
// task, AsCompleted yields futures in the order they finish, and Shutdown ends
// it. NewExecutor takes a Pool's options, under ProcessPoolExecutor's names:
// Workers (max_workers), WithInitializer (initializer and initargs, so a
// queue reaches every worker the same way as with a Pool), MaxTasksPerChild
// (max_tasks_per_child) and WithName.
//
// It runs on the Pool engine and differs from a Pool where CPython's executor
// does: a worker whose process ends abruptly (its code calls Proc.Exit, a
// what-if kills it) or whose initializer fails breaks the whole executor at
// once. Every future it had running or pending then fails with a
// *BrokenProcessPoolError, the other workers are stopped, and Submit refuses
// new work with that error; where a Pool loses the task and a Get waits for
// it forever (or, for an initializer, breaks as well). A task's own error or
// panic is only its future's error: the executor goes on.
type Executor struct {
	p *Pool
}

// NewExecutor starts an executor on e with its workers, which begin
// initializing at once (CPython's, under fork, start at the first submit).
// Its name in events is "executor" unless WithName says otherwise.
func NewExecutor(e *Engine, opts ...Option) (*Executor, error) {
	p, err := newPool(e, poolConfig{workers: runtime.NumCPU(), name: "executor", executor: true}, opts)
	if err != nil {
		return nil, err
	}
	return &Executor{p: p}, nil
}

// Workers returns the number of workers: Python's max_workers.
func (x *Executor) Workers() int { return x.p.cfg.workers }

// Engine returns the engine the executor runs on.
func (x *Executor) Engine() *Engine { return x.p.e }

// Counters returns the executor's exact task counts, a cancelled future's
// task among the failed.
func (x *Executor) Counters() Counters { return x.p.Counters() }

// Shutdown stops the executor accepting work, as Python's shutdown: the
// futures it accepted still run, and a later Submit returns ErrClosed. With
// wait it then waits until they are done and every worker left, as long as ctx
// allows. It may be called again, and on a broken executor, whose workers have
// left or are leaving.
func (x *Executor) Shutdown(ctx context.Context, wait bool) error {
	x.p.Close()
	if !wait {
		return nil
	}
	return x.p.Join(ctx)
}

// Submit submits fn(arg) as one task and returns its future at once, as
// Python's submit. ctx identifies the submitter (a Proc, or any context in
// Parallel mode); a ctx that is already done is refused with its error, and
// nothing runs. A shut-down executor refuses with ErrClosed, a broken one
// with its *BrokenProcessPoolError. Cost: one allocation and one queue push.
func Submit[A, R any](ctx context.Context, x *Executor, fn TaskFunc[A, R], arg A) (*Future[R], error) {
	p := x.p
	a, _ := p.e.caller(ctx)
	if err := refuseDone(ctx, "submit"); err != nil {
		return nil, err
	}
	j := &futureJob[A, R]{fn: fn, arg: arg}
	j.Future.res = AsyncResult[R]{pool: p, id: p.taskIDs(1)}
	j.Future.self = j
	if err := p.submit(a, j, false); err != nil {
		return nil, err
	}
	return &j.Future, nil
}
