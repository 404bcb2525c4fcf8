// Package pytrace runs a real Python program that uses multiprocessing.Pool and
// turns what it does into the project's events (pool.Event), live, so that the
// picture a viewer draws for the engine's presets also draws the real program.
//
// Start writes a small Python package (embedded here, standard library only)
// into a private folder, listens on a Unix socket there and runs
//
//	python3 -m poolviz_trace script.py args...
//
// in a process group of its own. The package patches multiprocessing in place
// (Pool, its worker function, concurrent.futures' ProcessPoolExecutor, and
// the shared objects of multiprocessing), runs the
// script unchanged with runpy, and carries the patches into every child: a
// forked child inherits them, a spawn or forkserver child re-installs them as it
// unpickles multiprocessing's preparation data. Every hook catches its own
// errors, so a tracer fault never changes what the program does.
//
// # Wire format
//
// Each Python process connects on its own connection and writes one JSON object
// per line (UTF-8), each as it happens: a worker may be killed at any moment, so
// nothing waits for exit. The first line of a connection is a hello:
//
//	{"kind":"hello","t":123456789,"pid":42,"ppid":41,"role":"main"}
//
// role is "main" for the program's main process, "worker" or "process" for a
// child. Every later line is an event:
//
//	{"kind":"task-started","t":123456999,"pid":43,"seq":7,"task":3,"index":2,"chunk":3,"value":"2"}
//
// t is time.monotonic_ns() (system-wide on Linux), pid the sender, seq counts the
// sender's events from 1. kind is a pool.Kind name (Kind.String), or one of
// the wire's own: "object-created" (with a key, below), "worker-spawned" (main
// started the worker process whose pid is child) and "worker-gone" (main found
// that worker gone, as it replaces it: its slot is free whatever the order its
// own last lines arrive in), and "tracer-fault" (one of the tracer's own
// hooks failed, Label: which, Err: how; the program runs on as if untraced
// there, and Run.Faults counts them for the end of the run). The other fields are those of pool.Event of the
// same name (task, index, chunk, count, object, other, label, value, err, vars),
// plus three that the tracer resolves:
//
//   - key: a shared object's identity across processes ("sem:/mp-abc" under spawn
//     and forkserver, "handle:N" under fork, for what is built on a semaphore;
//     "mem:inode:offset" for a Value made with lock=False; "pipe:inode" for
//     both ends of a Pipe; "proxy:address:id" for a manager's list or dict). The first object-created heard for
//     a key names the object (object is the name of the variable that held it
//     where it was created or handed over); a later event's key becomes its
//     Object. Queue lengths and lock holders are kept here, per key.
//   - args: a list of {"value","key"}: the initializer's arguments, rendered into
//     Value as "(a, b)", a keyed object as Class(name).
//   - as: "handler" for an event of the pool's result-handler thread.
//
// Vars entries may carry a key too. The tracer orders events by (t, pid, seq),
// holding each for a short lag so that a slower connection's earlier events can
// overtake, assigns worker numbers (a worker process takes the lowest free slot
// as main starts it; a replacement starts the slot's next generation), and numbers events
// from 1 as pool.Event.Seq. A worker whose connection ends without a
// worker-exited line (terminate kills workers) gets a worker-exited from the
// tracer.
//
// # What becomes which event
//
// Actor is main, worker N, or the result handler; a worker's events carry its
// Gen. Values are Python reprs cut to 60 characters.
//
//   - main-started (Value: the script's name); main-ended (Err: "Type: message"
//     or "exit status N"; Value: the traceback).
//   - pool-created (Object "pool", Count: processes, Value: the initargs as
//     "(a, b)", Label: the initializer's name, Gen: maxtasksperchild), said
//     with the objects among the initargs, by main's names, just before the
//     pool starts its first worker: never after a worker's words, however
//     long main takes to go on;
//     pool-closed, pool-terminated (before the call), pool-joined (after it).
//   - worker-started (Label: "pid N"); init-began (Value: the initargs, Label:
//     the initializer); init-ended (Vars: the globals the initializer bound or
//     rebound in its module); init-failed (Err); global-set (Object: the name,
//     Value) after a task changed a global the initializer set or the task's
//     function stores; worker-recycled and worker-exited (Count: jobs run,
//     Label: why).
//   - task-submitted, one per job as Python makes it (Task: its first id,
//     Count: items, Chunk: from 1 for map-style calls, 0 for apply, Index: its
//     first item's position, Label: the call, such as "map" or "apply_async",
//     Value: the function and its items); task-started and task-finished per
//     item, on the worker (Task, Index, Chunk; Value: the argument, then the
//     result; Err: "Type: message", or the skip of the items after a failed
//     one in its chunk), or once for a chunk of more than 64 items, as the
//     engine reports a large chunk (Count: its items; no Value; Err: the
//     failure that ended it); result-ready per job, by the result handler (Label:
//     "task 6", "map tasks 1-4", as the engine names results).
//   - a concurrent.futures.ProcessPoolExecutor shows as a pool: pool-created
//     at its making (Count: max_workers; Gen: max_tasks_per_child), its
//     workers as a Pool's (replaced after max_tasks_per_child), task-submitted
//     per submit (Label "submit", Chunk 0) and per chunk of map (Label "map"),
//     result-ready as each future is done (Label "task 3", "map tasks 4-5"),
//     and shutdown as pool-closed, then pool-joined when it waits.
//   - blocked/unblocked for main waiting on a result ("result of task N",
//     "result of map tasks 1-8", "next result of the imap call", "next result
//     of the as_completed call"), on an empty
//     queue ("waits to get from") and on a held lock ("waits for", Other: the
//     holder).
//   - object-created (Label: the kind: "queue", "simple-queue", "pipe", "lock",
//     "rlock", "semaphore", "bounded-semaphore", "event", "condition",
//     "barrier", "value" or "log"; Count: a semaphore's permits, a barrier's parties;
//     Other: the lock a Value or a Condition is built on, named after it).
//   - queues: queue-put and queue-get (Value: the item, Count: the length).
//     A Pipe's two ends are one pipe, as the engine's: queue-put and
//     queue-get labelled "send" and "recv" (Count: the messages in it, both
//     ways); an explicit close is not recorded (it closes one process's copy
//     of an end, where the engine's Close closes the end for all).
//   - locks and semaphores: acquire-requested (Other: the holders; Count: a
//     semaphore's free permits), wait-began and wait-ended ("acquire"),
//     acquire-granted (Count: the recursion level, or the permits left) and
//     released (Count: the level or the permits left; Other: the holder whose
//     hold ended when another actor releases).
//   - Event: flag-set (Count: the waiters it frees), flag-cleared, and
//     wait-began/wait-ended ("wait"; Value "True" or "False", Err "timed
//     out"). Condition: wait-began/wait-ended around its lock's released and
//     acquire-granted, notified (Count: the waiters it wakes). Barrier:
//     wait-began (Count: the parties arrived), wait-ended (Err "barrier is
//     broken"), barrier-broken once when it breaks (Label: "timeout",
//     "abort" or "action", as the engine says why; Count: its waiters),
//     barrier-reset. A wait that will block is also a blocked/unblocked
//     pair.
//   - Value (also one made with lock=False): object-created, then a
//     value-written of the value it was made with; value-read and
//     value-written (Value: the value) as the program reads and sets .value.
//   - a manager's list or dict: log-appended (Value: the item appended, or
//     "key: value" set; Count: the lines so far).
//
// Only the program's own calls show: the locks and semaphores inside an
// Event, a Condition, a Barrier, a Value's property or the pool are taken by
// the standard library's code and pass untraced.
//   - task-step (Label: "line", Count: the 1-based line number; Task: the
//     task a worker runs, if any): the line of the script's own file a
//     process is on, sent when it changes, at most one
//     per process per millisecond; a line held back by that limit is sent
//     before the process's next event of any kind and as it calls time.sleep.
//     POOLVIZ_TRACE_LINES=0 in the environment turns lines off.
//   - output: each line printed on stdout or stderr (Label: which), by whoever
//     printed it.
//
// # As a source
//
// A Run is a live source: Drain appends the events ready so far, Now is the
// run's clock, Done says the program ended and everything was drained, Wait
// and Ended wait for the end, Err says how it ended, Pause and Resume stop and
// continue every process of the program (SIGSTOP and SIGCONT to its group; the
// run's clock leaves the pauses out), and Close stops it and joins every
// goroutine. Events wait in memory until drained.
//
// # Deadlocks and hangs
//
// The run watches the events for what makes a program hang, whether or not
// anyone drains them, and says so in the words the engine's presets use:
//
//   - a wait-for cycle of lock waits (worker 1 holds lock A and waits for
//     lock B, held by worker 2, which waits for lock A): a deadlock event,
//     Label "cycle", as soon as the cycle closes;
//   - a stall: main waits in a traced call, every live worker waits too or
//     has no task, and nothing happened for Options.Quiet (DefaultQuiet, 2s):
//     a deadlock event, Label "stall". A process running Python code outside
//     a traced call (a computation, a sleep) is not waiting;
//   - a worker whose process ended in the middle of a task (killed, or
//     crashed): CPython never gives that task's result, so the worker's last
//     event before its exit is a task-finished with Err "lost: worker N died
//     while running it, so its result never comes", and the stall that
//     follows names the task;
//   - an initializer that fails three times in a row in one worker
//     slot: CPython would start new workers forever, so the run gives a
//     pool-broken (Err says why) and stops the program; Err then says so.
//
// A stall is told once, and not after a cycle, which explains it. The
// watcher converts events a second after they happen (Drain, sooner), so a
// stall is told after Options.Quiet or a second, whichever is longer. After a
// deadlock the program is kept, as it is, until Close.
package pytrace
