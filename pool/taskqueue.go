package pool

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// job is one unit of the task queue: a single task (apply) or a chunk of map items.
type job interface {
	// run executes the job on a worker, resolving each of its tasks.
	run(p *Proc)
	// fail resolves every task of a job that never started with err, and records it.
	fail(err error)
	// abort resolves the handles of a running job with err; the worker running it
	// records each task's end and discards late results.
	abort(err error)
	// exited ends a job whose task, running on p (p.task says which), ended its
	// goroutine with runtime.Goexit: that task fails with err, the job's later
	// tasks are skipped, and the job's handles resolve.
	exited(p *Proc, err error)
	// header describes the job for events.
	header() jobHeader
}

// jobHeader is what every job carries: its first task id, how many tasks, and for
// map-style calls the chunk id and the first item's index.
type jobHeader struct {
	task  int
	n     int
	chunk int
	index int
	call  string
}

// taskQueue is the pool's FIFO of jobs. Its own mutex keeps the hot path (a push
// while workers are busy, a pop while jobs wait) off the engine lock; only a worker
// that must wait, and the push that wakes it, take the engine lock. Lock order:
// the engine lock, then this one, then a worker's own.
//
// In Parallel mode a worker that finds the queue empty first searches it for a
// while, yielding its thread between looks, before it parks; and a push wakes a
// parked worker only when no worker is searching or on its way (and, for a
// single task, by the rule below for a worker's take). Parking and
// waking cost a trip through the engine lock and the Go scheduler each, which for
// trivial tasks is more than the task: without this, 64 workers on 2 cores park
// and wake once per task and ran them at half the rate of 2 workers. A worker
// that takes a job while more wait, with nobody searching, wakes the next parked
// worker at once for a map's chunk, or while fewer workers run than there are
// Ps, and otherwise leaves it to a watch that wakes one when the pool's tasks
// stop ending (spread), so a queue of slow tasks still spreads over every
// worker, one hand-over at a time, as Go's scheduler spreads goroutines over
// its threads.
// Simulated mode does neither: there each hand-over is an event of the run.
type taskQueue struct {
	e       *Engine
	name    string
	workers int
	mu      sync.Mutex
	jobs    jobDeque
	idle    waitList // workers waiting for a job, in arrival order
	closed  bool     // no more pushes
	stop    bool     // terminated or broken: workers leave even with jobs queued
	err     error    // why pushes are refused

	// Parallel mode only. queued mirrors jobs.len() and ended closed||stop, for
	// searching workers to look at without the lock. searching counts workers
	// looking for a job without parking, plus parked workers woken with a job
	// who have not run yet: while it is above 0, a push wakes nobody.
	queued    atomic.Int64
	ended     atomic.Bool
	searching atomic.Int32
	parked    atomic.Int32 // len(idle), for spread to look at without the lock
	maxSearch int32        // at most this many search at once: half the Ps, at least 1

	// What spread needs besides (see taskqueue_spread.go): workers of the pool
	// blocked in a wait the engine sees, the Ps, the count of jobs taken off
	// the queue, and the watch for workers stuck where the engine cannot see.
	blocked    atomic.Int32
	maxRunning int32
	popped     uint64 // jobs taken off the queue so far (under mu)
	watch      spreadWatch
}

// searchRounds is how many times a Parallel worker with nothing to do yields its
// thread and looks at the queue again before it parks. Each round is a call of
// runtime.Gosched: a few hundred nanoseconds on an idle thread, or one turn of
// whatever else is runnable. taskQueue.maxSearch bounds how many workers search
// at once, so that a large pool's idle workers do not take the submitter's thread.
const searchRounds = 64

// newTaskQueue returns the empty queue of a pool of workers on e.
func newTaskQueue(e *Engine, workers int) taskQueue {
	procs := runtime.GOMAXPROCS(0)
	return taskQueue{e: e, name: "task queue", workers: workers,
		maxSearch: int32(max(1, procs/2)), maxRunning: int32(procs),
		watch: spreadWatch{first: spreadWait}}
}

func (q *taskQueue) len() int { return q.jobs.len() }

func (q *taskQueue) popLocked() job {
	j := q.jobs.pop()
	q.queued.Store(int64(q.jobs.len()))
	q.popped++
	return j
}

