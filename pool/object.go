package pool

import (
	"context"
	"slices"
	"strings"
	"time"
)

// The shared objects (queues, pipes, locks, events, semaphores, barriers,
// conditions, values and the log) are what a teacher hands to every worker
// through the initializer. Each one lives in an engine, keeps its state under
// the engine lock, and blocks only through Engine.park, so the wait-for graph
// always knows who holds it and who waits for it. Cost: an operation that need
// not wait takes the engine lock once; one that waits takes it about three
// times and parks its goroutine.
//
// Conventions shared by every object's events (each object file lists its own):
//   - Object is the object's name and Actor is who acted. An event recorded at a
//     hand-over (a release that grants a lock to a waiter, a put that feeds a
//     waiting get) names the waiter as its Actor.
//   - An operation that has to wait emits KindWaitBegan (Label = the operation:
//     "get", "put", "acquire", "wait", "recv"; Dur = the timeout, -1 for none)
//     and, when the wait is over, exactly one KindWaitEnded with the same Actor,
//     Object and Label. A wait that ends well is closed by whoever ended it, at
//     that moment, right before the event saying what the waiter got; a wait
//     that fails (timed out, terminated, broken barrier) is closed by the
//     waiter, with Err set.
//     A non-blocking attempt that fails (a zero timeout) is a WaitBegan and a
//     WaitEnded with Err in a row, so that every attempt shows.
//   - The engine adds KindBlocked and KindUnblocked around every real wait (see
//     deadlock.go); their Object is the object's phrase ("queue results"), not its name.
//
// Each object's errors, named after the Python exceptions they stand for, are
// declared next to it.

// objectBase is what every shared object has: its engine and its name.
type objectBase struct {
	e      *Engine
	name   string
	phrase string // how sentences name it: "queue results", "lock A"
}

// Name returns the object's name.
func (o *objectBase) Name() string { return o.name }

// newObject registers a new object with e and records its creation. kind is the
// event's label ("simple-queue"), noun what sentences call it ("queue"), count its
// size (a queue's maxsize, a semaphore's value, a barrier's parties) and other the
// name of an object it is built on (a condition's lock). Objects are created by
// the main program, as in Python, whoever calls the constructor.
func (e *Engine) newObject(o *objectBase, kind, noun, name string, count int, other string) {
	o.e, o.name, o.phrase = e, name, ObjectPhrase(noun, name)
	e.mu.Lock()
	e.objects = append(e.objects, o)
	e.emit(nil, Event{Actor: MainActor, Kind: KindObjectCreated, Object: name, Label: kind, Count: count, Other: other})
	e.mu.Unlock()
}

// ObjectPhrase names an object in a sentence: its name, preceded by what it is
// unless the name says so already ("results" -> "queue results", "lock A" stays).
func ObjectPhrase(noun, name string) string {
	if name == "" || name == noun {
		return "the " + noun // a pool left with its default name is "the pool"
	}
	for _, w := range strings.Fields(strings.ToLower(name)) {
		if w == noun || (noun == "lock" && w == "rlock") {
			return name
		}
	}
	return noun + " " + name
}

// enter checks that the caller may start an operation that can block: a
// terminated actor gets ErrTerminated, and so does an anonymous caller (a Parallel
// engine's plain context) once the engine is shut down, since nothing would ever
// interrupt its wait. The engine lock is held.
func (e *Engine) enter(a *actor) error {
	if a == nil && e.shut {
		return ErrTerminated
	}
	return e.checkAlive(a)
}

// enterOp begins an operation of a shared object that can block, for the caller
// behind ctx: it takes the engine lock and returns the caller, its name in
// events and the context its wait must honour. When the caller may not go on
// (see enter) it returns the error with the lock released.
func (e *Engine) enterOp(ctx context.Context) (*actor, Actor, context.Context, error) {
	a, pctx := e.caller(ctx)
	e.mu.Lock()
	if err := e.enter(a); err != nil {
		e.mu.Unlock()
		return nil, Actor{}, nil, err
	}
	return a, actorRef(a), pctx, nil
}

// lockedCaller returns the actor behind ctx with the engine lock taken, for an
// operation of a shared object that never waits; the caller unlocks.
func (e *Engine) lockedCaller(ctx context.Context) *actor {
	a, _ := e.caller(ctx)
	e.mu.Lock()
	return a
}

