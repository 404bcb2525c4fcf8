// Package session plays one run of a scenario for a viewer: it owns the engine,
// advances it by frames of wall time times the speed, keeps a bounded history of
// events so the view can step back, and serves the State the viewer draws. The
// TUI, the headless runner, the recorder and the frame command all play runs
// through it, so they all show the same thing.
package session

import (
	"sync"
	"time"

	"poolviz/picture"
	"poolviz/pool"
	"poolviz/scenarios"
)

// Status is what the header says about the run.
type Status uint8

// The run states a viewer shows.
const (
	Running Status = iota
	Paused
	Finished
	Deadlocked
)

// String names the status as the header shows it.
func (s Status) String() string {
	switch s {
	case Paused:
		return "paused"
	case Finished:
		return "finished"
	case Deadlocked:
		return "DEADLOCK"
	}
	return "running"
}

// Bounds of the history. A run keeps its last MaxHistory events for stepping
// back; what falls off the front is folded into a base State, so memory stays flat
// however long the run. Snapshots every snapEvery events make a step back cost at
// most snapEvery folds.
const (
	MaxHistory = 200_000
	snapEvery  = 2048
)

// Session is one run of a scenario. Its methods are safe to call from several
// goroutines; they serialise on one lock, and a call that runs the engine holds it
// for that frame's work only.
type Session struct {
	mu     sync.Mutex
	sc     scenarios.Scenario
	prm    scenarios.Params
	eng    source
	speed  float64
	paused bool

	evs    []pool.Event  // the kept history, oldest first
	first  int           // the number of events dropped before evs[0]
	base   picture.State // the fold of the dropped events
	snaps  []snap        // states at evs indexes, ascending
	cursor int           // events of evs applied to state
	state  picture.State
	now    time.Duration
	closed bool
}

type snap struct {
	at    int // index into evs: the state before evs[at]
	state picture.State
}

// New starts a run of sc with prm. The run does not advance until Advance or Step.
func New(sc scenarios.Scenario, prm scenarios.Params) (*Session, error) {
	if err := prm.Validate(); err != nil {
		return nil, err
	}
	s := &Session{sc: sc, prm: prm, speed: prm.Speed}
	s.eng = sc.Start(prm)
	s.pull()
	return s, nil
}

// NewReplay plays a saved run's events with the same controls as a live run. sc
// is the scenario the run was made from (for its title and listing); prm are the
// run's recorded parameters.
func NewReplay(sc scenarios.Scenario, prm scenarios.Params, evs []pool.Event) *Session {
	s := &Session{sc: sc, prm: prm, speed: prm.Speed}
	s.eng = &replaySource{evs: evs}
	return s
}

// Scenario returns the scenario being played.
func (s *Session) Scenario() scenarios.Scenario { return s.sc }

// Params returns the run's parameters.
func (s *Session) Params() scenarios.Params { return s.prm }

// pull drains the engine into the history. The lock is held.
func (s *Session) pull() {
	before := len(s.evs)
	s.evs = s.eng.Drain(s.evs)
	if len(s.evs) == before {
		return
	}
	s.trim()
}

// trim drops the oldest events beyond MaxHistory, folding them into base.
func (s *Session) trim() {
	over := len(s.evs) - MaxHistory
	if over <= 0 {
		return
	}
	over = max(over, MaxHistory/4) // trim in large steps: each trim copies the history
	over = min(over, s.cursor)     // never drop what the view has not shown yet
	if over <= 0 {
		return
	}
	for _, ev := range s.evs[:over] {
		s.base.Apply(ev)
	}
	s.evs = append(s.evs[:0], s.evs[over:]...)
	s.first += over
	s.cursor -= over
	kept := s.snaps[:0]
	for _, sn := range s.snaps {
		if sn.at >= over {
			sn.at -= over
			kept = append(kept, sn)
		}
	}
	s.snaps = kept
}

// applyNext applies the next event of the history to the view. The lock is held.
func (s *Session) applyNext() {
	if s.cursor%snapEvery == 0 && (len(s.snaps) == 0 || s.snaps[len(s.snaps)-1].at < s.cursor) {
		s.snaps = append(s.snaps, snap{at: s.cursor, state: s.state.Clone()})
	}
	ev := s.evs[s.cursor]
	s.state.Apply(ev)
	s.cursor++
	if ev.Time > s.now {
		s.now = ev.Time
	}
}

// Advance moves the run forward by wall time times the speed, unless paused.
// A Simulated engine runs to the new virtual time; a Parallel engine is drained.
// A view stepped back into the history replays it first.
func (s *Session) Advance(wall time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.paused || s.closed {
		if s.eng.Mode() == pool.Parallel && !s.closed {
			s.pull() // keep the rings from shedding while paused
		}
		return
	}
	target := s.now + time.Duration(float64(wall)*s.speed)
	if s.eng.Mode() == pool.Simulated {
		if s.cursor == len(s.evs) && s.eng.Now() < target {
			s.eng.AdvanceTo(target)
			s.pull()
		}
		for s.cursor < len(s.evs) && s.evs[s.cursor].Time <= target {
			s.applyNext()
		}
		if s.cursor < len(s.evs) {
			s.now = max(s.now, target) // replaying the history: time passes up to the next kept event
		} else if !s.stoppedLocked() {
			s.now = max(s.now, min(target, s.eng.Now()))
		}
		return
	}
	s.pull()
	for s.cursor < len(s.evs) {
		s.applyNext()
	}
	s.now = max(s.now, s.eng.Now())
}

