package pytrace

import (
	"slices"

	"poolviz/pool"
)

// queuedWork tracks the tasks submitted and not started yet, job by job, so
// that a stall can name the work that waits for a worker.
type queuedWork struct {
	jobs []queuedJob
}

// queuedJob is one submitted job: tasks first to first+n-1, of which started
// have started (in order, as a pool's queue hands them out).
type queuedJob struct {
	first, n, started int
}

// submit records a job of n tasks from first.
func (q *queuedWork) submit(first, n int) {
	q.jobs = append(q.jobs, queuedJob{first: first, n: max(n, 1)})
}

// start records that task began; a job all of whose tasks began is dropped.
func (q *queuedWork) start(task int) {
	i := slices.IndexFunc(q.jobs, func(j queuedJob) bool { return task >= j.first && task < j.first+j.n })
	if i < 0 {
		return
	}
	if q.jobs[i].started++; q.jobs[i].started >= q.jobs[i].n {
		q.jobs = slices.Delete(q.jobs, i, i+1)
	}
}

// holds reports whether task waits in the queue: submitted, not started.
func (q *queuedWork) holds(task int) bool {
	return slices.ContainsFunc(q.jobs, func(j queuedJob) bool { return task >= j.first+j.started && task < j.first+j.n })
}

// clear forgets every queued task (the pool was terminated).
func (q *queuedWork) clear() { q.jobs = nil }

// note says which tasks still wait in the queue, or "" when none does.
func (q *queuedWork) note(poolName string) string {
	var ids []int
	n := 0
	for _, j := range q.jobs {
		for id := j.first + j.started; id < j.first+j.n && len(ids) < 4; id++ {
			ids = append(ids, id)
		}
		n += j.n - j.started
	}
	if n == 0 {
		return ""
	}
	slices.Sort(ids)
	return pool.StarvedWork(ids, n, poolName)
}
