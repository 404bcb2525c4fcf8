package trace

import (
	"fmt"
	"strconv"

	"poolviz/pool"
)

// event adds one pool event to the trace.
func (c *chrome) event(ev pool.Event) {
	tr := c.actorTrack(ev.Actor)
	ts := c.at(tr, ev.Time)
	if ev.Actor.Kind == pool.ActorMain && !c.mainEnded && !c.has(tr, spanLife) {
		c.open(tr, spanLife, "main", ts, nil) // submissions' arrows start inside it
	}
	switch ev.Kind {
	case pool.KindMainEnded:
		c.close(tr, spanLife, ts, errArgs(ev.Err))
		c.mainEnded = true // what main's actor records later (Shutdown's) is not main's run
	case pool.KindWorkerStarted:
		if len(tr.stack) > 0 { // the previous generation's end was not recorded
			c.popTo(tr, 0, ts, nil)
		}
		c.open(tr, spanLife, fmt.Sprintf("%s (generation %d)", ev.Actor, ev.Gen), ts, nil)
	case pool.KindInitBegan:
		c.ensureLife(tr, ev, ts)
		c.open(tr, spanInit, "initializer", ts, args("initargs", ev.Value))
	case pool.KindInitEnded:
		a := map[string]any{}
		for _, v := range ev.Vars {
			a["global "+v.Name] = v.Value
		}
		c.close(tr, spanInit, ts, a)
	case pool.KindInitFailed:
		c.close(tr, spanInit, ts, errArgs(ev.Err))
	case pool.KindWorkerExited:
		if len(tr.stack) > 0 {
			c.popTo(tr, 0, ts, args("why", ev.Label))
		}
	case pool.KindTaskSubmitted:
		c.submitted(tr, ev, ts)
	case pool.KindTaskStarted:
		c.started(tr, ev, ts)
	case pool.KindTaskSleep:
		c.open(tr, spanSleep, "sleep "+ev.Dur.String(), ts, nil)
		tr.sleeping, tr.sleepEnd = true, micros(ev.Time+max(ev.Dur, 0))
	case pool.KindTaskFinished:
		c.finished(tr, ev, ts)
	case pool.KindBlocked:
		c.close(tr, spanBlocked, ts, nil)
		name := ev.Label + " " + ev.Object
		c.open(tr, spanBlocked, name, ts, args("held by", ev.Other, "why", ev.Value))
	case pool.KindUnblocked:
		c.close(tr, spanBlocked, ts, errArgs(ev.Err))
	case pool.KindPoolTerminated, pool.KindPoolBroken:
		c.instant(tr, ev.Kind.String(), ts, args("pool", ev.Object, "error", ev.Err))
		c.jobs, c.queued = map[int]int{}, 0 // the queue is dropped: its tasks fail in it
		c.counter("task queue", "tasks", 0, ts)
	case pool.KindQueuePut, pool.KindQueueGet:
		c.instant(tr, ev.Kind.String()+" "+ev.Object, ts, args("item", ev.Value))
		c.counter(ev.Object, "length", ev.Count, ts) // a shared queue's counter bears its name
	case pool.KindDeadlock:
		c.emit(tr, chromeEvent{Name: "deadlock (" + ev.Label + ")", Ph: "i", S: "g", Ts: ts, Args: args("explanation", ev.Value)})
	case pool.KindCoalesced:
		c.emit(tr, chromeEvent{Name: "coalesced", Ph: "i", S: "g", Ts: ts, Args: map[string]any{"events shed": ev.Count}})
	case pool.KindResultWaited, pool.KindMainStarted:
		// A wait shows as its blocked span; main's span opened above.
	default:
		c.instant(tr, instantName(ev), ts, args("value", ev.Value, "error", ev.Err, "with", ev.Other))
	}
}

// ensureLife opens a worker generation's span if its start was not recorded.
func (c *chrome) ensureLife(tr *track, ev pool.Event, ts float64) {
	if ev.Actor.Kind == pool.ActorWorker && !c.has(tr, spanLife) {
		c.open(tr, spanLife, fmt.Sprintf("%s (generation %d)", ev.Actor, ev.Gen), ts, nil)
	}
}

