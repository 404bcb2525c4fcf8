package pool

import (
	"container/heap"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// What-ifs are a teacher's experiments on a Simulated run: kill a worker's
// process in the middle of its task, slow one worker's work down, delay a
// worker. Each is made to happen between two run controls, and logged as a
// KindWhatIf event, so that a run with one steps back, replays and saves like
// any other.

// ErrNoSuchWorker is returned by a what-if that names no live worker.
var ErrNoSuchWorker = errors.New("pool: no such worker")

// lostJob is a job whose worker's process ended while it ran (a what-if
// killed it, or its code called Exit): as in CPython, its result never comes.
type lostJob struct {
	task, n int
	worker  Actor
	how     string // "killed", "whose process exited"
}

// KillWhatIf is what a killed worker teaches, said in the KindWhatIf event.
const KillWhatIf = "CPython's Pool starts a new worker in its place, but the task it held is lost: " +
	"its get() waits forever. concurrent.futures would mark the whole executor broken and raise " +
	"BrokenProcessPool in every waiting future. This pool does as CPython's: a new worker, the task lost."

// KillExecutorWhatIf is what a killed worker of an Executor teaches.
const KillExecutorWhatIf = "concurrent.futures marks the whole executor broken: every running or pending " +
	"future fails with BrokenProcessPool, the other workers are stopped, and new submits are refused. " +
	"This executor does as CPython's. A multiprocessing.Pool would start a new worker and lose the task."

// KillIdleWhatIf is what a worker killed with no task in hand teaches.
const KillIdleWhatIf = "It held no task: CPython's Pool starts a new worker in its place, and nothing is lost. " +
	"concurrent.futures would still mark the whole executor broken (BrokenProcessPool). This pool does as CPython's."

// liveWorker finds worker id of the newest pool that has it running.
func (e *Engine) liveWorker(id int) (*Pool, *worker) {
	for i := len(e.pools) - 1; i >= 0; i-- {
		p := e.pools[i]
		if id >= 1 && id <= len(p.workers) {
			if w := p.workers[id-1]; w != nil && !w.a.terminated && !w.a.killed && p.state.Load() != stateTerminated {
				return p, w
			}
		}
	}
	return nil, nil
}

// KillWorker kills the process of worker id of a Simulated run, wherever it
// is: its code stops at once, the task it ran is lost (its result never
// comes), and the pool starts a new worker in its slot, as CPython's does.
// Call it between run controls.
func (e *Engine) KillWorker(id int) error {
	if e.sim == nil {
		return ErrNotSimulated
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	_, w := e.liveWorker(id)
	if w == nil {
		return fmt.Errorf("%w: worker %d is not running", ErrNoSuchWorker, id)
	}
	w.a.killed = true
	says := KillWhatIf
	switch {
	case w.p.cfg.executor:
		says = KillExecutorWhatIf
	case w.proc == nil || w.proc.task == 0:
		says = KillIdleWhatIf
	}
	e.emit(w.a, Event{Actor: w.a.ref, Kind: KindWhatIf, Gen: w.gen, Label: "kill", Value: says})
	for wt := range e.waits {
		if wt.a == w.a && wt.on.withdraw(wt) {
			e.wake(wt, ErrTerminated) // it wakes only to end: parkSim sees it killed
		}
	}
	return nil
}

// killed ends a worker whose process a what-if killed, or whose code called
// Exit, in its goroutine's deferred calls. A Pool loses the job it ran and
// gives the jobs it had claimed to its replacement; an Executor breaks.
func (p *Pool) killed(w *worker) {
	e, a := p.e, w.a
	j, inherit := w.takeJobs()
	e.mu.Lock()
	exited := a.exited
	e.mu.Unlock()
	running := j != nil && w.proc != nil && w.proc.task != 0
	if p.cfg.executor {
		p.executorLost(w, j, inherit, running, exited)
		return
	}
	how, why := "killed", "killed (a what-if) while it initialized"
	if exited {
		how = "whose process exited"
	}
	if running {
		h := j.header()
		e.mu.Lock()
		p.lost = append(p.lost, lostJob{task: h.task, n: h.n, worker: a.ref, how: how})
		e.mu.Unlock()
		why = "killed (a what-if) in the middle of " + TaskRangeLabel(h.task, h.n) + ", which is lost"
		if exited {
			why = "its process exited (Exit) in the middle of " + TaskRangeLabel(h.task, h.n) + ", which is lost"
		}
	} else if w.proc != nil {
		why = "killed (a what-if) while idle"
	}
	e.emit(a, Event{Actor: a.ref, Kind: KindWorkerExited, Gen: w.gen, Label: why, Count: w.jobs})
	p.replaceGone(w, inherit)
}

// executorLost ends an Executor's worker whose process ended abruptly: the
// executor breaks (running: in the middle of its job j), and the worker leaves.
func (p *Pool) executorLost(w *worker, j job, inherit []job, running, exited bool) {
	why := &BrokenProcessPoolError{Worker: w.id, Initializing: w.proc == nil, Cause: ErrKilled}
	if exited {
		why.Cause = ErrExited
	}
	if running {
		why.Task = w.proc.task
	}
	p.breakExecutor(w, why, j, inherit)
	says := "killed (a what-if)"
	if exited {
		says = "its process exited (Exit)"
	}
	switch {
	case why.Task != 0:
		says += " in the middle of " + taskLabel(why.Task)
	case w.proc == nil:
		says += " in its initializer"
	}
	p.workerExit(w, says+": the executor is broken")
}

// lostWhy says why the result of tasks task..task+n-1 never comes when one of
// them was lost with a killed worker, or "". The engine lock is held.
func (p *Pool) lostWhy(task, n int) string {
	for _, l := range p.lost {
		if l.task < task+n && task < l.task+l.n {
			return TaskRangeLabel(l.task, l.n) + " was lost with " + l.worker.String() +
				", " + l.how + ": its result will never come (CPython's get() waits forever here too)"
		}
	}
	return ""
}

// SlowWorker makes worker id of a Simulated run work factor times slower
// from now on: its sleeps (the work the presets stand in for) last factor
// times as long, the one it is in included.
func (e *Engine) SlowWorker(id int, factor float64) error {
	if e.sim == nil {
		return ErrNotSimulated
	}
	if factor <= 1 || factor > 100 {
		return fmt.Errorf("pool: slow down by %g: allowed is more than 1, at most 100", factor)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	_, w := e.liveWorker(id)
	if w == nil {
		return fmt.Errorf("%w: worker %d is not running", ErrNoSuchWorker, id)
	}
	w.a.slow = max(w.a.slow, 1) * factor
	e.stretchSleep(w, func(left time.Duration) time.Duration { return time.Duration(float64(left) * factor) })
	e.emit(w.a, Event{Actor: w.a.ref, Kind: KindWhatIf, Gen: w.gen, Label: "slow",
		Value: w.a.ref.String() + " now works " + strconv.FormatFloat(w.a.slow, 'g', 3, 64) + " times slower: the others take the tasks it does not get to"})
	return nil
}

// DelayWorker holds worker id of a Simulated run back by d: the sleep it is
// in (its start, its work) lasts d longer, or else its next one does.
func (e *Engine) DelayWorker(id int, d time.Duration) error {
	if e.sim == nil {
		return ErrNotSimulated
	}
	if d <= 0 || d > time.Hour {
		return fmt.Errorf("pool: delay of %s: allowed is above 0, at most an hour", d)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	_, w := e.liveWorker(id)
	if w == nil {
		return fmt.Errorf("%w: worker %d is not running", ErrNoSuchWorker, id)
	}
	if !e.stretchSleep(w, func(left time.Duration) time.Duration { return left + d }) {
		w.a.delay += d
	}
	e.emit(w.a, Event{Actor: w.a.ref, Kind: KindWhatIf, Gen: w.gen, Label: "delay", Dur: d,
		Value: w.a.ref.String() + " is held back " + strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s: the pool gives the queued work to whoever is free"})
	return nil
}

// stretchSleep moves the end of the sleep a is in to now + stretch(time
// left), and reports whether it sleeps. The engine lock is held.
// A sleep so stretched is logged again, from now, with its new length, so
// that a viewer's progress bar shows the longer work.
func (e *Engine) stretchSleep(wk *worker, stretch func(left time.Duration) time.Duration) bool {
	for w := range e.waits {
		if w.a != wk.a || w.timer == nil || w.timer.dead {
			continue
		}
		if _, sleeping := w.on.(*sleeper); !sleeping {
			continue
		}
		s := e.sim
		left := stretch(max(w.timer.when-s.now, 0))
		w.timer.when = s.now + left
		heap.Fix(&s.timers, w.timer.idx)
		ev := Event{Actor: wk.a.ref, Kind: KindTaskSleep, Gen: wk.gen, Dur: left}
		if wk.proc != nil {
			ev.Task = wk.proc.task
		}
		e.emit(wk.a, ev)
		return true
	}
	return false
}
