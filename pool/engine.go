package pool

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Mode selects how an engine runs its actors.
type Mode uint8

const (
	// Simulated runs one actor at a time on virtual time: the same seed and
	// parameters give the same events, byte for byte, on any machine.
	Simulated Mode = iota
	// Parallel runs actors as ordinary goroutines, in parallel, on the real clock
	// scaled by a speed factor.
	Parallel
)

// String returns "simulated" or "parallel".
func (m Mode) String() string {
	if m == Parallel {
		return "parallel"
	}
	return "simulated"
}

// ParseMode accepts "simulated" or "parallel".
func ParseMode(s string) (Mode, error) {
	switch s {
	case "simulated", "sim":
		return Simulated, nil
	case "parallel", "par":
		return Parallel, nil
	}
	return Simulated, fmt.Errorf("unknown mode %q: use simulated or parallel", s)
}

// EngineOption configures an Engine.
type EngineOption func(*engineConfig)

type engineConfig struct {
	seed     uint64
	speed    float64
	observed bool
	ringSize int
	quiet    time.Duration
}

// WithSeed sets the seed of the scheduler's tie-breaks and of every task's random
// source (Proc.Rand). The default is 1.
func WithSeed(seed uint64) EngineOption { return func(c *engineConfig) { c.seed = seed } }

// WithSpeed sets a Parallel engine's speed factor: virtual time runs speed times as
// fast as real time. The default is 1.
func WithSpeed(speed float64) EngineOption { return func(c *engineConfig) { c.speed = speed } }

// WithObserver makes a Parallel engine record events for Drain. Each actor gets a
// ring of ringSize events (0 picks a default of 256; sizes are rounded up to a
// power of two, at least 64); while a ring is full its events are
// shed and counted, never blocking the engine. A Simulated engine always records
// every event.
func WithObserver(ringSize int) EngineOption {
	return func(c *engineConfig) { c.observed, c.ringSize = true, ringSize }
}

// WithWatchdog sets how long a Parallel engine waits, with every actor blocked and
// nothing progressing, before it reports a deadlock. The default is 2 s of real time;
// 0 turns the watchdog off.
func WithWatchdog(quiet time.Duration) EngineOption { return func(c *engineConfig) { c.quiet = quiet } }

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

	mu       sync.Mutex // the engine lock: shared objects, waits, actors' flags
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

// actor is one goroutine of a run, as the engine sees it.
type actor struct {
	ref   Actor
	baton chan struct{} // Simulated: the baton, buffered so an actor can hand it to itself
	ring  *ring         // Parallel, observed: where its events go
	pool  *Pool         // the pool of a worker or result handler

	// Guarded by Engine.mu.
	terminated bool
	afterTerm  int           // blocking calls made after termination
	done       chan struct{} // closed on termination; made on demand by Proc.Done
}

func (e *Engine) newActor(ref Actor) *actor {
	a := &actor{ref: ref}
	if e.sim != nil {
		a.baton = make(chan struct{}, 1)
	} else if e.rec != nil {
		if ref.Kind == ActorMain {
			a.ring = e.rec.shared
		} else {
			a.ring = e.rec.newRing()
		}
	}
	return a
}

// spawn starts fn as a new actor goroutine. In Simulated mode it becomes runnable
// and first runs when the scheduler picks it.
func (e *Engine) spawn(a *actor, fn func()) {
	if e.sim != nil {
		s := e.sim
		s.live++
		go func() {
			<-a.baton
			defer func() {
				s.live--
				s.dispatch()
			}()
			fn()
		}()
		s.ready(a)
		return
	}
	e.wg.Add(1)
	e.liveActors.Add(1)
	go func() {
		defer e.wg.Done()
		defer e.liveActors.Add(-1)
		fn()
	}()
}

// observing reports whether an event from a would be recorded now, so callers can
// skip rendering values nobody will see. A caller told no must drop its event:
// observing has counted it as shed.
func (e *Engine) observing(a *actor) bool {
	if e.sim != nil {
		return true
	}
	if e.rec == nil {
		return false
	}
	r := a.ringOr(e.rec)
	if r.hasRoom() {
		return true
	}
	// Every caller drops its event when told no one has room for it: count it
	// here, so that the coalesced event reports every event shed, not only the
	// few that found the ring full in put.
	r.countShed()
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
		return
	}
	if e.rec == nil {
		return
	}
	a.ringOr(e.rec).put(&ev, e.clk)
}

func (a *actor) ringOr(r *recorder) *ring {
	if a != nil && a.ring != nil {
		return a.ring
	}
	return r.shared
}

// Drain appends the events recorded since the last Drain to dst and returns it. In
// Simulated mode call it only between run controls; in Parallel mode from one
// goroutine at a time. Shed events are reported by a KindCoalesced event carrying
// the exact task counters.
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

// AdvanceTo runs a Simulated engine until virtual time would pass t, or nothing can
// run; the clock then reads t unless the run ended or stalled first.
func (e *Engine) AdvanceTo(t time.Duration) error {
	if e.sim == nil {
		return ErrNotSimulated
	}
	e.sim.run(t, -1)
	return nil
}

// RunEvents runs a Simulated engine until at least n more events were logged, or
// nothing can run. It returns how many were logged.
func (e *Engine) RunEvents(n int) (int, error) {
	if e.sim == nil {
		return 0, ErrNotSimulated
	}
	before := e.seq
	e.sim.run(forever, n)
	return int(e.seq - before), nil
}

// RunToEnd runs a Simulated engine until nothing can run: every actor ended, or
// the rest are blocked for good (a deadlock, which is reported as an event).
func (e *Engine) RunToEnd() error {
	if e.sim == nil {
		return ErrNotSimulated
	}
	e.sim.run(forever, -1)
	return nil
}

