package session

import (
	"sort"

	"poolviz/pool"
)

// chunkSize is how many events a chunk of the history holds before the next
// pull starts a new one. A pull drains into the last chunk directly, so the
// events are copied once out of the source; a chunk outgrows its capacity (one
// reallocation) only when one pull brings more than the room left.
const chunkSize = 4096

// history keeps a run's events in chunks, oldest first. It grows by chunks,
// never by reallocating the whole, and drops whole chunks from the front,
// which it reuses for new ones.
type history struct {
	chunks [][]pool.Event // the kept events
	starts []int          // the run index of each chunk's first event
	total  int            // events pulled so far
	spare  [][]pool.Event // dropped chunks, emptied, for reuse
	hint   int            // the chunk the last lookup found
}

// first returns the run index of the first kept event (total when none is).
func (h *history) first() int {
	if len(h.starts) == 0 {
		return h.total
	}
	return h.starts[0]
}

// room returns how many events the last chunk takes before the next one starts.
func (h *history) room() int {
	if n := len(h.chunks); n > 0 && len(h.chunks[n-1]) < chunkSize {
		return chunkSize - len(h.chunks[n-1])
	}
	return chunkSize
}

// pull drains src into the history and returns the new events: a slice of the
// history itself, valid until the next pull or drop.
func (h *history) pull(src Source) []pool.Event {
	n := len(h.chunks)
	if n == 0 || len(h.chunks[n-1]) >= chunkSize {
		var c []pool.Event
		if k := len(h.spare); k > 0 {
			c, h.spare = h.spare[k-1], h.spare[:k-1]
		} else {
			c = make([]pool.Event, 0, chunkSize+chunkSize/4) // room for a pull that overshoots
		}
		h.chunks = append(h.chunks, c)
		h.starts = append(h.starts, h.total)
		n++
	}
	before := len(h.chunks[n-1])
	h.chunks[n-1] = src.Drain(h.chunks[n-1])
	got := h.chunks[n-1][before:]
	h.total += len(got)
	return got
}

// at returns the event at run index i, which must be kept.
func (h *history) at(i int) *pool.Event {
	k := h.hint
	if k >= len(h.starts) || h.starts[k] > i || i-h.starts[k] >= len(h.chunks[k]) {
		k = sort.Search(len(h.starts), func(j int) bool { return h.starts[j] > i }) - 1
		h.hint = k
	}
	return &h.chunks[k][i-h.starts[k]]
}

// each calls fn with every kept event of run index from (or the first kept) up
// to to, in order.
func (h *history) each(from, to int, fn func(i int, ev *pool.Event) bool) {
	for k, c := range h.chunks {
		start := h.starts[k]
		if start+len(c) <= from {
			continue
		}
		for j := max(from-start, 0); j < len(c) && start+j < to; j++ {
			if !fn(start+j, &c[j]) {
				return
			}
		}
		if start+len(c) >= to {
			return
		}
	}
}

// dropFront drops the first chunk: fold, when set, sees its events first.
func (h *history) dropFront(fold func(ev *pool.Event)) {
	c := h.chunks[0]
	if fold != nil {
		for i := range c {
			fold(&c[i])
		}
	}
	clear(c) // let the collector have the events' strings
	if len(h.spare) < 4 {
		h.spare = append(h.spare, c[:0])
	}
	h.chunks[0] = nil
	h.chunks, h.starts = h.chunks[1:], h.starts[1:]
	h.hint = 0
}

// frontEnd returns the run index just past the first chunk, and whether there
// is a chunk after it (the last chunk is never dropped: the next pull fills it).
func (h *history) frontEnd() (int, bool) {
	if len(h.chunks) < 2 {
		return 0, false
	}
	return h.starts[0] + len(h.chunks[0]), true
}
