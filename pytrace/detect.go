package pytrace

import (
	"slices"
	"strconv"
	"time"

	"poolviz/pool"
)

// DefaultQuiet is how long a program whose every process waits must stay
// silent before the tracer calls it stalled, when Options.Quiet is zero.
const DefaultQuiet = 2 * time.Second

// detector watches a traced program's events for what makes it hang: a
// wait-for cycle among lock waits, a stall (main waits in a traced call, every
// worker waits or is idle, and nothing happened for the quiet period), a task
// lost with the worker that ran it, and an initializer that fails again and
// again. It is a pure function of the events fed to it and the times passed
// in, so that it is tested without a clock; Run feeds it as events are
// drained. It returns the events it adds, without Seq.
type detector struct {
	quiet    time.Duration
	actors   map[pool.Actor]*actorState
	holders  map[string]pool.Actor // a lock's phrase ("lock A") -> its holder
	free     map[string]bool       // the locks known to be free, released by their last holder
	main     bool                  // main started and has not ended
	init     string                // the initializer's name
	lastAt   time.Duration         // when the last event happened
	cycles   map[string]bool       // the cycles reported, by their members
	stalled  bool                  // a stall was reported
	lost     []string              // the lost tasks, in words
	queued   queuedWork            // the tasks no worker started yet
	poolName string
	failures failureStreak
	broken   string // why the run must be stopped, once the pool is broken
	executor bool   // the pool is a ProcessPoolExecutor's: a dead worker breaks it, no task is lost
	// execBroken says the program's executor said it broke: its workers are
	// stopped from then on, rather than ending on their own.
	execBroken bool
}

// actorState is what the detector knows of main or a worker.
type actorState struct {
	alive bool
	init  bool             // it runs its initializer
	tasks []int            // the tasks it started and did not finish
	wait  *pool.WaitMember // its traced wait, nil when none
	other string           // the holder its blocked event named
}

// failureStreak counts initializer failures since one last succeeded.
type failureStreak struct {
	total  int
	bySlot map[int]int
	err    string
}

// maxInitFailures is how often one worker slot's initializer may fail in a
// row before the tracer stops the program: CPython would go on forever.
const maxInitFailures = 3

func newDetector(quiet time.Duration) *detector {
	if quiet <= 0 {
		quiet = DefaultQuiet
	}
	return &detector{quiet: quiet, actors: map[pool.Actor]*actorState{}, holders: map[string]pool.Actor{}, free: map[string]bool{},
		cycles: map[string]bool{}}
}

func (d *detector) actor(a pool.Actor) *actorState {
	s := d.actors[a]
	if s == nil {
		s = &actorState{}
		d.actors[a] = s
	}
	return s
}

// observe takes the next event of the program and returns the events it
// calls for: a Deadlock for a cycle it closes, a lost task, a broken pool.
func (d *detector) observe(ev pool.Event) []pool.Event {
	d.lastAt = max(d.lastAt, ev.Time)
	if ev.Actor.Kind == pool.ActorResultHandler {
		return d.failedQueued(ev)
	}
	s := d.actor(ev.Actor)
	switch ev.Kind {
	case pool.KindMainStarted:
		d.main, s.alive = true, true
	case pool.KindMainEnded:
		d.main, s.alive = false, false
	case pool.KindPoolCreated:
		d.init, d.poolName, d.executor = ev.Label, ev.Object, ev.Other == pool.ExecutorPool
	case pool.KindPoolTerminated:
		d.queued.clear()
	case pool.KindPoolBroken:
		d.execBroken = d.executor
	case pool.KindTaskSubmitted:
		d.queued.submit(ev.Task, ev.Count)
	case pool.KindWorkerStarted:
		*s = actorState{alive: true}
	case pool.KindWorkerExited:
		return d.exited(ev, s)
	case pool.KindInitBegan:
		s.init = true
	case pool.KindInitFailed:
		s.init = false
		return d.initFailed(ev)
	case pool.KindInitEnded:
		s.init = false
		d.failures = failureStreak{}
	case pool.KindTaskStarted:
		s.tasks = append(s.tasks, ev.Task)
		d.queued.start(ev.Task)
	case pool.KindTaskFinished:
		if i := slices.Index(s.tasks, ev.Task); i >= 0 {
			s.tasks = slices.Delete(s.tasks, i, i+1)
		}
	case pool.KindBlocked:
		s.wait = &pool.WaitMember{Who: ev.Actor, Verb: ev.Label, Object: ev.Object}
		s.other = ev.Other
		return d.cycle(ev)
	case pool.KindUnblocked:
		s.wait, s.other = nil, ""
	case pool.KindAcquireGranted:
		lock := pool.ObjectPhrase("lock", ev.Object)
		if s.wait != nil && s.wait.Object == lock {
			// Granted is its wait's end, whichever of the two lines comes
			// first: else it would seem to hold the lock and wait for it.
			s.wait, s.other = nil, ""
		}
		d.holders[lock] = ev.Actor
		delete(d.free, lock)
		return d.cycle(ev)
	case pool.KindReleased:
		if ev.Count <= 0 {
			// Known free: a waiter's word on who held it is stale now.
			lock := pool.ObjectPhrase("lock", ev.Object)
			delete(d.holders, lock)
			d.free[lock] = true
		}
	}
	return nil
}

