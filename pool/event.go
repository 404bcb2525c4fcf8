package pool

import (
	"fmt"
	"time"
)

// ActorKind says what sort of actor caused an event.
type ActorKind uint8

// The actors of a run: the main program, a worker (numbered from 1), and the
// pool's result handler, which runs callbacks as Python's result-handler thread does.
const (
	ActorMain ActorKind = iota
	ActorWorker
	ActorResultHandler
)

// Actor names who did something: the main program, worker N, or the result handler.
type Actor struct {
	Kind ActorKind `json:"kind"`
	ID   int       `json:"id,omitempty"`
}

// MainActor is the main program.
var MainActor = Actor{Kind: ActorMain}

// String renders the actor as a person would say it: "main", "worker 2", "result handler".
func (a Actor) String() string {
	switch a.Kind {
	case ActorWorker:
		return fmt.Sprintf("worker %d", a.ID)
	case ActorResultHandler:
		return "result handler"
	default:
		return "main"
	}
}

// Kind is the type of an event.
type Kind uint8

// The event kinds. Their names (Kind.String) are part of the saved-run schema: append, never renumber.
const (
	KindNone Kind = iota
	// Pool lifecycle.
	KindPoolCreated
	KindPoolClosed
	KindPoolTerminated
	KindPoolBroken
	KindPoolJoined
	KindMainStarted
	KindMainEnded
	// Workers.
	KindWorkerStarted
	KindInitBegan
	KindInitEnded
	KindInitFailed
	KindWorkerRecycled
	KindWorkerExited
	KindGlobalSet
	// Tasks.
	KindTaskSubmitted
	KindTaskStarted
	KindTaskStep
	KindTaskSleep
	KindTaskFinished
	KindResultWaited
	KindResultReady
	KindCallbackRan
	// Shared objects.
	KindObjectCreated
	KindQueuePut
	KindQueueGet
	KindAcquireRequested
	KindAcquireGranted
	KindReleased
	KindWaitBegan
	KindWaitEnded
	KindFlagSet
	KindFlagCleared
	KindNotified
	KindBarrierBroken
	KindLogAppended
	// Diagnosis and output.
	KindBlocked
	KindUnblocked
	KindDeadlock
	KindOutput
	KindCoalesced
	// Shared objects, appended later.
	KindBarrierReset
	KindValueRead
	KindValueWritten
	// KindWhatIf is a teacher's what-if, made to happen in a Simulated run:
	// Label "kill", "slow" or "delay"; Value says what CPython, concurrent.futures
	// and this pool do about it.
	KindWhatIf
	// KindConnClosed is the close of one end of a pipe (see pipe.go).
	KindConnClosed
	kindCount
)

// NumKinds is the number of kinds: every Kind below it has a name, and a saved
// run or a fuzzer's Kind at or above it is unknown.
const NumKinds = int(kindCount)

var kindNames = [...]string{
	KindNone:             "none",
	KindPoolCreated:      "pool-created",
	KindPoolClosed:       "pool-closed",
	KindPoolTerminated:   "pool-terminated",
	KindPoolBroken:       "pool-broken",
	KindPoolJoined:       "pool-joined",
	KindMainStarted:      "main-started",
	KindMainEnded:        "main-ended",
	KindWorkerStarted:    "worker-started",
	KindInitBegan:        "init-began",
	KindInitEnded:        "init-ended",
	KindInitFailed:       "init-failed",
	KindWorkerRecycled:   "worker-recycled",
	KindWorkerExited:     "worker-exited",
	KindGlobalSet:        "global-set",
	KindTaskSubmitted:    "task-submitted",
	KindTaskStarted:      "task-started",
	KindTaskStep:         "task-step",
	KindTaskSleep:        "task-sleep",
	KindTaskFinished:     "task-finished",
	KindResultWaited:     "result-waited",
	KindResultReady:      "result-ready",
	KindCallbackRan:      "callback-ran",
	KindObjectCreated:    "object-created",
	KindQueuePut:         "queue-put",
	KindQueueGet:         "queue-get",
	KindAcquireRequested: "acquire-requested",
	KindAcquireGranted:   "acquire-granted",
	KindReleased:         "released",
	KindWaitBegan:        "wait-began",
	KindWaitEnded:        "wait-ended",
	KindFlagSet:          "flag-set",
	KindFlagCleared:      "flag-cleared",
	KindNotified:         "notified",
	KindBarrierBroken:    "barrier-broken",
	KindLogAppended:      "log-appended",
	KindBlocked:          "blocked",
	KindUnblocked:        "unblocked",
	KindDeadlock:         "deadlock",
	KindOutput:           "output",
	KindCoalesced:        "coalesced",
	KindBarrierReset:     "barrier-reset",
	KindValueRead:        "value-read",
	KindValueWritten:     "value-written",
	KindWhatIf:           "what-if",
	KindConnClosed:       "connection-closed",
}

// String returns the kind's stable name, as used in saved runs.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// ParseKind returns the kind with the given stable name.
func ParseKind(name string) (Kind, bool) {
	for k, n := range kindNames {
		if n == name {
			return Kind(k), true
		}
	}
	return KindNone, false
}

// Var is one named value, as a worker's global or a deadlock member shows it.
type Var struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Event is one thing that happened in the engine. Events are flat on purpose: one
// struct serves the live view, the saved run and the trace export, and the fields a
// kind does not use stay zero (and are omitted from JSON).
type Event struct {
	Seq   uint64        `json:"seq"`
	Time  time.Duration `json:"t"`
	Actor Actor         `json:"actor"`
	Kind  Kind          `json:"kind"`

	Gen   int `json:"gen,omitempty"`   // worker generation (1 for the first, +1 per replacement)
	Task  int `json:"task,omitempty"`  // task id, from 1; 0 for none
	Index int `json:"index,omitempty"` // the task's position in its submission (map item)
	Chunk int `json:"chunk,omitempty"` // chunk id, from 1, for map-style submissions
	Count int `json:"count,omitempty"` // a count: items in a chunk, queue length, permits, ...

	Object string        `json:"object,omitempty"` // a shared object's name, or the call ("map", "apply_async")
	Other  string        `json:"other,omitempty"`  // a second name: the holder a blocked actor waits for
	Label  string        `json:"label,omitempty"`  // a step label, or the submission kind
	Value  string        `json:"value,omitempty"`  // a rendered value: a result, an item, a line
	Err    string        `json:"err,omitempty"`    // an error message
	Dur    time.Duration `json:"dur,omitempty"`    // a duration: a sleep's length, a timeout
	Vars   []Var         `json:"vars,omitempty"`   // globals snapshot, deadlock members, counters
}

// String renders the event on one line, for logs and debugging.
func (e Event) String() string {
	s := fmt.Sprintf("#%d %s %s %s", e.Seq, fmtDur(e.Time), e.Actor, e.Kind)
	if e.Task != 0 {
		s += fmt.Sprintf(" task=%d", e.Task)
	}
	if e.Object != "" {
		s += " obj=" + e.Object
	}
	if e.Label != "" {
		s += " label=" + e.Label
	}
	if e.Value != "" {
		s += " value=" + e.Value
	}
	if e.Err != "" {
		s += " err=" + e.Err
	}
	return s
}

func fmtDur(d time.Duration) string {
	return fmt.Sprintf("%.3fs", d.Seconds())
}
