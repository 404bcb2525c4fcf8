package pool

// resultHandler is the pool's result-handler actor: it runs callbacks in the order
// results arrive, off the workers, as Python's result-handler thread does. It is
// started on the first submission that has a callback.
type resultHandler struct {
	p     *Pool
	a     *actor
	queue []func(h *Proc) // guarded by the engine lock
	wait  *waiter         // the handler waiting for work
	done  bool            // every worker ended: leave when the queue is empty
	ended bool
}

func (p *Pool) ensureHandler() {
	e := p.e
	e.mu.Lock()
	if p.handler != nil {
		e.mu.Unlock()
		return
	}
	// newActorFor takes the engine lock itself (observed Parallel engines), so the
	// actor is made without it and the check repeated.
	e.mu.Unlock()
	a := e.newActorFor(Actor{Kind: ActorResultHandler}, p, 0)
	e.mu.Lock()
	if p.handler != nil {
		e.mu.Unlock()
		return
	}
	h := &resultHandler{p: p, a: a}
	h.done = p.live == 0
	p.handler = h
	e.mu.Unlock()
	p.spawnMember(h.a, false, h.loop)
}

func (h *resultHandler) post(fn func(h *Proc)) {
	e := h.p.e
	e.mu.Lock()
	defer e.mu.Unlock()
	h.queue = append(h.queue, fn)
	if w := h.wait; w != nil {
		h.wait = nil
		e.wake(w, nil)
	}
}

// finish tells the handler that no more results will come.
func (h *resultHandler) finish() {
	e := h.p.e
	e.mu.Lock()
	defer e.mu.Unlock()
	h.done = true
	if w := h.wait; w != nil {
		h.wait = nil
		e.wake(w, nil)
	}
}

func (h *resultHandler) loop() {
	e := h.p.e
	proc := &Proc{e: e, a: h.a}
	returned := false
	defer func() {
		if !returned {
			if g := h.a.ring; g != nil {
				g.publishShed() // before the new goroutine writes to the ring
			}
			// A callback called runtime.Goexit: runCallback recorded it, and the
			// handler goes on in a new goroutine, as the same actor.
			h.p.spawnMember(h.a, false, h.loop)
		}
	}()
	for {
		e.mu.Lock()
		if len(h.queue) == 0 {
			if h.done || h.a.terminated {
				if g := h.a.ring; g != nil {
					g.publishShed() // before Join can return and a last drain count
				}
				h.ended = true
				e.mu.Unlock()
				h.p.checkJoined()
				returned = true
				return
			}
			w := e.newWaiter(h.a, h)
			h.wait = w
			e.park(w, -1, nil)
			continue
		}
		fn := h.queue[0]
		h.queue = h.queue[1:]
		e.mu.Unlock()
		fn(proc)
	}
}

func (h *resultHandler) withdraw(w *waiter) bool { return withdrawOne(&h.wait, w) }

func (h *resultHandler) waitFor(*waiter) waitTarget {
	return waitTarget{Object: "results", Verb: "waits for", quiet: true}
}
