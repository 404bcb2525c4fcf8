package pool

import "context"

// Value is Python's multiprocessing.Value: one value in shared memory that every
// worker can read and write. Each read and write is an event, so the viewer shows
// the value change, and a lost update shows too: two workers read the same value
// and both write it plus one. Made with a lock (Python's default, lock=True) it
// carries a re-entrant lock, which GetLock returns as Python's get_lock() does; a
// read-modify-write is safe only inside it. Load and Store never block. T's
// String method, if any, must not call the engine: values render under its lock.
//
// Its events (Object = the value's name; Actor = who acted):
//   - KindObjectCreated: Label "value"; Other = its lock's name, if it has one.
//   - KindValueWritten: Value = the value written, rendered (the creation's
//     initial value is written by main).
//   - KindValueRead: Value = the value read.
type Value[T any] struct {
	objectBase
	v    T
	lock *RLock
}

// NewValue returns a shared value holding initial. With locked it gets its own
// RLock, named after it ("counter lock").
func NewValue[T any](e *Engine, name string, initial T, locked bool) *Value[T] {
	x := &Value[T]{v: initial}
	lockName := ""
	if locked {
		lockName = name + " lock"
		x.lock = NewRLock(e, lockName)
	}
	e.newObject(&x.objectBase, "value", "value", name, 0, lockName)
	e.emit(nil, Event{Actor: MainActor, Kind: KindValueWritten, Object: name, Value: render(initial)})
	return x
}

// String renders the value as a worker's global shows it: Value(counter).
func (x *Value[T]) String() string { return "Value(" + x.name + ")" }

// GetLock returns the value's own lock, or nil for a value made without one.
func (x *Value[T]) GetLock() *RLock { return x.lock }

// Load reads the value (Python's value.value).
func (x *Value[T]) Load(ctx context.Context) T {
	e := x.e
	a, _ := e.caller(ctx)
	e.mu.Lock()
	defer e.mu.Unlock()
	v := x.v
	// Recorded under the lock, so reads and writes are logged in the order they
	// happened, which is what shows a lost update.
	if e.observing(a) {
		e.emit(a, Event{Actor: actorRef(a), Kind: KindValueRead, Object: x.name, Value: render(v)})
	}
	return v
}

// Store writes the value (Python's value.value = v).
func (x *Value[T]) Store(ctx context.Context, v T) {
	e := x.e
	a, _ := e.caller(ctx)
	e.mu.Lock()
	defer e.mu.Unlock()
	x.v = v
	if e.observing(a) {
		e.emit(a, Event{Actor: actorRef(a), Kind: KindValueWritten, Object: x.name, Value: render(v)})
	}
}
