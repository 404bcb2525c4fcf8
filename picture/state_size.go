package picture

import (
	"unsafe"

	"poolviz/pool"
)

// Footprint returns about how many bytes a Clone of the State takes: its
// slices' elements, not the strings they share with the events. A viewer that
// keeps snapshots of a State to step back (a session) spaces them by it: with
// 256 workers, each with MaxSpans spans, one snapshot is some 3 MB.
// Cost: proportional to the number of workers and objects.
func (s *State) Footprint() int {
	n := int(unsafe.Sizeof(*s))
	n += len(s.Workers) * int(unsafe.Sizeof(WorkerView{}))
	for i := range s.Workers {
		w := &s.Workers[i]
		n += len(w.Spans)*int(unsafe.Sizeof(Span{})) + len(w.Globals)*int(unsafe.Sizeof(pool.Var{}))
	}
	n += len(s.Queue)*int(unsafe.Sizeof(QueuedJob{})) + len(s.queueRest.runs)*int(unsafe.Sizeof(jobRun{}))
	n += len(s.Results)*int(unsafe.Sizeof(ResultView{})) + len(s.Output)*int(unsafe.Sizeof(OutputLine{}))
	n += len(s.Log)*int(unsafe.Sizeof(pool.LogLine{})) + len(s.Main.Globals)*int(unsafe.Sizeof(pool.Var{}))
	n += len(s.Objects) * int(unsafe.Sizeof(ObjectView{}))
	for i := range s.Objects {
		o := &s.Objects[i]
		n += (len(o.Holders)+len(o.Waiters)+len(o.Contents)+len(o.Closed))*int(unsafe.Sizeof("")) + len(o.Stream)*int(unsafe.Sizeof(QueueItem{}))
	}
	return n
}
