package scenarios

import (
	"fmt"
	"strings"
	"sync/atomic"

	"poolviz/pool"
)

// sharedValue is Python's multiprocessing.Value("i", 0): one integer in shared
// memory that every worker reads and writes. Made with a lock (Python's default,
// lock=True) it carries its own re-entrant lock, which getLock returns, as
// Value.get_lock() does; made without one (lock=False) it is raw memory.
//
// The number is atomic only so that Parallel mode has no Go data race: a read
// (Load) and a later write (Store) are still two steps that another worker can
// slip between, exactly the lost update a Python read-modify-write suffers.
type sharedValue struct {
	n    atomic.Int64
	lock *pool.RLock // nil for lock=False
}

// newSharedValue returns a value of 0; with a lock name it gets its own lock.
func newSharedValue(e *pool.Engine, lockName string) *sharedValue {
	v := &sharedValue{}
	if lockName != "" {
		v.lock = pool.NewRLock(e, lockName)
	}
	return v
}

// load reads value.value.
func (v *sharedValue) load() int { return int(v.n.Load()) }

// store writes value.value.
func (v *sharedValue) store(n int) { v.n.Store(int64(n)) }

// getLock returns the value's own lock, as Python's get_lock().
func (v *sharedValue) getLock() *pool.RLock { return v.lock }

// String renders the value as a worker's global shows it: Value('i', 3).
func (v *sharedValue) String() string { return fmt.Sprintf("Value('i', %d)", v.load()) }

// noArgs is an empty initargs tuple, for an initializer that takes no argument.
type noArgs struct{}

// String renders the empty tuple as Python does.
func (noArgs) String() string { return "()" }

// pyInts renders a list of ints as Python prints a list: [0, 1, 2].
func pyInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// intList is a Python list of ints held in a worker's global, shown as [0, 1].
type intList []int

// String renders the list as Python prints it.
func (l intList) String() string { return pyInts(l) }

// pyRepr renders a value as Python's print does for the few types the drivers
// print: nil is None.
func pyRepr(v any) string {
	if v == nil {
		return "None"
	}
	return fmt.Sprint(v)
}

// none is what a Python task that returns nothing gives back: None.
type none struct{}

// String renders the result as Python shows it.
func (none) String() string { return "None" }
