package pytrace

import (
	"strconv"
	"time"

	"poolviz/pool"
)

// proc is what the converter knows of one Python process.
type proc struct {
	slot   int // worker slot, 0 for none
	gen    int
	exited bool
}

// slotState is one worker slot: the generation it is at and whether a live
// process holds it.
type slotState struct {
	gen  int
	busy bool
}

// object is a shared object the program uses, known by its key.
type object struct {
	name    string
	kind    string   // "queue", "lock", "rlock", "semaphore", "event", "value", "log"...
	length  int      // a queue's items, a log's lines
	holder  string   // a lock's holder, "" when free
	holders []string // a semaphore's holders, one per permit taken
	permits int      // a semaphore's permits left, counted from its grants and releases
	waiters []string // who waits on an event, condition or barrier
	broken  bool     // a barrier is broken
}

// converter turns wire events, in release order, into pool events: it assigns
// worker slots and generations, names objects, and keeps queue lengths and lock
// holders. It is used by one goroutine at a time (under Run's lock).
type converter struct {
	mainPID    int
	procs      map[int]*proc
	slots      []slotState
	objects    map[string]*object
	taken      map[string]bool // object names in use
	fallback   map[string]int  // unnamed objects per kind
	terminated bool            // the pool was terminated: a silent exit was a kill
	seq        uint64
	last       time.Duration
}

func newConverter() *converter {
	return &converter{procs: map[int]*proc{}, objects: map[string]*object{}, taken: map[string]bool{}, fallback: map[string]int{}}
}

// convert appends the pool events w stands for to dst; at is its run time.
func (c *converter) convert(dst []pool.Event, w wireEvent, at time.Duration) []pool.Event {
	at = max(at, c.last)
	c.last = at
	switch w.Kind {
	case kindEOF:
		return c.silentExit(dst, w.Pid, at)
	case kindWorkerGone:
		return c.silentExit(dst, w.Child, at)
	case kindWorkerSpawned:
		c.reserve(w.Child)
		return dst
	}
	kind, ok := eventKind(w.Kind)
	if !ok {
		return dst
	}
	actor, gen := c.actor(w)
	ev := pool.Event{Time: at, Actor: actor, Kind: kind, Gen: gen, Task: w.Task, Index: w.Index, Chunk: w.Chunk,
		Count: w.Count, Object: w.Object, Other: w.Other, Label: w.Label, Value: w.Value, Err: w.Err, Dur: time.Duration(w.Dur)}
	if kind == pool.KindObjectCreated {
		return c.declare(dst, w, at)
	}
	if w.Key != "" {
		var o *object
		dst, o = c.object(dst, w.Key, impliedKind(kind), "", 0, at)
		if !c.objectEvent(&ev, o) {
			return dst
		}
	}
	c.renderRefs(&ev, w)
	switch kind {
	case pool.KindPoolCreated:
		c.terminated = false
	case pool.KindPoolTerminated:
		c.terminated = true
	case pool.KindWorkerExited:
		if p := c.procs[w.Pid]; p != nil && p.exited {
			return dst // its exit was recorded already (main found it gone first)
		}
		c.free(w.Pid)
	}
	return c.emit(dst, ev)
}

func (c *converter) emit(dst []pool.Event, ev pool.Event) []pool.Event {
	c.seq++
	ev.Seq = c.seq
	return append(dst, ev)
}

// actor returns who sent w and, for a worker, its generation. A process
// becomes a worker at its worker-started line.
func (c *converter) actor(w wireEvent) (pool.Actor, int) {
	if w.As == "handler" {
		return pool.Actor{Kind: pool.ActorResultHandler}, 0
	}
	p := c.procs[w.Pid]
	if p == nil {
		p = &proc{}
		c.procs[w.Pid] = p
	}
	if w.Kind == pool.KindWorkerStarted.String() && p.slot == 0 && w.Pid != c.mainPID {
		p.slot, p.gen = c.takeSlot()
	}
	if p.slot == 0 {
		return pool.MainActor, 0
	}
	return pool.Actor{Kind: pool.ActorWorker, ID: p.slot}, p.gen
}

