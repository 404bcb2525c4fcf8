package pool

import (
	"context"
	"iter"
	"slices"
	"time"
)

// AsCompleted yields the futures of fs as they finish, as Python's
// as_completed: those done already first, in the order given, then each one
// as soon as it is done, in completion order, not submission order; a future
// given twice is yielded once. A failed or cancelled future is yielded like
// any other: ask its Result or Exception. It waits with no limit unless a
// Timeout option (engine time, counted from the call) bounds it: then the
// iteration yields ErrTimeout once and ends when the timeout passes with
// futures left; Timeout(0) yields only those done already. It ends the same way, with the error, when ctx ends or
// the caller is terminated. Every future must come from one engine.
//
// Each wait is recorded, so a loop that can never get its next future is
// reported as a deadlock. Cost: one registration per future not yet done, at
// the call, and one wake-up per future as it finishes.
func AsCompleted[R any](ctx context.Context, fs []*Future[R], opts ...WaitOption) iter.Seq2[*Future[R], error] {
	timeout := waitLimit(opts)
	return func(yield func(*Future[R], error) bool) {
		i := slices.IndexFunc(fs, func(f *Future[R]) bool { return f != nil })
		if i < 0 {
			return
		}
		e := fs[i].res.pool.e
		a, pctx := e.caller(ctx)
		c := &completions[R]{}
		e.mu.Lock()
		start := e.nowLocked()
		c.watch(fs)
		e.mu.Unlock()
		defer c.unwatch(e)
		for c.left > 0 {
			e.mu.Lock()
			if len(c.arrived) > 0 {
				f := c.arrived[0]
				c.arrived = c.arrived[1:]
				c.left--
				e.mu.Unlock()
				if !yield(f, nil) {
					return
				}
				continue
			}
			wait := time.Duration(-1)
			if timeout >= 0 {
				if wait = start + timeout - e.nowLocked(); wait <= 0 {
					e.mu.Unlock()
					yield(nil, ErrTimeout)
					return
				}
			}
			w := e.newWaiter(a, c)
			c.waiter = w
			e.emit(a, Event{Actor: actorRef(a), Kind: KindResultWaited, Label: c.label(), Dur: wait})
			if err := e.park(w, wait, pctx); err != nil {
				yield(nil, err)
				return
			}
		}
	}
}

// completions is one AsCompleted call: the futures it waits for, and those
// done, in the order they finished. Its fields are guarded by the engine lock.
type completions[R any] struct {
	pending []*Future[R] // not done when the call began
	arrived []*Future[R] // done and not yet yielded, oldest first
	left    int          // futures not yet yielded
	waiter  *waiter
}

// watch registers c with every distinct future of fs. The engine lock is held.
func (c *completions[R]) watch(fs []*Future[R]) {
	seen := make(map[*Future[R]]bool, len(fs))
	for _, f := range fs {
		if f == nil || seen[f] {
			continue
		}
		seen[f] = true
		c.left++
		// Set before Done is asked, so that a future settling meanwhile sees
		// it and tells c (see Future.settle).
		f.watched.Store(true)
		if f.Done() {
			c.arrived = append(c.arrived, f)
			continue
		}
		f.watchers = append(f.watchers, c)
		c.pending = append(c.pending, f)
	}
}

// unwatch takes c off the futures that did not finish, for a loop that
// stopped early.
func (c *completions[R]) unwatch(e *Engine) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, f := range c.pending {
		for i, x := range f.watchers {
			if x == c {
				f.watchers = append(f.watchers[:i], f.watchers[i+1:]...)
				break
			}
		}
	}
}

// arrive records that f finished and wakes the loop. The engine lock is held.
func (c *completions[R]) arrive(e *Engine, f *Future[R]) {
	c.arrived = append(c.arrived, f)
	if w := c.waiter; w != nil {
		c.waiter = nil
		e.wake(w, nil)
	}
}

// label names what the loop asks for: "the next of 8 futures (as_completed)".
func (c *completions[R]) label() string {
	return "the next of " + itoa(c.left) + " futures (as_completed)"
}

func (c *completions[R]) withdraw(w *waiter) bool { return withdrawOne(&c.waiter, w) }

// waitFor names the wait and the workers running its futures: any of them
// can end it.
func (c *completions[R]) waitFor(*waiter) waitTarget {
	t := waitTarget{Object: "next result of the as_completed call", Verb: "waits for the"}
	var seen []*Pool
	for _, f := range c.pending {
		p := f.res.pool
		if slices.Contains(seen, p) {
			continue
		}
		seen = append(seen, p)
		for _, w := range p.workers {
			if w != nil && c.runs(w) {
				t.Holders = append(t.Holders, w.a.ref)
			}
		}
	}
	if len(t.Holders) == 0 {
		t.Why = "its futures are still queued and no worker is free to start them"
	}
	return t
}

// runs reports whether worker w holds one of c's futures not done yet.
func (c *completions[R]) runs(w *worker) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, f := range c.pending {
		if w.cur == f.self && !f.Done() {
			return true
		}
	}
	return false
}
