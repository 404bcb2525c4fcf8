package narrate

import (
	"strconv"

	"poolviz/pool"
)

// appendTask tells a task's life, from its submission to its result.
func (n *Narrator) appendTask(dst []byte, ev *pool.Event) []byte {
	switch ev.Kind {
	case pool.KindTaskSubmitted:
		dst = append(appendActor(dst, ev.Actor), " submitted "...)
		if ev.Count > 1 {
			dst = appendRange(append(dst, "pool tasks "...), ev)
			return append(append(append(dst, " as one chunk ("...), ev.Label...), ')')
		}
		dst = append(appendInt(append(dst, "pool task "...), ev.Task), " ("...)
		dst = append(dst, ev.Label...)
		if ev.Label == "map" || ev.Label == "imap" || ev.Label == "imap_unordered" {
			dst = appendInt(append(dst, " item #"...), ev.Index)
		}
		return append(dst, ')')
	case pool.KindTaskStarted:
		return n.appendStarted(dst, ev)
	case pool.KindTaskSleep:
		if ev.Task == 0 {
			dst = appendActor(dst, ev.Actor)
		} else {
			dst = n.appendCall(dst, ev.Task)
		}
		dst = strconv.AppendFloat(append(dst, " sleeps "...), ev.Dur.Seconds(), 'f', 2, 64)
		return append(dst, " s"...)
	case pool.KindTaskFinished:
		return n.appendFinished(dst, ev)
	case pool.KindResultWaited:
		return append(append(appendActor(dst, ev.Actor), " asks for the result of "...), ev.Label...)
	case pool.KindResultReady:
		dst = append(append(dst, "the result of "...), ev.Label...)
		if ev.Err != "" {
			return append(append(append(dst, " is ready: failed ("...), ev.Err...), ')')
		}
		return append(dst, " is ready"...)
	case pool.KindCallbackRan:
		dst = appendInt(append(dst, "callback for pool task "...), ev.Task)
		if ev.Err != "" {
			return append(append(dst, " failed on the result handler: "...), ev.Err...)
		}
		return append(dst, " ran on the result handler"...)
	}
	return dst
}

// appendStarted tells a task's start. The pool numbers tasks from 1; the
// listing calls them with their argument: it says both once, so the queue's
// and the timeline's numbers meet the code's.
func (n *Narrator) appendStarted(dst []byte, ev *pool.Event) []byte {
	if ev.Count > 1 {
		dst = appendRange(append(dst, "pool tasks "...), ev)
		return appendActor(append(dst, " started on "...), ev.Actor)
	}
	dst = append(appendActor(dst, ev.Actor), " runs "...)
	if ev.Value == "" {
		return appendInt(append(dst, "pool task "...), ev.Task)
	}
	n.own()
	n.calls[ev.Task] = ev.Value
	return n.appendCall(dst, ev.Task)
}

// appendFinished tells a task's end, counting the results that arrived.
func (n *Narrator) appendFinished(dst []byte, ev *pool.Event) []byte {
	if ev.Count > 1 {
		dst = appendRange(append(dst, "pool tasks "...), ev)
		if ev.Err != "" {
			return append(append(appendActor(append(dst, " on "...), ev.Actor), " failed: "...), ev.Err...)
		}
		n.arrived += ev.Count
		return appendActor(append(dst, " finished on "...), ev.Actor)
	}
	dst = n.appendCall(dst, ev.Task)
	if _, ok := n.calls[ev.Task]; ok {
		n.own()
		delete(n.calls, ev.Task)
	}
	if ev.Err != "" {
		dst = appendWhere(append(dst, " failed"...), ev.Actor)
		return append(append(dst, ": "...), ev.Err...)
	}
	n.arrived++
	dst = appendWhere(append(dst, " finished"...), ev.Actor)
	if ev.Value != "None" {
		dst = append(append(dst, ", returning "...), ev.Value...)
	}
	return append(AppendOrdinal(append(dst, " ("...), n.arrived), " to finish)"...)
}

// appendWhere says where a task ended: on its worker, or (cancelled by main)
// before it started.
func appendWhere(dst []byte, a pool.Actor) []byte {
	if a.Kind == pool.ActorMain {
		return append(dst, " before it started"...)
	}
	return appendActor(append(dst, " on "...), a)
}

// appendRange writes a chunk's tasks: "4-7".
func appendRange(dst []byte, ev *pool.Event) []byte {
	return appendInt(append(appendInt(dst, ev.Task), '-'), ev.Task+ev.Count-1)
}
