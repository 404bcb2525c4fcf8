package pool

import (
	"context"
	"errors"
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

// Option configures a Pool.
type Option func(*poolConfig)

type poolConfig struct {
	workers  int
	maxTasks int
	init     func(p *Proc) error
	initArgs string
	name     string
}

// Workers sets the number of workers. The default is runtime.NumCPU(), as Python's
// Pool uses os.cpu_count(); a Simulated run is reproducible only with the same number.
func Workers(n int) Option { return func(c *poolConfig) { c.workers = n } }

// MaxTasksPerChild replaces a worker after it completed n jobs (a map chunk is one
// job); the replacement runs the initializer again with an empty store. 0, the
// default, keeps workers for the pool's life.
func MaxTasksPerChild(n int) Option { return func(c *poolConfig) { c.maxTasks = n } }

// WithInitializer runs fn(p, arg) in every worker before its first task, and in
// every replacement worker: Python's initializer and initargs. What fn stores with
// p.Globals().Set is that worker's own global state. An error or panic breaks the pool.
func WithInitializer[T any](fn func(p *Proc, arg T) error, arg T) Option {
	return func(c *poolConfig) {
		c.init = func(p *Proc) error { return fn(p, arg) }
		c.initArgs = render(arg)
	}
}

// WithName names the pool in events and explanations. The default is "pool".
func WithName(name string) Option { return func(c *poolConfig) { c.name = name } }

// Pool is a process pool with Python multiprocessing.Pool semantics: a fixed set of
// workers, each initialized once, taking jobs from one FIFO queue.
type Pool struct {
	e        *Engine
	cfg      poolConfig
	tq       taskQueue
	state    atomic.Int32
	nextTask atomic.Int64
	chunks   atomic.Int64

	// Guarded by the engine lock.
	live      int       // worker goroutines (and the result handler) not yet ended
	joiners   []*waiter // Join calls waiting for live to reach 0
	workers   []*worker // the current worker of each slot
	brokenErr error
	handler   *resultHandler
	rings     map[int]*ring // Parallel, observed: each worker slot's ring

	running liveGoroutines // Parallel: worker goroutines and the result handler, for Terminate

	// Exact counters, kept even when events are shed.
	submitted atomic.Int64
	succeeded atomic.Int64 // of tasks that never ran, and of workers replaced
	failed    atomic.Int64
}

// worker is one worker of one generation.
type worker struct {
	p       *Pool
	id      int
	gen     int
	a       *actor
	globals *Globals
	jobs    int          // jobs completed this generation
	ok, bad atomic.Int64 // tasks that succeeded and failed on it: one writer, no contention
	mu      sync.Mutex   // guards cur and claimed; contended only by Terminate
	cur     job          // the job running (or last run)
	// claimed are jobs a Parallel worker took from a long queue ahead of time.
	claimed    []job
	claimedBuf [claimMax]job
}

// New starts a pool on e with its workers, which begin initializing at once.
func New(e *Engine, opts ...Option) (*Pool, error) {
	cfg := poolConfig{workers: runtime.NumCPU(), name: "pool"}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.workers < 1 {
		return nil, fmt.Errorf("pool: %d workers: need at least 1", cfg.workers)
	}
	if cfg.maxTasks < 0 {
		return nil, fmt.Errorf("pool: maxtasksperchild %d: need 0 (no limit) or more", cfg.maxTasks)
	}
	p := &Pool{e: e, cfg: cfg}
	p.tq = taskQueue{e: e, name: "task queue", workers: cfg.workers}
	e.mu.Lock()
	if e.shut {
		e.mu.Unlock()
		return nil, ErrTerminated
	}
	e.pools = append(e.pools, p)
	p.workers = make([]*worker, cfg.workers)
	e.mu.Unlock()
	e.emit(e.mainAct, Event{Actor: MainActor, Kind: KindPoolCreated, Object: cfg.name, Count: cfg.workers,
		Value: cfg.initArgs, Gen: cfg.maxTasks})
	for i := 1; i <= cfg.workers; i++ {
		p.startWorker(i, 1)
	}
	return p, nil
}

// Workers returns the number of workers.
func (p *Pool) Workers() int { return p.cfg.workers }

// Engine returns the engine the pool runs on.
func (p *Pool) Engine() *Engine { return p.e }

func (p *Pool) startWorker(id, gen int) {
	e := p.e
	w := &worker{p: p, id: id, gen: gen}
	w.claimed = w.claimedBuf[:0]
	w.a = e.newActorFor(Actor{Kind: ActorWorker, ID: id}, p, id)
	w.globals = newGlobals(e, w.a, gen)
	e.mu.Lock()
	p.live++
	if old := p.workers[id-1]; old != nil {
		// The slot's previous generation: its counts move to the pool's.
		p.succeeded.Add(old.ok.Load())
		p.failed.Add(old.bad.Load())
	}
	p.workers[id-1] = w
	e.mu.Unlock()
	if e.sim == nil {
		p.running.add(true)
	}
	e.spawn(w.a, func() {
		if e.sim == nil {
			defer p.running.done(true)
		}
		p.runWorker(w)
	})
}

func (p *Pool) runWorker(w *worker) {
	e, a := p.e, w.a
	e.emit(a, Event{Actor: a.ref, Kind: KindWorkerStarted, Gen: w.gen})
	if s := p.state.Load(); s == stateBroken || s == stateTerminated {
		// The pool broke (or was terminated) before this worker got to run: it
		// leaves without running the initializer again, so a failing initializer
		// runs once, not once per worker.
		p.workerExit(w, "the pool stopped before it initialized")
		return
	}
	if p.cfg.init != nil {
		e.emit(a, Event{Actor: a.ref, Kind: KindInitBegan, Gen: w.gen, Value: p.cfg.initArgs})
		ip := &Proc{e: e, a: a, w: w, seed: initSeed(w.id, w.gen)}
		if err := callInit(ip, p.cfg.init); err != nil {
			if p.state.Load() == stateTerminated && errors.Is(err, ErrTerminated) {
				// Terminate interrupted the initializer (a replacement worker
				// starting as the pool is shut): that is not a failure.
				p.workerExit(w, "terminated while it initialized")
				return
			}
			e.emit(a, Event{Actor: a.ref, Kind: KindInitFailed, Gen: w.gen, Err: err.Error()})
			p.breakPool(w, err)
			p.workerExit(w, "initializer failed")
			return
		}
		e.emit(a, Event{Actor: a.ref, Kind: KindInitEnded, Gen: w.gen, Vars: w.globals.Snapshot()})
	}
	proc := &Proc{e: e, a: a, w: w}
	for {
		if g := e.pauseGate(); g != nil {
			select {
			case <-g:
				continue
			case <-proc.Done():
				// Terminated while paused: the stopped queue sends it away.
			}
		}
		j := p.tq.next(w)
		if j == nil {
			break
		}
		// A job can reach a worker that was idle when the engine paused (handed
		// over by a submission): it waits for the resume before it starts.
		if !p.holdWhilePaused(proc) {
			j.fail(ErrTerminated) // terminated while it waited: its handle already says so
			continue
		}
		j.run(proc)
		w.jobs++
		if p.cfg.maxTasks > 0 && w.jobs >= p.cfg.maxTasks {
			e.emit(a, Event{Actor: a.ref, Kind: KindWorkerRecycled, Gen: w.gen, Count: w.jobs})
			replace := p.state.Load() == stateRunning || (p.state.Load() == stateClosed && p.tq.pending() > 0)
			// The slot's event ring takes one writer at a time: this generation
			// records its exit before its replacement starts writing.
			e.emit(a, Event{Actor: a.ref, Kind: KindWorkerExited, Gen: w.gen, Label: "replaced after maxtasksperchild", Count: w.jobs})
			if replace {
				p.startWorker(w.id, w.gen+1)
			}
			p.leave()
			return
		}
	}
	p.workerExit(w, "")
}

// holdWhilePaused waits while a Parallel engine is paused; it reports false if
// the pool was terminated meanwhile.
func (p *Pool) holdWhilePaused(proc *Proc) bool {
	for {
		g := p.e.pauseGate()
		if g == nil {
			return p.state.Load() != stateTerminated
		}
		select {
		case <-g:
		case <-proc.Done():
			return false
		}
	}
}

func callInit(p *Proc, fn func(*Proc) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = newPanicError(r)
		}
	}()
	return fn(p)
}

