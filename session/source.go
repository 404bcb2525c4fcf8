package session

import (
	"time"

	"poolviz/pool"
)

// Source is anything that yields a run's events in order, with a clock: a
// Parallel engine, a traced program. A source whose time moves only when asked
// (a Simulated engine, a saved run) is a Stepper too.
//
// A new source plugs in by implementing Source (and Stepper if it can run on
// demand) and handing it to Play. The session then gives it every control: a
// live source is drained each frame, and pause and speed go to its clock; a
// stepped source is run up to each frame's time, one event for a step, or to
// its end, and step back replays the session's own history, so a source never
// needs to go back.
type Source interface {
	// Drain appends the events that happened since the last Drain to dst and
	// returns it. The session calls it from one goroutine at a time.
	Drain(dst []pool.Event) []pool.Event
	// Now is the source's clock: virtual time, or scaled wall time for a live source.
	Now() time.Duration
	// SetPaused stops (true) or restarts the source's clock.
	SetPaused(paused bool)
	// SetSpeed sets how fast the source's clock runs against the wall clock.
	SetSpeed(x float64)
	// Close stops the source: every goroutine it started ends. It is called once.
	Close()
}

// Ender is a live source that knows when it has ended for good: a traced
// program whose every process is gone, its events all drained. A live source
// without it ends when its main program does.
type Ender interface {
	Source
	// Done reports whether the source can make no more progress.
	Done() bool
}

// Stepper is a source that runs only when asked, on a virtual clock.
type Stepper interface {
	Source
	// AdvanceTo runs the source until its clock would pass t, or it is Done.
	AdvanceTo(t time.Duration)
	// RunEvents runs the source until at least n more events happened, or it
	// is Done, and returns how many happened.
	RunEvents(n int) int
	// Done reports whether the source can make no more progress.
	Done() bool
}

// holder is a Stepper whose run control may return before it reached the
// time or the events asked, for its events to be drained (a Simulated engine,
// pool.Engine.Held): the session drains them and calls the control again.
type holder interface{ Held() bool }

// FromEngine returns the source that plays e: a Stepper for a Simulated
// engine, a live source for a Parallel one.
func FromEngine(e *pool.Engine) Source {
	if e.Mode() == pool.Simulated {
		e.HoldToDrain(true) // the session drains after each run control
		return steppedEngine{liveEngine{e}}
	}
	return liveEngine{e}
}

// liveEngine is a Parallel engine: it runs on its own, on a scaled wall clock.
type liveEngine struct{ e *pool.Engine }

func (l liveEngine) Drain(dst []pool.Event) []pool.Event { return l.e.Drain(dst) }
func (l liveEngine) Now() time.Duration                  { return l.e.Now() }
func (l liveEngine) SetSpeed(x float64)                  { l.e.SetSpeed(x) }

func (l liveEngine) SetPaused(paused bool) {
	if paused {
		l.e.Pause()
	} else {
		l.e.Resume()
	}
}

// Close resumes a paused engine first: its blocked calls must see the shutdown.
// Nothing drains the engine after Close, so a Simulated one logs no more events
// (pool.Engine.DropEvents): shutting down a run with a million tasks still
// queued fails each of them, and their events would all be held at once.
func (l liveEngine) Close() {
	l.e.DropEvents()
	l.e.Resume()
	l.e.Shutdown()
}

// steppedEngine is a Simulated engine. Its run controls cannot fail: they fail
// only on a Parallel engine.
type steppedEngine struct{ liveEngine }

func (s steppedEngine) AdvanceTo(t time.Duration) { _ = s.e.AdvanceTo(t) }
func (s steppedEngine) Held() bool                { return s.e.Held() }
func (s steppedEngine) Done() bool                { return s.e.Idle() }

func (s steppedEngine) RunEvents(n int) int {
	k, _ := s.e.RunEvents(n)
	return k
}

