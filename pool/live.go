package pool

import (
	"context"
	"sync"
)

// liveGoroutines counts a Parallel pool's worker goroutines and its result
// handler, so that Terminate can wait for them: for all of them, or for all but
// its own caller, and no longer than its context allows. A sync.WaitGroup can do
// neither.
type liveGoroutines struct {
	mu       sync.Mutex
	workers  int
	handlers int
	changed  chan struct{} // closed, and replaced, whenever a count falls
}

// add counts one more goroutine: a worker, or else the result handler.
func (g *liveGoroutines) add(worker bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if worker {
		g.workers++
	} else {
		g.handlers++
	}
}

// done counts a goroutine that ended and wakes the waiters.
func (g *liveGoroutines) done(worker bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if worker {
		g.workers--
	} else {
		g.handlers--
	}
	if g.changed != nil {
		close(g.changed)
		g.changed = nil
	}
}

// wait returns nil once at most maxWorkers workers and maxHandlers handlers are
// left, or ctx's error if ctx (when not nil) ends first.
func (g *liveGoroutines) wait(ctx context.Context, maxWorkers, maxHandlers int) error {
	for {
		g.mu.Lock()
		if g.workers <= maxWorkers && g.handlers <= maxHandlers {
			g.mu.Unlock()
			return nil
		}
		if g.changed == nil {
			g.changed = make(chan struct{})
		}
		changed := g.changed
		g.mu.Unlock()
		if ctx == nil {
			<-changed
			continue
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