// push appends j, handing it straight to a waiting worker if one must be woken.
// A job of an accepted call goes in after Close, until the queue stops.
func (q *taskQueue) push(j job, accepted bool) error {
	q.mu.Lock()
	if q.stop || (q.closed && !accepted) {
		err := q.err
		q.mu.Unlock()
		return err
	}
	q.jobs.push(j)
	q.queued.Store(int64(q.jobs.len()))
	// Read under the lock: a searcher that gives up decrements searching
	// before it takes the lock to look one last time, so either this push
	// sees it gone, or it sees this job. In Parallel mode a single task
	// wakes nobody while as many workers run as there are Ps: they take it,
	// or the watch wakes a worker for it if they are stuck (see spread).
	wakeable := len(q.idle) > 0 && (q.e.sim != nil || q.searching.Load() == 0)
	wake := wakeable && (q.e.sim != nil || j.header().n > 1 || q.running() < q.maxRunning)
	q.mu.Unlock()
	switch {
	case wake:
		q.handOver(q.e.sim != nil)
	case wakeable:
		q.startWatch()
	}
	return nil
}

// handOver gives queued jobs to parked workers (see handOverLocked for which
// first): to every one while both last (all), else to one.
func (q *taskQueue) handOver(all bool) {
	q.e.mu.Lock()
	q.mu.Lock()
	q.handOverLocked(all)
	q.mu.Unlock()
	q.e.mu.Unlock()
}

// handOverLocked is handOver with the engine lock and the queue's held. In
// Parallel mode a woken worker counts as searching until it runs.
func (q *taskQueue) handOverLocked(all bool) {
	for len(q.idle) > 0 && q.len() > 0 {
		// Simulated mode wakes the worker that parked first, as the picture
		// shows the queue's waiters in line. Parallel mode wakes the one that
		// parked last: its stack, its ring and its state are the likeliest to be
		// in the cache, and a stream of trivial tasks keeps going to the same few
		// workers instead of going round all of them (64 workers on 2 cores each
		// ran tasks, a cold start each time).
		var w *waiter
		if q.e.sim != nil {
			w = q.idle.pop()
		} else {
			w = q.idle.popNewest()
		}
		q.parked.Store(int32(len(q.idle)))
		j := q.popLocked()
		// The job counts as the worker's from now on, though the worker runs
		// later: Terminate must see it to resolve it.
		if wk, ok := w.val.(*worker); ok {
			wk.mu.Lock()
			wk.cur = j
			wk.mu.Unlock()
		}
		w.val = j
		if q.e.sim == nil {
			q.searching.Add(1)
		}
		q.e.wake(w, nil)
		if !all {
			return
		}
	}
}

// get returns the next job for worker w, waiting for one; nil means the worker should leave.
func (q *taskQueue) get(w *worker) job {
	q.mu.Lock()
	if j := q.takeLocked(w); j != nil || q.stop || q.closed {
		q.mu.Unlock()
		if j != nil {
			q.spread(j)
		}
		return j
	}
	q.mu.Unlock()

	if q.e.sim == nil {
		if j, found := q.search(w); found {
			return j
		}
	}

	q.e.mu.Lock()
	q.mu.Lock()
	if j := q.takeLocked(w); j != nil || q.stop || q.closed {
		q.mu.Unlock()
		q.e.mu.Unlock()
		if j != nil {
			q.spread(j)
		}
		return j
	}
	if g := w.a.ring; g != nil {
		g.publishShed() // idle: its sheds so far are for the next drain to count
	}
	wt := q.e.newWaiter(w.a, q)
	wt.val = w // push hands the job over in val, and marks it as w's
	q.idle = append(q.idle, wt)
	q.parked.Store(int32(len(q.idle)))
	q.mu.Unlock()
	err := q.e.park(wt, -1, nil)
	j, ok := wt.val.(job)
	if ok && q.e.sim == nil {
		q.searching.Add(-1) // it was woken with a job, and now runs
	}
	if err != nil || !ok {
		return nil
	}
	// The job was handed over while this worker waited, but the worker runs only
	// now: if the queue was stopped (terminated, broken) meanwhile, the job fails
	// here (Terminate resolved its handle already) instead of starting late.
	q.mu.Lock()
	stopped, why := q.stop, q.err
	q.mu.Unlock()
	if stopped {
		j.fail(why)
		return nil
	}
	q.spread(j)
	return j
}

// search looks for a job without parking, for up to searchRounds yields, when
// fewer than maxSearch workers already do; found is true when it has the
// worker's answer (a job, or nil: leave), false when the worker should park.
func (q *taskQueue) search(w *worker) (j job, found bool) {
	if q.searching.Add(1) > q.maxSearch {
		q.searching.Add(-1)
		return nil, false
	}
	for range searchRounds {
		runtime.Gosched()
		if q.queued.Load() == 0 && !q.ended.Load() {
			continue
		}
		q.mu.Lock()
		j := q.takeLocked(w)
		leave := j == nil && (q.stop || q.closed)
		q.mu.Unlock()
		if j != nil || leave {
			q.searching.Add(-1)
			if j != nil {
				q.spread(j)
			}
			return j, true
		}
	}
	q.searching.Add(-1)
	return nil, false
}

