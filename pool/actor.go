package pool

import (
	"context"
	"runtime"
	"time"
)

// actor is one goroutine of a run, as the engine sees it.
type actor struct {
	ref   Actor
	baton chan struct{} // Simulated: the baton, buffered so an actor can hand it to itself
	ring  *ring         // Parallel, observed: where its events go
	pool  *Pool         // the pool of a worker or result handler

	// Guarded by Engine.mu.
	terminated bool
	killed     bool          // a what-if killed its process: its goroutine ends at its next wait
	exited     bool          // its code called Proc.Exit: killed by its own hand
	slow       float64       // a what-if slowed its work: its sleeps last this many times as long (0: 1)
	delay      time.Duration // a what-if held it back: its next sleep lasts this much longer
	afterTerm  int           // blocking calls made after termination
	done       chan struct{} // closed on termination; made on demand by Proc.Done
}

func (e *Engine) newActor(ref Actor) *actor {
	a := &actor{ref: ref}
	if e.sim != nil {
		a.baton = make(chan struct{}, 1)
	} else if e.rec != nil {
		if ref.Kind == ActorMain {
			a.ring = e.rec.shared
		} else {
			a.ring = e.rec.newRing()
		}
	}
	return a
}

// spawn starts fn as a new actor goroutine. In Simulated mode it becomes runnable
// and first runs when the scheduler picks it.
func (e *Engine) spawn(a *actor, fn func()) {
	if e.sim != nil {
		s := e.sim
		s.live++
		go func() {
			<-a.baton
			defer func() {
				s.live--
				s.dispatch()
			}()
			fn()
		}()
		s.ready(a)
		return
	}
	e.wg.Add(1)
	e.liveActors.Add(1)
	go func() {
		defer e.wg.Done()
		defer e.liveActors.Add(-1)
		fn()
	}()
}

func (a *actor) ringOr(r *recorder) *ring {
	if a != nil && a.ring != nil {
		return a.ring
	}
	return r.shared
}

// terminate marks the actor terminated; the engine lock must be held.
func (a *actor) terminate() {
	if a.terminated {
		return
	}
	a.terminated = true
	if a.done != nil {
		close(a.done)
	}
}

// afterTermLimit bounds the blocking calls an actor may make after termination
// before the engine ends its goroutine, so that code ignoring ErrTerminated in a
// loop cannot keep Shutdown waiting forever.
const afterTermLimit = 10000

// checkAlive returns ErrTerminated for a terminated actor; the engine lock must be held.
func (e *Engine) checkAlive(a *actor) error {
	if a == nil || !a.terminated {
		return nil
	}
	a.afterTerm++
	if a.afterTerm > afterTermLimit {
		e.mu.Unlock()
		runtime.Goexit()
	}
	return ErrTerminated
}

// procFrom finds the Proc a context carries.
func procFrom(ctx context.Context) *Proc {
	if p, ok := ctx.(*Proc); ok {
		return p
	}
	if ctx == nil {
		return nil
	}
	p, _ := ctx.Value(procKey{}).(*Proc)
	return p
}

// caller returns the actor behind ctx: its Proc's actor, or in Parallel mode the
// main actor for any other context. A Simulated engine accepts calls only from its
// own actors, and says so loudly, because a call from outside would break determinism.
func (e *Engine) caller(ctx context.Context) (*actor, context.Context) {
	if p := procFrom(ctx); p != nil && p.e == e {
		return p.a, nil
	}
	if e.sim != nil {
		panic("pool: a simulated engine was called from outside its actors; pass the *Proc given to the main function or task as the context")
	}
	return nil, ctx
}

// newActorFor makes the actor of a pool's worker slot or result handler; a worker
// slot keeps its event ring across generations, so replacements reuse it.
func (e *Engine) newActorFor(ref Actor, p *Pool, slot int) *actor {
	a := &actor{ref: ref, pool: p}
	if e.sim != nil {
		a.baton = make(chan struct{}, 1)
		return a
	}
	if e.rec != nil {
		e.mu.Lock()
		if p.rings == nil {
			p.rings = map[int]*ring{}
		}
		g := p.rings[slot]
		if g == nil {
			g = e.rec.newRing()
			p.rings[slot] = g
		}
		e.mu.Unlock()
		a.ring = g
	}
	return a
}
