package picture

import "slices"

// Clone returns a deep copy of the State, sharing nothing with it: a snapshot to
// rewind to, or to hand to another goroutine. A plain copy (t := *s) shares the
// slices, and applying events to one would change the other.
// Cost: one allocation per non-empty slice, proportional to the State's size,
// which the Max bounds keep small.
func (s *State) Clone() State {
	c := *s
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
	w.Spans = slices.Clone(w.Spans)
	return w
}

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
