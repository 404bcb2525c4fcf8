package pytrace

import (
	"poolviz/pool"
)

// objectEvent fills in what an event of a keyed object needs from the tracer's
// record: its name, a queue's length, a lock's holder, as the engine's events
// carry them.
func (c *converter) objectEvent(ev *pool.Event, o *object) {
	if ev.Kind == pool.KindGlobalSet {
		// A global that holds a shared object: Value is its class, the key names it.
		ev.Value += "(" + o.name + ")"
		return
	}
	who := ev.Actor.String()
	ev.Object = o.name
	switch ev.Kind {
	case pool.KindQueuePut:
		o.length++
		ev.Count = o.length
	case pool.KindQueueGet:
		o.length = max(o.length-1, 0)
		ev.Count = o.length
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
	case pool.KindBlocked:
		ev.Object = c.phrase(o)
		ev.Other = o.holder
		ev.Dur = -1
	case pool.KindUnblocked:
		ev.Object = c.phrase(o)
	}
}

// phrase names an object as a blocked event does: "the lock", "queue results".
func (c *converter) phrase(o *object) string {
	noun := o.kind
	if noun == "rlock" {
		noun = "lock"
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
