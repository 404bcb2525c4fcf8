package pool

import (
	"context"
	"sync"
)

// liveGoroutines counts a Parallel pool's worker goroutines and its result
// handler, so that Terminate can wait for them: for all of them, or, called
// from a task of the pool, for every worker not itself inside Terminate, and no
// longer than its context allows. A sync.WaitGroup can do neither.
type liveGoroutines struct {
	mu          sync.Mutex
	workers     int
	handlers    int
	terminating int           // workers waiting inside Terminate, from a task of this pool
	callback    bool          // the result handler runs a user callback
	changed     chan struct{} // closed, and replaced, whenever a wait may be over
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
	g.wakeLocked()
}

func (g *liveGoroutines) wakeLocked() {
	if g.changed != nil {
		close(g.changed)
		g.changed = nil
	}
}

// inCallback records that the result handler starts (true) or ended (false) a
// user callback.
func (g *liveGoroutines) inCallback(on bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.callback = on
	g.wakeLocked()
}

// waitAll returns nil once every worker ended and the handler ended or runs a
// callback, or ctx's error if ctx (when not nil) ends first. A callback may be
// the caller, terminating its own pool: waiting for it would never end.
func (g *liveGoroutines) waitAll(ctx context.Context) error {
	return g.waitUntil(ctx, func() bool { return g.workers == 0 && (g.handlers == 0 || g.callback) })
}

// waitOthers is waitAll for a worker of the pool, inside Terminate: it returns
// once every other worker ended or waits in Terminate too. Two tasks that
// terminate their pool at once must not wait for each other. The result handler
// is not waited for: it ends after the last worker left, that is after the
// caller's task returns.
func (g *liveGoroutines) waitOthers(ctx context.Context) error {
	g.mu.Lock()
	g.terminating++
	g.wakeLocked()
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.terminating--
		g.mu.Unlock()
	}()
	return g.waitUntil(ctx, func() bool { return g.workers <= g.terminating })
}

// waitUntil returns nil once over, read under the lock, is true, or ctx's error
// if ctx (when not nil) ends first.
func (g *liveGoroutines) waitUntil(ctx context.Context, over func() bool) error {
	for {
		g.mu.Lock()
		if over() {
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
