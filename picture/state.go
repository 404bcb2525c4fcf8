// Package picture folds a run's events into what a viewer draws: the workers and
// their globals, the tasks in flight, the queues and their items, holders and
// waiters, the deadlock. State.Apply is a pure function of pool's events, so every
// viewer (the terminal, the headless account, a recording) draws the same thing
// from the same events, whatever their source. It imports only pool's event types,
// and display limits such as MaxSpans keep a State small however long the run.
package picture

import (
	"time"

	"poolviz/pool"
)

// State is the picture of a run at one moment: the fold of its events. It holds
// only what a viewer draws, never engine internals. Apply is pure and
// deterministic: the same events give the same State. A zero State is the start.
type State struct {
	Seq  uint64        // the last event applied
	Now  time.Duration // the latest time of the events applied (never goes back)
	Pool PoolView
	// Workers holds one view per worker slot, index 0 for worker 1.
	Workers []WorkerView
	// Queue is the pool's task queue: submitted jobs not yet started, oldest first
	// (the first MaxQueue of them); QueueTasks counts the tasks in every queued job
	// (after a KindCoalesced, an estimate from the counts).
	Queue      []QueuedJob
	QueueTasks int
	queueRest  queueRest // the jobs behind Queue, compressed
	// Results lists finished tasks in the order they finished (the last
	// MaxResults of them); Arrived counts them all.
	Results []ResultView
	Arrived int
	// Objects holds the shared objects in creation order.
	Objects []ObjectView
	// Log is the shared log's lines (the last MaxLogLines).
	Log []pool.LogLine
	// Output is what the program printed, in main or a worker (the last MaxOutput lines).
	Output []OutputLine
	// Main is the main program's state.
	Main MainView
	// Deadlock is set once a deadlock was found.
	Deadlock *DeadlockView
	// Counts are exact task counters; Coalesced counts events shed by a Parallel
	// engine, whose picture is then drawn from counters and latest states.
	Counts    TaskCounts
	Coalesced int
	// Events counts the events applied.
	Events int
}

// Bounds on what a State keeps, so a million-task run stays small.
const (
	MaxResults  = 500
	MaxLogLines = 500
	MaxOutput   = 500
	MaxSpans    = 200 // per worker, for the timeline
	MaxQueue    = 1000
	MaxWorkers  = 4096 // worker slots; events of higher slots are ignored
	MaxObjects  = 256  // shared objects; later ones are not shown
	MaxListed   = 256  // holders, waiters, queue contents, globals, deadlock members
	MaxStream   = 100  // per queue: the items that went through it last
)

// PoolStatus is the pool's lifecycle state.
type PoolStatus uint8

// The pool's lifecycle states.
const (
	PoolNone PoolStatus = iota
	PoolRunning
	PoolClosed
	PoolTerminated
	PoolBroken
	PoolJoined
)

// PoolView describes the pool.
type PoolView struct {
	Name     string
	Status   PoolStatus
	Workers  int
	InitArgs string
	MaxTasks int
	Err      string // why it broke
}

// WorkerStatus is what a worker is doing.
type WorkerStatus uint8

// The worker states, in the order a worker goes through them.
const (
	WorkerNone WorkerStatus = iota
	WorkerStarting
	WorkerInitializing
	WorkerIdle
	WorkerRunning
	WorkerBlocked
	WorkerReplaced
	WorkerExited
	WorkerFailed // its initializer failed
)

// WorkerView is one worker slot as the viewer draws it.
type WorkerView struct {
	ID     int
	Gen    int
	Status WorkerStatus
	Since  time.Duration // when Status began
	// Task is the running task (0 when none); Count > 1 for a chunk span recorded as one.
	Task      int
	TaskCount int
	TaskArg   string
	Step      string // the last step label
	// StepLine is the line of the program's own source a traced program's
	// last "line" step named (its Count), or 0.
	StepLine int
	// Sleep is the current sleep: it began at SleepFrom and lasts SleepFor.
	SleepFrom time.Duration
	SleepFor  time.Duration
	// BlockedOn and BlockedBy name what a blocked worker waits for and who holds it.
	BlockedOn   string
	BlockedBy   string
	BlockedVerb string // how it waits: "waits to acquire", "waits for the"
	Globals     []pool.Var
	Exit        string // why the worker left, once it did
	// FailStep and FailLine are the step (and a traced program's line) its
	// initializer was on when it raised: the line a viewer marks as failed.
	FailStep string
	FailLine int
	// Read is the shared value its running task read last and what it read
	// (counter = 5): the local copy a read-modify-write goes on from, which a
	// lost update is made of. Empty when its task has read none.
	Read pool.Var
	Done int // tasks this slot finished, all generations
	// GenDone counts the tasks this generation finished: the worker process
	// now in the slot, which maxtasksperchild retires at its limit.
	GenDone int
	Failed  int
	Spans   []Span // the timeline, oldest first (the last MaxSpans)
	// Job is the job it took off the queue last: where its running task came
	// from (its submission's call, its item).
	Job QueuedJob

	sleeping bool // a SpanSleep is open
}

