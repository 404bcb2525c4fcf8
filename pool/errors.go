package pool

import (
	"errors"
	"fmt"
)

// Errors the engine returns. Test for them with errors.Is.
var (
	// ErrNotRunning matches, with errors.Is, every error that says the pool is not
	// running: ErrClosed, ErrTerminated and ErrBroken (and a *BrokenError). Test
	// for it when the reason does not matter.
	ErrNotRunning = errors.New("pool is not running")
	// ErrClosed is returned when work is submitted to a pool that was closed.
	ErrClosed error = &notRunningError{"pool is closed: no new work is accepted"}
	// ErrTerminated is the result of every task that Terminate stopped or discarded,
	// and of every blocking call interrupted by Terminate or Shutdown.
	ErrTerminated error = &notRunningError{"terminated"}
	// ErrBroken is returned for every task of a pool whose initializer failed,
	// and matches every *BrokenProcessPoolError of an Executor.
	ErrBroken error = &notRunningError{"pool is broken: a worker's initializer failed"}
	// ErrBrokenProcessPool matches, with errors.Is, the *BrokenProcessPoolError
	// of every future an Executor had running or pending when it broke, and of
	// every submission it refuses after: Python's BrokenProcessPool.
	ErrBrokenProcessPool = errors.New("BrokenProcessPool")
	// ErrCancelled is the error of a future that Cancel cancelled, as Python's
	// result() raises CancelledError.
	ErrCancelled = errors.New("cancelled")
	// ErrExited is why a worker's process ended when its code called
	// Proc.Exit: the Cause of the *BrokenProcessPoolError it leaves, and the
	// error of an initializer that called it.
	ErrExited = errors.New("it called Exit, as os._exit")
	// ErrKilled is why a worker's process ended when a what-if killed it
	// (Engine.KillWorker): the Cause of the *BrokenProcessPoolError it leaves.
	ErrKilled = errors.New("killed by a what-if")
	// ErrWorkers is returned by New given fewer than 1 worker.
	ErrWorkers = errors.New("pool: workers must be at least 1")
	// ErrMaxTasks is returned by New given a negative maxtasksperchild.
	ErrMaxTasks = errors.New("pool: maxtasksperchild must be 0 (no limit) or more")
	// ErrTimeout is returned by a blocking call whose timeout passed.
	ErrTimeout = errors.New("timed out")
	// ErrJoinBeforeClose is returned by Join on a pool that is still running, as
	// Python raises ValueError("Pool is still running").
	ErrJoinBeforeClose = errors.New("join: the pool is still running; call Close or Terminate first")
	// ErrNotReady is returned by Successful on a result that is not ready yet.
	ErrNotReady = errors.New("result is not ready")
	// ErrSkipped is the result of a map item that never ran because an earlier item
	// of its chunk failed (a chunk stops at its first failure, as in Python).
	ErrSkipped = errors.New("skipped: an earlier item of its chunk failed")
	// ErrChunksize is returned by a map-style call given a chunk size below 1, as
	// Python raises ValueError.
	ErrChunksize = errors.New("pool: chunksize must be at least 1")
	// ErrBuffersize is returned by Imap and ImapUnordered given a buffer size
	// below 1, as CPython 3.14 raises ValueError.
	ErrBuffersize = errors.New("pool: buffersize must be at least 1")
	// ErrCallback is returned by a call given an OnSuccess callback whose
	// parameter is not the call's result type; nothing is submitted.
	ErrCallback = errors.New("pool: the success callback must take the call's result type")
	// ErrGoexit is the error of a task that called runtime.Goexit (as t.FailNow
	// does): the task fails, its worker is replaced, and the pool goes on. An
	// initializer that calls it breaks the pool.
	ErrGoexit = errors.New("the task called runtime.Goexit, which ended its worker; the worker was replaced")
	// ErrNotSimulated is returned by controls that only a Simulated engine has.
	ErrNotSimulated = errors.New("only a simulated engine can do this")
)

// errCallbackGoexit is what a callback-ran event says of a callback that called
// runtime.Goexit.
var errCallbackGoexit = errors.New("the callback called runtime.Goexit; the result handler goes on")

// notRunningError is an error that says the pool is not running: errors.Is
// matches it with ErrNotRunning too.
type notRunningError struct{ msg string }

func (e *notRunningError) Error() string { return e.msg }

func (e *notRunningError) Is(target error) bool { return target == ErrNotRunning }

// PanicError is the error of a task (or initializer) that panicked. It carries the
// panic value and the stack of the goroutine where it happened, as Python's get()
// re-raises the worker's exception with its traceback.
type PanicError struct {
	Value any
	Stack string
}

// Error reports the panic value.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns the panic value when it is an error, so errors.Is sees through it.
func (e *PanicError) Unwrap() error {
	if err, ok := e.Value.(error); ok {
		return err
	}
	return nil
}

// BrokenError wraps ErrBroken with the initializer's own error.
type BrokenError struct {
	Worker int
	Cause  error
}

// Error names the worker whose initializer failed and why.
func (e *BrokenError) Error() string {
	return fmt.Sprintf("pool is broken: the initializer of worker %d failed: %v", e.Worker, e.Cause)
}

// Is makes errors.Is(err, ErrBroken) and errors.Is(err, ErrNotRunning) true.
func (e *BrokenError) Is(target error) bool { return target == ErrBroken || target == ErrNotRunning }

// Unwrap returns the initializer's error.
func (e *BrokenError) Unwrap() error { return e.Cause }

// BrokenProcessPoolError is why an Executor broke, as Python's
// BrokenProcessPool says: a worker's process ended abruptly (its task called
// Proc.Exit, a what-if killed it) or its initializer failed. Every future
// that was running or pending then fails with it, and every later Submit is
// refused with it.
type BrokenProcessPoolError struct {
	Worker int // the worker whose process ended
	Task   int // the task it was running, 0 if none
	// Initializing says it was running its initializer.
	Initializing bool
	Cause        error // ErrExited, ErrKilled, or the initializer's error
}

// Error says what ended which worker, after the name of Python's exception:
// "BrokenProcessPool: the process of worker 2 ended abruptly in the middle of
// task 12 (it called Exit, as os._exit)". Every future that was running or
// pending gets it.
func (e *BrokenProcessPoolError) Error() string {
	if e.Initializing && !errors.Is(e.Cause, ErrExited) && !errors.Is(e.Cause, ErrKilled) {
		return fmt.Sprintf("BrokenProcessPool: the initializer of worker %d failed (%v)", e.Worker, e.Cause)
	}
	where := ""
	switch {
	case e.Task != 0:
		where = " in the middle of " + taskLabel(e.Task)
	case e.Initializing:
		where = " in its initializer"
	}
	return fmt.Sprintf("BrokenProcessPool: the process of worker %d ended abruptly%s (%v)", e.Worker, where, e.Cause)
}

// Is makes errors.Is true for ErrBrokenProcessPool, ErrBroken and ErrNotRunning.
func (e *BrokenProcessPoolError) Is(target error) bool {
	return target == ErrBrokenProcessPool || target == ErrBroken || target == ErrNotRunning
}

// Unwrap returns what ended the worker's process.
func (e *BrokenProcessPoolError) Unwrap() error { return e.Cause }
