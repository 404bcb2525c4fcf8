package picture

import (
	"strings"

	"poolviz/pool"
)

// applyObject applies an event of a shared object: a queue, pipe, lock, event,
// semaphore, barrier, condition, value or log. A pipe's sends and receives are
// a queue's puts and gets. An object an event names before its KindObjectCreated
// (shed or reordered) is created on demand.
func (s *State) applyObject(ev pool.Event) {
	o := s.object(ev.Object)
	if o == nil {
		if ev.Kind == pool.KindLogAppended { // the log's lines are kept even past MaxObjects
			s.Log = appendBounded(s.Log, pool.LogLine{Time: ev.Time, Writer: ev.Actor.String(), Line: ev.Value, Log: ev.Object}, MaxLogLines)
		}
		return
	}
	who := ev.Actor.String()
	switch ev.Kind {
	case pool.KindObjectCreated:
		o.Kind, o.Capacity = ev.Label, max(ev.Count, 0)
		if isSemaphore(o.Kind) {
			o.Count = o.Capacity
		}
	case pool.KindQueuePut, pool.KindQueueGet:
		o.applyQueue(ev)
		s.applyStream(o, ev)
	case pool.KindAcquireRequested, pool.KindAcquireGranted, pool.KindReleased:
		o.applyHold(ev, who)
		if isLock(o.Kind) || isSemaphore(o.Kind) {
			s.refreshHeldBy(o)
		}
	case pool.KindWaitBegan:
		o.Waiters = addOnce(o.Waiters, who)
		if o.Kind == "barrier" {
			o.Count = len(o.Waiters)
		}
	case pool.KindWaitEnded:
		o.Waiters = removeFirst(o.Waiters, who)
		if o.Kind == "barrier" {
			o.Count = len(o.Waiters)
		}
	case pool.KindFlagSet:
		o.Set = true
	case pool.KindFlagCleared:
		o.Set = false
	case pool.KindBarrierBroken:
		o.Broken = true
	case pool.KindBarrierReset:
		o.Broken = false
	case pool.KindValueRead:
		o.Gets++
		o.Value = ev.Value
		o.read(who)
		s.workerRead(ev)
	case pool.KindValueWritten:
		o.Puts++
		o.Value = ev.Value
		o.written(who)
	case pool.KindConnClosed:
		o.Closed = addOnce(o.Closed, ev.Label)
		o.setLen(ev.Count) // what the closed end had not received is gone
	case pool.KindLogAppended:
		o.Count = max(ev.Count, o.Count+1)
		s.Log = appendBounded(s.Log, pool.LogLine{Time: ev.Time, Writer: who, Line: ev.Value, Log: ev.Object}, MaxLogLines)
	}
	// KindNotified changes nothing drawn: each woken waiter's KindWaitEnded does.
}

// applyQueue applies a put to or a get from a queue.
func (o *ObjectView) applyQueue(ev pool.Event) {
	if ev.Kind == pool.KindQueuePut {
		o.Puts++
		if len(o.Contents) < MaxListed {
			o.Contents = append(o.Contents, ev.Value)
		}
		o.setLen(ev.Count)
		return
	}
	o.Gets++
	switch i := indexOfName(o.Contents, ev.Value); {
	case i == 0:
		o.Contents = o.Contents[1:]
	case i > 0:
		o.Contents = append(o.Contents[:i], o.Contents[i+1:]...)
	}
	o.setLen(ev.Count)
}

// applyHold applies a request for, a grant of or a release of a lock or a
// semaphore permit (a Condition's events name its lock), by who.
func (o *ObjectView) applyHold(ev pool.Event, who string) {
	switch ev.Kind {
	case pool.KindAcquireRequested:
		if isLock(o.Kind) { // Other is the holder right now: trust it over our record
			o.Holders = o.Holders[:0]
			if ev.Other != "" {
				o.Holders = append(o.Holders, ev.Other)
			}
		} else if isSemaphore(o.Kind) {
			o.Count = ev.Count
		}
	case pool.KindAcquireGranted:
		o.Waiters = removeFirst(o.Waiters, who)
		if !isLock(o.Kind) || indexOfName(o.Holders, who) < 0 {
			o.Holders = appendIfRoom(o.Holders, who) // a semaphore lists a holder once per permit
		}
		o.Count = ev.Count
	case pool.KindReleased:
		holder := who
		if ev.Other != "" { // anyone may release a Lock or a Semaphore: whose hold ended
			holder = ev.Other
		}
		if !isLock(o.Kind) || ev.Count <= 0 { // an RLock is held until its level is 0
			o.Holders = removeFirst(o.Holders, holder)
		}
		o.Count = ev.Count
	}
}

