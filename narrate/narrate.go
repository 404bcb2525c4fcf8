// Package narrate tells a run's events as sentences a learner can read: the
// headless runner prints them, and the viewer's event log shows them.
package narrate

import (
	"fmt"
	"maps"
	"strings"
	"time"

	"poolviz/pool"
)

// Narrator turns events into sentences. It keeps the little memory a story needs
// (how many results arrived so far, the calls of the running tasks), so feed it
// every event in order. Keep a copy to resume from with Snapshot, not by
// assignment: the copies would share the running calls.
type Narrator struct {
	arrived int
	calls   map[int]string // running task id -> its call, "task(3)"
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

// call names a task by its call when its start was seen ("task(3)"), else by id.
func (n *Narrator) call(id int) string {
	if c, ok := n.calls[id]; ok {
		return c
	}
	return fmt.Sprintf("task %d", id)
}

// Line tells one event in a sentence, or returns "" for an event not worth telling
// (a step label, a sleep's start is told as part of its task).
func (n *Narrator) Line(ev pool.Event) string {
	who := ev.Actor.String()
	switch ev.Kind {
	case pool.KindMainStarted:
		return "main program started"
	case pool.KindMainEnded:
		if ev.Err != "" {
			return "main program ended with an error: " + ev.Err
		}
		return "main program ended"
	case pool.KindPoolCreated:
		s := fmt.Sprintf("pool created with %d workers", ev.Count)
		if ev.Value != "" {
			s += ", initargs " + ev.Value
		}
		if ev.Gen > 0 {
			s += fmt.Sprintf(", maxtasksperchild %d", ev.Gen)
		}
		return s
	case pool.KindPoolClosed:
		return "pool closed: no new tasks; queued ones still run"
	case pool.KindPoolTerminated:
		return "pool terminated: every unfinished task is cancelled"
	case pool.KindPoolBroken:
		if ev.Err == "" {
			return "pool is broken"
		}
		return ev.Err // "pool is broken: the initializer of worker 1 failed: ..."
	case pool.KindPoolJoined:
		return who + " joined the pool: every worker has exited"
	case pool.KindWorkerStarted:
		return fmt.Sprintf("%s started%s", who, gen(ev.Gen))
	case pool.KindInitBegan:
		return fmt.Sprintf("%s runs its initializer%s", who, withArgs(ev.Value))
	case pool.KindInitEnded:
		if len(ev.Vars) == 0 {
			return who + " initialized"
		}
		return who + " initialized with " + vars(ev.Vars)
	case pool.KindInitFailed:
		return who + "'s initializer failed: " + ev.Err
	case pool.KindGlobalSet:
		return fmt.Sprintf("%s set its global %s = %s", who, ev.Object, ev.Value)
	case pool.KindWorkerRecycled:
		return fmt.Sprintf("%s is replaced after %d tasks (maxtasksperchild)", who, ev.Count)
	case pool.KindWorkerExited:
		if ev.Label != "" {
			return who + " exited: " + ev.Label
		}
		return who + " exited"
	case pool.KindTaskSubmitted:
		if ev.Count > 1 {
			return fmt.Sprintf("%s submitted tasks %d-%d as one chunk (%s)", who, ev.Task, ev.Task+ev.Count-1, ev.Label)
		}
		if ev.Label == "map" || ev.Label == "imap" || ev.Label == "imap_unordered" {
			return fmt.Sprintf("%s submitted task %d (%s item #%d)", who, ev.Task, ev.Label, ev.Index)
		}
		return fmt.Sprintf("%s submitted task %d (%s)", who, ev.Task, ev.Label)
	case pool.KindTaskStarted:
		if ev.Count > 1 {
			return fmt.Sprintf("tasks %d-%d started on %s", ev.Task, ev.Task+ev.Count-1, who)
		}
		if ev.Value == "" {
			return fmt.Sprintf("%s runs task %d", who, ev.Task)
		}
		n.own()
		n.calls[ev.Task] = "task(" + ev.Value + ")"
		// The pool numbers tasks from 1; the listing calls them with their
		// argument: say both once, so the queue's and the timeline's numbers
		// meet the code's.
		return fmt.Sprintf("%s runs task %d = %s", who, ev.Task, n.call(ev.Task))
	case pool.KindTaskSleep:
		if ev.Task == 0 {
			return fmt.Sprintf("%s sleeps %s", who, secs(ev.Dur))
		}
		return fmt.Sprintf("%s sleeps %s", n.call(ev.Task), secs(ev.Dur))
	case pool.KindTaskFinished:
		return n.finished(ev)
	case pool.KindResultWaited:
		return fmt.Sprintf("%s asks for the result of %s", who, ev.Label)
	case pool.KindResultReady:
		if ev.Err != "" {
			return fmt.Sprintf("the result of %s is ready: failed (%s)", ev.Label, ev.Err)
		}
		return fmt.Sprintf("the result of %s is ready", ev.Label)
	case pool.KindCallbackRan:
		if ev.Err != "" {
			return fmt.Sprintf("callback for task %d failed on the result handler: %s", ev.Task, ev.Err)
		}
		return fmt.Sprintf("callback for task %d ran on the result handler", ev.Task)
	case pool.KindObjectCreated:
		return fmt.Sprintf("%s created %s %s", who, ev.Label, ev.Object)
	case pool.KindQueuePut:
		return fmt.Sprintf("%s put %s on %s", who, ev.Value, ev.Object)
	case pool.KindQueueGet:
		return fmt.Sprintf("%s got %s from %s", who, ev.Value, ev.Object)
	case pool.KindAcquireRequested:
		return fmt.Sprintf("%s asks for %s", who, ev.Object)
	case pool.KindAcquireGranted:
		return fmt.Sprintf("%s acquired %s", who, ev.Object)
	case pool.KindReleased:
		return fmt.Sprintf("%s released %s", who, ev.Object)
	case pool.KindWaitBegan:
		return "" // a wait that blocks is told by its KindBlocked event
	case pool.KindWaitEnded:
		if ev.Err != "" {
			return fmt.Sprintf("%s stopped waiting on %s: %s", who, ev.Object, ev.Err)
		}
		return ""
	case pool.KindFlagSet:
		return fmt.Sprintf("%s set %s", who, ev.Object)
	case pool.KindFlagCleared:
		return fmt.Sprintf("%s cleared %s", who, ev.Object)
	case pool.KindNotified:
		return fmt.Sprintf("%s notified %d waiting on %s", who, ev.Count, ev.Object)
	case pool.KindBarrierBroken:
		return fmt.Sprintf("barrier %s is broken", ev.Object)
	case pool.KindValueRead:
		return fmt.Sprintf("%s read %s = %s", who, ev.Object, ev.Value)
	case pool.KindValueWritten:
		return fmt.Sprintf("%s wrote %s = %s", who, ev.Object, ev.Value)
	case pool.KindBarrierReset:
		return fmt.Sprintf("%s reset barrier %s", who, ev.Object)
	case pool.KindLogAppended:
		return fmt.Sprintf("%s wrote to %s: %s", who, ev.Object, ev.Value)
	case pool.KindBlocked:
		s := fmt.Sprintf("%s %s %s", who, ev.Label, ev.Object)
		if ev.Other != "" {
			s += ", held by " + ev.Other
		}
		return s
	case pool.KindUnblocked:
		if ev.Err != "" {
			return fmt.Sprintf("%s gave up waiting on %s: %s", who, ev.Object, ev.Err)
		}
		return ""
	case pool.KindDeadlock:
		return "DEADLOCK: " + ev.Value
	case pool.KindOutput:
		return "main prints: " + ev.Value
	case pool.KindCoalesced:
		return fmt.Sprintf("%d events were too fast to show one by one; counts stay exact", ev.Count)
	}
	return ""
}

func (n *Narrator) finished(ev pool.Event) string {
	if ev.Count > 1 {
		if ev.Err != "" {
			return fmt.Sprintf("tasks %d-%d on %s failed: %s", ev.Task, ev.Task+ev.Count-1, ev.Actor, ev.Err)
		}
		n.arrived += ev.Count
		return fmt.Sprintf("tasks %d-%d finished on %s", ev.Task, ev.Task+ev.Count-1, ev.Actor)
	}
	where := " on " + ev.Actor.String()
	if ev.Actor.Kind == pool.ActorMain {
		where = " before it started"
	}
	name := n.call(ev.Task)
	if _, ok := n.calls[ev.Task]; ok {
		n.own()
		delete(n.calls, ev.Task)
	}
	if ev.Err != "" {
		return fmt.Sprintf("%s failed%s: %s", name, where, ev.Err)
	}
	n.arrived++
	s := fmt.Sprintf("%s finished%s", name, where)
	if ev.Value != "None" {
		s += ", returning " + ev.Value
	}
	return s + fmt.Sprintf(" (%s to finish)", Ordinal(n.arrived))
}

// Ordinal writes 1 as "1st", 2 as "2nd", 11 as "11th".
func Ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

func gen(g int) string {
	if g > 1 {
		return fmt.Sprintf(" (generation %d, a replacement)", g)
	}
	return ""
}

func withArgs(v string) string {
	if v == "" {
		return ""
	}
	return " with initargs " + v
}

func vars(vs []pool.Var) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.Name + "=" + v.Value
	}
	return strings.Join(parts, ", ")
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// Stamp formats a virtual time for a log line: "  3.250s".
func Stamp(t time.Duration) string { return fmt.Sprintf("%7.3fs", t.Seconds()) }
