package pool

import (
	"sync"
	"sync/atomic"
	"time"
)

// realClock is a Parallel engine's clock: real time scaled by a speed factor, which
// stops while paused. Readers load an immutable snapshot, so reading the time costs
// one atomic load and one monotonic clock read.
type realClock struct {
	mu   sync.Mutex // serialises changes; readers never take it
	snap atomic.Pointer[clockSnap]
}

type clockSnap struct {
	base    time.Time     // real time of the last change
	virt    time.Duration // virtual time at base
	speed   float64
	paused  bool
	changed chan struct{} // closed when this snapshot is replaced
}

func newRealClock(speed float64) *realClock {
	c := &realClock{}
	c.snap.Store(&clockSnap{base: time.Now(), speed: speed, changed: make(chan struct{})})
	return c
}

func (s *clockSnap) at(t time.Time) time.Duration {
	if s.paused {
		return s.virt
	}
	return s.virt + time.Duration(float64(t.Sub(s.base))*s.speed)
}

// now returns the virtual time.
func (c *realClock) now() time.Duration { return c.snap.Load().at(time.Now()) }

// change replaces the snapshot, keeping virtual time continuous, and wakes every
// sleeper so it can measure its remaining time again.
func (c *realClock) change(edit func(s *clockSnap)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.snap.Load()
	t := time.Now()
	next := &clockSnap{base: t, virt: old.at(t), speed: old.speed, paused: old.paused, changed: make(chan struct{})}
	edit(next)
	c.snap.Store(next)
	close(old.changed)
}

func (c *realClock) setPaused(p bool)       { c.change(func(s *clockSnap) { s.paused = p }) }
func (c *realClock) setSpeed(speed float64) { c.change(func(s *clockSnap) { s.speed = speed }) }

// untilDeadline says how long to wait in real time for virtual time to reach
// deadline (negative: never, while paused), and returns the channel that closes
// when the answer changes.
func (c *realClock) untilDeadline(deadline time.Duration) (time.Duration, bool, <-chan struct{}) {
	s := c.snap.Load()
	now := s.at(time.Now())
	if now >= deadline {
		return 0, true, s.changed
	}
	if s.paused || s.speed <= 0 {
		return -1, false, s.changed
	}
	return time.Duration(float64(deadline-now) / s.speed), false, s.changed
}

// gate returns a channel to wait on while the clock is paused, or nil when running.
func (c *realClock) gate() <-chan struct{} {
	s := c.snap.Load()
	if s.paused {
		return s.changed
	}
	return nil
}
