package pool

import (
	"context"
	"runtime"
	"time"
)

// waitable is anything an actor can block on: a shared object, a result, a pool.
type waitable interface {
	// withdraw removes w from the object's wait list if it is still on it, and
	// reports whether it was. The engine lock is held.
	withdraw(w *waiter) bool
	// waitFor names what w waits for and who, if anyone, could end the wait by
	// releasing it, for the wait-for graph. The engine lock is held.
	waitFor(w *waiter) waitTarget
}

// waitTarget is one edge of the wait-for graph: an actor waits on an object, which
// is held by holders (none for a queue or an event nobody holds).
type waitTarget struct {
	Object  string  // "lock A", "result of task 3"
	Verb    string  // "waits for", "waits to get from"
	Holders []Actor // who holds it; a wait on a held object can end only through them
	Why     string  // for objects without holders: why nobody will end the wait
	quiet   bool    // an expected wait (an idle worker, a sleep): no Blocked event
	// Exclusive: only the one holder can end the wait (a lock, a running task's
	// result), so a cycle of such waits is a deadlock.
	Exclusive bool
}

// waiter is one blocked call.
type waiter struct {
	id    uint64
	who   Actor
	a     *actor // nil: an anonymous caller of a Parallel engine
	on    waitable
	ch    chan struct{} // Parallel: the wake-up
	err   error
	val   any // a value handed over by the waker (a queue item, a job)
	timer *simTimer
	since time.Duration

	object string // what it waits on, as onBlock saw it
	quiet  bool
	// timed says the wait has a timeout: it ends on its own, so it is never a
	// wait forever, neither an edge of a deadlock's cycle nor part of a stall.
	timed bool
}

// withdrawOne is withdraw for an object with room for one waiter, in *slot.
func withdrawOne(slot **waiter, w *waiter) bool {
	if *slot != w {
		return false
	}
	*slot = nil
	return true
}

// newWaiter prepares a wait by a on obj. The engine lock must be held.
func (e *Engine) newWaiter(a *actor, on waitable) *waiter {
	e.waitSeq++
	w := &waiter{id: e.waitSeq, a: a, on: on, who: MainActor}
	if a != nil {
		w.who = a.ref
	}
	if e.sim == nil {
		w.ch = make(chan struct{}, 1)
	}
	return w
}

// park blocks the caller of w, which its object has put on its wait list, until a
// waker calls wake or timeout (virtual; negative: none) passes or the actor is
// terminated. It is called with the engine lock held and returns without it.
func (e *Engine) park(w *waiter, timeout time.Duration, ctx context.Context) error {
	if err := e.checkAlive(w.a); err != nil {
		w.on.withdraw(w)
		e.mu.Unlock()
		return err
	}
	e.waits[w] = struct{}{}
	w.since = e.nowLocked()
	w.timed = timeout >= 0
	e.onBlock(w)
	if e.sim != nil {
		return e.parkSim(w, timeout)
	}
	e.mu.Unlock()
	return e.parkParallel(w, timeout, ctx)
}

func (e *Engine) nowLocked() time.Duration {
	if e.sim != nil {
		return e.sim.now
	}
	return e.clk.now()
}

func (e *Engine) parkSim(w *waiter, timeout time.Duration) error {
	s := e.sim
	if timeout >= 0 {
		w.timer = s.after(timeout, func() {
			e.mu.Lock()
			if w.on.withdraw(w) {
				e.wake(w, ErrTimeout)
			}
			e.mu.Unlock()
		})
		if _, sleeping := w.on.(*sleeper); sleeping {
			w.timer.sleeper = w.a
		}
	}
	e.mu.Unlock()
	s.block(w.a)
	e.mu.Lock()
	delete(e.waits, w)
	if w.timer != nil {
		w.timer.dead = true
	}
	killed := w.a != nil && w.a.killed
	e.mu.Unlock()
	if killed {
		runtime.Goexit() // its process is gone: nothing more of its code runs (see KillWorker)
	}
	return w.err
}

func (e *Engine) parkParallel(w *waiter, timeout time.Duration, ctx context.Context) error {
	if unmark := blockedIn(w.a, w.on); unmark != nil {
		defer unmark()
	}
	var done <-chan struct{}
	if ctx != nil {
		done = ctx.Done()
	}
	deadline := time.Duration(-1)
	if timeout >= 0 {
		deadline = e.clk.now() + timeout
	}
	for {
		var timerC <-chan time.Time
		var changed <-chan struct{}
		var t *time.Timer
		if deadline >= 0 {
			wait, due, ch := e.clk.untilDeadline(deadline)
			changed = ch
			if due {
				if e.cancelWait(w, ErrTimeout) {
					return ErrTimeout
				}
				return e.finishWait(w)
			}
			if wait >= 0 {
				t = time.NewTimer(wait)
				timerC = t.C
			}
		}
		select {
		case <-w.ch:
			if t != nil {
				t.Stop()
			}
			e.mu.Lock()
			delete(e.waits, w)
			e.mu.Unlock()
			return w.err
		case <-done:
			if t != nil {
				t.Stop()
			}
			if e.cancelWait(w, ctx.Err()) {
				return ctx.Err()
			}
			return e.finishWait(w)
		case <-timerC:
		case <-changed:
			if t != nil {
				t.Stop()
			}
		}
	}
}

// cancelWait withdraws w with err if nobody woke it yet.
func (e *Engine) cancelWait(w *waiter, err error) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if w.on.withdraw(w) {
		delete(e.waits, w)
		w.err = err
		e.onUnblock(w)
		return true
	}
	return false
}

// finishWait takes the wake-up that is on its way to w after a lost race with a timeout.
func (e *Engine) finishWait(w *waiter) error {
	<-w.ch
	e.mu.Lock()
	delete(e.waits, w)
	e.mu.Unlock()
	return w.err
}

// wake ends w's wait with err; its object has already taken it off its wait list.
// The engine lock must be held.
func (e *Engine) wake(w *waiter, err error) {
	w.err = err
	e.onUnblock(w)
	if e.sim != nil {
		e.sim.ready(w.a)
		return
	}
	e.progress.Add(1)
	w.ch <- struct{}{}
}

// sleep blocks a for d of virtual time; it returns early only with ErrTerminated.
func (e *Engine) sleep(a *actor, d time.Duration, ctx context.Context) error {
	e.mu.Lock()
	if a != nil && a.slow > 1 {
		d = time.Duration(float64(d) * a.slow)
	}
	if a != nil && a.delay > 0 {
		d, a.delay = d+a.delay, 0
	}
	s := &sleeper{}
	w := e.newWaiter(a, s)
	s.w = w
	err := e.park(w, d, ctx)
	if err == ErrTimeout {
		return nil
	}
	return err
}

// sleeper is what a sleeping actor waits on: nobody wakes it but its timer.
type sleeper struct{ w *waiter }

func (s *sleeper) withdraw(w *waiter) bool {
	if s.w == nil {
		return false
	}
	s.w = nil
	return true
}

func (s *sleeper) waitFor(*waiter) waitTarget {
	return waitTarget{Object: "sleep", Verb: "sleeps", quiet: true}
}