// refreshHeldBy keeps "held by" current for everyone blocked on o: a worker that
// began to wait when worker 3 held the lock must not still say so once worker 1
// has taken it over.
func (s *State) refreshHeldBy(o *ObjectView) {
	if len(o.Waiters) == 0 {
		return // nobody waits: nothing to refresh (the fold's hot path, uncontended)
	}
	var held []string
	for _, h := range o.Holders {
		held = addOnce(held, h) // a semaphore lists a holder once per permit
	}
	by := strings.Join(held, ", ")
	// A blocked event names the object as a sentence does ("the lock" for one
	// called lock): match that phrase as well as the bare name.
	noun := "lock"
	if isSemaphore(o.Kind) {
		noun = "semaphore"
	}
	phrase := pool.ObjectPhrase(noun, o.Name)
	on := func(what string) bool { return what == o.Name || what == phrase }
	for i := range s.Workers {
		if w := &s.Workers[i]; w.Status == WorkerBlocked && on(w.BlockedOn) {
			w.BlockedBy = by
		}
	}
	if m := &s.Main; on(m.BlockedOn) {
		m.BlockedBy = by
	}
}

func isLock(kind string) bool      { return kind == "lock" || kind == "rlock" }
func isSemaphore(kind string) bool { return kind == "semaphore" || kind == "bounded-semaphore" }

// object returns the shared object called name, creating it if there is room.
func (s *State) object(name string) *ObjectView {
	for i := range s.Objects {
		if s.Objects[i].Name == name {
			return &s.Objects[i]
		}
	}
	if len(s.Objects) >= MaxObjects {
		return nil
	}
	s.Objects = append(s.Objects, ObjectView{Name: name})
	return &s.Objects[len(s.Objects)-1]
}

// setLen sets a queue's length from an event; the listed contents never claim
// more items than the queue has (missed gets are dropped from the front).
func (o *ObjectView) setLen(n int) {
	o.Len = max(n, 0)
	if len(o.Contents) > o.Len {
		o.Contents = o.Contents[len(o.Contents)-o.Len:]
	}
}

func indexOfName(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}

// addOnce appends name unless it is listed already (an actor waits once at a time).
func addOnce(names []string, name string) []string {
	if indexOfName(names, name) >= 0 {
		return names
	}
	return appendIfRoom(names, name)
}

// appendIfRoom appends name if fewer than MaxListed are listed.
func appendIfRoom(names []string, name string) []string {
	if len(names) >= MaxListed {
		return names
	}
	return append(names, name)
}

// removeFirst removes the first occurrence of name.
func removeFirst(names []string, name string) []string {
	i := indexOfName(names, name)
	if i < 0 {
		return names
	}
	return append(names[:i], names[i+1:]...)
}

// read notes that who read the shared value: the depth it read, which its
// next write goes on from.
func (o *ObjectView) read(who string) {
	for i := range o.readAt {
		if o.readAt[i].who == who {
			o.readAt[i].depth = o.depth
			return
		}
	}
	if len(o.readAt) < MaxListed {
		o.readAt = append(o.readAt, readDepth{who, o.depth})
	}
}

// written counts a write by who: a write that goes on from who's read
// overwrites every update made since that read, and those are lost; the value
// then carries one update more than the one read. A write with no read before
// it (the value's creation, a reset) only adds one.
func (o *ObjectView) written(who string) {
	from := o.depth
	for i := range o.readAt {
		if o.readAt[i].who == who {
			from = o.readAt[i].depth
			o.readAt = append(o.readAt[:i], o.readAt[i+1:]...)
			o.Updates++
			break
		}
	}
	o.Lost += max(o.depth-from, 0)
	o.depth = from + 1
}

// workerRead keeps what a worker's task read from a shared value: its local copy.
func (s *State) workerRead(ev pool.Event) {
	if ev.Actor.Kind != pool.ActorWorker {
		return
	}
	if w := s.slot(ev.Actor.ID); w != nil && (ev.Gen == 0 || ev.Gen == w.Gen) {
		w.Read = pool.Var{Name: ev.Object, Value: ev.Value}
	}
}
