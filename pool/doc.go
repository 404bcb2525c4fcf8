// Package pool is a process pool with Python multiprocessing.Pool semantics, built
// to be watched: every change of state is an Event. What a viewer draws from those
// events (package picture) lives outside this package, so a program that only
// uses the pool carries none of it.
//
// # Engine, actors and the two modes
//
// An Engine runs actors: the main program (started with Engine.Start), the workers
// of its pools, and each pool's result handler. Every blocking point of an actor
// (a sleep, a queue get, a lock acquire, a result get, a join) goes through the
// engine, so the engine always knows who waits for what (the wait-for graph) and
// can report a deadlock with a sentence that explains it.
//
// A Simulated engine runs one actor at a time on virtual time: the actors are real
// goroutines that pass a baton, ties are broken by a seeded RNG, and time jumps to
// the next timer when everyone is blocked. The same seed and parameters give the
// same events, byte for byte. Its controls (AdvanceTo, RunEvents, RunToEnd) are
// called by one controller goroutine and return when the run yields.
//
// A Parallel engine runs actors as ordinary goroutines on the real clock scaled by
// a speed factor; Pause stops the clock and the start of new tasks.
//
// # Contexts
//
// Running code receives a *Proc, which is a context.Context: pass it to every
// blocking call so the engine knows the caller. In Parallel mode any context may
// be passed instead; the caller then counts as the main program.
//
// # Events
//
// Events never slow the engine down: a Simulated engine logs every event; a
// Parallel engine with an observer writes each actor's events to a ring of its own
// and sheds (and counts) what does not fit, reporting with a KindCoalesced event
// how many events and how many tasks' submissions and ends were shed, so that a
// fold's counts stay exact. Drain collects them.
//
// # Lock order
//
// The engine lock (Engine.mu) guards shared objects, waiters and the wait-for
// graph. A pool's task queue has its own lock, always taken after the engine lock.
// Events are emitted with or without the engine lock held; emitting never blocks.
package pool
