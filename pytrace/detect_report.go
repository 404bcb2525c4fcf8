package pytrace

import (
	"slices"
	"strings"
	"time"

	"poolviz/pool"
)

// silentExitLabel is the converter's word for a worker whose process ended
// without saying it exits: killed, or crashed.
const silentExitLabel = "its process ended"

// cycle looks for a wait-for cycle of lock waits, each member waiting for a
// lock the next one holds, and returns a Deadlock event for a new one.
func (d *detector) cycle(ev pool.Event) []pool.Event {
	for _, start := range d.blocked() {
		members := d.cycleFrom(start)
		if members == nil {
			continue
		}
		names := make([]string, len(members))
		for i, m := range members {
			names[i] = m.Who.String()
		}
		slices.Sort(names)
		key := strings.Join(names, ",")
		if d.cycles[key] {
			continue
		}
		d.cycles[key] = true
		dl := pool.CycleDeadlock(members)
		dl.Time = ev.Time
		return []pool.Event{dl}
	}
	return nil
}

// cycleFrom follows the waits from start: it waits for a lock one actor holds,
// who waits for a lock another holds, ... It returns the members when the
// path comes back to start.
func (d *detector) cycleFrom(start pool.Actor) []pool.WaitMember {
	var members []pool.WaitMember
	seen := map[pool.Actor]bool{}
	for cur := start; ; {
		s := d.actors[cur]
		if s == nil || s.wait == nil || seen[cur] {
			return nil
		}
		next, ok := d.holder(s)
		if !ok {
			return nil
		}
		seen[cur] = true
		m := *s.wait
		m.Holders = []pool.Actor{next}
		members = append(members, m)
		if next == start {
			return members
		}
		cur = next
	}
}

// blocked lists the actors in a traced wait, in actor order.
func (d *detector) blocked() []pool.Actor {
	var as []pool.Actor
	for a, s := range d.actors {
		if s.alive && s.wait != nil {
			as = append(as, a)
		}
	}
	slices.SortFunc(as, compareActors)
	return as
}

// check returns a Deadlock event (Label "stall") when, at now, main waits in
// a traced call, every live worker waits too or has nothing to run, and no
// event came for the quiet period. A process that runs Python code outside a
// traced wait (a computation, a sleep, a slow initializer) is not waiting: no
// stall then. A stall
// is reported once, and not after a cycle, which explains it already.
func (d *detector) check(now time.Duration) []pool.Event {
	if !d.main || d.stalled || d.broken != "" || len(d.cycles) > 0 || now-d.lastAt < d.quiet {
		return nil
	}
	if m := d.actors[pool.MainActor]; m == nil || m.wait == nil {
		return nil
	}
	var members []pool.WaitMember
	for _, a := range d.liveActors() {
		s := d.actors[a]
		switch {
		case s.wait != nil:
			m := *s.wait
			if h, ok := d.holder(s); ok {
				m.Holders = []pool.Actor{h}
			}
			if len(m.Holders) == 0 && len(d.lost) > 0 && strings.Contains(m.Object, "result") {
				m.Why = d.lost[0]
			}
			members = append(members, m)
		case len(s.tasks) > 0 || s.init:
			return nil // it runs a task or its initializer (a slow one sleeps): it may yet do something
		default:
			members = append(members, pool.WaitMember{Who: a, Idle: true})
		}
	}
	d.stalled = true
	notes := d.lost
	if len(notes) > 0 && slices.ContainsFunc(members, func(m pool.WaitMember) bool { return m.Why == notes[0] }) {
		notes = notes[1:] // told in the clause of the wait for it
	}
	if queued := d.queued.note(d.poolName); queued != "" && !slices.ContainsFunc(members, func(m pool.WaitMember) bool { return m.Idle }) {
		notes = append(slices.Clone(notes), queued)
	}
	dl := pool.StallDeadlock(members, notes, "nothing happened for "+d.quiet.String())
	dl.Time = now
	return []pool.Event{dl}
}

// liveActors lists main and the live workers, in actor order.
func (d *detector) liveActors() []pool.Actor {
	var as []pool.Actor
	for a, s := range d.actors {
		if s.alive {
			as = append(as, a)
		}
	}
	slices.SortFunc(as, compareActors)
	return as
}

// compareActors orders main first, then the workers by number.
func compareActors(a, b pool.Actor) int {
	if a.Kind != b.Kind {
		return int(a.Kind) - int(b.Kind)
	}
	return a.ID - b.ID
}
