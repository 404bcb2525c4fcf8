package pool

import (
	"slices"
	"time"
)

// AdvanceTo runs a Simulated engine until virtual time would pass t, or nothing can
// run; the clock then reads t unless the run ended or stalled first.
func (e *Engine) AdvanceTo(t time.Duration) error {
	if e.sim == nil {
		return ErrNotSimulated
	}
	e.sim.run(t, -1)
	return nil
}

// RunEvents runs a Simulated engine until at least n more events were logged, or
// nothing can run. It returns how many were logged. An event is the engine's
// step: the unit the viewer steps by, one at a time.
func (e *Engine) RunEvents(n int) (int, error) {
	if e.sim == nil {
		return 0, ErrNotSimulated
	}
	before := e.seq
	e.sim.run(forever, n)
	return int(e.seq - before), nil
}

// RunToEnd runs a Simulated engine until nothing can run: every actor ended, or
// the rest are blocked for good (a deadlock, which is reported as an event).
func (e *Engine) RunToEnd() error {
	if e.sim == nil {
		return ErrNotSimulated
	}
	e.sim.run(forever, -1)
	return nil
}

// Idle reports whether a Simulated engine has nothing left to run: every actor
// ended or is blocked with no timer pending.
func (e *Engine) Idle() bool {
	if e.sim == nil {
		return false
	}
	return len(e.sim.runnable) == 0 && e.sim.pendingTimers() == 0 && e.sim.held == nil
}

// HoldToDrain(true) lets a Simulated engine's run controls return in the
// middle of an actor's run, to have the events it logged drained: an actor
// that logs many without ever blocking (main printing a million lines, or
// submitting a million tasks) is held after some sixteen thousand, and Held
// reports it. The next run control goes on exactly where it stopped, so the
// run is the same as an uninterrupted one, and the log never holds more than
// that many events between drains. A controller that drains after each run
// control, and calls it again while Held, asks for it; by default a run
// control returns only where its doc says. Call it between run controls.
func (e *Engine) HoldToDrain(on bool) {
	if e.sim != nil {
		e.sim.holds = on
	}
}

// DropEvents makes a Simulated engine log no more events, and drops those
// not yet drained: for a controller that closes a run it will not look at
// again. Why: shutting down a run with a million tasks still queued fails
// each of them, two events a task, which nobody would drain, and the log
// would hold them all until the engine is gone. The run itself is the same;
// only its record stops (nothing is rendered for an event any more). A Parallel
// engine's rings are bounded already, and it goes on recording. Call it
// between run controls.
func (e *Engine) DropEvents() {
	if e.sim != nil {
		e.log.drop()
	}
}

// Held reports whether the last run control of a Simulated engine returned
// with an actor held in the middle of its run (HoldToDrain): it has not
// reached the time or the events it was asked for.
func (e *Engine) Held() bool { return e.sim != nil && e.sim.held != nil }

// Live returns how many actors of a Simulated engine have not ended.
func (e *Engine) Live() int {
	if e.sim == nil {
		return -1
	}
	return e.sim.live
}

// NextTime returns the virtual time of a Simulated engine's next timer.
func (e *Engine) NextTime() (time.Duration, bool) {
	if e.sim == nil {
		return 0, false
	}
	return e.sim.nextTimer()
}

// HandOffs returns how many times a Simulated engine's scheduler handed the
// baton from one actor to the next. It is not a count of steps: a step, the
// unit the viewer steps by and RunEvents counts, is one event, and one hand-off
// may log several events or none.
func (e *Engine) HandOffs() uint64 {
	if e.sim == nil {
		return 0
	}
	return e.sim.steps
}

// Pause stops a Parallel engine's clock: no task starts and sleeps stop counting
// down until Resume. A Simulated engine moves only when its controls are called.
func (e *Engine) Pause() {
	if e.clk != nil {
		e.clk.setPaused(true)
	}
}

// Resume restarts a paused Parallel engine.
func (e *Engine) Resume() {
	if e.clk != nil {
		e.clk.setPaused(false)
	}
}

// SetSpeed changes a Parallel engine's speed factor; speed must be positive.
func (e *Engine) SetSpeed(speed float64) {
	if e.clk != nil && speed > 0 {
		e.clk.setSpeed(speed)
	}
}

// Shutdown terminates every pool of the engine and interrupts every blocked call
// with ErrTerminated, then waits until every goroutine the engine started has
// ended. It is idempotent. Code that ignores ErrTerminated and never calls the
// engine again can delay it: a goroutine cannot be killed.
func (e *Engine) Shutdown() {
	if e.sim != nil {
		e.sim.finishHeld() // before the lock: a held actor may hold it
	}
	e.mu.Lock()
	if e.shut {
		e.mu.Unlock()
		e.waitGoroutines()
		return
	}
	e.shut = true
	pools := slices.Clone(e.pools)
	e.mu.Unlock()
	for _, p := range pools {
		p.terminate(nil, nil)
	}
	e.mu.Lock()
	e.mainAct.terminate()
	e.interruptAll(func(w *waiter) bool { return true })
	e.mu.Unlock()
	if e.watch != nil {
		e.watch.stop()
	}
	e.waitGoroutines()
}

func (e *Engine) waitGoroutines() {
	if e.sim != nil {
		e.sim.choice = chooser{answer: -1} // nobody is asked to pick while the run winds down
		for e.sim.live > 0 || e.sim.pendingTimers() > 0 {
			before := e.sim.steps
			e.sim.run(forever, -1)
			if e.sim.steps == before && e.sim.pendingTimers() == 0 {
				break
			}
		}
		return
	}
	e.wg.Wait()
}

// interruptAll wakes, with ErrTerminated, every blocked call that match selects, in
// the order the calls began. The engine lock must be held.
func (e *Engine) interruptAll(match func(w *waiter) bool) {
	ws := make([]*waiter, 0, len(e.waits))
	for w := range e.waits {
		if match(w) {
			ws = append(ws, w)
		}
	}
	slices.SortFunc(ws, func(a, b *waiter) int { return int(a.id - b.id) })
	for _, w := range ws {
		if w.on.withdraw(w) {
			e.wake(w, ErrTerminated)
		}
	}
}

// pauseGate returns a channel to wait on while a Parallel engine is paused.
func (e *Engine) pauseGate() <-chan struct{} {
	if e.clk == nil {
		return nil
	}
	return e.clk.gate()
}
