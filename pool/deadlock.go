package pool

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// sharedObject is a named object in the engine's registry.
type sharedObject interface {
	Name() string
}

// onBlock records a new wait and looks for a wait-for cycle through it. The
// engine lock is held.
func (e *Engine) onBlock(w *waiter) {
	if q, ok := w.on.(quietWaitable); ok {
		// An idle worker: expected, and on every job's path when jobs are
		// sparse, so its target is not described (waitFor formats a sentence).
		w.object, w.quiet = q.quietObject(), true
		return
	}
	t := w.on.waitFor(w)
	w.object, w.quiet = t.Object, t.quiet
	if t.quiet {
		return
	}
	e.emit(w.a, Event{Actor: w.who, Kind: KindBlocked, Object: t.Object, Other: actorList(t.Holders), Label: t.Verb, Value: t.Why, Dur: -1})
	if t.Exclusive && !w.timed {
		if cyc := e.findCycle(w); cyc != nil {
			e.reportCycle(w.a, cyc)
		}
	}
	if e.watch != nil {
		e.watch.arm()
	}
}

// quietWaitable is an object whose waits are always quiet: onBlock takes its
// name alone and records nothing.
type quietWaitable interface {
	quietObject() string
}

// onUnblock records the end of a wait. The engine lock is held.
func (e *Engine) onUnblock(w *waiter) {
	if w.quiet {
		return
	}
	ev := Event{Actor: w.who, Kind: KindUnblocked, Object: w.object}
	if w.err != nil {
		ev.Err = w.err.Error()
	}
	e.emit(w.a, ev)
}

// edge is one blocked actor in an explanation.
type edge struct {
	who   Actor
	t     waitTarget
	on    waitable
	timed bool // the wait has a timeout
}

// blockedEdges lists every current wait, in the order the waits began.
func (e *Engine) blockedEdges() []edge {
	ws := make([]*waiter, 0, len(e.waits))
	for w := range e.waits {
		ws = append(ws, w)
	}
	slices.SortFunc(ws, func(a, b *waiter) int { return int(a.id - b.id) })
	es := make([]edge, len(ws))
	for i, w := range ws {
		es[i] = edge{who: w.who, t: w.on.waitFor(w), on: w.on, timed: w.timed}
	}
	return es
}

// findCycle follows exclusive waits from w's actor: it waits for an object held by
// one actor, who waits for an object held by another, ... back to the first.
func (e *Engine) findCycle(start *waiter) []edge {
	by := map[Actor]edge{}
	for _, ed := range e.blockedEdges() {
		if ed.t.Exclusive && !ed.timed && len(ed.t.Holders) == 1 {
			by[ed.who] = ed
		}
	}
	var path []edge
	seen := map[Actor]bool{}
	cur := start.who
	for {
		ed, ok := by[cur]
		if !ok || seen[cur] {
			return nil
		}
		seen[cur] = true
		path = append(path, ed)
		next := ed.t.Holders[0]
		if next == start.who {
			return path
		}
		cur = next
	}
}

// reportCycle emits a Deadlock event for a wait-for cycle, once per set of members.
func (e *Engine) reportCycle(via *actor, cyc []edge) {
	names := make([]string, len(cyc))
	for i, ed := range cyc {
		names[i] = ed.who.String()
	}
	key := strings.Join(slices.Sorted(slices.Values(names)), ",")
	if e.reported == nil {
		e.reported = map[string]bool{}
	}
	if e.reported[key] {
		return
	}
	e.reported[key] = true
	cyc = rotateCycle(cyc)
	e.emit(via, Event{Actor: cyc[0].who, Kind: KindDeadlock, Label: "cycle", Value: cycleSentence(cyc), Vars: edgeVars(cyc)})
}

// onStall is called by the scheduler when every live actor of a Simulated engine
// is blocked and no timer is pending: nothing can ever happen again.
func (e *Engine) onStall() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.waits) == 0 {
		return
	}
	e.stalls++
	e.reportStall(nil, "everyone is waiting and no timer is pending")
}

// reportStall emits a Deadlock event for a global stall. The engine lock is held.
func (e *Engine) reportStall(via *actor, headline string) {
	es := e.blockedEdges()
	var loud, idle []edge
	for _, ed := range es {
		if ed.t.quiet {
			idle = append(idle, ed)
		} else {
			loud = append(loud, ed)
		}
	}
	if len(loud) == 0 {
		return
	}
	// A cycle already reported explains this stall.
	for _, ed := range loud {
		if ed.t.Exclusive {
			for w := range e.waits {
				if w.who == ed.who {
					if cyc := e.findCycle(w); cyc != nil {
						return
					}
				}
			}
		}
	}
	sentence, members := e.stallSentence(loud, idle, headline)
	e.emit(via, Event{Actor: members[0].who, Kind: KindDeadlock, Label: "stall", Value: sentence, Vars: edgeVars(members)})
}

// watchdog reports a Parallel engine's stalls: when every actor it started has
// been blocked for the quiet period, with nothing woken meanwhile. It is a timer,
// not a goroutine, armed while someone is blocked.
type watchdog struct {
	e     *Engine
	quiet time.Duration
	mu    sync.Mutex
	t     *time.Timer
	mark  uint64
	done  bool
}

func newWatchdog(e *Engine, quiet time.Duration) *watchdog {
	return &watchdog{e: e, quiet: quiet}
}

// arm starts the timer if it is not running.
func (d *watchdog) arm() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done || d.t != nil {
		return
	}
	d.mark = d.e.progress.Load()
	d.t = time.AfterFunc(d.quiet, d.check)
}

func (d *watchdog) check() {
	e := d.e
	d.mu.Lock()
	d.t = nil
	mark := d.mark
	done := d.done
	d.mu.Unlock()
	if done {
		return
	}
	e.mu.Lock()
	stalled := e.progress.Load() == mark && e.allBlocked()
	if stalled {
		e.reportStall(nil, "nothing progressed for "+d.quiet.String())
	}
	waiting := len(e.waits) > 0
	e.mu.Unlock()
	if waiting && !stalled {
		d.arm()
	}
}

func (d *watchdog) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.done = true
	if d.t != nil {
		d.t.Stop()
		d.t = nil
	}
}

// allBlocked reports whether every actor of a Parallel engine waits, none of
// them just sleeps and none waits with a timeout (which ends on its own, like
// a Simulated engine's pending timer). The engine lock is held.
func (e *Engine) allBlocked() bool {
	blocked := map[*actor]bool{}
	for w := range e.waits {
		if _, sleeping := w.on.(*sleeper); sleeping || w.timed {
			return false
		}
		if w.a != nil {
			blocked[w.a] = true
		}
	}
	return len(blocked) >= int(e.liveActors.Load())
}