func (q *taskQueue) takeLocked(w *worker) job {
	if q.stop || q.len() == 0 {
		return nil
	}
	j := q.popLocked()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cur = j
	// A Parallel worker facing a long queue claims a few more jobs at once, so the
	// submitter and the workers contend for this lock less often. They still start
	// one at a time, in order, and stay "queued" in every view until they start.
	// A Simulated worker never does: there the order of claims is what is shown.
	// Its share is at most half the queue over the workers that are awake: when
	// tasks are slow, every worker is, and each claims little, so none sits on
	// jobs that an idle worker could run; when they are trivial, most workers
	// are parked and the few awake claim more (64 workers on 2 cores took the
	// lock once per task, and ran at two thirds of the rate of 2 workers).
	// A map's chunk of several tasks is a batch already: its worker claims
	// nothing more, so that the chunks at the end of a map spread over the
	// workers (sixteen chunks claimed at once left one worker with a tail of
	// them while the other had none).
	if q.e.sim == nil && q.len() >= claimMin && j.header().n == 1 {
		awake := max(1, q.workers-len(q.idle))
		k := min(claimMax, q.len()/(2*awake))
		if m := w.p.cfg.maxTasks; m > 0 {
			// Never claim past maxtasksperchild: a replaced worker's claims would be lost.
			k = min(k, m-w.jobs-1)
		}
		for range k {
			w.claimed = append(w.claimed, q.popLocked())
		}
	}
	return j
}

// Claims: a Parallel worker takes up to claimMax extra jobs when at least claimMin wait.
const (
	claimMin = 64
	claimMax = 16
)

// next returns the worker's next job: one it claimed earlier, or one from the queue.
func (q *taskQueue) next(w *worker) job {
	w.mu.Lock()
	if len(w.claimed) > 0 {
		j := w.claimed[0]
		// The slot is cleared as it is taken: claimedBuf outlives the job, and a
		// map's chunk left there would keep the whole call (its input and its
		// results) alive until the worker claims over it.
		w.claimed[0] = nil
		w.claimed = w.claimed[1:]
		w.cur = j
		w.mu.Unlock()
		return j
	}
	w.claimed = w.claimedBuf[:0]
	w.cur = nil // its last job is over: it no longer holds any result
	w.mu.Unlock()
	return q.get(w)
}

// shut refuses new jobs with err; with drop it also takes every queued job out
// (returned, to be failed) and makes waiting workers leave. Idle workers are woken
// either way: with nothing queued they leave.
func (q *taskQueue) shut(err error, drop bool) []job {
	q.e.mu.Lock()
	defer q.e.mu.Unlock()
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.closed, q.err = true, err
	}
	q.ended.Store(true)
	var dropped []job
	if drop {
		q.stop, q.err = true, err // also why a handed-over job that never started fails
		// A million queued jobs: one slice, not a doubling series of them.
		dropped = make([]job, 0, q.len())
		for q.len() > 0 {
			dropped = append(dropped, q.popLocked())
		}
	}
	// Parallel workers may be parked while jobs wait (see taskQueue): after a
	// Close they get those jobs now, for nobody would wake them later.
	q.handOverLocked(true)
	if q.len() == 0 {
		for _, w := range q.idle {
			w.val = nil
			q.e.wake(w, nil)
		}
		q.idle = nil
		q.parked.Store(0)
	}
	return dropped
}

// pending returns the number of queued jobs.
func (q *taskQueue) pending() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.len()
}

func (q *taskQueue) withdraw(w *waiter) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	removed := q.idle.remove(w)
	q.parked.Store(int32(len(q.idle)))
	return removed
}

// quietObject names the queue for an idle worker's wait, which is always quiet.
func (q *taskQueue) quietObject() string { return q.name }

func (q *taskQueue) waitFor(*waiter) waitTarget {
	q.mu.Lock()
	defer q.mu.Unlock()
	return waitTarget{Object: q.name, Verb: "waits for a task from", quiet: true,
		Why: fmt.Sprintf("%d tasks queued", q.len())}
}

// remove takes j out of the queue if it is still there, and reports whether
// it was: a job no worker has taken. Cost: a scan of the queue up to j.
func (q *taskQueue) remove(j job) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	removed := q.jobs.remove(j)
	q.queued.Store(int64(q.jobs.len()))
	return removed
}

// holds reports whether j is still in the queue. Cost: a scan of the queue.
func (q *taskQueue) holds(j job) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	found := false
	q.jobs.each(func(x job) bool {
		found = x == j
		return !found
	})
	return found
}
