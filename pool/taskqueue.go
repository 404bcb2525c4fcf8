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
	// header describes the job for events.
	header() *jobHeader
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

func (h *jobHeader) header() *jobHeader { return h }

// taskQueue is the pool's FIFO of jobs. Its own mutex keeps the hot path (a push
// while workers are busy, a pop while jobs wait) off the engine lock; only a worker
// that must wait, and the push that wakes it, take the engine lock (always before
// this one).
type taskQueue struct {
	e      *Engine
	name   string
	mu     sync.Mutex
	jobs   []job
	head   int
	idle   []*waiter // workers waiting for a job, in arrival order
	closed bool      // no more pushes
	stop   bool      // terminated or broken: workers leave even with jobs queued
	err    error     // why pushes are refused
}

func (q *taskQueue) len() int { return len(q.jobs) - q.head }

func (q *taskQueue) popLocked() job {
	j := q.jobs[q.head]
	q.jobs[q.head] = nil
	q.head++
	if q.head == len(q.jobs) {
		q.jobs, q.head = q.jobs[:0], 0
	} else if q.head >= 1024 && q.head*2 >= len(q.jobs) {
		n := copy(q.jobs, q.jobs[q.head:])
		clear(q.jobs[n:])
		q.jobs, q.head = q.jobs[:n], 0
	}
	return j
}

// push appends j, handing it straight to a waiting worker if there is one.
func (q *taskQueue) push(j job) error {
	q.mu.Lock()
	if q.closed {
		err := q.err
		q.mu.Unlock()
		return err
	}
	q.jobs = append(q.jobs, j)
	wakeable := len(q.idle) > 0
	q.mu.Unlock()
	if wakeable {
		q.e.mu.Lock()
		q.mu.Lock()
		for len(q.idle) > 0 && q.len() > 0 {
			w := q.idle[0]
			q.idle = q.idle[1:]
			w.val = q.popLocked()
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
	q.idle = append(q.idle, wt)
	q.mu.Unlock()
	if err := q.e.park(wt, -1, nil); err != nil || wt.val == nil {
		return nil
	}
	j := wt.val.(job)
	q.mu.Lock()
	w.cur = j
	q.mu.Unlock()
	return j
}

func (q *taskQueue) takeLocked(w *worker) job {
	if q.stop || q.len() == 0 {
		return nil
	}
	j := q.popLocked()
	w.cur = j
	return j
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
		q.stop = true
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
	for i, x := range q.idle {
		if x == w {
			q.idle = append(q.idle[:i], q.idle[i+1:]...)
			return true
		}
	}
	return false
}

func (q *taskQueue) waitFor(*waiter) waitTarget {
	q.mu.Lock()
	defer q.mu.Unlock()
	return waitTarget{Object: q.name, Verb: "waits for a task from", quiet: true,
		Why: fmt.Sprintf("%d tasks queued", q.len())}
}
