package pool

import (
	"sync/atomic"
	"time"
)

// spreadWait is how long a Parallel queue's watch first waits before it looks:
// if some job that waited in the queue at its last look is waiting still, the
// running workers are not keeping up (stuck in their tasks, or too few), and
// it wakes one more parked worker and looks again after spreadWait; while the
// running workers keep up, it looks half as often each time, down to once
// every spreadWaitMax.
//
// Why the queue and not tasks ending: with a few workers each in a task that
// sleeps 1 ms where the engine cannot see, tasks keep ending, yet 1,280 of
// them reached 4 of 64 workers and took 387 ms (26 ms when every take woke the
// next worker). Jobs left waiting a whole look say it either way.
const (
	spreadWait    = 100 * time.Microsecond
	spreadWaitMax = 64 * spreadWait
)

// spreadWatch is a queue's timer for jobs that wait while the running workers
// do not take them. Its fields other than armed are guarded by the queue's mu.
type spreadWatch struct {
	armed  atomic.Bool
	timer  *time.Timer
	queued int           // the queue's length at the last look
	popped uint64        // the queue's popped count at the last look
	first  time.Duration // spreadWait (a test lengthens it)
	wait   time.Duration // until the next look
}

// spread wakes a parked worker for the jobs still queued after a Parallel worker
// took job j, or blocked in a wait the engine sees (j nil), when nobody is
// searching. It wakes one at once when j is a chunk of several tasks, or while
// fewer workers run than there are Ps; otherwise it leaves the wake to the
// watch. Simulated mode never spreads: each hand-over there is an event.
//
// Why: waking a parked worker for every single task that found more behind it
// cost 64 workers on 2 cores a park, a wake and a switch of goroutines for a
// few trivial tasks each, which ran at 0.86 to 0.87 of the rate of 2 workers
// in two full runs of the harness; with the wakes past the Ps left to the
// watch, at 0.97 to 0.98 (see BENCHMARKS.md). The running workers take the
// queued tasks themselves, and keep up with trivial ones, so the watch wakes
// nobody. Tasks that block where the engine cannot see (a channel, time.Sleep,
// a network call) leave jobs waiting, and the watch wakes the parked workers
// one a look: 64 of them in about 6 ms. A map's chunk still wakes the next
// worker at once, as every job did before: it is a batch of tasks, worth a
// wake, and holding chunks back to the running workers made a
// 1,000,000-item Map at 64 workers slower (0.65 of 2 workers against 0.71 to
// 0.75).
func (q *taskQueue) spread(j job) {
	if q.e.sim != nil || q.queued.Load() == 0 || q.searching.Load() != 0 || q.parked.Load() == 0 {
		return
	}
	if (j != nil && j.header().n > 1) || q.running() < q.maxRunning {
		q.handOver(false)
		return
	}
	q.startWatch()
}

// running is how many of the pool's workers may be using a P: neither parked
// for a job nor blocked in a wait the engine sees. A worker stuck in a wait the
// engine does not see counts as running; the watch is for those.
func (q *taskQueue) running() int32 {
	return int32(q.workers) - q.parked.Load() - q.blocked.Load()
}

// startWatch arms the watch unless it is armed.
func (q *taskQueue) startWatch() {
	if q.watch.armed.Load() {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.watch.armed.Load() || q.stop {
		return
	}
	q.watch.armed.Store(true)
	q.watch.queued, q.watch.popped = q.len(), q.popped
	q.watch.wait = q.watch.first
	if q.watch.timer == nil {
		q.watch.timer = time.AfterFunc(q.watch.wait, q.watchFired)
		return
	}
	q.watch.timer.Reset(q.watch.wait)
}

// watchFired is the watch's look: while jobs wait for parked workers it wakes
// a worker now if a job queued at the last look is still queued (fewer jobs
// left the queue since than were in it), and looks again (see spreadWait);
// otherwise it disarms, for the next spread to arm.
func (q *taskQueue) watchFired() {
	q.mu.Lock()
	behind := q.popped-q.watch.popped < uint64(q.watch.queued)
	q.watch.queued, q.watch.popped = q.len(), q.popped
	if q.stop || q.len() == 0 || len(q.idle) == 0 {
		q.watch.armed.Store(false)
		q.mu.Unlock()
		return
	}
	if behind {
		q.watch.wait = q.watch.first
	} else {
		q.watch.wait = min(2*q.watch.wait, spreadWaitMax)
	}
	q.watch.timer.Reset(q.watch.wait)
	q.mu.Unlock()
	if behind && q.searching.Load() == 0 {
		q.handOver(false)
	}
}

// stopWatch stops the watch: the pool's last worker left, and nobody is left
// to wake. A watch that is firing meanwhile finds no parked worker and disarms.
func (q *taskQueue) stopWatch() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.watch.timer != nil {
		q.watch.timer.Stop()
	}
	q.watch.armed.Store(false)
}

// blockedIn marks a's wait on on as a blocked worker of its pool, for spread,
// and returns the function that ends the mark (nil when there is nothing to
// mark: an actor that is not a worker, or a worker waiting for a job). A
// worker that blocks hands its P to a parked worker, as spread does.
func blockedIn(a *actor, on waitable) func() {
	if a == nil || a.pool == nil || a.ref.Kind != ActorWorker {
		return nil
	}
	q := &a.pool.tq
	if on == waitable(q) {
		return nil
	}
	q.blocked.Add(1)
	q.spread(nil)
	return func() { q.blocked.Add(-1) }
}