// Idle reports whether a Simulated engine has nothing left to run: every actor
// ended or is blocked with no timer pending.
func (e *Engine) Idle() bool {
	if e.sim == nil {
		return false
	}
	return len(e.sim.runnable) == 0 && e.sim.pendingTimers() == 0
}

// Live returns how many actors of a Simulated engine have not ended.
func (e *Engine) Live() int {
	if e.sim == nil {
		return -1
	}
	return e.sim.live
}

// NextTime returns the virtual time of a Simulated engine's next timer.
func (e *Engine) NextTime() (time.Duration, bool) {
	if e.sim == nil {
		return 0, false
	}
	return e.sim.nextTimer()
}

// Steps returns how many times a Simulated engine's scheduler handed the baton on.
func (e *Engine) Steps() uint64 {
	if e.sim == nil {
		return 0
	}
	return e.sim.steps
}

// Pause stops a Parallel engine's clock: no task starts and sleeps stop counting
// down until Resume. A Simulated engine moves only when its controls are called.
func (e *Engine) Pause() {
	if e.clk != nil {
		e.clk.setPaused(true)
	}
}

// Resume restarts a paused Parallel engine.
func (e *Engine) Resume() {
	if e.clk != nil {
		e.clk.setPaused(false)
	}
}

// SetSpeed changes a Parallel engine's speed factor; speed must be positive.
func (e *Engine) SetSpeed(speed float64) {
	if e.clk != nil && speed > 0 {
		e.clk.setSpeed(speed)
	}
}

// Shutdown terminates every pool of the engine and interrupts every blocked call
// with ErrTerminated, then waits until every goroutine the engine started has
// ended. It is idempotent. Code that ignores ErrTerminated and never calls the
// engine again can delay it: a goroutine cannot be killed.
func (e *Engine) Shutdown() {
	e.mu.Lock()
	if e.shut {
		e.mu.Unlock()
		e.waitGoroutines()
		return
	}
	e.shut = true
	pools := slices.Clone(e.pools)
	e.mu.Unlock()
	for _, p := range pools {
		p.terminate(nil, nil)
	}
	e.mu.Lock()
	e.mainAct.terminate()
	e.interruptAll(func(w *waiter) bool { return true })
	e.mu.Unlock()
	if e.watch != nil {
		e.watch.stop()
	}
	e.waitGoroutines()
}

func (e *Engine) waitGoroutines() {
	if e.sim != nil {
		for e.sim.live > 0 || e.sim.pendingTimers() > 0 {
			before := e.sim.steps
			e.sim.run(forever, -1)
			if e.sim.steps == before && e.sim.pendingTimers() == 0 {
				break
			}
		}
		return
	}
	e.wg.Wait()
}

// terminate marks the actor terminated; the engine lock must be held.
func (a *actor) terminate() {
	if a.terminated {
		return
	}
	a.terminated = true
	if a.done != nil {
		close(a.done)
	}
}

// interruptAll wakes, with ErrTerminated, every blocked call that match selects, in
// the order the calls began. The engine lock must be held.
func (e *Engine) interruptAll(match func(w *waiter) bool) {
	ws := make([]*waiter, 0, len(e.waits))
	for w := range e.waits {
		if match(w) {
			ws = append(ws, w)
		}
	}
	slices.SortFunc(ws, func(a, b *waiter) int { return int(a.id - b.id) })
	for _, w := range ws {
		if w.on.withdraw(w) {
			e.wake(w, ErrTerminated)
		}
	}
}

// afterTermLimit bounds the blocking calls an actor may make after termination
// before the engine ends its goroutine, so that code ignoring ErrTerminated in a
// loop cannot keep Shutdown waiting forever.
const afterTermLimit = 10000

// checkAlive returns ErrTerminated for a terminated actor; the engine lock must be held.
func (e *Engine) checkAlive(a *actor) error {
	if a == nil || !a.terminated {
		return nil
	}
	a.afterTerm++
	if a.afterTerm > afterTermLimit {
		e.mu.Unlock()
		runtime.Goexit()
	}
	return ErrTerminated
}

// procFrom finds the Proc a context carries.
func procFrom(ctx context.Context) *Proc {
	if p, ok := ctx.(*Proc); ok {
		return p
	}
	if ctx == nil {
		return nil
	}
	p, _ := ctx.Value(procKey{}).(*Proc)
	return p
}

// caller returns the actor behind ctx: its Proc's actor, or in Parallel mode the
// main actor for any other context. A Simulated engine accepts calls only from its
// own actors, and says so loudly, because a call from outside would break determinism.
func (e *Engine) caller(ctx context.Context) (*actor, context.Context) {
	if p := procFrom(ctx); p != nil && p.e == e {
		return p.a, nil
	}
	if e.sim != nil {
		panic("pool: a simulated engine was called from outside its actors; pass the *Proc given to the main function or task as the context")
	}
	return nil, ctx
}

// newActorFor makes the actor of a pool's worker slot or result handler; a worker
// slot keeps its event ring across generations, so replacements reuse it.
func (e *Engine) newActorFor(ref Actor, p *Pool, slot int) *actor {
	a := &actor{ref: ref, pool: p}
	if e.sim != nil {
		a.baton = make(chan struct{}, 1)
		return a
	}
	if e.rec != nil {
		e.mu.Lock()
		if p.rings == nil {
			p.rings = map[int]*ring{}
		}
		g := p.rings[slot]
		if g == nil {
			g = e.rec.newRing()
			p.rings[slot] = g
		}
		e.mu.Unlock()
		a.ring = g
	}
	return a
}

// pauseGate returns a channel to wait on while a Parallel engine is paused.
func (e *Engine) pauseGate() <-chan struct{} {
	if e.clk == nil {
		return nil
	}
	return e.clk.gate()
}
