package pool

import (
	"context"
	"errors"
	"fmt"
)

// Barrier is Python's multiprocessing.Barrier.
//
// Its events (Object = the barrier's name; waits as in object.go):
//   - KindObjectCreated: Label "barrier"; Count = the parties.
//   - KindWaitBegan: Actor = the caller of Wait, on every call; Label "wait"; Dur
//     = the timeout; Count = the parties waiting now, the caller included.
//   - KindWaitEnded: closes each wait. When the last party arrives (and the action,
//     if any, succeeded), it records the KindWaitEnded of every party in arrival
//     order, its own last, each with Count = that party's arrival index. A wait
//     that fails has Err set and is recorded by the waiter itself.
//   - KindBarrierBroken: Actor = who broke it; Label = why: "abort", "timeout"
//     (a wait timed out, or its context ended), "terminated" (a waiting actor was
//     terminated) or "action" (the action failed); Count = the waiters it woke,
//     each of which then records its KindWaitEnded with Err "barrier is broken".
//   - KindBarrierReset: Actor = who reset it; the barrier is whole again; Count =
//     the waiters it woke with ErrBrokenBarrier, as KindBarrierBroken.

// ErrBrokenBarrier is returned by Barrier.Wait on a broken or reset barrier, as
// Python raises threading.BrokenBarrierError.
var ErrBrokenBarrier = errors.New("barrier is broken")

// errBarrierTimedOut is what the wait that timed out, breaking the barrier, returns.
var errBarrierTimedOut = fmt.Errorf("%w (%w)", ErrBrokenBarrier, ErrTimeout)

// Barrier makes a fixed number of parties wait for each other, as Python's
// multiprocessing.Barrier: each Wait blocks until parties actors called it, then
// all go on together and the barrier is ready for the next round. A wait that
// times out, an Abort, or a failing action breaks it: every waiting and later
// Wait returns ErrBrokenBarrier until Reset.
type Barrier struct {
	objectBase
	parties int
	action  func(ctx context.Context) error
	broken  bool
	waiters waitList // this round's parties, in arrival order; each val is its index
	// tripping holds the parties of a round whose action is running: released
	// already, their wake-up is on its way, so neither a timeout nor Terminate
	// can take them back.
	tripping waitList
}

// NewBarrier returns a barrier called name for parties actors. action, if not nil,
// is run by the last party to arrive, before any party goes on, with that party's
// context; if it fails (an error or a panic) the barrier breaks. NewBarrier panics
// if parties < 1, as Python raises ValueError.
func NewBarrier(e *Engine, name string, parties int, action func(ctx context.Context) error) *Barrier {
	if parties < 1 {
		panic(fmt.Sprintf("pool: barrier %q: %d parties: need at least 1", name, parties))
	}
	b := &Barrier{parties: parties, action: action}
	e.newObject(&b.objectBase, "barrier", "barrier", name, parties, "")
	return b
}

// String renders the barrier as "Barrier(name)".
func (b *Barrier) String() string { return "Barrier(" + b.name + ")" }

// Parties returns the number of parties a round needs.
func (b *Barrier) Parties() int { return b.parties }

// Waiting returns the parties waiting now (Python's n_waiting).
func (b *Barrier) Waiting() int {
	b.e.mu.Lock()
	defer b.e.mu.Unlock()
	return len(b.waiters)
}

// Broken reports whether the barrier is broken.
func (b *Barrier) Broken() bool {
	b.e.mu.Lock()
	defer b.e.mu.Unlock()
	return b.broken
}

// Wait waits until every party arrived and returns the caller's arrival index,
// from 0 to parties-1 (the last to arrive gets parties-1). With a timeout
// (a Timeout option; with none it waits with no limit) a wait that does not see
// the round complete breaks the barrier. On a broken barrier, or one broken or
// reset while waiting, it returns ErrBrokenBarrier.
func (b *Barrier) Wait(ctx context.Context, opts ...WaitOption) (int, error) {
	timeout := waitLimit(opts)
	e := b.e
	a, who, pctx, err := e.enterOp(ctx)
	if err != nil {
		return 0, err
	}
	index := len(b.waiters)
	e.waitBegan(a, &b.objectBase, "wait", timeout, index+1)
	switch {
	case b.broken:
		e.waitEnded(a, who, &b.objectBase, "wait", ErrBrokenBarrier)
		e.mu.Unlock()
		return 0, ErrBrokenBarrier
	case index+1 == b.parties:
		return b.trip(ctx, a, index)
	case timeout == 0:
		// Python breaks the barrier when a wait times out, a zero one included.
		b.breakLocked(a, who, "timeout", nil)
		e.waitEnded(a, who, &b.objectBase, "wait", errBarrierTimedOut)
		e.mu.Unlock()
		return 0, errBarrierTimedOut
	}
	w := e.newWaiter(a, b)
	w.val = index
	b.waiters.push(w)
	err = e.park(w, timeout, pctx)
	if err == nil {
		return index, nil // the last party recorded our KindWaitEnded
	}
	if err == ErrTimeout {
		err = errBarrierTimedOut // withdraw broke the barrier at that moment
	}
	e.waitFailed(a, &b.objectBase, "wait", err)
	return 0, err
}

