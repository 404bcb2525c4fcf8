package pool

import "context"

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
	if last {
		p.tq.stopWatch()
	}
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
// new ones are refused, and no worker is started again. An Executor breaks as
// CPython's does (breakExecutor).
func (p *Pool) breakPool(w *worker, cause error) {
	if p.cfg.executor {
		p.breakExecutor(w, &BrokenProcessPoolError{Worker: w.id, Initializing: true, Cause: cause}, nil, nil)
		return
	}
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

// Close stops the pool accepting work; work it accepted still runs, then the
// workers leave. It is idempotent. Every call that returned no error runs whole,
// even when Close comes from another goroutine while the call is submitting; the
// chunks an Imap holds back for its consumer are submitted at once.
func (p *Pool) Close() {
	if !p.state.CompareAndSwap(stateRunning, stateClosed) {
		return
	}
	p.e.emit(p.e.mainAct, Event{Actor: MainActor, Kind: KindPoolClosed, Object: p.cfg.name})
	p.feedAll()
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
// as the task is terminated. It may be called from a callback: it then returns
// without waiting for the result handler, which runs that callback; so it does
// for a callback running on another goroutine, which may still be finishing
// when Terminate returns. No callback starts once Terminate is called.
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
	p.stopWorkers(nil, ErrTerminated)
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
	return (*Pool)(j).joiners.remove(w)
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

// stopWorkers ends the work of every worker but except (nil: none) with err,
// for Terminate and for an Executor that broke: jobs claimed ahead fail, the
// running jobs' handles resolve now (each worker records its task's end when
// its code returns or next calls the engine, and discards the late result),
// and each worker's actor is terminated and its waits interrupted.
func (p *Pool) stopWorkers(except *worker, err error) {
	e := p.e
	e.mu.Lock()
	var running, claimed []job
	for _, w := range p.workers {
		if w == nil || w == except {
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
		j.fail(err)
	}
	for _, j := range running {
		j.abort(err)
	}
	e.mu.Lock()
	for _, w := range p.workers {
		if w != nil && w != except {
			w.a.terminate()
		}
	}
	var exceptActor *actor
	if except != nil {
		exceptActor = except.a
	}
	e.interruptAll(func(x *waiter) bool { return x.a != nil && x.a.pool == p && x.a != exceptActor })
	e.mu.Unlock()
}
