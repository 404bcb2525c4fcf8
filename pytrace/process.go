package pytrace

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"context"
)

// ProgramError is a traced program that failed: the exception it ended with
// (or its exit status) and the traceback, as Python printed it.
type ProgramError struct {
	Script    string
	Msg       string // "ZeroDivisionError: division by zero", "exit status 3"
	Traceback string
}

// Error renders the error as "script.py: ZeroDivisionError: division by zero".
func (e *ProgramError) Error() string { return e.Script + ": " + e.Msg }

// Err returns why the program did not end well, once it has ended: a
// *ProgramError when the script raised or exited with a non-zero status, or an
// error of the tracer's (python died before the script ended, with the end of
// its stderr). It is nil while the program runs, when it succeeded, and when
// Close or the context stopped it. A program the run stopped itself (its pool
// broken by an initializer that kept failing) ends with an error that says so.
func (r *Run) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped != nil && r.internalErr == nil && r.isEnded() {
		return r.stopped
	}
	if !r.isEnded() || r.killed {
		return r.internalErr
	}
	script := filepath.Base(r.opts.Script)
	switch {
	case r.internalErr != nil:
		return r.internalErr
	case r.mainErr != "":
		return &ProgramError{Script: script, Msg: r.mainErr, Traceback: r.traceback}
	case !r.mainEnded:
		msg := strings.TrimSpace(string(r.tail[1].b))
		return fmt.Errorf("pytrace: python ended (%v) before %s did: %s", r.waitErr, script, msg)
	}
	return nil
}

// Stderr returns the end of what the program wrote to its standard error.
func (r *Run) Stderr() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return string(r.tail[1].b)
}

// supervise waits for the main process, lets its children finish for a grace,
// kills what is left of its process group, and marks the run ended once every
// connection has been read.
func (r *Run) supervise() {
	err := r.cmd.Wait()
	r.mu.Lock()
	r.waitErr = err
	r.mu.Unlock()
	close(r.exited)
	if !r.waitConns(r.opts.Grace) {
		r.signal(syscall.SIGKILL) // stragglers: the program is over
		if !r.waitConns(r.opts.Grace) {
			r.closeConns()
			r.waitConns(r.opts.Grace)
		}
	}
	r.ln.Close()
	r.endOnce.Do(func() { close(r.ended) })
}

// waitConns waits up to d for every connection to close; it reports whether
// they all did.
func (r *Run) waitConns(d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		r.mu.Lock()
		open := len(r.conns)
		r.mu.Unlock()
		if open == 0 {
			return true
		}
		select {
		case <-r.changed:
		case <-timer.C:
			return false
		case <-r.stop:
			return false
		}
	}
}

// watch stops the program when ctx is done.
func (r *Run) watch(ctx context.Context) {
	select {
	case <-ctx.Done():
		r.mu.Lock()
		r.killed = true
		r.mu.Unlock()
		r.terminate()
	case <-r.stop:
	case <-r.ended:
	}
}

// terminate stops the whole process group: SIGTERM, then SIGKILL after the
// grace (at once for stragglers once the main process is gone).
func (r *Run) terminate() {
	select {
	case <-r.exited:
	default:
		r.signal(syscall.SIGTERM)
		r.signal(sigCont) // a paused program must wake to die
		timer := time.NewTimer(r.opts.Grace)
		select {
		case <-r.exited:
		case <-timer.C:
		}
		timer.Stop()
	}
	r.signal(syscall.SIGKILL)
}

// signal sends sig to the program's process group, unless the run has ended:
// once every process of the group is gone, its number may be reused.
func (r *Run) signal(sig syscall.Signal) {
	if r.pgid > 0 && !r.isEnded() {
		signalGroup(r.pgid, sig)
	}
}

// Close stops the program if it still runs (its whole process group: SIGTERM,
// then SIGKILL after the grace), closes the socket, removes the private folder
// and returns once every goroutine of the Run has ended. Events not drained
// yet can still be drained. Close may be called more than once.
func (r *Run) Close() error {
	r.closeOnce.Do(func() {
		r.mu.Lock()
		r.closing = true
		if !r.isEnded() {
			r.killed = true
		}
		r.mu.Unlock()
		close(r.stop)
		r.terminate()
		r.ln.Close()
		r.closeConns()
		closeAll(r.pipes...)
		r.wg.Wait()
		r.endOnce.Do(func() { close(r.ended) })
		r.cleanup()
	})
	return nil
}

// cleanup removes the private folder; after a failed Start it also closes
// what Start opened.
func (r *Run) cleanup() {
	if r.cmd == nil {
		if r.ln != nil {
			r.ln.Close()
		}
		closeAll(r.pipes...)
	}
	if r.dir != "" {
		_ = removeAll(r.dir)
	}
}

func (r *Run) closeConns() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for c := range r.conns {
		c.Close()
	}
}

// poke tells supervise that a connection closed.
func (r *Run) poke() {
	select {
	case r.changed <- struct{}{}:
	default:
	}
}
