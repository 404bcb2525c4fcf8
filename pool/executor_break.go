package pool

// breakExecutor breaks an Executor whose worker w ended abruptly or whose
// initializer failed, as CPython's executor does: every future running or
// pending fails with why, no new work is accepted, and every other worker's
// process is stopped, in the middle of its task or its initializer. j is the
// job w was running when its process ended (nil if none), and inherit the
// jobs it had claimed ahead. If the executor was broken or terminated
// already, w's job still ends, with the error its future got.
func (p *Pool) breakExecutor(w *worker, why *BrokenProcessPoolError, j job, inherit []job) {
	e := p.e
	first := false
	for {
		s := p.state.Load()
		if s == stateTerminated || s == stateBroken {
			break
		}
		if p.state.CompareAndSwap(s, stateBroken) {
			first = true
			break
		}
	}
	var err error = why
	if first {
		e.mu.Lock()
		p.brokenErr = why
		e.mu.Unlock()
		ev := Event{Actor: w.a.ref, Kind: KindPoolBroken, Gen: w.gen, Task: why.Task, Object: p.cfg.name, Err: why.Error()}
		if why.Cause == ErrExited || why.Cause == ErrKilled {
			ev.Label = BrokenAbruptly
		}
		e.emit(w.a, ev)
	} else if err = p.refusal(ErrTerminated); err == nil {
		err = ErrTerminated
	}
	if j != nil && w.proc != nil && w.proc.task != 0 {
		j.exited(w.proc, err) // w's own task: its future fails first
		w.proc.task = 0
		w.jobs++
	}
	for _, x := range inherit {
		x.fail(err)
	}
	if !first {
		return
	}
	for _, x := range p.tq.shut(why, true) {
		x.fail(why)
	}
	p.stopWorkers(w, why) // the other workers' futures fail now
}

// brokenExit is why a worker left an Executor that broke, "" if it did not
// break: CPython stops every worker's process then.
func (p *Pool) brokenExit() string {
	if p.cfg.executor && p.state.Load() == stateBroken {
		return "stopped: the executor broke"
	}
	return ""
}
