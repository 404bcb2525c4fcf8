// Package session plays one run for a viewer: it pulls the run's events from
// a Source (a Simulated or Parallel engine, a saved run), advances it by
// frames of wall time times the speed, keeps a bounded history of events so
// the view can step back, and serves the State the viewer draws. The viewer,
// the headless account, export, record and frame all play runs through it, so
// they all show the same thing, with the same controls.
package session

import (
	"slices"
	"sync"
	"time"

	"poolviz/picture"
	"poolviz/pool"
	"poolviz/scenarios"
)

// Bounds of the history. A run keeps at least its last MaxHistory events for
// stepping back; what falls off the front is folded into a base State, so
// memory stays flat however long the run. Snapshots every snapEvery events make
// a step back cost at most snapEvery folds; where the snapshots would take
// more than MaxSnapshotBytes (a State of 256 workers is some 3 MB), they are
// spaced twice as far apart, as often as needed, so a step back then costs
// more folds (a few tens of thousands, some milliseconds) and memory stays
// bounded.
const (
	MaxHistory       = 200_000
	MaxSnapshotBytes = 32 << 20
	snapEvery        = 2048
)

// Session is one run. Its methods are safe to call from several goroutines;
// they serialise on one lock, and a call that runs the source holds it for
// that frame's work only.
type Session struct {
	mu   sync.Mutex
	run  scenarios.Run // set once, read without the lock
	src  Source
	step Stepper // src when it runs on demand, else nil
	end  Ender   // src when it is live and knows its end, else nil
	tap  func(block []pool.Event)
	keep int // events kept behind the cursor for stepping back
	// noSnaps keeps no snapshots (NoSnapshots): a step back folds from the
	// oldest kept event.
	noSnaps bool
	speed   float64
	paused  bool

	hist    history
	base    picture.State // the fold of the dropped events
	snaps   []snap        // states at run indexes, ascending
	snapGap int           // events between snapshots: snapEvery, doubled to keep them within MaxSnapshotBytes
	cursor  int           // the run index of the next event to show
	state   picture.State
	now     time.Duration
	closed  bool
}

type snap struct {
	at    int // run index: the state before event at
	state picture.State
	size  int // state.Footprint()
}

// Option changes how a session plays.
type Option func(*Session)

// Tap calls fn with each block of events as the session pulls it from the
// source, in order, before any is dropped from the history: a consumer that
// needs the whole run (an export, a headless account) sees every event once,
// without a copy; it is given when the session opens, so it sees the run from
// its first event. fn runs under the session's lock: it must not call the session, nor
// keep the block after it returns.
func Tap(fn func(block []pool.Event)) Option {
	return func(s *Session) { s.tap = fn }
}

// Forward plays the run forward only: the session keeps no history behind the
// view and no snapshots, so Back reports false, and a long run costs no memory
// and no work for a step back nobody asks for.
func Forward() Option { return func(s *Session) { s.keep = 0 } }

// NoSnapshots keeps no snapshots of the view, for a viewer that will not step
// back (a recording or a frame whose keys never go back). Why: with 256
// workers a snapshot is some 3 MB, and they take up to MaxSnapshotBytes, a
// good part of such a viewer's memory, and a copy of the picture every few
// thousand events. Back and Seek still work, and show the same: they fold
// forward from the oldest kept event, up to MaxHistory folds a step instead
// of at most a snapshot's gap.
func NoSnapshots() Option { return func(s *Session) { s.noSnaps = true } }

// New resolves a run of sc with prm (every field given) and opens it, as Open.
func New(sc scenarios.Scenario, prm scenarios.Params, opts ...Option) (*Session, error) {
	run, err := sc.Resolve(prm, scenarios.GivenAll)
	if err != nil {
		return nil, err
	}
	return Open(run, opts...), nil
}

// Open starts run on a new engine. The run does not advance until Advance,
// Step or RunToEnd.
func Open(run scenarios.Run, opts ...Option) *Session {
	return Play(run, FromEngine(run.Start()), opts...)
}

// OpenEngine starts run on a new engine made with engine options, such as
// pool.AskChoices or pool.WithSchedule, and opens it as Open does.
func OpenEngine(run scenarios.Run, engine []pool.EngineOption, opts ...Option) *Session {
	return Play(run, FromEngine(run.Start(engine...)), opts...)
}