// exited records a worker's exit; one that died running tasks (its process
// ended without a word, not by terminate) lost them: CPython never gives
// their results, and whoever waits for them waits forever. It returns a
// failed task-finished of the worker for each, to be told before its exit.
func (d *detector) exited(ev pool.Event, s *actorState) []pool.Event {
	lost := s.tasks
	*s = actorState{}
	if ev.Label != silentExitLabel || len(lost) == 0 {
		return nil
	}
	if d.executor {
		return executorDied(ev, lost, d.execBroken)
	}
	var out []pool.Event
	for _, task := range lost {
		why := "worker " + strconv.Itoa(ev.Actor.ID) + " died while running it"
		d.lost = append(d.lost, "task "+strconv.Itoa(task)+" will never finish: "+why)
		out = append(out, pool.Event{Time: ev.Time, Actor: ev.Actor, Gen: ev.Gen, Kind: pool.KindTaskFinished, Task: task,
			Count: 1, Err: "lost: " + why + ", so its result never comes"})
	}
	return out
}

// executorDied ends the tasks an executor's worker ran when its process
// ended (on its own, or stopped once the executor broke): nothing is lost,
// CPython breaks the executor, and each future fails with BrokenProcessPool
// (its result-ready says so).
func executorDied(ev pool.Event, tasks []int, broken bool) []pool.Event {
	why := "BrokenProcessPool: the process of worker " + strconv.Itoa(ev.Actor.ID) + " ended abruptly"
	if broken {
		why = "BrokenProcessPool: stopped, as the executor broke"
	}
	out := make([]pool.Event, len(tasks))
	for i, task := range tasks {
		out[i] = pool.Event{Time: ev.Time, Actor: ev.Actor, Gen: ev.Gen, Kind: pool.KindTaskFinished, Task: task, Count: 1, Err: why}
	}
	return out
}

// failedQueued ends an executor's future that failed (BrokenProcessPool) or
// was cancelled while it waited in the queue: its result-ready is all the
// program says of it, and main records its end, as the engine does.
func (d *detector) failedQueued(ev pool.Event) []pool.Event {
	if !d.executor || ev.Kind != pool.KindResultReady || ev.Err == "" || max(ev.Count, 1) != 1 || !d.queued.holds(ev.Task) {
		return nil
	}
	d.queued.start(ev.Task)
	return []pool.Event{{Time: ev.Time, Actor: pool.MainActor, Kind: pool.KindTaskFinished, Task: ev.Task, Count: 1, Err: ev.Err}}
}

// initFailed counts a failed initializer and, once one worker slot failed
// maxInitFailures times in a row, says the pool is broken.
func (d *detector) initFailed(ev pool.Event) []pool.Event {
	f := &d.failures
	if f.bySlot == nil {
		f.bySlot = map[int]int{}
	}
	f.total++
	f.bySlot[ev.Actor.ID]++
	f.err = ev.Err
	if d.broken != "" || f.bySlot[ev.Actor.ID] < maxInitFailures {
		return nil
	}
	init := "the initializer"
	if d.init != "" {
		init += " " + d.init
	}
	d.broken = "pool is broken: " + init + " failed " + strconv.Itoa(f.total) + " times in a row (" + f.err +
		"); CPython would start new workers forever, so the run was stopped"
	return []pool.Event{{Time: ev.Time, Actor: pool.MainActor, Kind: pool.KindPoolBroken, Object: "pool", Err: d.broken}}
}

// holder returns who holds what s waits for: the lock's holder as the
// detector knows it, else the one its blocked event named.
func (d *detector) holder(s *actorState) (pool.Actor, bool) {
	if a, ok := d.holders[s.wait.Object]; ok {
		return a, true
	}
	if d.free[s.wait.Object] {
		return pool.Actor{}, false
	}
	for a := range d.actors {
		if s.other != "" && a.String() == s.other {
			return a, true
		}
	}
	return pool.Actor{}, false
}
