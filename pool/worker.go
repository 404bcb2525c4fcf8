package pool

import (
	"errors"
	"sync"
	"sync/atomic"
)

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
	proc       *Proc // the Proc its tasks run with; nil while it initializes
}

// startWorker starts generation gen of worker slot id; the new worker first runs
// the jobs in inherit, claimed by its predecessor.
func (p *Pool) startWorker(id, gen int, inherit []job) {
	e := p.e
	w := &worker{p: p, id: id, gen: gen}
	w.claimed = append(w.claimedBuf[:0], inherit...)
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
	p.spawnMember(w.a, true, func() {
		returned := false
		defer func() {
			if !returned {
				p.goexited(w)
			}
		}()
		p.runWorker(w)
		returned = true
	})
}

// goexited handles a worker whose code ended its goroutine with runtime.Goexit:
// in an initializer, the pool breaks; in a task, the task fails with ErrGoexit,
// and a new worker takes the slot, with the jobs this one had claimed, as
// maxtasksperchild would replace it. It runs in the dying goroutine's deferred
// calls, so it must not block for long.
func (p *Pool) goexited(w *worker) {
	e, a := p.e, w.a
	e.mu.Lock()
	killed, exited := a.killed, a.exited
	e.mu.Unlock()
	if killed && !(exited && w.proc == nil) {
		p.killed(w)
		return
	}
	if w.proc == nil {
		// An initializer that called runtime.Goexit, or Exit: it failed.
		err, why := ErrGoexit, "initializer called runtime.Goexit"
		if exited {
			err, why = ErrExited, "initializer called Exit"
		}
		if p.state.Load() == stateTerminated {
			p.workerExit(w, "terminated while it initialized")
			return
		}
		e.emit(a, Event{Actor: a.ref, Kind: KindInitFailed, Gen: w.gen, Err: err.Error()})
		p.breakPool(w, err)
		p.workerExit(w, why)
		return
	}
	j, inherit := w.takeJobs()
	if j != nil && w.proc.task != 0 {
		j.exited(w.proc, ErrGoexit)
		w.proc.task = 0
		w.jobs++
	}
	e.emit(a, Event{Actor: a.ref, Kind: KindWorkerExited, Gen: w.gen, Label: "its task called runtime.Goexit", Count: w.jobs})
	p.replaceGone(w, inherit)
}

// takeJobs returns the job a worker whose goroutine ended was running (or
// ran last) and takes the jobs it had claimed ahead, for its replacement.
func (w *worker) takeJobs() (job, []job) {
	w.mu.Lock()
	defer w.mu.Unlock()
	inherit := append([]job(nil), w.claimed...)
	clear(w.claimed)
	w.claimed = w.claimed[:0]
	return w.cur, inherit
}

// replaceGone starts the next generation of a worker whose goroutine ended
// abnormally (runtime.Goexit, or a what-if's kill), with the jobs it had
// claimed, while the pool still wants workers; otherwise those jobs fail.
func (p *Pool) replaceGone(w *worker, inherit []job) {
	s := p.state.Load()
	if s == stateRunning || (s == stateClosed && (p.tq.pending() > 0 || len(inherit) > 0)) {
		p.startWorker(w.id, w.gen+1, inherit)
	} else {
		for _, j := range inherit {
			j.fail(ErrTerminated)
		}
	}
	p.leave()
}

// spawnMember starts fn as the goroutine of a, one of p's workers (isWorker) or
// its result handler; in Parallel mode p.running counts it, for Terminate to
// wait on.
func (p *Pool) spawnMember(a *actor, isWorker bool, fn func()) {
	e := p.e
	if e.sim == nil {
		p.running.add(isWorker)
	}
	e.spawn(a, func() {
		if e.sim == nil {
			defer p.running.done(isWorker)
		}
		fn()
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
			if p.brokenExit() != "" && errors.Is(err, ErrTerminated) {
				p.workerExit(w, "stopped in its initializer: the executor broke")
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
	w.proc = proc
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
				p.startWorker(w.id, w.gen+1, nil)
			}
			p.leave()
			return
		}
	}
	p.workerExit(w, p.brokenExit())
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