// waitSpec is one kind of wait on a shared object: the object, the list its
// waiters queue on, the operation's label in events, and the error a timeout
// becomes (ErrEmpty for a get, ErrFull for a put, ErrTimeout for an acquire).
type waitSpec struct {
	o        *objectBase
	on       waitable
	list     *waitList
	label    string
	timedOut error
}

// waitTurn is the waiting half of an operation of a shared object, which found
// it cannot go on at once. It records the wait and either ends it at once (a zero
// timeout: the wait fails with s.timedOut) or parks a on s.list, carrying val,
// until a waker closes the wait and hands over what a waited for in the waiter's
// val. It is called with the engine lock held and returns without it.
func (e *Engine) waitTurn(a *actor, pctx context.Context, s waitSpec, timeout time.Duration, val any) (*waiter, error) {
	e.waitBegan(a, s.o, s.label, timeout, 0)
	if timeout == 0 {
		e.waitEnded(a, actorRef(a), s.o, s.label, s.timedOut)
		e.mu.Unlock()
		return nil, s.timedOut
	}
	w := e.newWaiter(a, s.on)
	w.val = val
	s.list.push(w)
	err := e.park(w, timeout, pctx)
	if err == ErrTimeout {
		err = s.timedOut
	}
	if err != nil {
		e.waitFailed(a, s.o, s.label, err)
		return nil, err
	}
	return w, nil
}

// recording reports whether events carry rendered values at all, so that an
// unobserved Parallel engine does not pay for rendering items.
func (e *Engine) recording() bool { return e.sim != nil || e.rec != nil }

// stuck reports whether no actor but the caller could still act: in Simulated
// mode nobody is runnable and no timer is pending; in Parallel mode every actor
// waits. It only picks the words of an explanation ("nobody left can put to it"),
// never a decision. The engine lock is held.
func (e *Engine) stuck() bool {
	if e.sim != nil {
		return len(e.sim.runnable) == 0 && e.sim.pendingTimers() == 0
	}
	return e.allBlocked()
}

// because returns stuckWhy when nobody is left to end a wait, else why.
func (e *Engine) because(stuckWhy, why string) string {
	if e.stuck() {
		return stuckWhy
	}
	return why
}

// waitBegan records the start of a wait. The engine lock is held.
func (e *Engine) waitBegan(a *actor, o *objectBase, label string, timeout time.Duration, count int) {
	e.emit(a, Event{Actor: actorRef(a), Kind: KindWaitBegan, Object: o.name, Label: label, Dur: timeout, Count: count})
}

// waitEnded records the end of a wait of who, done by via; err is why it failed.
// The engine lock is held.
func (e *Engine) waitEnded(via *actor, who Actor, o *objectBase, label string, err error) {
	ev := Event{Actor: who, Kind: KindWaitEnded, Object: o.name, Label: label}
	if err != nil {
		ev.Err = err.Error()
	}
	e.emit(via, ev)
}

// waitFailed closes a wait that park ended with err, taking the engine lock.
func (e *Engine) waitFailed(a *actor, o *objectBase, label string, err error) {
	e.mu.Lock()
	e.waitEnded(a, actorRef(a), o, label, err)
	e.mu.Unlock()
}

// waitList is an object's FIFO of blocked calls. It is guarded by the engine lock.
type waitList []*waiter

func (l *waitList) push(w *waiter) { *l = append(*l, w) }

// pop removes and returns the oldest waiter, or nil.
func (l *waitList) pop() *waiter {
	if len(*l) == 0 {
		return nil
	}
	w := (*l)[0]
	(*l)[0] = nil
	*l = (*l)[1:]
	if len(*l) == 0 {
		*l = nil // let the backing array go
	}
	return w
}

// popNewest removes and returns the newest waiter, or nil.
func (l *waitList) popNewest() *waiter {
	n := len(*l) - 1
	if n < 0 {
		return nil
	}
	w := (*l)[n]
	(*l)[n] = nil
	*l = (*l)[:n]
	return w
}

// remove takes w off the list and reports whether it was on it.
func (l *waitList) remove(w *waiter) bool {
	for i, x := range *l {
		if x == w {
			// The vacated last slot is cleared: the array outlives the wait,
			// and a waiter may hold what it was handed.
			n := len(*l) - 1
			copy((*l)[i:], (*l)[i+1:])
			(*l)[n] = nil
			*l = (*l)[:n]
			return true
		}
	}
	return false
}

// distinct returns the actors of as without repeats, in order.
func distinct(as []Actor) []Actor {
	var out []Actor
	for _, a := range as {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}
