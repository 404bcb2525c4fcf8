package picture

import "poolviz/pool"

// applyStream records a put to or a get from queue o in its Stream: a put
// appends the item, with who put it and, for a worker, the task it was
// running; a get marks the oldest item not yet taken that has the value got
// (a queue is FIFO: the oldest, unless events were shed).
func (s *State) applyStream(o *ObjectView, ev pool.Event) {
	who := ev.Actor.String()
	if ev.Kind == pool.KindQueuePut {
		it := QueueItem{Value: ev.Value, Order: o.Puts, By: who, PutAt: ev.Time}
		if ev.Actor.Kind == pool.ActorWorker && ev.Actor.ID >= 1 && ev.Actor.ID <= len(s.Workers) {
			if w := &s.Workers[ev.Actor.ID-1]; w.Task != 0 {
				it.Task, it.Arg, it.Via, it.ViaLine = w.Task, w.TaskArg, w.Job.Via, w.Job.ViaLine
				it.Index = w.Job.Index + (w.Task - w.Job.Task)
			}
		}
		o.Stream = appendBounded(o.Stream, it, MaxStream)
		return
	}
	first := -1
	for i := range o.Stream {
		if it := &o.Stream[i]; !it.Taken {
			if it.Value == ev.Value {
				first = i
				break
			}
			if first < 0 {
				first = i
			}
		}
	}
	if first >= 0 {
		it := &o.Stream[first]
		it.Taken, it.TakenBy, it.TakenAt = true, who, ev.Time
	}
}
