package picture

import "slices"

// Clone returns a deep copy of the State, sharing nothing with it: a snapshot to
// rewind to, or to hand to another goroutine. A plain copy (t := *s) shares the
// slices, and applying events to one would change the other.
// Cost: one allocation per non-empty slice, proportional to the State's size,
// which the Max bounds keep small.
func (s *State) Clone() State {
	c := *s
	c.Workers = slices.Clone(s.Workers)
	for i := range c.Workers {
		w := &c.Workers[i]
		w.Globals = slices.Clone(w.Globals)
		w.Spans = slices.Clone(w.Spans)
	}
	c.Queue = slices.Clone(s.Queue)
	c.queueRest = s.queueRest.clone()
	c.Results = slices.Clone(s.Results)
	c.Objects = slices.Clone(s.Objects)
	for i := range c.Objects {
		o := &c.Objects[i]
		o.Holders = slices.Clone(o.Holders)
		o.Waiters = slices.Clone(o.Waiters)
		o.Contents = slices.Clone(o.Contents)
	}
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