// SpanKind is what a timeline span shows.
type SpanKind uint8

// The kinds of timeline span.
const (
	SpanInit SpanKind = iota
	SpanTask
	SpanBlocked
	SpanSleep
)

// Span is a stretch of a worker's time; an open span has End < 0.
type Span struct {
	Kind  SpanKind
	Start time.Duration
	End   time.Duration
	Task  int
	Label string
	Err   bool
}

// QueuedJob is a job waiting in the task queue.
type QueuedJob struct {
	Task  int // first task id
	Count int // tasks in the job (a chunk)
	Chunk int
	Index int // the first item's index in its submission
	Call  string
	// Via is the step the submitter was on when it submitted the job (main's
	// "submit"), and ViaLine the source line a traced program's step named: a
	// viewer finds there the function the job calls, as the listing writes it.
	Via     string
	ViaLine int
}

// ResultView is a finished task, in arrival order.
type ResultView struct {
	Task   int
	Index  int // its position in its submission (map item)
	Worker int
	Value  string
	Err    string
	Time   time.Duration
	Order  int // 1 for the first to arrive
	Count  int // tasks in a chunk recorded as one result; 1 otherwise
	// Arg is the argument the task was called with, as it started ("4", "()");
	// Via and ViaLine are its job's (QueuedJob), to name the call.
	Arg     string
	Via     string
	ViaLine int
}

// ObjectView is one shared object.
type ObjectView struct {
	Name     string
	Kind     string // "queue", "pipe", "lock", "rlock", "event", "semaphore", "barrier", "condition", "log", ...
	Holders  []string
	Waiters  []string // in the order they began waiting
	Contents []string // a queue's items, oldest first
	Set      bool     // an event's flag
	Count    int      // permits left, parties waiting, recursion level, ...
	Capacity int      // a bounded queue's maxsize, a semaphore's initial value, a barrier's parties
	Broken   bool     // a barrier's broken state
	Value    string   // a shared value's current value
	Len      int      // a queue's length, exact even when Contents is cut at MaxListed
	Puts     int      // a queue's puts, a pipe's sends, a value's writes
	Gets     int      // a queue's gets, a pipe's receives, a value's reads
	Closed   []string // a pipe's ends that were closed ("sending end"), in that order
	// Stream is a queue's items in the order they arrived, each with who put
	// it, when, and who took it: the last MaxStream of them. A queue that main
	// empties the instant an item lands always has Len 0; its Stream still
	// shows every item passing through.
	Stream []QueueItem
	// Updates counts a shared value's writes made from a read (a
	// read-modify-write); Lost counts the updates writes overwrote unseen: a writer that read the value, then wrote over
	// what others wrote since its read, loses their updates (lock-race's
	// "3 updates lost"). A write with no read before it loses nothing.
	Updates int
	Lost    int
	depth   int         // updates the current value carries
	readAt  []readDepth // each reader's depth at its last read, until it writes
}

// readDepth is the depth of a shared value an actor read last.
type readDepth struct {
	who   string
	depth int
}

// QueueItem is one item that went through a queue.
type QueueItem struct {
	Value string
	Order int // its place in the queue's arrivals: 1 for the first put
	By    string
	PutAt time.Duration
	// Task is the pool's id of the task that put it (the pool numbers tasks
	// in the order they were submitted, from 1), 0 when no task did; Index,
	// Arg, Via and ViaLine are that task's, as in ResultView.
	Task    int
	Index   int
	Arg     string
	Via     string
	ViaLine int
	// Taken says someone got it: TakenBy, at TakenAt.
	Taken   bool
	TakenBy string
	TakenAt time.Duration
}

// OutputLine is a line the program printed, in main or in a worker.
type OutputLine struct {
	Time   time.Duration
	Line   string
	Writer string // who printed it: "main", "worker 2"
}

// MainView is the main program's state.
type MainView struct {
	Started     bool
	Ended       bool
	Err         string
	BlockedOn   string
	BlockedBy   string
	BlockedVerb string
	Step        string
	StepLine    int        // as WorkerView.StepLine
	Globals     []pool.Var // the main program's own globals
	SleepFrom   time.Duration
	SleepFor    time.Duration
}

// DeadlockView is a found deadlock.
type DeadlockView struct {
	Kind     string // "cycle" or "stall"
	Sentence string
	Members  []pool.Var // each member and what it waits for
	Time     time.Duration
	Seq      uint64
}

// TaskCounts are task counters.
type TaskCounts struct {
	Submitted int
	Running   int // workers running a task now (a chunk recorded as one span counts once)
	Succeeded int
	Failed    int
}