// initSeed is the random stream of a worker's initializer; tasks use their id.
func initSeed(id, gen int) uint64 { return 1<<63 | uint64(gen)<<32 | uint64(id) }

func (p *Pool) workerExit(w *worker, why string) {
	p.e.emit(w.a, Event{Actor: w.a.ref, Kind: KindWorkerExited, Gen: w.gen, Label: why, Count: w.jobs})
	p.leave()
}

// leave ends one holder of the pool's live count: a worker, or Terminate while it
// fails queued work. The last one tells the result handler that no more results
// come, and wakes Join calls.
func (p *Pool) leave() {
	e := p.e
	e.mu.Lock()
	p.live--
	last := p.live == 0
	h := p.handler
	if last && h != nil && p.state.Load() == stateTerminated {
		// Terminated, and nobody is left to post results: the handler's callbacks
		// are stopped now, not earlier, so that no result posted late is lost.
		h.a.terminate()
		e.interruptAll(func(w *waiter) bool { return w.a == h.a })
	}
	e.mu.Unlock()
	if last && h != nil {
		h.finish()
	}
	p.checkJoined()
}

// checkJoined wakes Join calls once every worker and the result handler ended.
func (p *Pool) checkJoined() {
	e := p.e
	e.mu.Lock()
	defer e.mu.Unlock()
	if p.live > 0 || (p.handler != nil && !p.handler.ended) {
		return
	}
	for _, w := range p.joiners {
		e.wake(w, nil)
	}
	p.joiners = nil
}