// NewReplay plays a saved run's events with the same controls as a live run. sc
// is the scenario the run was made from (for its title and listing); prm are the
// run's recorded parameters, shown as recorded if out of range.
func NewReplay(sc scenarios.Scenario, prm scenarios.Params, evs []pool.Event, opts ...Option) *Session {
	run, err := sc.Resolve(prm, scenarios.GivenAll)
	if err != nil {
		run = scenarios.Run{Scenario: sc, Asked: prm, Params: prm}
	}
	return Play(run, Replay(evs), opts...)
}

// Play plays src, the events of run; the session closes src when it closes.
// It pulls what src already holds (an engine logs its main program's start
// when it starts), so a Tap sees its first block here.
func Play(run scenarios.Run, src Source, opts ...Option) *Session {
	s := &Session{run: run, src: src, speed: run.Params.Speed, keep: MaxHistory, snapGap: snapEvery}
	s.step, _ = src.(Stepper)
	if s.step == nil {
		s.end, _ = src.(Ender)
	}
	for _, o := range opts {
		o(s)
	}
	s.pull()
	return s
}

// Run returns the run being played.
func (s *Session) Run() scenarios.Run { return s.run }

// Scenario returns the scenario being played.
func (s *Session) Scenario() scenarios.Scenario { return s.run.Scenario }

// Params returns the params the run was asked for; Run().Params are those it has.
func (s *Session) Params() scenarios.Params { return s.run.Asked }

// Live reports whether the run goes on by itself, on the wall clock (a
// Parallel engine), rather than when the session asks.
func (s *Session) Live() bool { return s.step == nil }

// pull drains the source into the history. The lock is held.
func (s *Session) pull() {
	got := s.hist.pull(s.src)
	if len(got) == 0 {
		return
	}
	if s.tap != nil {
		s.tap(got)
	}
	s.trim()
}

// trim drops the oldest chunks while more than keep events stay behind them,
// folding them into base. It never drops what the view has not shown yet.
func (s *Session) trim() {
	var fold func(ev *pool.Event)
	if s.keep > 0 {
		fold = func(ev *pool.Event) { s.base.Apply(*ev) }
	}
	for {
		end, ok := s.hist.frontEnd()
		if !ok || end > s.cursor || s.hist.total-end < s.keep {
			break
		}
		s.hist.dropFront(fold)
	}
	first := s.hist.first()
	i := 0
	for i < len(s.snaps) && s.snaps[i].at < first {
		i++
	}
	s.snaps = slices.Delete(s.snaps, 0, i) // not a reslice: the dropped states must be freed
}

// applyNext applies the next event of the history to the view. The lock is held.
func (s *Session) applyNext() {
	if s.keep > 0 && !s.noSnaps && s.cursor%s.snapGap == 0 && (len(s.snaps) == 0 || s.snaps[len(s.snaps)-1].at < s.cursor) {
		s.snapshot()
	}
	ev := s.hist.at(s.cursor)
	s.state.Apply(*ev)
	s.cursor++
	if ev.Time > s.now {
		s.now = ev.Time
	}
}

// snapshot keeps the state before the event at the cursor, for stepping
// back. While the snapshots take more than MaxSnapshotBytes, every other one
// is dropped and the gap between them doubled. The lock is held.
func (s *Session) snapshot() {
	st := s.state.Clone()
	s.snaps = append(s.snaps, snap{at: s.cursor, state: st, size: st.Footprint()})
	for s.snapBytes() > MaxSnapshotBytes && len(s.snaps) > 1 {
		s.snapGap *= 2
		s.snaps = slices.DeleteFunc(s.snaps, func(sn snap) bool { return sn.at%s.snapGap != 0 })
	}
}

// snapBytes is what the snapshots take, about. The lock is held.
func (s *Session) snapBytes() int {
	n := 0
	for _, sn := range s.snaps {
		n += sn.size
	}
	return n
}

// applyAll shows every event pulled so far. The lock is held.
func (s *Session) applyAll() {
	for s.cursor < s.hist.total {
		s.applyNext()
	}
}
