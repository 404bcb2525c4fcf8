package pytrace

import (
	"slices"
	"strings"

	"poolviz/pool"
)

// objectEvent fills in what an event of a keyed object needs from the tracer's
// record: its name, a queue's length, a lock's holder, a semaphore's holders,
// how many an event's set or a notify woke, as the engine's events carry them.
// It reports false for an event that says nothing new: a barrier broken
// already (each of its waiters says it broke).
func (c *converter) objectEvent(ev *pool.Event, o *object) bool {
	if ev.Kind == pool.KindGlobalSet {
		// A global that holds a shared object: Value is its class, the key names it.
		ev.Value += "(" + o.name + ")"
		return true
	}
	who := ev.Actor.String()
	ev.Object = o.name
	switch ev.Kind {
	case pool.KindQueuePut, pool.KindLogAppended:
		o.length++
		ev.Count = o.length
	case pool.KindQueueGet:
		o.length = max(o.length-1, 0)
		ev.Count = o.length
	case pool.KindAcquireRequested, pool.KindAcquireGranted, pool.KindReleased:
		if isSemaphore(o.kind) {
			o.semaphoreEvent(ev, who)
		} else {
			o.lockEvent(ev, who)
		}
	case pool.KindWaitBegan:
		if o.kind != "lock" && o.kind != "rlock" && !isSemaphore(o.kind) {
			o.waiters = append(o.waiters, who)
		}
	case pool.KindWaitEnded:
		o.waiters = without(o.waiters, who)
	case pool.KindFlagSet:
		ev.Count = len(o.waiters)
	case pool.KindNotified:
		if ev.Count < 0 || ev.Count > len(o.waiters) {
			ev.Count = len(o.waiters)
		}
	case pool.KindBarrierBroken:
		if o.broken {
			return false
		}
		o.broken, ev.Count = true, len(o.waiters)
	case pool.KindBarrierReset:
		o.broken, ev.Count = false, len(o.waiters)
	case pool.KindBlocked:
		ev.Object = c.phrase(o)
		ev.Other = o.heldBy()
		ev.Dur = -1
	case pool.KindUnblocked:
		ev.Object = c.phrase(o)
	}
	return true
}

// lockEvent keeps a lock's holder.
func (o *object) lockEvent(ev *pool.Event, who string) {
	switch ev.Kind {
	case pool.KindAcquireRequested:
		ev.Other = o.holder
	case pool.KindAcquireGranted:
		o.holder = who
	case pool.KindReleased:
		if ev.Count <= 0 {
			if o.holder != "" && o.holder != who {
				ev.Other = o.holder
			}
			o.holder = ""
		}
	}
}

// semaphoreEvent keeps a semaphore's holders, once per permit: a release by
// one who holds none gives back the oldest holder's permit, as the engine's
// Semaphore does. It also sets the permits left, counted here from the grants
// and releases in time order rather than taken from the level Python read: two
// processes that release at once both read the same level, and the picture
// would end a permit short.
func (o *object) semaphoreEvent(ev *pool.Event, who string) {
	switch ev.Kind {
	case pool.KindAcquireRequested:
		ev.Other = o.heldBy()
	case pool.KindAcquireGranted:
		o.holders = append(o.holders, who)
		o.permits = max(o.permits-1, 0)
	case pool.KindReleased:
		o.permits++
		if !slices.Contains(o.holders, who) && len(o.holders) > 0 {
			ev.Other = o.holders[0]
			o.holders = o.holders[1:]
		} else {
			o.holders = without(o.holders, who)
		}
	}
	ev.Count = o.permits
}

// heldBy names who holds a lock or a semaphore's permits: "worker 1, worker 3".
func (o *object) heldBy() string {
	if !isSemaphore(o.kind) {
		return o.holder
	}
	var seen []string
	for _, h := range o.holders {
		if !slices.Contains(seen, h) {
			seen = append(seen, h)
		}
	}
	return strings.Join(seen, ", ")
}

// without removes the first occurrence of name.
func without(names []string, name string) []string {
	if i := slices.Index(names, name); i >= 0 {
		return slices.Delete(names, i, i+1)
	}
	return names
}

func isSemaphore(kind string) bool { return kind == "semaphore" || kind == "bounded-semaphore" }

// phrase names an object as a blocked event does: "the lock", "queue results".
func (c *converter) phrase(o *object) string {
	noun := o.kind
	switch noun {
	case "rlock":
		noun = "lock"
	case "bounded-semaphore":
		noun = "semaphore"
	case "simple-queue":
		noun = "queue"
	}
	return pool.ObjectPhrase(noun, o.name)
}

// renderRefs renders the keyed values of w (vars, args) with the objects' names.
func (c *converter) renderRefs(ev *pool.Event, w wireEvent) {
	if len(w.Vars) > 0 {
		ev.Vars = make([]pool.Var, 0, len(w.Vars))
		for _, r := range w.Vars {
			ev.Vars = append(ev.Vars, pool.Var{Name: r.Name, Value: c.refValue(r)})
		}
	}
	if len(w.Args) > 0 {
		vals := make([]string, 0, len(w.Args))
		for _, r := range w.Args {
			vals = append(vals, c.refValue(r))
		}
		ev.Value = joinArgs(vals)
	}
}

// refValue renders one value: a known object as Class(name), as the engine's
// objects print themselves (Value is the Python class).
func (c *converter) refValue(r wireRef) string {
	if o := c.objects[r.Key]; r.Key != "" && o != nil {
		return r.Value + "(" + o.name + ")"
	}
	return r.Value
}