// Chooser is a stepped source that can stop where more than one actor could
// run next, for a person to pick (a Simulated engine with pool.AskChoices).
type Chooser interface {
	// Choice returns the actors that could run next when the source stopped
	// to ask, or nil.
	Choice() []pool.Actor
	// Choose picks the i-th of them; the next run control goes on.
	Choose(i int) error
	// StopAsking lets the seeded draw pick from here on.
	StopAsking()
	// Schedule returns the choices made so far, for pool.WithSchedule.
	Schedule() []pool.Actor
}

func (s steppedEngine) Choice() []pool.Actor   { return s.e.Choice() }
func (s steppedEngine) Choose(i int) error     { return s.e.Choose(i) }
func (s steppedEngine) StopAsking()            { s.e.StopAsking() }
func (s steppedEngine) Schedule() []pool.Actor { return s.e.Schedule() }
func (s steppedEngine) ScheduleMisfit() int    { return s.e.ScheduleMisfit() }

// WhatIfer is a stepped source a teacher can play what-ifs on (a Simulated
// engine): kill a worker, slow one down, hold one back.
type WhatIfer interface {
	KillWorker(id int) error
	SlowWorker(id int, factor float64) error
	DelayWorker(id int, d time.Duration) error
}

func (s steppedEngine) KillWorker(id int) error                   { return s.e.KillWorker(id) }
func (s steppedEngine) SlowWorker(id int, factor float64) error   { return s.e.SlowWorker(id, factor) }
func (s steppedEngine) DelayWorker(id int, d time.Duration) error { return s.e.DelayWorker(id, d) }

// Replay returns the source that plays a saved run's events, releasing each as
// virtual time reaches it, as a Simulated engine would log it.
func Replay(evs []pool.Event) Stepper {
	i := 0
	return ReplayStream(func() (pool.Event, bool) {
		if i == len(evs) {
			return pool.Event{}, false
		}
		i++
		return evs[i-1], true
	}, nil)
}

// ReplayStream returns the source that plays a saved run's events as next
// reads them, one at a time, releasing each as virtual time reaches it, as
// Replay does: it holds only the events released and not yet drained, so a
// saved run of any length plays in constant memory. next reports false after
// the last event (or when it cannot read one: the run then ends there). close,
// if not nil, is called when the source is closed.
func ReplayStream(next func() (pool.Event, bool), close func()) Stepper {
	r := &replaySource{next: next, close: close}
	r.read()
	return r
}

// replaySource releases a saved run's events as virtual time reaches them.
type replaySource struct {
	next     func() (pool.Event, bool)
	close    func()
	head     pool.Event // the next event to release, when more is true
	more     bool
	out      []pool.Event // released, not yet drained
	released bool         // an event was released
	last     time.Duration
	now      time.Duration
}

// read reads the next event into head.
func (r *replaySource) read() { r.head, r.more = r.next() }

// release releases head and reads the next.
func (r *replaySource) release() {
	r.out = append(r.out, r.head)
	r.released, r.last = true, r.head.Time
	r.read()
}

func (r *replaySource) Drain(dst []pool.Event) []pool.Event {
	dst = append(dst, r.out...)
	clear(r.out) // let the collector have the events' strings
	r.out = r.out[:0]
	return dst
}

func (r *replaySource) AdvanceTo(t time.Duration) {
	for r.more && r.head.Time <= t {
		r.release()
	}
	if r.more {
		r.now = max(r.now, t)
	} else if r.released {
		r.now = max(r.now, r.last)
	}
}

func (r *replaySource) RunEvents(n int) int {
	k := 0
	for ; k < n && r.more; k++ {
		r.release()
	}
	if r.released {
		r.now = max(r.now, r.last)
	}
	return k
}

func (r *replaySource) Done() bool         { return !r.more }
func (r *replaySource) Now() time.Duration { return r.now }
func (r *replaySource) SetPaused(bool)     {}
func (r *replaySource) SetSpeed(float64)   {}

func (r *replaySource) Close() {
	if r.close != nil {
		r.close()
	}
}
