// Package narrate tells a run's events as sentences a learner can read: the
// headless runner prints them, and the viewer's event log shows them.
package narrate

import (
	"maps"
	"strconv"

	"poolviz/pool"
)

// Narrator turns events into sentences. It keeps the little memory a story needs
// (how many results arrived so far, the calls of the running tasks), so feed it
// every event in order. Keep a copy to resume from with Snapshot, not by
// assignment: the copies would share the running calls.
type Narrator struct {
	arrived int
	calls   map[int]string // running task id -> its argument: task 3 is "task(3)"
	// shared says calls is shared with a snapshot: the next change copies it
	// first, so a snapshot costs nothing until the story moves on.
	shared bool
}

// Snapshot returns a copy of n to resume the story from later: what n (or the
// copy) tells next changes neither. Its cost is one copy of the running calls
// (one per busy worker), paid at the next change, and only once however many
// snapshots were taken since the last.
func (n *Narrator) Snapshot() Narrator {
	n.shared = true
	return *n
}

// own makes calls n's own before a change, copying it if a snapshot shares it.
func (n *Narrator) own() {
	if n.shared {
		n.calls = maps.Clone(n.calls)
		n.shared = false
	}
	if n.calls == nil {
		n.calls = map[int]string{}
	}
}

// appendCall names a task by its call when its start was seen ("task(3)"),
// else by id ("task 3").
func (n *Narrator) appendCall(dst []byte, id int) []byte {
	if arg, ok := n.calls[id]; ok {
		return append(append(append(dst, "task("...), arg...), ')')
	}
	return strconv.AppendInt(append(dst, "task "...), int64(id), 10)
}

// Line tells one event in a sentence, or returns "" for an event not worth telling
// (a step label, a sleep's start is told as part of its task).
func (n *Narrator) Line(ev pool.Event) string { return string(n.AppendLine(nil, &ev)) }

// AppendLine appends the sentence Line tells for ev to dst and returns it; it
// appends nothing for an event not worth telling. With a reused dst it
// allocates nothing, for the headless account's million lines.
func (n *Narrator) AppendLine(dst []byte, ev *pool.Event) []byte {
	switch {
	case ev.Kind <= pool.KindMainEnded:
		return appendPool(dst, ev)
	case ev.Kind <= pool.KindGlobalSet:
		return appendWorker(dst, ev)
	case ev.Kind <= pool.KindCallbackRan:
		return n.appendTask(dst, ev)
	}
	return appendObject(dst, ev)
}

// appendPool tells the pool's and the main program's lifecycle.
func appendPool(dst []byte, ev *pool.Event) []byte {
	switch ev.Kind {
	case pool.KindMainStarted:
		return append(dst, "main program started"...)
	case pool.KindMainEnded:
		if ev.Err != "" {
			return append(append(dst, "main program ended with an error: "...), ev.Err...)
		}
		return append(dst, "main program ended"...)
	case pool.KindPoolCreated:
		dst = appendInt(append(dst, "pool created with "...), ev.Count)
		dst = append(dst, " workers"...)
		if ev.Value != "" {
			dst = append(append(dst, ", initargs "...), ev.Value...)
		}
		if ev.Gen > 0 {
			dst = appendInt(append(dst, ", maxtasksperchild "...), ev.Gen)
		}
		return dst
	case pool.KindPoolClosed:
		return append(dst, "pool closed: no new tasks; queued ones still run"...)
	case pool.KindPoolTerminated:
		return append(dst, "pool terminated: every unfinished task is cancelled"...)
	case pool.KindPoolBroken:
		if ev.Err == "" {
			return append(dst, "pool is broken"...)
		}
		return append(dst, ev.Err...) // "pool is broken: the initializer of worker 1 failed: ..."
	case pool.KindPoolJoined:
		return append(appendActor(dst, ev.Actor), " joined the pool: every worker has exited"...)
	}
	return dst
}

// appendWorker tells a worker's lifecycle.
func appendWorker(dst []byte, ev *pool.Event) []byte {
	dst = appendActor(dst, ev.Actor)
	switch ev.Kind {
	case pool.KindWorkerStarted:
		dst = append(dst, " started"...)
		if ev.Gen > 1 {
			dst = append(appendInt(append(dst, " (generation "...), ev.Gen), ", a replacement)"...)
		}
	case pool.KindInitBegan:
		dst = append(dst, " runs its initializer"...)
		if ev.Value != "" {
			dst = append(append(dst, " with initargs "...), ev.Value...)
		}
	case pool.KindInitEnded:
		dst = append(dst, " initialized"...)
		for i, v := range ev.Vars {
			if i == 0 {
				dst = append(dst, " with "...)
			} else {
				dst = append(dst, ", "...)
			}
			dst = append(append(append(dst, v.Name...), '='), v.Value...)
		}
	case pool.KindInitFailed:
		dst = append(append(dst, "'s initializer failed: "...), ev.Err...)
	case pool.KindGlobalSet:
		dst = append(append(append(append(dst, " set its global "...), ev.Object...), " = "...), ev.Value...)
	case pool.KindWorkerRecycled:
		dst = append(appendInt(append(dst, " is replaced after "...), ev.Count), " tasks (maxtasksperchild)"...)
	case pool.KindWorkerExited:
		dst = append(dst, " exited"...)
		if ev.Label != "" {
			dst = append(append(dst, ": "...), ev.Label...)
		}
	}
	return dst
}
