package pool

import (
	"fmt"
	"sync"
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
}

func (q *taskQueue) len() int { return q.jobs.len() }

func (q *taskQueue) popLocked() job { return q.jobs.pop() }

// push appends j, handing it straight to a waiting worker if there is one. A job
// of an accepted call goes in after Close, until the queue stops.
func (q *taskQueue) push(j job, accepted bool) error {
	q.mu.Lock()
	if q.stop || (q.closed && !accepted) {
		err := q.err
		q.mu.Unlock()
		return err
	}
	q.jobs.push(j)
	wakeable := len(q.idle) > 0
	q.mu.Unlock()
	if wakeable {
		q.e.mu.Lock()
		q.mu.Lock()
		for len(q.idle) > 0 && q.len() > 0 {
			w := q.idle[0]
			q.idle = q.idle[1:]
			j := q.popLocked()
			// The job counts as the worker's from now on, though the worker runs
			// later: Terminate must see it to resolve it.
			if wk, ok := w.val.(*worker); ok {
				wk.mu.Lock()
				wk.cur = j
				wk.mu.Unlock()
			}
			w.val = j
			q.e.wake(w, nil)
		}
		q.mu.Unlock()
		q.e.mu.Unlock()
	}
	return nil
}

// get returns the next job for worker w, waiting for one; nil means the worker should leave.
func (q *taskQueue) get(w *worker) job {
	q.mu.Lock()
	if j := q.takeLocked(w); j != nil || q.stop || q.closed {
		q.mu.Unlock()
		return j
	}
	q.mu.Unlock()

	q.e.mu.Lock()
	q.mu.Lock()
	if j := q.takeLocked(w); j != nil || q.stop || q.closed {
		q.mu.Unlock()
		q.e.mu.Unlock()
		return j
	}
	wt := q.e.newWaiter(w.a, q)
	wt.val = w // push hands the job over in val, and marks it as w's
	q.idle = append(q.idle, wt)
	q.mu.Unlock()
	err := q.e.park(wt, -1, nil)
	j, ok := wt.val.(job)
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
	return j
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
	if q.e.sim == nil && q.len() >= claimMin {
		k := min(claimMax, q.len()/(2*q.workers))
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
	var dropped []job
	if drop {
		q.stop, q.err = true, err // also why a handed-over job that never started fails
		// A million queued jobs: one slice, not a doubling series of them.
		dropped = make([]job, 0, q.len())
		for q.len() > 0 {
			dropped = append(dropped, q.popLocked())
		}
	}
	if q.len() == 0 {
		for _, w := range q.idle {
			w.val = nil
			q.e.wake(w, nil)
		}
		q.idle = nil
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
	return q.idle.remove(w)
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
	return q.jobs.remove(j)
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
