package pool

import (
	"context"
	"errors"
	"fmt"
)

// Semaphore and BoundedSemaphore are Python's multiprocessing.Semaphore and
// BoundedSemaphore.
//
// Their events (Object = the semaphore's name; waits as in object.go):
//   - KindObjectCreated: Label "semaphore" or "bounded-semaphore"; Count = the
//     initial value.
//   - KindAcquireRequested: Actor = the caller, on every Acquire; Other = the
//     actors holding permits, comma-separated; Count = the permits left; Dur = the
//     timeout.
//   - KindWaitBegan, KindWaitEnded: Label "acquire", when no permit is left.
//   - KindAcquireGranted: Actor = who got a permit; Count = the permits left after.
//     When a release hands its permit to a waiter, the releaser records the
//     waiter's KindWaitEnded and then its grant, at once.
//   - KindReleased: Actor = the caller; Count = the permits left after the release
//     (before the hand-over, if a grant follows); Other = the holder whose permit
//     it gave back, when that is not the caller ("" when nobody held one: a
//     semaphore used as a signal).

// ErrOverRelease is returned by releasing a BoundedSemaphore above its initial
// value, as Python raises ValueError("Semaphore released too many times").
var ErrOverRelease = errors.New("semaphore released too many times")

// Semaphore is a counter of permits, as Python's multiprocessing.Semaphore:
// Acquire takes a permit, waiting while none is left; Release gives one back and
// may be called by any actor, any number of times. Waiters get permits in the
// order they asked. The engine remembers who holds permits, for explanations.
type Semaphore struct {
	objectBase
	value   int
	initial int
	bounded bool
	holders []Actor // who took a permit and has not given it back, oldest first
	waiters waitList
}

// BoundedSemaphore is a Semaphore that refuses to be released above its initial
// value, as Python's multiprocessing.BoundedSemaphore.
type BoundedSemaphore struct{ Semaphore }

// NewSemaphore returns a semaphore called name with value permits. It panics if
// value is negative, as Python raises ValueError.
func NewSemaphore(e *Engine, name string, value int) *Semaphore {
	s := &Semaphore{}
	s.init(e, "semaphore", name, value)
	return s
}

// NewBoundedSemaphore returns a bounded semaphore called name with value permits.
// It panics if value is negative.
func NewBoundedSemaphore(e *Engine, name string, value int) *BoundedSemaphore {
	s := &BoundedSemaphore{}
	s.bounded = true
	s.init(e, "bounded-semaphore", name, value)
	return s
}

func (s *Semaphore) init(e *Engine, kind, name string, value int) {
	if value < 0 {
		panic(fmt.Sprintf("pool: semaphore %q: initial value %d must be >= 0", name, value))
	}
	s.value, s.initial = value, value
	e.newObject(&s.objectBase, kind, "semaphore", name, value, "")
}

// String renders the semaphore as "Semaphore(name)".
func (s *Semaphore) String() string { return "Semaphore(" + s.name + ")" }

// String renders the semaphore as "BoundedSemaphore(name)".
func (s *BoundedSemaphore) String() string { return "BoundedSemaphore(" + s.name + ")" }

// Value returns the permits left.
func (s *Semaphore) Value() int {
	s.e.mu.Lock()
	defer s.e.mu.Unlock()
	return s.value
}

// Acquire takes a permit, waiting while none is left. With a timeout (a Timeout
// option; with none it waits with no limit) it returns ErrTimeout when that passes
// first, as Python's acquire returns False.
func (s *Semaphore) Acquire(ctx context.Context, opts ...WaitOption) error {
	timeout := waitLimit(opts)
	e := s.e
	a, who, pctx, err := e.enterOp(ctx)
	if err != nil {
		return err
	}
	e.emit(a, Event{Actor: who, Kind: KindAcquireRequested, Object: s.name, Other: actorList(distinct(s.holders)),
		Count: s.value, Dur: timeout})
	if s.value > 0 {
		s.grant(a, who)
		e.mu.Unlock()
		return nil
	}
	_, err = e.waitTurn(a, pctx, waitSpec{&s.objectBase, s, &s.waiters, "acquire", ErrTimeout}, timeout, nil)
	return err // nil: a release handed us its permit
}

// grant gives one permit to who. The engine lock is held.
func (s *Semaphore) grant(via *actor, who Actor) {
	s.value--
	s.holders = append(s.holders, who)
	s.e.emit(via, Event{Actor: who, Kind: KindAcquireGranted, Object: s.name, Count: s.value})
}

// Release gives a permit back, handing it to the oldest waiter if there is one. A
// BoundedSemaphore already at its initial value returns ErrOverRelease instead.
func (s *Semaphore) Release(ctx context.Context) error {
	e := s.e
	a := e.lockedCaller(ctx)
	defer e.mu.Unlock()
	who := actorRef(a)
	if s.bounded && s.value >= s.initial {
		return fmt.Errorf("%s: %w", s.phrase, ErrOverRelease)
	}
	ev := Event{Actor: who, Kind: KindReleased, Object: s.name}
	// The caller gives back its own permit if it has one, else the oldest holder's:
	// Python lets anyone release, and does not say whose permit that is.
	i := -1
	for j, h := range s.holders {
		if h == who {
			i = j
			break
		}
	}
	if i < 0 && len(s.holders) > 0 {
		i = 0
		ev.Other = s.holders[0].String()
	}
	if i >= 0 {
		s.holders = append(s.holders[:i], s.holders[i+1:]...)
	}
	s.value++
	ev.Count = s.value
	e.emit(a, ev)
	if w := s.waiters.pop(); w != nil {
		e.waitEnded(a, w.who, &s.objectBase, "acquire", nil)
		s.grant(a, w.who)
		e.wake(w, nil)
	}
	return nil
}

func (s *Semaphore) withdraw(w *waiter) bool { return s.waiters.remove(w) }

// waitFor: permits can come back from any actor, not only from their holders, so
// a wait on a semaphore is never part of a certain cycle.
func (s *Semaphore) waitFor(*waiter) waitTarget {
	t := waitTarget{Object: s.phrase, Verb: "waits for", Holders: distinct(s.holders)}
	if len(t.Holders) == 0 {
		t.Why = s.e.because("nobody will release it", "it has no permits left")
	}
	return t
}