// reserve gives the worker process pid its slot as main starts it.
func (c *converter) reserve(pid int) {
	if pid == 0 || c.procs[pid] != nil {
		return
	}
	p := &proc{}
	p.slot, p.gen = c.takeSlot()
	c.procs[pid] = p
}

// takeSlot returns the lowest free worker slot and its next generation.
func (c *converter) takeSlot() (int, int) {
	for i := range c.slots {
		if !c.slots[i].busy {
			c.slots[i].busy = true
			c.slots[i].gen++
			return i + 1, c.slots[i].gen
		}
	}
	c.slots = append(c.slots, slotState{gen: 1, busy: true})
	return len(c.slots), 1
}

// free marks pid's worker as gone, so that its slot takes the next worker.
func (c *converter) free(pid int) {
	p := c.procs[pid]
	if p == nil || p.slot == 0 || p.exited {
		return
	}
	p.exited = true
	c.slots[p.slot-1].busy = false
}

// silentExit records the exit of worker process pid, which ended (its
// connection closed, or main found it gone) before it said it exited.
func (c *converter) silentExit(dst []pool.Event, pid int, at time.Duration) []pool.Event {
	p := c.procs[pid]
	if p == nil || p.slot == 0 || p.exited {
		return dst
	}
	why := "its process ended"
	if c.terminated {
		why = "terminated with the pool"
	}
	c.free(pid)
	return c.emit(dst, pool.Event{Time: at, Actor: pool.Actor{Kind: pool.ActorWorker, ID: p.slot}, Kind: pool.KindWorkerExited, Gen: p.gen, Label: why})
}

// declare handles an object-created line: the first for a key names it. A
// Value's first line carries its value as it was made, shown as the engine
// shows a new Value: written once by main.
func (c *converter) declare(dst []pool.Event, w wireEvent, at time.Duration) []pool.Event {
	if c.objects[w.Key] != nil {
		return dst
	}
	dst, o := c.object(dst, w.Key, w.Label, w.Object, w.Count, at)
	if on := c.objects[w.Of]; w.Of != "" && on != nil {
		dst[len(dst)-1].Other = on.name
	}
	if o.kind == "value" && w.Value != "" {
		dst = c.emit(dst, pool.Event{Time: at, Actor: pool.MainActor, Kind: pool.KindValueWritten, Object: o.name, Value: w.Value})
	}
	return dst
}

// object returns the object of key, declaring it (an ObjectCreated event) the
// first time it is heard of, named hint or, with none or a name taken, after
// its kind.
func (c *converter) object(dst []pool.Event, key, kind, hint string, capacity int, at time.Duration) ([]pool.Event, *object) {
	if o := c.objects[key]; o != nil {
		return dst, o
	}
	name := hint
	if name == "" || c.taken[name] {
		c.fallback[kind]++
		name = kind + " " + strconv.Itoa(c.fallback[kind])
		if hint != "" {
			name = hint + " " + strconv.Itoa(c.fallback[kind])
		}
	}
	c.taken[name] = true
	o := &object{name: name, kind: kind, permits: max(capacity, 0)}
	c.objects[key] = o
	return c.emit(dst, pool.Event{Time: at, Actor: pool.MainActor, Kind: pool.KindObjectCreated, Object: name, Label: kind, Count: capacity}), o
}

// impliedKind is the kind of an object first heard of in an event of kind k
// (Python declares each object before its first use: this is a fallback).
func impliedKind(k pool.Kind) string {
	switch k {
	case pool.KindAcquireRequested, pool.KindAcquireGranted, pool.KindReleased, pool.KindWaitBegan, pool.KindWaitEnded:
		return "lock"
	case pool.KindFlagSet, pool.KindFlagCleared:
		return "event"
	case pool.KindNotified:
		return "condition"
	case pool.KindBarrierBroken, pool.KindBarrierReset:
		return "barrier"
	case pool.KindValueRead, pool.KindValueWritten:
		return "value"
	case pool.KindLogAppended:
		return "log"
	}
	return "queue"
}
