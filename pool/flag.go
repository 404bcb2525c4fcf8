package pool

import (
	"context"
)

// Flag is Python's multiprocessing.Event, named Flag here because Event is the
// engine's log record.
//
// Its events (Object = the flag's name; waits as in object.go):
//   - KindObjectCreated: Label "event".
//   - KindFlagSet: Actor = who set it; Count = how many waiters it woke. The
//     KindWaitEnded of each woken waiter follows at once, in the order they came.
//   - KindFlagCleared: Actor = who cleared it.
//   - KindWaitBegan: Actor = the caller of Wait, on every call; Label "wait"; Dur =
//     the timeout. KindWaitEnded closes it: Value "True" when the flag was set,
//     "False" with Err "timed out" when the timeout passed first.

// Flag is a boolean flag that actors wait for, as Python's multiprocessing.Event:
// Set wakes every waiter, Clear resets it, Wait returns at once while it is set.
type Flag struct {
	objectBase
	set     bool
	waiters waitList
}

// NewFlag returns a clear flag called name ("start signal").
func NewFlag(e *Engine, name string) *Flag {
	f := &Flag{}
	e.newObject(&f.objectBase, "event", "event", name, 0, "")
	return f
}

// String renders the flag as Python knows it: "Event(start signal)".
func (f *Flag) String() string { return "Event(" + f.name + ")" }

// IsSet reports whether the flag is set.
func (f *Flag) IsSet() bool {
	f.e.mu.Lock()
	defer f.e.mu.Unlock()
	return f.set
}

// Set sets the flag and wakes every actor waiting for it.
func (f *Flag) Set(ctx context.Context) {
	e := f.e
	a := e.lockedCaller(ctx)
	defer e.mu.Unlock()
	f.set = true
	ws := f.waiters
	f.waiters = nil
	e.emit(a, Event{Actor: actorRef(a), Kind: KindFlagSet, Object: f.name, Count: len(ws)})
	for _, w := range ws {
		e.emit(a, Event{Actor: w.who, Kind: KindWaitEnded, Object: f.name, Label: "wait", Value: "True"})
		e.wake(w, nil)
	}
}

// Clear clears the flag: later Waits wait again.
func (f *Flag) Clear(ctx context.Context) {
	e := f.e
	a := e.lockedCaller(ctx)
	defer e.mu.Unlock()
	f.set = false
	e.emit(a, Event{Actor: actorRef(a), Kind: KindFlagCleared, Object: f.name})
}

// Wait waits until the flag is set and reports true. With a Timeout option
// (with none it waits with no limit) it reports false when that passes first, as
// Python's wait returns False. Its error is ErrTerminated (or the context's error)
// when the wait was interrupted.
func (f *Flag) Wait(ctx context.Context, opts ...WaitOption) (bool, error) {
	timeout := waitLimit(opts)
	e := f.e
	a, who, pctx, err := e.enterOp(ctx)
	if err != nil {
		return false, err
	}
	e.waitBegan(a, &f.objectBase, "wait", timeout, 0)
	if f.set || timeout == 0 {
		ev := Event{Actor: who, Kind: KindWaitEnded, Object: f.name, Label: "wait", Value: pyBool(f.set)}
		if !f.set {
			ev.Err = ErrTimeout.Error()
		}
		e.emit(a, ev)
		e.mu.Unlock()
		return ev.Err == "", nil
	}
	w := e.newWaiter(a, f)
	f.waiters.push(w)
	err = e.park(w, timeout, pctx)
	if err == nil {
		return true, nil // Set closed the wait
	}
	e.mu.Lock()
	e.emit(a, Event{Actor: who, Kind: KindWaitEnded, Object: f.name, Label: "wait", Value: "False", Err: err.Error()})
	e.mu.Unlock()
	if err == ErrTimeout {
		return false, nil
	}
	return false, err
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func (f *Flag) withdraw(w *waiter) bool { return f.waiters.remove(w) }

func (f *Flag) waitFor(*waiter) waitTarget {
	return waitTarget{Object: f.phrase, Verb: "waits for", Why: f.e.because("nobody will set it", "it is not set")}
}