// breakPool makes the pool Broken after an initializer failed: queued tasks fail,
// new ones are refused, and no worker is started again.
func (p *Pool) breakPool(w *worker, cause error) {
	err := &BrokenError{Worker: w.id, Cause: cause}
	for {
		s := p.state.Load()
		if s == stateTerminated || s == stateBroken {
			return
		}
		if p.state.CompareAndSwap(s, stateBroken) {
			break
		}
	}
	p.e.mu.Lock()
	p.brokenErr = err
	p.e.mu.Unlock()
	p.e.emit(w.a, Event{Actor: w.a.ref, Kind: KindPoolBroken, Object: p.cfg.name, Err: err.Error()})
	for _, j := range p.tq.shut(err, true) {
		j.fail(err)
	}
}

// Close stops the pool accepting work; queued work still runs, then the workers
// leave. It is idempotent.
func (p *Pool) Close() {
	if !p.state.CompareAndSwap(stateRunning, stateClosed) {
		return
	}
	p.e.emit(p.e.mainAct, Event{Actor: MainActor, Kind: KindPoolClosed, Object: p.cfg.name})
	p.tq.shut(ErrClosed, false)
}

// Terminate stops the pool now: queued tasks and running tasks resolve with
// ErrTerminated, blocked calls of its workers return ErrTerminated, and the
// workers leave. It is idempotent. ctx is the caller's *Proc when the caller is
// one of the engine's actors (the main function, a task), any context otherwise.
// In Simulated mode the workers end as soon as the scheduler runs them.
//
// In Parallel mode it returns nil once every worker goroutine and the result
// handler ended. A task that neither returns nor calls the engine delays that:
// a goroutine cannot be killed. A ctx that ends first makes it return ctx's
// error, the pool terminated all the same. Called from a task of this pool, with
// that task's *Proc as ctx, it waits for every other worker only (one also in
// Terminate counts as done): the calling worker and the result handler end once
// the task returns. A context derived from such a Proc ends in Terminate itself,
// as the task is terminated. Do not call it from a callback: callbacks run on
// the result handler, which Terminate waits for.
func (p *Pool) Terminate(ctx context.Context) error {
	// Not e.caller: a Simulated engine may be terminated from outside its
	// actors, between two run controls.
	if pr := procFrom(ctx); pr != nil && pr.e == p.e {
		if bare, ok := ctx.(*Proc); ok && bare == pr {
			ctx = nil // a Proc's own end is not a deadline: a worker's ends in Terminate itself
		}
		return p.terminate(pr.a, ctx)
	}
	return p.terminate(nil, ctx)
}

