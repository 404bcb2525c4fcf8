package pool

// jobDeque is the task queue's FIFO: a list of fixed-size blocks, so that a
// million queued jobs never cost a copy of the queue, and emptied blocks are
// reused rather than left to the garbage collector.
type jobDeque struct {
	head, tail *jobBlock
	hi, ti     int // next pop in head, next push in tail
	n          int
	spare      *jobBlock
}

const jobBlockSize = 256

type jobBlock struct {
	jobs [jobBlockSize]job
	next *jobBlock
}

func (d *jobDeque) len() int { return d.n }

func (d *jobDeque) push(j job) {
	if d.tail == nil || d.ti == jobBlockSize {
		b := d.spare
		if b != nil {
			d.spare = nil
		} else {
			b = &jobBlock{}
		}
		if d.tail == nil {
			d.head, d.hi = b, 0
		} else {
			d.tail.next = b
		}
		d.tail, d.ti = b, 0
	}
	d.tail.jobs[d.ti] = j
	d.ti++
	d.n++
}

// pop removes the oldest job; the deque must not be empty.
func (d *jobDeque) pop() job {
	j := d.head.jobs[d.hi]
	d.head.jobs[d.hi] = nil
	d.hi++
	d.n--
	if d.n == 0 {
		// Empty: keep the head block for the next push.
		d.head.next, d.tail, d.hi, d.ti = nil, d.head, 0, 0
		return j
	}
	if d.hi == jobBlockSize {
		old := d.head
		d.head, d.hi = old.next, 0
		old.next = nil
		d.spare = old
	}
	return j
}

// each calls fn for every queued job, oldest first, until fn returns false.
func (d *jobDeque) each(fn func(j job) bool) {
	d.eachSlot(func(slot *job) bool { return fn(*slot) })
}

// remove takes j out of the deque, keeping the other jobs in order, and
// reports whether it was there. Each job ahead of j moves back one slot, into
// its successor's, and the head is popped, so that pop alone retires emptied
// blocks. Cost: two scans up to j.
func (d *jobDeque) remove(j job) bool {
	found := false
	d.each(func(x job) bool {
		found = x == j
		return !found
	})
	if !found {
		return false
	}
	var carry job
	first := true
	d.eachSlot(func(slot *job) bool {
		if first {
			carry, first = *slot, false
		} else {
			carry, *slot = *slot, carry
		}
		return carry != j
	})
	d.pop()
	return true
}

// eachSlot calls fn with every queued job's slot, oldest first, until fn
// returns false.
func (d *jobDeque) eachSlot(fn func(slot *job) bool) {
	for b, i := d.head, d.hi; b != nil; b, i = b.next, 0 {
		end := jobBlockSize
		if b == d.tail {
			end = d.ti
		}
		for ; i < end; i++ {
			if !fn(&b.jobs[i]) {
				return
			}
		}
	}
}
