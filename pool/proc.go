package pool

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"time"
)

type procKey struct{}

// Proc is what running code sees of the engine: the main program, a worker's
// initializer, or a task. It is a context.Context, so it can be passed to every
// blocking call (queue gets, lock acquires, result gets); that is how the engine
// knows who waits for what. Its Done channel closes when the pool is terminated or
// the engine shut down. A Proc belongs to one goroutine; do not share it.
type Proc struct {
	e       *Engine
	a       *actor
	w       *worker // nil for the main program
	task    int     // the task running, 0 in the main program or an initializer
	rng     *rand.Rand
	src     rand.PCG
	seed    uint64 // the random stream outside tasks: per initializer, per main
	rngTask int    // the task the stream was seeded for
}

var _ context.Context = (*Proc)(nil)

// Deadline reports no deadline: a Proc is cancelled, never timed out.
func (p *Proc) Deadline() (time.Time, bool) { return time.Time{}, false }

// Done returns a channel that is closed when the Proc's actor is terminated.
func (p *Proc) Done() <-chan struct{} {
	p.e.mu.Lock()
	defer p.e.mu.Unlock()
	if p.a.done == nil {
		p.a.done = make(chan struct{})
		if p.a.terminated {
			close(p.a.done)
		}
	}
	return p.a.done
}

// Err returns a terminated error (which is also context.Canceled) after Done closed.
func (p *Proc) Err() error {
	p.e.mu.Lock()
	defer p.e.mu.Unlock()
	if p.a.terminated {
		return errCtxTerminated
	}
	return nil
}

// Value returns the Proc itself for the engine's key, so that a context derived
// from a Proc still identifies its actor.
func (p *Proc) Value(key any) any {
	if key == (procKey{}) {
		return p
	}
	return nil
}

type ctxTerminated struct{}

func (ctxTerminated) Error() string { return "terminated" }
func (ctxTerminated) Is(target error) bool {
	return target == ErrTerminated || target == ErrNotRunning || target == context.Canceled
}

var errCtxTerminated error = ctxTerminated{}

// Actor returns who is running: main, or worker N.
func (p *Proc) Actor() Actor { return p.a.ref }

// Worker returns the worker's number (from 1), or 0 in the main program.
func (p *Proc) Worker() int {
	if p.w == nil {
		return 0
	}
	return p.w.id
}

// Generation returns the worker's generation: 1 for the first, one more for each
// replacement (maxtasksperchild). It is 0 in the main program.
func (p *Proc) Generation() int {
	if p.w == nil {
		return 0
	}
	return p.w.gen
}

// Task returns the id of the running task, or 0 outside a task.
func (p *Proc) Task() int { return p.task }

// Now returns the engine's virtual time.
func (p *Proc) Now() time.Duration { return p.e.Now() }

// Globals returns the running worker's own global store, which its initializer
// filled; in the main program it returns the main program's store.
func (p *Proc) Globals() *Globals {
	if p.w == nil {
		return p.e.mainGlobals(p)
	}
	return p.w.globals
}

// Rand returns the Proc's random source. Every task gets its own stream, seeded
// from the engine's seed and the task's id, so a task draws the same numbers
// whichever worker runs it and whatever ran before.
func (p *Proc) Rand() *rand.Rand {
	// Reseeding when the task changes, rather than clearing the stream at every
	// task's start, keeps the cost off tasks that never draw a number.
	if p.rng == nil || p.rngTask != p.task {
		seed := p.seed
		if p.task != 0 {
			seed = uint64(p.task)
		}
		p.src.Seed(p.e.seed, seed)
		p.rngTask = p.task
		if p.rng == nil {
			p.rng = rand.New(&p.src)
		}
	}
	return p.rng
}

// Sleep blocks for d of virtual time. It returns early only with ErrTerminated.
func (p *Proc) Sleep(d time.Duration) error {
	if p.e.observing(p.a) {
		p.e.emit(p.a, Event{Actor: p.a.ref, Kind: KindTaskSleep, Task: p.task, Gen: p.Generation(), Dur: d})
	}
	return p.e.sleep(p.a, d, nil)
}

// Step marks the line the code is on with a short label ("sleep", "put"), which
// the viewer maps to a line of the scenario's Python listing.
func (p *Proc) Step(label string) {
	if p.e.observing(p.a) {
		p.e.emit(p.a, Event{Actor: p.a.ref, Kind: KindTaskStep, Task: p.task, Gen: p.Generation(), Label: label})
	}
}

// Print records a line of the program's output, as Python's print would show it.
func (p *Proc) Print(a ...any) {
	p.e.emit(p.a, Event{Actor: p.a.ref, Kind: KindOutput, Task: p.task, Value: fmt.Sprint(a...)})
}

// Printf records a formatted line of the program's output.
func (p *Proc) Printf(format string, a ...any) {
	p.e.emit(p.a, Event{Actor: p.a.ref, Kind: KindOutput, Task: p.task, Value: fmt.Sprintf(format, a...)})
}

// Engine returns the engine the Proc runs on.
func (p *Proc) Engine() *Engine { return p.e }

// newPanicError captures a recovered panic with the stack of the goroutine that panicked.
func newPanicError(r any) *PanicError {
	return &PanicError{Value: r, Stack: string(debug.Stack())}
}

// Exit ends the process of the worker running p at once, as Python's
// os._exit does: it does not return, no more of the worker's code runs but
// its deferred calls (as with runtime.Goexit), and its task neither returns
// nor fails. What follows is CPython's. A Pool starts a new worker in its
// place, and the task is lost: its result never comes, and a Get waits for it
// forever (the engine reports that wait, naming the lost task). An Executor
// breaks: every future it had running or pending fails with a
// *BrokenProcessPoolError, and it refuses new work. Called in an initializer,
// Exit fails it with ErrExited, which breaks the pool as any failing
// initializer does. Called in the main program or a callback, which run in
// no worker's process, it panics.
func (p *Proc) Exit() {
	if p.w == nil {
		panic("pool: Exit ends a worker's process; the main program and callbacks run in none")
	}
	p.e.mu.Lock()
	p.a.killed, p.a.exited = true, true
	p.e.mu.Unlock()
	runtime.Goexit()
}
