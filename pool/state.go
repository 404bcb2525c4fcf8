package pool

import "time"

// State is the picture of a run at one moment: the fold of its events. It holds
// only what a viewer draws, never engine internals. Apply is pure and
// deterministic: the same events give the same State. A zero State is the start.
type State struct {
	Seq  uint64        // the last event applied
	Now  time.Duration // the time of the last event applied
	Pool PoolView
	// Workers holds one view per worker slot, index 0 for worker 1.
	Workers []WorkerView
	// Queue is the pool's task queue: submitted jobs not yet started, oldest first.
	Queue []QueuedJob
	// Results lists finished tasks in the order they finished (the last
	// MaxResults of them); Arrived counts them all.
	Results []ResultView
	Arrived int
	// Objects holds the shared objects in creation order.
	Objects []ObjectView
	// Log is the shared log's lines (the last MaxLogLines).
	Log []LogLine
	// Output is what the main program printed (the last MaxOutput lines).
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
	// Sleep is the current sleep: it began at SleepFrom and lasts SleepFor.
	SleepFrom time.Duration
	SleepFor  time.Duration
	// BlockedOn and BlockedBy name what a blocked worker waits for and who holds it.
	BlockedOn string
	BlockedBy string
	Globals   []Var
	Done      int // tasks this slot finished, all generations
	Failed    int
	Spans     []Span // the timeline, oldest first (the last MaxSpans)
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
}

// ObjectView is one shared object.
type ObjectView struct {
	Name     string
	Kind     string // "queue", "lock", "rlock", "event", "semaphore", "barrier", "condition", "log", ...
	Holders  []string
	Waiters  []string // in the order they began waiting
	Contents []string // a queue's items, oldest first
	Set      bool     // an event's flag
	Count    int      // permits left, parties waiting, recursion level, ...
	Capacity int      // a bounded queue's maxsize, a semaphore's initial value, a barrier's parties
	Broken   bool     // a barrier's broken state
	Puts     int
	Gets     int
}

// LogLine is a line of the shared log.
type LogLine struct {
	Time   time.Duration
	Writer string
	Line   string
	Log    string // the log's name
}

// OutputLine is a line the main program printed.
type OutputLine struct {
	Time time.Duration
	Line string
}

// MainView is the main program's state.
type MainView struct {
	Started   bool
	Ended     bool
	Err       string
	BlockedOn string
	BlockedBy string
	Step      string
}

// DeadlockView is a found deadlock.
type DeadlockView struct {
	Kind     string // "cycle" or "stall"
	Sentence string
	Members  []Var // each member and what it waits for
	Time     time.Duration
	Seq      uint64
}

// TaskCounts are task counters.
type TaskCounts struct {
	Submitted int
	Running   int
	Succeeded int
	Failed    int
}
