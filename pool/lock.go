package pool

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Lock and RLock are Python's multiprocessing.Lock and RLock.
//
// Their events (Object = the lock's name; waits as in object.go):
//   - KindObjectCreated: Label "lock" or "rlock".
//   - KindAcquireRequested: Actor = the caller, on every Acquire; Other = the
//     holder at that moment ("" when the lock is free); Dur = the timeout.
//   - KindWaitBegan, KindWaitEnded: Label "acquire", when the caller has to wait.
//   - KindAcquireGranted: Actor = the new holder; Count = its recursion level (1
//     for a Lock). When a release hands the lock to a waiter, the releaser records
//     the waiter's KindWaitEnded and then its grant, at once.
//   - KindReleased: Actor = the caller; Count = the recursion level left (0: the
//     lock is free, unless a KindAcquireGranted follows); Other = the holder whose
//     hold ended, when that is not the caller (anyone may release a Lock).

// Errors of a lock.
var (
	// ErrNotHeld is returned by releasing a lock nobody holds, as Python raises
	// RuntimeError (ValueError for a multiprocessing.Lock).
	ErrNotHeld = errors.New("release of a lock that is not held")
	// ErrNotOwner is returned when the caller must own an RLock (or the lock of a
	// Condition) and does not, as Python raises RuntimeError("cannot release
	// un-acquired lock").
	ErrNotOwner = errors.New("the caller does not hold the lock")
)

// lockCore is the state of a Lock or RLock, guarded by the engine lock.
type lockCore struct {
	objectBase
	reentrant bool
	held      bool
	holder    Actor
	level     int
	waiters   waitList // each waiter's val is the recursion level it will hold
}

// Lock is a mutual-exclusion lock, as Python's multiprocessing.Lock: one holder at
// a time, not re-entrant (a holder that acquires it again waits for itself), and
// any actor may release it.
type Lock struct{ lockCore }

// RLock is a re-entrant lock, as Python's multiprocessing.RLock: its owner may
// acquire it again without waiting, raising its recursion level, and must release
// it as many times; only the owner may release it. In Parallel mode every caller
// passing a plain context counts as main, so they share ownership.
type RLock struct{ lockCore }

// Locker is the lock a Condition is built on: a *Lock or an *RLock.
type Locker interface {
	Acquire(ctx context.Context, opts ...WaitOption) error
	Release(ctx context.Context) error
	Name() string
	core() *lockCore
}

// NewLock returns a free lock called name ("lock A").
func NewLock(e *Engine, name string) *Lock {
	l := &Lock{}
	e.newObject(&l.objectBase, "lock", "lock", name, 0, "")
	return l
}

// NewRLock returns a free re-entrant lock called name.
func NewRLock(e *Engine, name string) *RLock {
	l := &RLock{lockCore{reentrant: true}}
	e.newObject(&l.objectBase, "rlock", "lock", name, 0, "")
	return l
}

// String renders the lock as "Lock(lock A)".
func (l *Lock) String() string { return "Lock(" + l.name + ")" }

// String renders the lock as "RLock(name)".
func (l *RLock) String() string { return "RLock(" + l.name + ")" }

func (l *lockCore) core() *lockCore { return l }

// Acquire takes the lock, waiting while another actor holds it; an RLock's owner
// takes it again at once. With a Timeout option (with none it waits with no
// limit) it returns ErrTimeout when that passes first, as Python's acquire
// returns False. Waiters get the lock in the order they asked.
func (l *lockCore) Acquire(ctx context.Context, opts ...WaitOption) error {
	return l.acquire(ctx, waitLimit(opts), 1)
}

// acquire takes the lock at the given recursion level: 1, or the level a
// Condition wait saved.
func (l *lockCore) acquire(ctx context.Context, timeout time.Duration, level int) error {
	e := l.e
	a, who, pctx, err := e.enterOp(ctx)
	if err != nil {
		return err
	}
	ev := Event{Actor: who, Kind: KindAcquireRequested, Object: l.name, Dur: timeout}
	if l.held {
		ev.Other = l.holder.String()
	}
	e.emit(a, ev)
	switch {
	case !l.held:
		l.grant(a, who, level)
	case l.reentrant && l.holder == who:
		// Re-entry by the owner is not a wait, so it never closes a cycle.
		l.grant(a, who, l.level+level)
	default:
		_, err := e.waitTurn(a, pctx, waitSpec{&l.objectBase, l, &l.waiters, "acquire", ErrTimeout}, timeout, level)
		return err // nil: the releaser made us the holder
	}
	e.mu.Unlock()
	return nil
}

// grant makes who the holder at level. The engine lock is held.
func (l *lockCore) grant(via *actor, who Actor, level int) {
	l.held, l.holder, l.level = true, who, level
	l.e.emit(via, Event{Actor: who, Kind: KindAcquireGranted, Object: l.name, Count: level})
}

// Release releases the lock; an RLock's owner lowers its recursion level and frees
// the lock at 0. The oldest waiter, if any, becomes the holder at once. Releasing a
// free lock returns ErrNotHeld; releasing an RLock another actor owns returns
// ErrNotOwner.
func (l *lockCore) Release(ctx context.Context) error {
	e := l.e
	a := e.lockedCaller(ctx)
	defer e.mu.Unlock()
	who := actorRef(a)
	if !l.held {
		return fmt.Errorf("%s: %w", l.phrase, ErrNotHeld)
	}
	if l.reentrant && l.holder != who {
		return fmt.Errorf("%s is held by %s: %w", l.phrase, l.holder, ErrNotOwner)
	}
	l.release(a, who, false)
	return nil
}

// release ends one level of the hold (every level with all), handing a freed lock
// to the oldest waiter, and returns the level it released. The engine lock is held.
func (l *lockCore) release(via *actor, who Actor, all bool) int {
	e := l.e
	if l.reentrant && !all && l.level > 1 {
		l.level--
		e.emit(via, Event{Actor: who, Kind: KindReleased, Object: l.name, Count: l.level})
		return 1
	}
	level := l.level
	ev := Event{Actor: who, Kind: KindReleased, Object: l.name}
	if l.holder != who {
		ev.Other = l.holder.String()
	}
	l.held, l.holder, l.level = false, Actor{}, 0
	e.emit(via, ev)
	if w := l.waiters.pop(); w != nil {
		e.waitEnded(via, w.who, &l.objectBase, "acquire", nil)
		l.grant(via, w.who, w.val.(int))
		e.wake(w, nil)
	}
	return level
}

// heldBy reports whether who holds the lock. The engine lock is held.
func (l *lockCore) heldBy(who Actor) bool { return l.held && l.holder == who }

func (l *lockCore) withdraw(w *waiter) bool { return l.waiters.remove(w) }

// waitFor: a lock has one holder, and only that holder can end the wait, so a
// cycle of such waits is a deadlock.
func (l *lockCore) waitFor(*waiter) waitTarget {
	t := waitTarget{Object: l.phrase, Verb: "waits for", Exclusive: true}
	if l.held {
		t.Holders = []Actor{l.holder}
	}
	return t
}
