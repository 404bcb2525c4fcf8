package pool

import (
	"sync"
	"sync/atomic"
	"time"
)

// Engine runs actors (the main program, workers, the result handler), keeps the
// shared objects and the wait-for graph, and records events. Pools and shared
// objects belong to one engine. An Engine is safe for concurrent use in Parallel
// mode; in Simulated mode only its actors and the one goroutine calling its run
// controls touch it.
type Engine struct {
	mode Mode
	seed uint64
	sim  *scheduler
	clk  *realClock
	rec  *recorder // nil when a Parallel engine is not observed

	log     eventLog // Simulated: logged events not yet drained
	seq     uint64   // Simulated: events logged so far
	mainAct *actor
	mainG   *Globals

	// mu, the engine lock, guards shared objects, waits, the wait-for graph and
	// actors' flags. A pool's task queue lock is always taken after it, never
	// before. Events are emitted with or without it held; emitting never blocks.
	mu       sync.Mutex
	waits    map[*waiter]struct{}
	waitSeq  uint64
	objects  []sharedObject
	pools    []*Pool
	actorSeq int
	shut     bool
	stalls   int // Simulated: stalls diagnosed
	mainDone bool
	mainErr  error

	reported map[string]bool // cycles already reported, by members

	wg         sync.WaitGroup // Parallel: goroutines the engine started
	liveActors atomic.Int64   // Parallel: actor goroutines running
	progress   atomic.Uint64  // Parallel: bumped on every wake-up, for the watchdog
	watch      *watchdog
}

// NewEngine returns an engine in the given mode.
func NewEngine(mode Mode, opts ...EngineOption) *Engine {
	cfg := engineConfig{seed: 1, speed: 1, quiet: 2 * time.Second}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.speed <= 0 {
		cfg.speed = 1
	}
	e := &Engine{mode: mode, seed: cfg.seed, waits: map[*waiter]struct{}{}}
	if mode == Simulated {
		e.sim = newScheduler(cfg.seed)
		e.sim.onStall = e.onStall
		e.sim.choice.ask, e.sim.choice.planned = cfg.ask, cfg.schedule
	} else {
		e.clk = newRealClock(cfg.speed)
		if cfg.observed {
			e.rec = newRecorder(cfg.ringSize)
		}
		if cfg.quiet > 0 {
			e.watch = newWatchdog(e, cfg.quiet)
		}
	}
	e.mainAct = e.newActor(MainActor)
	return e
}

// Mode returns the engine's mode.
func (e *Engine) Mode() Mode { return e.mode }

// Seed returns the engine's seed.
func (e *Engine) Seed() uint64 { return e.seed }

// Now returns the engine's virtual time.
func (e *Engine) Now() time.Duration {
	if e.sim != nil {
		return e.sim.now
	}
	return e.clk.now()
}

// observing reports whether an event from a would be recorded now, so callers can
// skip rendering values nobody will see. A caller told no must drop its event:
// observing has counted it as shed.
func (e *Engine) observing(a *actor) bool { return e.observingTasks(a, noTasks, 0) }

// observingTasks is observing for an event that carries n tasks' submission or
// end (which: shedSubmitted, shedSucceeded or shedFailed; noTasks for other
// events): told no, the caller drops the event, and the tasks are counted as
// shed with it, for the next KindCoalesced. It is on every task's path, so a
// detached engine answers with one comparison, and a ring with room with no
// load of the consumer's position (see ring.room).
func (e *Engine) observingTasks(a *actor, which, n int) bool {
	if e.sim != nil {
		return !e.log.dropped
	}
	if e.rec == nil {
		return false
	}
	r := a.ringOr(e.rec)
	if r.room() {
		return true
	}
	// Every caller drops its event when told no one has room for it: count it
	// here, so that the coalesced event reports every event shed, not only the
	// few that found the ring full in put.
	r.countShed(which, n)
	return false
}

// emit records ev, stamped with the time and (in Simulated mode) its sequence number.
// It never blocks: in Parallel mode an event that finds its ring full is shed and counted.
func (e *Engine) emit(a *actor, ev Event) {
	if e.sim != nil {
		e.seq++
		ev.Seq = e.seq
		ev.Time = e.sim.now
		e.log.add(&ev)
		if e.sim.budget > 0 {
			e.sim.budget--
		}
		if e.log.n >= maxUndrained {
			e.sim.hold(a)
		}
		return
	}
	if e.rec == nil {
		return
	}
	a.ringOr(e.rec).put(&ev, e.clk)
}

// Drain appends the events recorded since the last Drain to dst and returns it. In
// Simulated mode call it only between run controls; in Parallel mode from one
// goroutine at a time. Shed events are reported by a KindCoalesced event that
// counts them, and the tasks whose submission or end they carried (Label
// CoalescedShed).
func (e *Engine) Drain(dst []Event) []Event {
	if e.sim != nil {
		return e.log.drain(dst)
	}
	if e.rec == nil {
		return dst
	}
	return e.rec.drain(dst, e)
}

// Start runs main as the main program: an actor whose Proc other calls take as
// their context. A Simulated engine runs it when a run control gives it time.
func (e *Engine) Start(main func(p *Proc) error) {
	a := e.mainAct
	e.emit(a, Event{Actor: MainActor, Kind: KindMainStarted})
	e.spawn(a, func() {
		p := &Proc{e: e, a: a}
		err := runMain(p, main)
		e.mu.Lock()
		e.mainDone, e.mainErr = true, err
		e.mu.Unlock()
		ev := Event{Actor: MainActor, Kind: KindMainEnded}
		if err != nil {
			ev.Err = err.Error()
		}
		e.emit(a, ev)
	})
}

func runMain(p *Proc, main func(p *Proc) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = newPanicError(r)
		}
	}()
	return main(p)
}

// MainDone reports whether the main program returned, and its error.
func (e *Engine) MainDone() (bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.mainDone, e.mainErr
}
