package pool

import (
	"context"
	"fmt"
	"math"
	"time"
)

// Condition is Python's multiprocessing.Condition.
//
// Its events (Object = the condition's name; waits as in object.go):
//   - KindObjectCreated: Label "condition"; Other = the name of its lock.
//   - KindWaitBegan: Actor = the caller of Wait, on every call; Label "wait"; Dur
//     = the timeout. Then the lock's KindReleased (every level of an RLock) follows.
//   - KindNotified: Actor = who notified; Count = how many waiters it woke. The
//     KindWaitEnded of each (Value "True") follows at once, oldest first. Each
//     woken waiter then takes the lock again: the lock's KindAcquireRequested and
//     KindAcquireGranted (Count = the recursion level it had) follow, as for any
//     acquire.
//   - KindWaitEnded with Err "timed out" (Value "False"): a wait whose timeout
//     passed first; the waiter takes the lock again too. With Err "terminated" it
//     does not.

// Condition lets actors wait until another actor notifies them, as Python's
// multiprocessing.Condition: a waiter must hold the condition's lock, which Wait
// releases while it waits and takes again before it returns. Notify wakes
// waiters in the order they began to wait.
type Condition struct {
	objectBase
	lock    Locker
	waiters waitList
}

// NewCondition returns a condition called name over lock; with a nil lock it
// makes an RLock called name + " lock", as Python's Condition() makes an RLock.
func NewCondition(e *Engine, name string, lock Locker) *Condition {
	if lock == nil {
		lock = NewRLock(e, name+" lock")
	}
	c := &Condition{lock: lock}
	e.newObject(&c.objectBase, "condition", "condition", name, 0, lock.Name())
	return c
}

// String renders the condition as "Condition(name)".
func (c *Condition) String() string { return "Condition(" + c.name + ")" }

// Lock returns the condition's lock.
func (c *Condition) Lock() Locker { return c.lock }

// Acquire acquires the condition's lock (see Lock.Acquire).
func (c *Condition) Acquire(ctx context.Context, opts ...WaitOption) error {
	return c.lock.Acquire(ctx, opts...)
}

// Release releases the condition's lock (see Lock.Release).
func (c *Condition) Release(ctx context.Context) error { return c.lock.Release(ctx) }

// Wait releases the lock, which the caller must hold (else ErrNotOwner), waits
// until notified, takes the lock again at the same recursion level and reports
// true. With a timeout (a Timeout option; with none it waits with no limit) it
// reports false when that passed first, still taking the lock again, as Python's
// wait returns False. When the wait is interrupted (ErrTerminated) it returns
// without the lock.
func (c *Condition) Wait(ctx context.Context, opts ...WaitOption) (bool, error) {
	timeout := waitLimit(opts)
	e := c.e
	l := c.lock.core()
	a, who, pctx, err := e.enterOp(ctx)
	if err != nil {
		return false, err
	}
	if !l.heldBy(who) {
		e.mu.Unlock()
		return false, fmt.Errorf("cannot wait on %s: %w", c.phrase, ErrNotOwner)
	}
	e.waitBegan(a, &c.objectBase, "wait", timeout, 0)
	// Releasing and joining the wait list under one hold of the engine lock means
	// no notify can slip in between and be lost.
	level := l.release(a, who, true)
	if timeout == 0 {
		e.emit(a, Event{Actor: who, Kind: KindWaitEnded, Object: c.name, Label: "wait", Value: "False", Err: ErrTimeout.Error()})
		e.mu.Unlock()
		err = ErrTimeout
	} else {
		w := e.newWaiter(a, c)
		c.waiters.push(w)
		if err = e.park(w, timeout, pctx); err != nil {
			e.mu.Lock()
			e.emit(a, Event{Actor: who, Kind: KindWaitEnded, Object: c.name, Label: "wait", Value: "False", Err: err.Error()})
			e.mu.Unlock()
		}
	}
	if err != nil && err != ErrTimeout {
		return false, err
	}
	if aerr := l.acquire(ctx, -1, level); aerr != nil {
		return false, aerr
	}
	return err == nil, nil
}

// WaitFor waits until pred returns true, calling Wait as often as needed, and
// reports pred's last answer, as Python's wait_for. pred is called with the lock
// held. A Timeout option bounds the whole call, not each wait.
func (c *Condition) WaitFor(ctx context.Context, pred func() bool, opts ...WaitOption) (bool, error) {
	timeout := waitLimit(opts)
	var end time.Duration
	wait, started := timeout, false
	for !pred() {
		if timeout >= 0 {
			if !started {
				end, started = c.e.Now()+timeout, true
			} else if wait = end - c.e.Now(); wait <= 0 {
				return false, nil
			}
		}
		if _, err := c.Wait(ctx, WaitOption{timeout: wait, set: wait >= 0}); err != nil {
			return false, err
		}
	}
	return true, nil
}

// Notify wakes up to n waiters, oldest first; the caller must hold the lock
// (else ErrNotOwner). Each woken waiter goes on once it has the lock again.
func (c *Condition) Notify(ctx context.Context, n int) error {
	e := c.e
	a, _ := e.caller(ctx)
	who := actorRef(a)
	e.mu.Lock()
	defer e.mu.Unlock()
	if !c.lock.core().heldBy(who) {
		return fmt.Errorf("cannot notify on %s: %w", c.phrase, ErrNotOwner)
	}
	k := min(max(n, 0), len(c.waiters))
	e.emit(a, Event{Actor: who, Kind: KindNotified, Object: c.name, Count: k})
	for range k {
		w := c.waiters.pop()
		e.emit(a, Event{Actor: w.who, Kind: KindWaitEnded, Object: c.name, Label: "wait", Value: "True"})
		e.wake(w, nil)
	}
	return nil
}

// NotifyAll wakes every waiter; the caller must hold the lock.
func (c *Condition) NotifyAll(ctx context.Context) error { return c.Notify(ctx, math.MaxInt) }

func (c *Condition) withdraw(w *waiter) bool { return c.waiters.remove(w) }

func (c *Condition) waitFor(*waiter) waitTarget {
	return waitTarget{Object: c.phrase, Verb: "waits on", Why: c.e.because("nobody will notify it", "it waits to be notified")}
}
