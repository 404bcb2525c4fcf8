package session

import (
	"errors"
	"fmt"
	"time"

	"poolviz/pool"
	"poolviz/scenarios"
)

// Advance moves the run forward by wall time times the speed, unless paused.
// A stepped source runs to the new virtual time; a live one is drained.
// A view stepped back into the history replays it first.
func (s *Session) Advance(wall time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.paused || s.closed {
		if s.step == nil && !s.closed {
			s.pull() // keep a live source's buffers from shedding while paused
		}
		return
	}
	target := s.now + time.Duration(float64(wall)*s.speed)
	if s.step == nil {
		s.pull()
		s.applyAll()
		s.now = max(s.now, s.src.Now())
		return
	}
	// The history first: what the source logged already (a new engine's first
	// event, pulled when the session began) must not use up the frame.
	for s.cursor < s.hist.total && s.hist.at(s.cursor).Time <= target {
		s.applyNext()
	}
	if s.cursor == s.hist.total && s.step.Now() < target {
		s.advanceTo(target)
	}
	s.applyTo(target)
	if s.cursor < s.hist.total {
		s.now = max(s.now, target) // replaying the history: time passes up to the next kept event
	} else if !s.stoppedLocked() {
		s.now = max(s.now, min(target, s.step.Now()))
	}
}

// advanceTo runs the stepped source to target and pulls its events. Where the
// source stops on the way for its events to be drained (holder), those pulled
// are shown before it goes on, so that the history can drop what it does not
// keep: however many events one frame brings, they never are all held. The
// lock is held.
func (s *Session) advanceTo(target time.Duration) {
	s.step.AdvanceTo(target)
	s.pull()
	for s.heldLocked() {
		s.applyTo(target)
		s.step.AdvanceTo(target)
		s.pull()
	}
}

// heldLocked reports whether the stepped source stopped in the middle of its run.
func (s *Session) heldLocked() bool {
	h, ok := s.src.(holder)
	return ok && h.Held()
}

// applyTo shows the pulled events up to virtual time target. The lock is held.
func (s *Session) applyTo(target time.Duration) {
	for s.cursor < s.hist.total && s.hist.at(s.cursor).Time <= target {
		s.applyNext()
	}
}

// stoppedLocked reports whether a stepped run, or a live one that knows its
// end, can make no more progress.
func (s *Session) stoppedLocked() bool {
	return (s.step != nil && s.step.Done()) || (s.end != nil && s.end.Done())
}

// Step shows one more event, pausing the run. It reports false when there is none.
func (s *Session) Step() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setPausedLocked(true)
	if s.cursor == s.hist.total && s.step != nil && !s.step.Done() {
		s.step.RunEvents(1)
		s.pull()
	}
	if s.cursor == s.hist.total {
		return false
	}
	s.applyNext()
	s.now = s.hist.at(s.cursor - 1).Time
	return true
}

// Back shows one event less, pausing the run. It reports false at the start of
// the kept history, and always with Forward.
func (s *Session) Back() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setPausedLocked(true)
	if s.cursor <= s.hist.first() {
		return false
	}
	return s.rewindLocked(s.cursor - 1)
}

// RunToEnd plays a stepped run to its end (or deadlock) at once, bounded by
// limit of virtual time (0: none). A live run is left as it is. With a Tap, a
// run of any length is seen whole.
func (s *Session) RunToEnd(limit time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.step == nil || s.closed {
		return
	}
	if limit > 0 {
		s.advanceTo(limit)
		s.applyAll()
		s.now = max(s.now, min(limit, s.step.Now()))
		return
	}
	for {
		s.applyAll()
		if s.step.Done() || s.waitingLocked() {
			return
		}
		// A chunk's room at a time: each pull fits the chunk it drains into.
		s.step.RunEvents(s.hist.room())
		s.pull()
	}
}

// waitingLocked reports whether the source stopped for a person to pick who
// runs next.
func (s *Session) waitingLocked() bool {
	c, ok := s.src.(Chooser)
	return ok && c.Choice() != nil
}

// Choice returns the actors that could run next when the run stopped for a
// person to pick (a run opened with pool.AskChoices), in the order Choose
// numbers them; nil when it did not, or while the view is stepped back.
func (s *Session) Choice() []pool.Actor {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.src.(Chooser)
	if !ok || s.cursor < s.hist.total || s.closed {
		return nil
	}
	return c.Choice()
}

// Choose picks the i-th actor of Choice to run next, and plays on to the
// next event.
func (s *Session) Choose(i int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.src.(Chooser)
	if !ok {
		return pool.ErrNoChoice
	}
	return c.Choose(i)
}

// StopAsking lets the seeded draw pick who runs next from here on.
func (s *Session) StopAsking() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.src.(Chooser); ok {
		c.StopAsking()
	}
}

// Schedule returns the choices made so far by hand or by schedule: opening
// the same run with pool.WithSchedule(them) replays it exactly.
func (s *Session) Schedule() []pool.Actor {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.src.(Chooser); ok {
		return c.Schedule()
	}
	return nil
}

// ErrNoWhatIf is WhatIf's error for a run that takes none: a live one (a
// Parallel engine, a traced program) or a saved run.
var ErrNoWhatIf = errors.New("a what-if needs a simulated preset")

// WhatIf plays a teacher's what-if on worker id at the run's present: "kill"
// its process mid-task, "slow" its work 3 times, or "delay" it by 1 s. It is
// an event of the run, so the view steps back over it like any other; a view
// stepped back first catches up with the present.
func (s *Session) WhatIf(what string, id int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.src.(WhatIfer)
	if !ok || s.closed {
		return ErrNoWhatIf
	}
	var err error
	switch what {
	case "kill":
		err = w.KillWorker(id)
	case "slow":
		err = w.SlowWorker(id, 3)
	case "delay":
		err = w.DelayWorker(id, time.Second)
	default:
		return fmt.Errorf("unknown what-if %q: kill, slow or delay", what)
	}
	if err != nil {
		return err
	}
	s.pull()
	s.applyAll()
	return nil
}

// ScheduleMisfit returns the 1-based place of the first pick of the run's
// schedule that named no one who could run there, or 0.
func (s *Session) ScheduleMisfit() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.src.(interface{ ScheduleMisfit() int }); ok {
		return c.ScheduleMisfit()
	}
	return 0
}

// SetPaused pauses or resumes the run.
func (s *Session) SetPaused(p bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setPausedLocked(p)
}

func (s *Session) setPausedLocked(p bool) {
	if s.paused == p {
		return
	}
	s.paused = p
	s.src.SetPaused(p)
}

// SetSpeed sets the speed factor, clamped to what a viewer offers.
func (s *Session) SetSpeed(x float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x = min(max(x, scenarios.MinSpeed), scenarios.MaxSpeed)
	s.speed = x
	s.src.SetSpeed(x)
}

// Close stops the run: its source is closed (an engine terminates every pool,
// and every goroutine it started ends). It is idempotent.
func (s *Session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	s.src.Close()
}
