package session

import (
	"slices"
	"time"
)

// Seek shows exactly the run's first shown events, with the clock at now: the
// position that another session of the same run (the same scenario, params and
// seed) reports, so that a viewer following a teacher shows what the teacher's
// shows. A Simulated run is deterministic, so the two runs have the same events
// however each was driven; a position is all that needs to travel.
//
// The source runs forward as far as needed (to now, then event by event, as
// the teacher's steps did), and a position behind the view is rebuilt from the
// snapshots, as Back does. It reports false, changing nothing, for a live run
// or a closed one, and false after showing what it could when the run has
// fewer events or no longer keeps them. The cost is that of the events run or
// folded on the way, at most snapEvery folds going back.
func (s *Session) Seek(shown int, now time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.step == nil || shown < 0 {
		return false
	}
	if s.hist.total < shown && s.step.Now() < now {
		s.step.AdvanceTo(now)
		s.pull()
	}
	for s.hist.total < shown && !s.step.Done() {
		s.step.RunEvents(max(min(shown-s.hist.total, s.hist.room()), 1))
		s.pull()
	}
	target := min(shown, s.hist.total)
	if target < s.cursor && !s.rewindLocked(target) {
		return false
	}
	for s.cursor < target {
		s.applyNext()
	}
	s.now = now
	if s.cursor > 0 && s.cursor > s.hist.first() {
		s.now = max(now, s.hist.at(s.cursor-1).Time)
	}
	return target == shown
}

// rewindLocked rebuilds the view at run index target, behind the cursor, from
// the nearest snapshot (or the base) at or before it, and sets the clock to the
// last shown event's time. It reports false when target is no longer kept, or
// the session keeps no history (Forward). The lock is held.
func (s *Session) rewindLocked(target int) bool {
	first := s.hist.first()
	if s.keep == 0 || target < first {
		return false
	}
	s.state, s.cursor = s.base.Clone(), first
	for i := len(s.snaps) - 1; i >= 0; i-- {
		if s.snaps[i].at <= target {
			s.state, s.cursor = s.snaps[i].state.Clone(), s.snaps[i].at
			s.snaps = slices.Delete(s.snaps, i+1, len(s.snaps)) // frees the later states
			break
		}
	}
	for s.cursor < target {
		s.state.Apply(*s.hist.at(s.cursor))
		s.cursor++
	}
	s.now = s.base.Now
	if s.cursor > first {
		s.now = s.hist.at(s.cursor - 1).Time
	}
	return true
}