// submitted starts a flow arrow at the submission, to end where the job starts.
func (c *chrome) submitted(tr *track, ev pool.Event, ts float64) {
	n := max(ev.Count, 1)
	if _, dup := c.pending[ev.Task]; !dup && len(tr.stack) > 0 { // an arrow starts inside a span
		c.flows++
		at := c.emit(tr, chromeEvent{Name: "task", Cat: "flow", Ph: "s", Ts: ts, ID: c.flows})
		c.pending[ev.Task] = flow{id: c.flows, ts: at}
	}
	if old, dup := c.jobs[ev.Task]; dup {
		c.queued -= old
	}
	c.jobs[ev.Task] = n
	c.queued += n
	c.counter("task queue", "tasks", c.queued, ts)
}

// started opens a task's span; the first task of a job ends its submission arrow
// and takes the job off the queue.
func (c *chrome) started(tr *track, ev pool.Event, ts float64) {
	c.ensureLife(tr, ev, ts)
	c.close(tr, spanTask, ts, nil) // the previous task's end was not recorded
	name := "task " + strconv.Itoa(ev.Task)
	if ev.Count > 1 {
		name = fmt.Sprintf("tasks %d-%d", ev.Task, ev.Task+ev.Count-1)
	}
	c.open(tr, spanTask, name, ts, args("arg", ev.Value, "index", itoaNZ(ev.Index), "chunk", itoaNZ(ev.Chunk)))
	if fl, ok := c.pending[ev.Task]; ok { // (time may go back in a Parallel run's log)
		delete(c.pending, ev.Task)
		c.emit(tr, chromeEvent{Name: "task", Cat: "flow", Ph: "f", Bp: "e", Ts: max(ts, fl.ts), ID: fl.id})
	}
	c.dequeue(ev.Task, ts)
}

func (c *chrome) dequeue(task int, ts float64) {
	if n, ok := c.jobs[task]; ok {
		delete(c.jobs, task)
		c.queued -= n
		c.counter("task queue", "tasks", c.queued, ts)
	}
}

// finished closes a task's span and draws its result arriving, with an arrow
// from the task to the arrival. A task that failed in the queue arrives from
// its submission, if that arrow is still pending.
func (c *chrome) finished(tr *track, ev pool.Event, ts float64) {
	name := "task " + strconv.Itoa(ev.Task)
	if ev.Count > 1 {
		name = fmt.Sprintf("tasks %d-%d", ev.Task, ev.Task+ev.Count-1)
	}
	result := args("result", ev.Value, "error", ev.Err)
	var fl flow
	if ev.Actor.Kind == pool.ActorWorker && c.has(tr, spanTask) {
		c.flows++
		fl = flow{id: c.flows}
		fl.ts = c.emit(tr, chromeEvent{Name: "task", Cat: "flow", Ph: "s", Ts: ts, ID: fl.id})
		c.close(tr, spanTask, ts, result)
	} else if p, ok := c.pending[ev.Task]; ok && ev.Actor.Kind != pool.ActorWorker {
		delete(c.pending, ev.Task)
		fl = p
	}
	if ev.Actor.Kind != pool.ActorWorker {
		c.dequeue(ev.Task, ts)
	}
	if ev.Err != "" {
		name += " failed"
	} else if ev.Value != "" {
		name += " = " + ev.Value
	}
	c.arrival(ts, name, fl, result)
}

func instantName(ev pool.Event) string {
	s := ev.Kind.String()
	if ev.Object != "" {
		s += " " + ev.Object
	}
	if ev.Label != "" {
		s += " (" + ev.Label + ")"
	}
	if ev.Kind == pool.KindOutput || ev.Kind == pool.KindLogAppended {
		s += ": " + ev.Value
	}
	return s
}

// args builds a span's arguments from name, value pairs, leaving out empty values.
func args(kv ...string) map[string]any {
	var m map[string]any
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			if m == nil {
				m = map[string]any{}
			}
			m[kv[i]] = kv[i+1]
		}
	}
	return m
}

func errArgs(err string) map[string]any { return args("error", err) }

func itoaNZ(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
