package session

import (
	"time"

	"poolviz/pool"
)

// source is where a session's events come from: a live engine, or a saved run
// being replayed. Both are driven the same way, so a replay has every control a
// live run has.
type source interface {
	Mode() pool.Mode
	Drain(dst []pool.Event) []pool.Event
	AdvanceTo(t time.Duration) error
	RunEvents(n int) (int, error)
	Idle() bool
	Now() time.Duration
	Pause()
	Resume()
	SetSpeed(x float64)
	Shutdown()
}

var _ source = (*pool.Engine)(nil)

// replaySource releases a saved run's events as virtual time reaches them. It
// behaves like a Simulated engine: time moves only when the session asks.
type replaySource struct {
	evs     []pool.Event
	next    int // events released so far
	drained int // events handed to Drain so far
	now     time.Duration
}

func (r *replaySource) Mode() pool.Mode { return pool.Simulated }

func (r *replaySource) Drain(dst []pool.Event) []pool.Event {
	dst = append(dst, r.evs[r.drained:r.next]...)
	r.drained = r.next
	return dst
}

func (r *replaySource) AdvanceTo(t time.Duration) error {
	for r.next < len(r.evs) && r.evs[r.next].Time <= t {
		r.next++
	}
	if r.next < len(r.evs) {
		r.now = max(r.now, t)
	} else if len(r.evs) > 0 {
		r.now = max(r.now, r.evs[len(r.evs)-1].Time)
	}
	return nil
}

func (r *replaySource) RunEvents(n int) (int, error) {
	k := min(n, len(r.evs)-r.next)
	r.next += k
	if r.next > 0 {
		r.now = max(r.now, r.evs[r.next-1].Time)
	}
	return k, nil
}

func (r *replaySource) Idle() bool         { return r.next == len(r.evs) }
func (r *replaySource) Now() time.Duration { return r.now }
func (r *replaySource) Pause()             {}
func (r *replaySource) Resume()            {}
func (r *replaySource) SetSpeed(float64)   {}
func (r *replaySource) Shutdown()          {}