// terminate is Terminate for the caller self (nil for a goroutine that is not an
// actor), waiting no longer than ctx allows (nil: as long as it takes).
func (p *Pool) terminate(self *actor, ctx context.Context) error {
	e := p.e
	// Terminate counts as live, from before the pool reads as terminated until it
	// has failed the queued work: results with callbacks go through the result
	// handler, which leaves once the last worker ended, and must not leave before
	// they were posted to it.
	e.mu.Lock()
	p.live++
	e.mu.Unlock()
	for {
		s := p.state.Load()
		if s == stateTerminated {
			p.leave()
			return p.waitWorkers(self, ctx)
		}
		if p.state.CompareAndSwap(s, stateTerminated) {
			break
		}
	}
	via := self
	if via == nil {
		via = e.mainAct
	}
	e.emit(via, Event{Actor: actorRef(self), Kind: KindPoolTerminated, Object: p.cfg.name})
	dropped := p.tq.shut(ErrTerminated, true)
	for _, j := range dropped {
		j.fail(ErrTerminated)
	}
	// Running jobs: their handles resolve now; the workers record the tasks' end
	// when the code returns or next calls the engine, and discard late results.
	e.mu.Lock()
	var running, claimed []job
	for _, w := range p.workers {
		if w == nil {
			continue
		}
		w.mu.Lock()
		if w.cur != nil {
			running = append(running, w.cur)
		}
		claimed = append(claimed, w.claimed...)
		clear(w.claimed)
		w.claimed = w.claimed[:0]
		w.mu.Unlock()
	}
	e.mu.Unlock()
	for _, j := range claimed {
		j.fail(ErrTerminated)
	}
	for _, j := range running {
		j.abort(ErrTerminated)
	}
	e.mu.Lock()
	for _, w := range p.workers {
		if w != nil {
			w.a.terminate()
		}
	}
	e.interruptAll(func(w *waiter) bool { return w.a != nil && w.a.pool == p })
	e.mu.Unlock()
	p.leave()
	return p.waitWorkers(self, ctx)
}

// waitWorkers waits, in Parallel mode, until the pool's goroutines ended: all of
// them, or, for self a worker of this pool, every other worker (self, and the
// result handler that waits for self to leave, can end only after it returns).
// ctx, when not nil, bounds the wait.
func (p *Pool) waitWorkers(self *actor, ctx context.Context) error {
	if p.e.sim != nil {
		return nil
	}
	if self != nil && self.pool == p && self.ref.Kind == ActorWorker {
		return p.running.waitOthers(ctx)
	}
	return p.running.waitAll(ctx)
}

// Join waits until every worker ended. It is an error to call it on a running
// pool (call Close or Terminate first), as in Python.
func (p *Pool) Join(ctx context.Context) error {
	if p.state.Load() == stateRunning {
		return ErrJoinBeforeClose
	}
	e := p.e
	a, pctx := e.caller(ctx)
	e.mu.Lock()
	if p.live == 0 && (p.handler == nil || p.handler.ended) {
		e.mu.Unlock()
		e.emit(a, Event{Actor: actorRef(a), Kind: KindPoolJoined, Object: p.cfg.name})
		return nil
	}
	w := e.newWaiter(a, (*joinWait)(p))
	p.joiners = append(p.joiners, w)
	if err := e.park(w, -1, pctx); err != nil {
		return err
	}
	e.emit(a, Event{Actor: actorRef(a), Kind: KindPoolJoined, Object: p.cfg.name})
	p.waitWorkers(nil, nil) // every worker left: their goroutines are ending now
	return nil
}

// joinWait is the pool as a Join call waits on it.
type joinWait Pool

func (j *joinWait) withdraw(w *waiter) bool {
	p := (*Pool)(j)
	for i, x := range p.joiners {
		if x == w {
			p.joiners = append(p.joiners[:i], p.joiners[i+1:]...)
			return true
		}
	}
	return false
}

func (j *joinWait) waitFor(*waiter) waitTarget {
	p := (*Pool)(j)
	var hs []Actor
	for _, w := range p.workers {
		if w != nil {
			hs = append(hs, w.a.ref)
		}
	}
	return waitTarget{Object: p.cfg.name, Verb: "waits to join", Holders: hs}
}

// submit puts j on the task queue, or says why the pool refuses it.
func (p *Pool) submit(a *actor, j job) error {
	h := j.header()
	if err := p.tq.push(j); err != nil {
		return p.refusal(err)
	}
	p.submitted.Add(int64(h.n))
	e := p.e
	if e.observing(a) {
		e.emit(a, Event{Actor: actorRef(a), Kind: KindTaskSubmitted, Task: h.task, Count: h.n, Chunk: h.chunk, Index: h.index, Label: h.call})
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
