package session

import (
	"iter"
	"time"

	"poolviz/picture"
	"poolviz/pool"
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
		Shown: s.cursor, Total: s.hist.total}
}

func (s *Session) statusLocked() Status {
	switch {
	case s.state.Deadlock != nil:
		return Deadlocked
	case s.cursor == s.hist.total && s.stoppedLocked():
		return Finished
	case s.step == nil && s.end == nil && s.state.Main.Ended && s.cursor == s.hist.total:
		// A live source that cannot tell its end (a Parallel engine): the main
		// program's end is never shed (it is a critical event), while task
		// counts can lag behind shed events, so the end of main is the end.
		// An Ender (a traced program) goes on until it is done: its other
		// processes may still speak after main ended.
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

// Shown yields the shown events from run index from (counting every event of
// the run, dropped ones included) to the view's cursor, with their indexes;
// events no longer kept are skipped. It holds the session's lock while the
// loop runs: the loop's body must not call the session.
func (s *Session) Shown(from int) iter.Seq2[int, *pool.Event] {
	return func(yield func(int, *pool.Event) bool) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.hist.each(from, s.cursor, yield)
	}
}

// History returns a copy of every kept event of the run (shown or not), and
// the run index of the first, for saving.
func (s *Session) History() (first int, evs []pool.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hist.each(0, s.hist.total, func(_ int, ev *pool.Event) bool {
		evs = append(evs, *ev)
		return true
	})
	return s.hist.first(), evs
}