// trip completes a round: it runs the action, then releases every party. It is
// called with the engine lock held and returns without it.
func (b *Barrier) trip(ctx context.Context, a *actor, index int) (int, error) {
	e := b.e
	who := actorRef(a)
	ws := b.waiters
	b.waiters = nil // later arrivals make the next round
	if b.action != nil {
		b.tripping = ws
		e.mu.Unlock()
		err := runAction(ctx, b.action)
		e.mu.Lock()
		ws, b.tripping = b.tripping, nil
		if err != nil {
			b.breakLocked(a, who, "action", ws)
			err = fmt.Errorf("%w: its action failed: %w", ErrBrokenBarrier, err)
			e.waitEnded(a, who, &b.objectBase, "wait", err)
			e.mu.Unlock()
			return 0, err
		}
	}
	for _, w := range ws {
		e.emit(a, Event{Actor: w.who, Kind: KindWaitEnded, Object: b.name, Label: "wait", Count: w.val.(int)})
		e.wake(w, nil)
	}
	e.emit(a, Event{Actor: who, Kind: KindWaitEnded, Object: b.name, Label: "wait", Count: index})
	e.mu.Unlock()
	return index, nil
}

func runAction(ctx context.Context, action func(context.Context) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = newPanicError(r)
		}
	}()
	return action(ctx)
}

// Abort breaks the barrier: waiting parties, and every later Wait until Reset,
// get ErrBrokenBarrier.
func (b *Barrier) Abort(ctx context.Context) {
	e := b.e
	a, _ := e.caller(ctx)
	e.mu.Lock()
	defer e.mu.Unlock()
	b.breakLocked(a, actorRef(a), "abort", nil)
}

// Reset makes the barrier whole and empty again; parties waiting get
// ErrBrokenBarrier, as in Python.
func (b *Barrier) Reset(ctx context.Context) {
	e := b.e
	a, _ := e.caller(ctx)
	e.mu.Lock()
	defer e.mu.Unlock()
	ws := b.waiters
	b.waiters, b.broken = nil, false
	e.emit(a, Event{Actor: actorRef(a), Kind: KindBarrierReset, Object: b.name, Count: len(ws)})
	for _, w := range ws {
		e.wake(w, ErrBrokenBarrier)
	}
}

// breakLocked marks the barrier broken and wakes its waiting parties, and the
// released parties of a round whose action failed, with ErrBrokenBarrier. A
// terminated party gets ErrTerminated instead: Terminate wakes a waiting one
// itself (it is left on the list for that), and skips a released one, so it is
// woken here. The engine lock is held.
func (b *Barrier) breakLocked(via *actor, who Actor, why string, released waitList) {
	e := b.e
	b.broken = true
	var woken, left waitList
	for _, w := range b.waiters {
		if w.a != nil && w.a.terminated {
			left = append(left, w)
		} else {
			woken = append(woken, w)
		}
	}
	b.waiters = left
	e.emit(via, Event{Actor: who, Kind: KindBarrierBroken, Object: b.name, Label: why, Count: len(woken) + len(released)})
	for _, w := range woken {
		e.wake(w, ErrBrokenBarrier)
	}
	for _, w := range released {
		if w.a != nil && w.a.terminated {
			e.wake(w, ErrTerminated)
		} else {
			e.wake(w, ErrBrokenBarrier)
		}
	}
}

// withdraw takes a waiting party back, which breaks the barrier (Python breaks it
// when a wait times out). Called by a timeout, a cancelled context or Terminate,
// from any goroutine, so its event goes to the shared ring (via nil).
func (b *Barrier) withdraw(w *waiter) bool {
	if !b.waiters.remove(w) {
		return false // not waiting, or released by a round whose action runs
	}
	if !b.broken {
		why := "timeout"
		if w.a != nil && w.a.terminated {
			why = "terminated"
		}
		b.breakLocked(nil, w.who, why, nil)
	}
	return true
}

func (b *Barrier) waitFor(w *waiter) waitTarget {
	t := waitTarget{Object: b.phrase, Verb: "waits at"}
	for _, x := range b.tripping {
		if x == w {
			t.Why = "its action is running"
			return t
		}
	}
	n := len(b.waiters)
	t.Why = b.e.because(fmt.Sprintf("only %d of %d parties arrived and nobody else can come", n, b.parties),
		fmt.Sprintf("%d of %d parties are here", n, b.parties))
	return t
}
