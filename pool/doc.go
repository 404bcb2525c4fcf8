// Package pool is a worker pool for Go programs with the semantics of Python's
// multiprocessing.Pool. Its engine can also run a program deterministically on
// virtual time, record every change of state, and explain a deadlock in a
// sentence. It imports only the standard library.
//
// A pool has a fixed number of workers, each with its own global state set up by
// an initializer; work is submitted one task at a time or as a map over a slice,
// and comes back as a handle, a slice or an iterator:
//
//	e := pool.NewEngine(pool.Parallel)
//	defer e.Shutdown()
//	pl, err := pool.New(e, pool.Workers(4))
//	if err != nil {
//		return err
//	}
//	ns, err := pool.Map(ctx, pl, pool.FuncErr(strconv.Atoi), []string{"1", "22", "333"})
//	pl.Close()
//	err = pl.Join(ctx)
//
// # Python semantics
//
// Each call follows its Python namesake: New takes Python's processes
// (Workers), initializer and initargs (WithInitializer) and maxtasksperchild
// (MaxTasksPerChild); Apply, ApplyAsync, Map, MapAsync, Starmap, StarmapAsync,
// Imap and ImapUnordered are apply, apply_async, map, map_async, starmap,
// starmap_async, imap and imap_unordered; an AsyncResult has Get, Wait, Ready
// and Successful; Close, Terminate and Join end a pool. In particular:
//
//   - A map splits its items into chunks, by Python's formula unless Chunksize
//     says otherwise (DefaultChunksize); a chunk stops at its first failure, and
//     the map's error is the first to arrive. Imap yields a chunk once it is
//     whole and keeps at most Buffersize chunks submitted ahead of its loop, as
//     Python 3.14's buffersize.
//   - Callbacks (OnSuccess, OnError) run one at a time on the pool's result
//     handler, before the handle is ready; after Terminate none starts.
//   - Work a call accepted runs whole, even if Close comes meanwhile; Join is an
//     error before Close or Terminate.
//
// Workers are goroutines, not processes: arguments and results are shared, not
// copied, and a worker's globals are Proc.Globals. Where Python would hang or
// crash, the pool does better: a task's panic becomes its error (*PanicError), a
// task calling runtime.Goexit fails with ErrGoexit and its worker is replaced, an
// initializer that fails breaks the pool (ErrBroken) rather than respawning
// workers forever, and a task may terminate its own pool. A goroutine cannot be
// killed, though: Terminate waits for a task that neither returns nor calls the
// engine.
//
// An Executor is Python's concurrent.futures.ProcessPoolExecutor on the same
// engine: Submit returns a Future (Result, Exception, Done, Running,
// Cancelled, Cancel), AsCompleted yields futures in completion order, and
// Shutdown ends it. Where a Pool's worker whose process ends (Proc.Exit,
// Python's os._exit) is replaced and its task lost, an Executor breaks as
// CPython's does: every running or pending future fails with a
// *BrokenProcessPoolError, and new work is refused.
//
// The shared objects a Python program hands its workers through the
// initializer are here too, with Python's semantics: Queue, SimpleQueue, Lock,
// RLock, Flag (Python's Event), Semaphore, BoundedSemaphore, Barrier,
// Condition, Value and a Pipe's two ends (NewPipe, each end a Conn), and a
// shared Log.
//
// # Modes
//
// An Engine runs in one of two modes. A Parallel engine runs workers as
// goroutines on the real clock (scaled by WithSpeed); this is the mode for real
// work. A Simulated engine runs one goroutine at a time on virtual time: time
// jumps to the next timer when everyone waits, ties are broken by a seeded
// generator, and the same seed (WithSeed), parameters and program give the same
// run, event for event. It is the mode for tests and for watching a run step by
// step: its program is started with Engine.Start and advances only when a
// control (RunToEnd, AdvanceTo, RunEvents) is called.
//
// # Contexts
//
// Code running on the engine (the program given to Start, an initializer, a
// task) receives a *Proc, which is a context.Context: pass it to every call
// that may block, so that the engine knows who waits for what. In Parallel mode
// other code may pass any context. A context that is already done when work is
// submitted makes the call refuse it with the context's error; one that ends
// during a wait ends the wait.
//
// # Errors
//
// Test errors with errors.Is. ErrNotRunning matches every refusal of a pool that
// is not running; ErrClosed, ErrTerminated and ErrBroken say why (a *BrokenError
// carries the initializer's error); an Executor's is a *BrokenProcessPoolError,
// which also matches ErrBrokenProcessPool. A cancelled future's error is
// ErrCancelled. New refuses with ErrWorkers or ErrMaxTasks,
// a map with ErrChunksize or ErrBuffersize, a call whose OnSuccess takes another
// type than its result with ErrCallback. A blocking call whose timeout passed
// returns ErrTimeout.
//
// # Timeouts
//
// Get and Wait, a future's Result and Exception, AsCompleted, and the waits
// of the shared objects wait with no limit when called plainly, as Python's
// calls without a timeout do: r.Get(ctx). A bound is explicit, in the engine's time (virtual in Simulated mode, the scaled clock in
// Parallel mode): r.Get(ctx, pool.Timeout(2*time.Second)) returns ErrTimeout
// when that passes first, and pool.Timeout(0) polls. No number means "forever",
// so Get(ctx, 0) cannot be written by mistake. The context bounds every wait
// besides.
//
// # Cost
//
// New starts one goroutine per worker, which lives until the pool ends; the
// first call with a callback starts one more, the pool's result handler. A call
// starts no goroutine. ApplyAsync costs one allocation (the handle, which holds
// the task and its argument) and one push on the pool's queue under its lock;
// callbacks add about two allocations. Map, MapAsync and Starmap allocate the
// result slice and a few objects per chunk, and push each chunk once, so the
// chunk size trades balance for overhead. Get on a ready handle is one atomic
// load; a Get that has to wait is recorded in the wait-for graph, under the
// engine's lock, so that a wait that can never end is reported. A Parallel
// engine without an observer (WithObserver) records no events, and a call pays
// only for checking that.
//
// In Parallel mode a worker that runs out of jobs first looks at the queue again
// for up to 64 yields of its thread before it sleeps, and a submission wakes a
// sleeping worker only when no worker is already looking. A map's chunk that
// finds more behind it wakes the next sleeping worker at once; a single task
// (ApplyAsync, Go, a chunk of one) does so only while fewer workers run than
// there are Ps (GOMAXPROCS), since the running ones take the queued tasks
// themselves. A worker waiting in the engine (Proc.Sleep, a Lock, a Queue, a
// Barrier...) does not count as running. For tasks that block where the engine
// cannot see (a channel, time.Sleep, a network call), a watch looks at the
// queue every 100 µs while jobs wait: if a job that waited at its last look
// still waits, it wakes one more worker, so they too reach every worker (64
// workers in about 6 ms). So a pool of many more workers than
// cores spends little on waking them (64 workers on 2 cores run trivial
// ApplyAsync tasks at 0.97 to 0.98 of the rate of 2 workers), and slow tasks
// still spread over every worker.
//
// A Simulated engine hands control from goroutine to goroutine at every
// blocking point, which makes it slower than a Parallel one by orders of
// magnitude: it is for tests and for watching, not for throughput.
//
// # Events and deadlocks
//
// Every change of state is an Event: a Simulated engine logs every event, a
// Parallel engine with an observer writes each goroutine's events to a buffer
// of its own and sheds (and counts, with a KindCoalesced event) what does not
// fit, so that recording never blocks the pool. Engine.Drain collects them.
// What a viewer draws from those events lives outside this package, so a
// program that only uses the pool carries none of it.
//
// Since every wait goes through the engine, it knows who waits for what, and a
// deadlock is reported as a KindDeadlock event with a sentence that explains it:
// a cycle of waits as soon as it closes; a stall, in which nothing can happen
// again, once a Simulated engine has nothing left to run or a Parallel one has
// been quiet for WithWatchdog's time.
package pool
