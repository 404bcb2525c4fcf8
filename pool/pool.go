package pool

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// Pool states.
const (
	stateRunning int32 = iota
	stateClosed
	stateTerminated
	stateBroken
)

// Pool is a process pool with Python multiprocessing.Pool semantics: a fixed set of
// workers, each initialized once, taking jobs from one FIFO queue.
type Pool struct {
	// The fields every job touches are laid out by who writes them, each group
	// on cache lines of its own: state, which every worker reads for every job
	// and almost nobody writes; the submitter's counters, written for every
	// submission; the task queue, which both sides lock. Sharing one line made
	// every submission evict the line that every worker was reading.
	e     *Engine
	cfg   poolConfig
	state atomic.Int32
	_     cacheLinePad

	nextTask  atomic.Int64
	submitted atomic.Int64
	chunks    atomic.Int64
	_         cacheLinePad

	tq taskQueue
	_  cacheLinePad

	// Guarded by the engine lock.
	live      int       // worker goroutines (and the result handler) not yet ended
	joiners   waitList  // Join calls waiting for live to reach 0
	workers   []*worker // the current worker of each slot
	brokenErr error
	handler   *resultHandler
	rings     map[int]*ring // Parallel, observed: each worker slot's ring
	lost      []lostJob     // jobs whose worker a what-if killed: their results never come

	running liveGoroutines // Parallel: worker goroutines and the result handler, for Terminate

	feedMu  sync.Mutex          // guards feeders; taken before the engine lock
	feeders map[feeder]struct{} // accepted map-style calls with chunks still to push

	// Exact counters, kept even when events are shed (with submitted above).
	succeeded atomic.Int64 // of tasks that never ran, and of workers replaced
	failed    atomic.Int64
}

// cacheLinePad keeps the fields on either side of it off each other's cache line.
type cacheLinePad [64]byte

// New starts a pool on e with its workers, which begin initializing at once.
func New(e *Engine, opts ...Option) (*Pool, error) {
	return newPool(e, poolConfig{workers: runtime.NumCPU(), name: "pool"}, opts)
}

// newPool starts a pool of cfg, changed by opts: a Pool's, or an Executor's.
func newPool(e *Engine, cfg poolConfig, opts []Option) (*Pool, error) {
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.workers < 1 {
		return nil, fmt.Errorf("%w, got %d", ErrWorkers, cfg.workers)
	}
	if cfg.maxTasks < 0 {
		return nil, fmt.Errorf("%w, got %d", ErrMaxTasks, cfg.maxTasks)
	}
	p := &Pool{e: e, cfg: cfg}
	p.tq = newTaskQueue(e, cfg.workers)
	e.mu.Lock()
	if e.shut {
		e.mu.Unlock()
		return nil, ErrTerminated
	}
	e.pools = append(e.pools, p)
	p.workers = make([]*worker, cfg.workers)
	e.mu.Unlock()
	ev := Event{Actor: MainActor, Kind: KindPoolCreated, Object: cfg.name, Count: cfg.workers,
		Value: cfg.initArgs, Gen: cfg.maxTasks}
	if cfg.executor {
		ev.Other = ExecutorPool
	}
	e.emit(e.mainAct, ev)
	for i := 1; i <= cfg.workers; i++ {
		p.startWorker(i, 1, nil)
	}
	return p, nil
}

// Workers returns the number of workers.
func (p *Pool) Workers() int { return p.cfg.workers }

// Engine returns the engine the pool runs on.
func (p *Pool) Engine() *Engine { return p.e }

// submit puts j on the task queue, or says why the pool refuses it. A job of an
// accepted call (a feeder's chunk) is refused only once the pool was terminated
// or broke; a new one also once it was closed.
func (p *Pool) submit(a *actor, j job, accepted bool) error {
	h := j.header()
	if err := p.tq.push(j, accepted); err != nil {
		return p.refusal(err)
	}
	p.submitted.Add(int64(h.n))
	if e := p.e; e.observingTasks(a, shedSubmitted, h.n) {
		e.emit(a, Event{Actor: actorRef(a), Kind: KindTaskSubmitted, Task: h.task, Count: h.n, Chunk: h.chunk, Index: h.index, Label: h.call})
	}
	return nil
}

// refuseDone returns why a submission whose context is already done is refused:
// work its caller gave up on must not run. A bare Proc is not asked (its end is
// Terminate's, which the queue refuses already), which keeps its lock off the
// submission path.
func refuseDone(ctx context.Context, call string) error {
	if ctx == nil {
		return nil
	}
	if _, bare := ctx.(*Proc); bare {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s not submitted: %w", call, err)
	}
	return nil
}

func (p *Pool) refusal(err error) error {
	if p.state.Load() == stateBroken {
		p.e.mu.Lock()
		defer p.e.mu.Unlock()
		if p.brokenErr != nil {
			return p.brokenErr
		}
		return ErrBroken
	}
	return err
}

// taskIDs reserves n consecutive task ids and returns the first.
func (p *Pool) taskIDs(n int) int { return int(p.nextTask.Add(int64(n))) - n + 1 }

func actorRef(a *actor) Actor {
	if a == nil {
		return MainActor
	}
	return a.ref
}

// Counters are a pool's exact task counts.
type Counters struct {
	Submitted, Succeeded, Failed int64
}

// Counters returns the pool's exact task counts; they stay exact when events are shed.
func (p *Pool) Counters() Counters {
	p.e.mu.Lock()
	defer p.e.mu.Unlock()
	c := Counters{Submitted: p.submitted.Load(), Succeeded: p.succeeded.Load(), Failed: p.failed.Load()}
	for _, w := range p.workers {
		if w != nil {
			c.Succeeded += w.ok.Load()
			c.Failed += w.bad.Load()
		}
	}
	return c
}

// count adds n finished tasks to the counters of the worker running p, or of the
// pool for tasks that never ran (p nil).
func (p *Pool) count(pr *Proc, n int, failed bool) {
	var ok, bad *atomic.Int64 = &p.succeeded, &p.failed
	if pr != nil && pr.w != nil {
		ok, bad = &pr.w.ok, &pr.w.bad
	}
	if failed {
		bad.Add(int64(n))
	} else {
		ok.Add(int64(n))
	}
}
