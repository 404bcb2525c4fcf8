package picture

import "slices"

// Clone returns a deep copy of the State: a snapshot to rewind to, or to hand to
// another goroutine. A plain copy (t := *s) shares the slices, and applying
// events to one would change the other.
//
// The workers' timelines are the exception: each side keeps the other's
// array until it changes its own timeline, and copies it then (copy on write).
// Why: a viewer clones the State for every frame, and copying 256 workers'
// 200 spans each, most of them unchanged since the last frame, was half the
// time of a long `frame` or `record`. Clone marks s's timelines as shared too,
// so it must not run while another goroutine reads s.
// Cost: one allocation per non-empty slice but the timelines, proportional to
// the State's size, which the Max bounds keep small.
func (s *State) Clone() State {
	c := *s
	for i := range s.Workers {
		s.Workers[i].shareSpans()
	}
	c.Workers = cloneEach(s.Workers)
	c.Queue = slices.Clone(s.Queue)
	c.queueRest = s.queueRest.clone()
	c.Results = slices.Clone(s.Results)
	c.Objects = cloneEach(s.Objects)
	c.Log = slices.Clone(s.Log)
	c.Output = slices.Clone(s.Output)
	c.Main.Globals = slices.Clone(s.Main.Globals)
	if s.Deadlock != nil {
		d := *s.Deadlock
		d.Members = slices.Clone(d.Members)
		c.Deadlock = &d
	}
	return c
}

// cloneEach returns a copy of xs whose elements are deep copies too.
func cloneEach[T interface{ clone() T }](xs []T) []T {
	out := slices.Clone(xs)
	for i := range out {
		out[i] = out[i].clone()
	}
	return out
}

// clone returns a copy of w that shares no slice with it.
func (w WorkerView) clone() WorkerView {
	w.Globals = slices.Clone(w.Globals)
	w.shareSpans() // see State.Clone
	return w
}

// A timeline's array counts as shared when the slice has no room left (its
// capacity is its length): whoever changes it copies it first, into an array
// with spanHeadroom more. Closing a span or dropping the oldest takes no room;
// each span appended takes one, and an owned timeline whose room ran out is
// copied at its next change, as a growing slice would be. The mark lives in the
// slice, not in a field, so that States compare equal however they were made.

// shareSpans marks w's timeline as shared.
func (w *WorkerView) shareSpans() { w.Spans = w.Spans[:len(w.Spans):len(w.Spans)] }

// ownSpans gives w a timeline array of its own, if it shares one, before it
// changes it.
func (w *WorkerView) ownSpans() {
	if cap(w.Spans) > len(w.Spans) {
		return
	}
	w.Spans = append(make([]Span, 0, len(w.Spans)+spanHeadroom), w.Spans...)
}

// spanHeadroom is the room a copied timeline gets for spans to come, so that
// appending after a copy does not copy it again at once.
const spanHeadroom = 64

// clone returns a copy of o that shares no slice with it.
func (o ObjectView) clone() ObjectView {
	o.Holders = slices.Clone(o.Holders)
	o.Waiters = slices.Clone(o.Waiters)
	o.Contents = slices.Clone(o.Contents)
	o.Closed = slices.Clone(o.Closed)
	o.Stream = slices.Clone(o.Stream)
	o.readAt = slices.Clone(o.readAt)
	return o
}
