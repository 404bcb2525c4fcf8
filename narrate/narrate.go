// Package narrate tells a run's events as sentences a learner can read: the
// headless runner prints them, and the viewer's event log shows them.
package narrate

import (
	"maps"
	"slices"
	"strconv"

	"poolviz/pool"
)

// Narrator turns events into sentences. It keeps the little memory a story needs
// (how many results arrived so far, the calls of the running tasks), so feed it
// every event in order. Keep a copy to resume from with Snapshot, not by
// assignment: the copies would share the running calls.
type Narrator struct {
	// Func, when set, names the function a job calls, as the program's
	// listing does, from the step (or the source line) its submitter was on
	// when it submitted it: "parent_task". Without it, or where it returns "",
	// a task is called "task". It is only read, from any goroutine.
	Func func(step string, line int) string

	arrived int
	calls   map[int]string // running task id -> its argument: task 3 is "task(3)"
	// shared says calls and fns are shared with a snapshot: the next change
	// copies them first, so a snapshot costs nothing until the story moves on.
	shared bool
	// fns are the functions of the submitted tasks, by runs of task ids (a
	// million submissions of one function are one run); step and line are
	// where main is in its listing.
	fns  []fnRun
	step string
	line int
}

// fnRun is n tasks from first that call fn.
type fnRun struct {
	first, n int
	fn       string
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
		n.fns = slices.Clone(n.fns)
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
		dst = append(dst, n.fnOf(id)...)
		if len(arg) > 1 && arg[0] == '(' && arg[len(arg)-1] == ')' {
			return append(dst, arg...) // no argument, or several: "()", "(1, 2)"
		}
		return append(append(append(dst, '('), arg...), ')')
	}
	return strconv.AppendInt(append(dst, "pool task "...), int64(id), 10)
}

// fnOf returns the function task id calls, "task" where it is not known.
func (n *Narrator) fnOf(id int) string {
	for i := len(n.fns) - 1; i >= 0; i-- {
		if r := n.fns[i]; id >= r.first && id < r.first+r.n {
			return r.fn
		}
	}
	return "task"
}

// submitted records the function of the tasks ev submits.
func (n *Narrator) submitted(ev *pool.Event) {
	if n.Func == nil || ev.Actor.Kind != pool.ActorMain {
		return
	}
	fn := n.Func(n.step, n.line)
	if fn == "" {
		return
	}
	count := max(ev.Count, 1)
	if k := len(n.fns) - 1; k >= 0 && n.fns[k].fn == fn && n.fns[k].first+n.fns[k].n == ev.Task {
		n.own()
		n.fns[k].n += count
		return
	}
	n.own()
	n.fns = append(n.fns, fnRun{first: ev.Task, n: count, fn: fn})
}

// mainStep follows the step main is on, where its next submission comes from.
func (n *Narrator) mainStep(ev *pool.Event) {
	if ev.Actor.Kind != pool.ActorMain || n.Func == nil {
		return
	}
	n.step, n.line = ev.Label, 0
	if ev.Label == "line" && ev.Count > 0 {
		n.line = ev.Count
	}
}

// Line tells one event in a sentence, or returns "" for an event not worth telling
// (a step label, a sleep's start is told as part of its task).
func (n *Narrator) Line(ev pool.Event) string { return string(n.AppendLine(nil, &ev)) }

// AppendLine appends the sentence Line tells for ev to dst and returns it; it
// appends nothing for an event not worth telling. With a reused dst it
// allocates nothing, for the headless account's million lines.
func (n *Narrator) AppendLine(dst []byte, ev *pool.Event) []byte {
	switch ev.Kind {
	case pool.KindTaskStep:
		n.mainStep(ev)
	case pool.KindTaskSubmitted:
		n.submitted(ev)
	}
	switch {
	case ev.Kind <= pool.KindMainEnded:
		return appendPool(dst, ev)
	case ev.Kind <= pool.KindGlobalSet:
		return appendWorker(dst, ev)
	case ev.Kind <= pool.KindCallbackRan:
		return n.appendTask(dst, ev)
	case ev.Kind == pool.KindDeadlock:
		return n.appendDeadlock(dst, ev)
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