// stoppedLocked reports whether a Simulated run can make no more progress.
func (s *Session) stoppedLocked() bool {
	return s.eng.Mode() == pool.Simulated && s.eng.Idle()
}

// Step shows one more event, pausing the run. It reports false when there is none.
func (s *Session) Step() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setPausedLocked(true)
	if s.cursor == len(s.evs) && s.eng.Mode() == pool.Simulated && !s.eng.Idle() {
		s.eng.RunEvents(1)
		s.pull()
	}
	if s.cursor == len(s.evs) {
		return false
	}
	s.applyNext()
	s.now = s.evs[s.cursor-1].Time
	return true
}

// Back shows one event less, pausing the run. It reports false at the start of
// the kept history.
func (s *Session) Back() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setPausedLocked(true)
	if s.cursor == 0 {
		return false
	}
	target := s.cursor - 1
	s.state, s.cursor = s.base.Clone(), 0
	for i := len(s.snaps) - 1; i >= 0; i-- {
		if s.snaps[i].at <= target {
			s.state, s.cursor = s.snaps[i].state.Clone(), s.snaps[i].at
			s.snaps = s.snaps[:i+1]
			break
		}
	}
	for s.cursor < target {
		ev := s.evs[s.cursor]
		s.state.Apply(ev)
		s.cursor++
	}
	s.now = s.base.Now
	if s.cursor > 0 {
		s.now = s.evs[s.cursor-1].Time
	}
	return true
}

// RunToEnd plays a Simulated run to its end (or deadlock) at once, bounded by
// limit of virtual time (0: none). Used by the headless runner and tests.
func (s *Session) RunToEnd(limit time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.closed {
		if s.eng.Mode() == pool.Simulated {
			if s.eng.Idle() && s.cursor == len(s.evs) {
				return
			}
			if limit > 0 {
				s.eng.AdvanceTo(limit)
			} else {
				s.eng.RunEvents(50_000)
			}
			s.pull()
			for s.cursor < len(s.evs) {
				s.applyNext()
			}
			if limit > 0 {
				s.now = max(s.now, min(limit, s.eng.Now()))
				return
			}
			continue
		}
		return
	}
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
	if p {
		s.eng.Pause()
	} else {
		s.eng.Resume()
	}
}

// SetSpeed sets the speed factor, clamped to what a viewer offers.
func (s *Session) SetSpeed(x float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x = min(max(x, scenarios.MinSpeed), scenarios.MaxSpeed)
	s.speed = x
	s.eng.SetSpeed(x)
}

// View is what a viewer draws, copied out of the session.
type View struct {
	State  picture.State
	Now    time.Duration
	Speed  float64
	Status Status
	// Shown is the number of events applied; Total the number known. Shown <
	// Total when the view was stepped back.
	Shown, Total int
}

// View returns a copy of what the viewer should draw now.
func (s *Session) View() View {
	s.mu.Lock()
	defer s.mu.Unlock()
	return View{State: s.state.Clone(), Now: s.now, Speed: s.speed, Status: s.statusLocked(),
		Shown: s.first + s.cursor, Total: s.first + len(s.evs)}
}

func (s *Session) statusLocked() Status {
	switch {
	case s.state.Deadlock != nil:
		return Deadlocked
	case s.cursor == len(s.evs) && s.stoppedLocked():
		return Finished
	case s.eng.Mode() == pool.Parallel && s.state.Main.Ended && s.cursor == len(s.evs):
		// The main program's end is never shed (it is a critical event), while
		// task counts can lag behind shed events: the end of main is the end.
		return Finished
	case s.paused:
		return Paused
	}
	return Running
}

// Status returns the run's status.
func (s *Session) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.statusLocked()
}

// Events returns the shown events from index from (counting every event of the
// run, dropped ones included) to the cursor; events no longer kept are skipped.
func (s *Session) Events(from int) []pool.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := max(from-s.first, 0)
	if i >= s.cursor {
		return nil
	}
	return append([]pool.Event(nil), s.evs[i:s.cursor]...)
}

// History returns every kept event of the run (shown or not), for saving.
func (s *Session) History() (first int, evs []pool.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.first, append([]pool.Event(nil), s.evs...)
}

// Close terminates the run: every pool is terminated, every blocked call
// returns, and every goroutine of the engine ends. It is idempotent.
func (s *Session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	s.eng.Resume()
	s.eng.Shutdown()
}
