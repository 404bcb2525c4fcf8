package pool

import "slices"

// ringRun is the part of one ring a drain takes: positions [at, end).
type ringRun struct {
	g       *ring
	at, end uint64
	next    int64 // the time of the event at at, kept by load for the heap
}

// load reads the time of the run's next event into next. Why kept: the heap
// compares runs a dozen times an event with 64 workers' rings, and reading
// each time from its ring's segment was a chase of pointers into 64 rings.
func (r *ringRun) load() {
	seg, at := r.g.locate(r.at)
	r.next = int64(r.g.segs[seg].Load()[at].Time)
}

// mergeRuns appends the events of runs to dst in time order and reports whether the result is in time order (see below).
//
// Why a merge and not a sort of the whole batch: each ring is already in time
// order (its producers stamp events as they write them, one at a time), and
// an Event is 192 bytes with pointers, so the stable sort the drain did before
// moved every event several times, each move with the collector's write
// barriers; with 64 workers that sort was a fifth of a Map's CPU. The merge
// moves each event once. Equal times keep the order a stable sort of the runs,
// one after another, gives: the earlier run first.
//
// A clock snapshot changed by Pause or a speed change can, in a race, stamp an
// event a little before the one ahead of it in the same ring; the result is
// then not in order, and the caller sorts it.
func mergeRuns(dst []Event, runs []ringRun) ([]Event, bool) {
	h := runHeap(runs)
	for i := range h {
		h[i].load()
	}
	h.init()
	ordered := true
	start := len(dst)
	// Room for every event at once: appending one by one grew a new drainer's
	// slice by doubling, a large zeroed allocation at every step, which was a
	// fifth of a short observed run's time.
	n := 0
	for _, r := range runs {
		n += int(r.end - r.at)
	}
	dst = slices.Grow(dst, n)
	for len(h) > 0 {
		r := &h[0]
		seg, at := r.g.locate(r.at)
		s := r.g.segs[seg].Load()
		// The slot is not cleared: its producer overwrites it on its next lap,
		// so what it refers to is kept at most one lap of a bounded ring, and a
		// clear would be a second 192-byte write, with the collector's write
		// barriers while it marks, for every event.
		dst = append(dst, s[at])
		if n := len(dst); n-1 > start && dst[n-1].Time < dst[n-2].Time {
			ordered = false
		}
		r.at++
		if r.at == r.end {
			h.pop()
		} else {
			r.load()
			h.down(0)
		}
	}
	return dst, ordered
}

// runHeap is a binary min-heap of runs by their next event's time, then by
// their ring's place among the recorder's rings.
type runHeap []ringRun

func (h runHeap) less(i, j int) bool {
	ti, tj := h[i].next, h[j].next
	if ti != tj {
		return ti < tj
	}
	return h[i].g.order < h[j].g.order
}

func (h runHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h runHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

func (h *runHeap) pop() {
	old := *h
	n := len(old) - 1
	old[0] = old[n]
	*h = old[:n]
	h.down(0)
}
