package pytrace

import (
	"time"

	"poolviz/pool"
)

// Source is a Run as a session plays it (session.Source, and session.Ender):
// a live source on the real clock. Pausing it stops the program itself; its
// speed is the program's own, so SetSpeed does nothing; Close stops the
// program and waits for every process of it to be gone.
type Source struct{ r *Run }

// AsSource returns r as a live source for a session.
func (r *Run) AsSource() Source { return Source{r} }

// Drain appends the events ready so far to dst.
func (s Source) Drain(dst []pool.Event) []pool.Event { return s.r.Drain(dst) }

// Now is the run's clock, the pauses left out.
func (s Source) Now() time.Duration { return s.r.Now() }

// Done reports whether the program has ended and every event was drained.
func (s Source) Done() bool { return s.r.Done() }

// SetPaused stops (true) or continues every process of the program.
func (s Source) SetPaused(paused bool) {
	if paused {
		s.r.Pause()
	} else {
		s.r.Resume()
	}
}

// SetSpeed does nothing: a real program runs at its own speed.
func (Source) SetSpeed(float64) {}

// Close stops the program, if it still runs, and cleans up after it.
func (s Source) Close() { _ = s.r.Close() }
