package picture

// The task queue in a State is FIFO and may hold a million jobs, so only the first
// MaxQueue are listed (State.Queue). The rest wait in queueRest, compressed: the
// consecutive jobs of one submission step evenly (task ids, chunk ids, indices),
// so a run of them is one jobRun whatever its length. A million apply_async calls
// or imap items cost a few words. Past MaxQueue runs, jobs are only counted.

// queueRest holds the queued jobs behind State.Queue, oldest first.
type queueRest struct {
	runs []jobRun
	lost int // tasks queued behind the runs, counted but not listed
}

// jobRun is n jobs that step evenly from first.
type jobRun struct {
	first QueuedJob
	n     int
}

// nth returns the run's job k, counting from 0.
func (r jobRun) nth(k int) QueuedJob {
	j := r.first
	j.Task += k * j.Count
	if j.Chunk != 0 {
		j.Chunk += k
		j.Index += k * j.Count
	}
	return j
}

// holds reports which job of the run holds task t, if one does.
func (r jobRun) holds(t int) (int, bool) {
	if t < r.first.Task {
		return 0, false
	}
	k := (t - r.first.Task) / r.first.Count
	return k, k < r.n
}

// clone returns a deep copy.
func (q queueRest) clone() queueRest {
	return queueRest{runs: append([]jobRun(nil), q.runs...), lost: q.lost}
}

// enqueue appends a submitted job to the task queue.
func (s *State) enqueue(j QueuedJob) {
	s.QueueTasks += j.Count
	q := &s.queueRest
	switch {
	case len(q.runs) == 0 && q.lost == 0 && len(s.Queue) < MaxQueue:
		s.Queue = append(s.Queue, j)
	case q.lost > 0:
		// Jobs behind an unlisted one stay unlisted, or the order would be wrong.
		q.lost += j.Count
	case len(q.runs) > 0 && q.runs[len(q.runs)-1].nth(q.runs[len(q.runs)-1].n) == j:
		q.runs[len(q.runs)-1].n++
	case len(q.runs) < MaxQueue:
		q.runs = append(q.runs, jobRun{first: j, n: 1})
	default:
		q.lost += j.Count
	}
}

// dequeue takes the job holding task t out of the queue, wherever it is, and
// returns it. count is the job's size if the job is not found, to take from the
// unlisted tasks.
func (s *State) dequeue(t, count int) (QueuedJob, bool) {
	for i, j := range s.Queue {
		if j.Task <= t && t < j.Task+j.Count {
			if i == 0 {
				s.Queue = s.Queue[1:] // amortised O(1): append reuses or regrows
			} else {
				s.Queue = append(s.Queue[:i], s.Queue[i+1:]...)
			}
			s.QueueTasks = max(s.QueueTasks-j.Count, 0)
			s.refillQueue()
			return j, true
		}
	}
	q := &s.queueRest
	for i, r := range q.runs {
		k, ok := r.holds(t)
		if !ok {
			continue
		}
		j := r.nth(k)
		switch {
		case r.n == 1:
			q.runs = append(q.runs[:i], q.runs[i+1:]...)
		case k == 0:
			q.runs[i] = jobRun{first: r.nth(1), n: r.n - 1}
		case k == r.n-1:
			q.runs[i].n--
		default:
			if len(q.runs) >= MaxQueue { // no room to split: unlist the last run
				last := q.runs[len(q.runs)-1]
				q.lost += last.n * last.first.Count
				q.runs = q.runs[:len(q.runs)-1]
			}
			q.runs[i].n = k
			q.runs = append(q.runs, jobRun{})
			copy(q.runs[i+2:], q.runs[i+1:])
			q.runs[i+1] = jobRun{first: r.nth(k + 1), n: r.n - k - 1}
		}
		s.QueueTasks = max(s.QueueTasks-j.Count, 0)
		s.refillQueue()
		return j, true
	}
	if q.lost > 0 {
		n := min(q.lost, count)
		q.lost -= n
		s.QueueTasks = max(s.QueueTasks-n, 0)
	}
	return QueuedJob{}, false
}

// refillQueue lists jobs from the compressed rest while Queue has room.
func (s *State) refillQueue() {
	q := &s.queueRest
	for len(s.Queue) < MaxQueue && len(q.runs) > 0 {
		r := q.runs[0]
		s.Queue = append(s.Queue, r.nth(0))
		if r.n == 1 {
			q.runs = q.runs[1:]
		} else {
			q.runs[0] = jobRun{first: r.nth(1), n: r.n - 1}
		}
	}
	if len(q.runs) == 0 {
		q.runs = nil
	}
}

// clearQueue empties the task queue: a terminated or broken pool drops its jobs.
func (s *State) clearQueue() {
	s.Queue = nil
	s.QueueTasks = 0
	s.queueRest = queueRest{}
}
