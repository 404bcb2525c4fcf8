package pytrace

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"poolviz/internal/safetext"
	"poolviz/pool"
)

// EnvSocket is the environment variable that tells every Python process of the
// program where the tracer listens.
const EnvSocket = "POOLVIZ_TRACE_SOCKET"

// Options says what to trace.
type Options struct {
	Python string   // the interpreter; "python3" (looked up on PATH) if empty
	Script string   // the program, relative to Dir unless absolute
	Args   []string // the program's arguments
	Dir    string   // its working folder; the current one if empty
	Env    []string // extra environment variables, "NAME=value"; a PYTHONPATH here is kept, behind the tracer's folder
	Stdin  *os.File // the program's standard input; none (end of file at once) if nil
	// Grace is how long Close waits after SIGTERM before SIGKILL, and how long
	// the program's children may outlive its main process; 2s if zero.
	Grace time.Duration
	// Quiet is how long a program whose every process waits in a traced call
	// (or, for a worker, has nothing to run) must stay silent before the run
	// reports a stall, as a Deadlock event; DefaultQuiet if zero.
	Quiet time.Duration
	// Reorder is how long an event is held before it is released, so that an
	// earlier one from a slower process can still take its place in time
	// order; 50 ms if zero. A viewer wants it short; a check that must not see
	// a write before the read it followed (on a busy machine) wants it longer.
	Reorder time.Duration
}

// Run is a traced Python program: a live source of pool events. Its methods
// are safe for concurrent use.
type Run struct {
	opts   Options
	dir    string
	ln     *net.UnixListener
	cmd    *exec.Cmd
	pgid   int
	start  time.Time
	stop   chan struct{} // closed by Close
	exited chan struct{} // closed when the main process has exited
	ended  chan struct{} // closed when every process is gone and every connection read
	wg     sync.WaitGroup
	pipes  []*os.File // the read ends of the program's stdout and stderr

	mu          sync.Mutex
	conns       map[net.Conn]bool
	pending     []wireEvent
	ready       []pool.Event // converted by watchHangs, not drained yet
	conv        *converter
	detect      *detector
	stopped     error // why the run stopped the program itself (a broken pool)
	clock       clock
	waitErr     error  // how the main process exited
	internalErr error  // a fault of the tracer's own
	faults      Faults // the hooks that failed in the program's processes
	mainErr     string // the script's failure, from its main-ended line
	traceback   string
	mainEnded   bool
	killed      bool // Close or the context stopped the program
	closing     bool // Close has begun: no new connection is taken
	paused      pauses
	tail        [2]tailBuffer
	changed     chan struct{} // a connection closed
	closeOnce   sync.Once
	endOnce     sync.Once
}

// Start runs the program under the tracer and returns at once; events arrive
// as it runs. The context stops the program (as Close does, but without
// waiting) when it is done. The errors it returns are plain: no such script, a
// folder, python not found or too old (saying which was found), a
// *SyntaxError.
func Start(ctx context.Context, opts Options) (*Run, error) {
	if opts.Python == "" {
		opts.Python = "python3"
	}
	if opts.Grace <= 0 {
		opts.Grace = 2 * time.Second
	}
	script, err := resolveScript(opts.Dir, opts.Script)
	if err != nil {
		return nil, err
	}
	exe, err := preflight(ctx, opts.Python, script)
	if err != nil {
		return nil, err
	}
	r := &Run{opts: opts, stop: make(chan struct{}), exited: make(chan struct{}), ended: make(chan struct{}),
		conns: map[net.Conn]bool{}, conv: newConverter(), detect: newDetector(opts.Quiet), changed: make(chan struct{}, 1)}
	if err := r.prepare(); err != nil {
		r.cleanup()
		return nil, err
	}
	if err := r.launch(exe, script); err != nil {
		r.cleanup()
		return nil, err
	}
	r.goSafe(r.acceptLoop)
	r.goSafe(r.supervise)
	r.goSafe(func() { r.watch(ctx) })
	r.goSafe(r.watchHangs)
	return r, nil
}

// prepare makes the private folder, writes the Python package and listens.
func (r *Run) prepare() error {
	dir, err := os.MkdirTemp("", "poolviz-trace-")
	if err != nil {
		return fmt.Errorf("pytrace: %w", err)
	}
	r.dir = dir
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("pytrace: %w", err)
	}
	if err := writePackage(dir); err != nil {
		return fmt.Errorf("pytrace: writing the tracer: %w", err)
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: filepath.Join(dir, "events.sock"), Net: "unix"})
	if err != nil {
		return fmt.Errorf("pytrace: %w", err)
	}
	r.ln = ln
	return nil
}

// launch starts python in a process group of its own, its output read here.
func (r *Run) launch(exe, script string) error {
	cmd := exec.Command(exe, append([]string{"-m", packageName, script}, r.opts.Args...)...)
	cmd.Dir = r.opts.Dir
	if r.opts.Stdin != nil {
		cmd.Stdin = r.opts.Stdin // a file, passed as it is: nothing to copy, nothing to wait for
	}
	cmd.Env = append(os.Environ(), r.opts.Env...)
	cmd.Env = append(cmd.Env, EnvSocket+"="+filepath.Join(r.dir, "events.sock"), "PYTHONPATH="+pythonPath(r.dir, r.opts.Env),
		"PYTHONUNBUFFERED=1")
	ownGroup(cmd)
	var writers [2]*os.File
	for i := range writers {
		pr, pw, err := os.Pipe()
		if err != nil {
			closeAll(writers[:i]...)
			return fmt.Errorf("pytrace: %w", err)
		}
		r.pipes = append(r.pipes, pr)
		writers[i] = pw
	}
	// Plain files, not writers: exec then waits for the main process alone, not
	// for every child that inherited the pipes.
	cmd.Stdout, cmd.Stderr = writers[0], writers[1]
	// The lock is held until the main pid is known: a short program may say
	// everything, its end included, before Start returns, and its end is
	// recognised by that pid.
	r.mu.Lock()
	err := cmd.Start()
	closeAll(writers[:]...)
	if err != nil {
		r.mu.Unlock()
		return fmt.Errorf("pytrace: starting %s: %w", exe, err)
	}
	r.cmd, r.pgid, r.start = cmd, cmd.Process.Pid, time.Now()
	r.conv.mainPID = cmd.Process.Pid
	r.mu.Unlock()
	for i, pr := range r.pipes {
		r.goSafe(func() { r.tail[i].readFrom(pr, &r.mu) })
	}
	return nil
}

// pythonPath puts the tracer's folder first, keeping the PYTHONPATH that env
// (Options.Env) sets last, or else poolviz's own.
func pythonPath(dir string, env []string) string {
	old := os.Getenv("PYTHONPATH")
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PYTHONPATH="); ok {
			old = v
		}
	}
	if old != "" {
		return dir + string(os.PathListSeparator) + old
	}
	return dir
}

func closeAll(files ...*os.File) {
	for _, f := range files {
		if f != nil {
			f.Close()
		}
	}
}

// goSafe runs fn on a goroutine the Run joins on Close; a panic in it is
// recorded as the run's error instead of crashing the program.
func (r *Run) goSafe(fn func()) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer func() {
			if p := recover(); p != nil {
				r.mu.Lock()
				r.internalErr = errors.Join(r.internalErr, fmt.Errorf("pytrace: internal error: %v", p))
				r.mu.Unlock()
			}
		}()
		fn()
	}()
}

// Drain appends to dst the events that are ready, in order, and returns it.
// An event waits a short lag (see lag) for earlier ones on slower connections,
// unless the program has ended. Every string the events carry is made safe
// to print on a terminal (safetext.Line).
func (r *Run) Drain(dst []pool.Event) []pool.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	from := len(dst)
	dst = append(dst, r.ready...)
	r.ready = nil
	dst = r.detectHang(r.release(dst, r.isEnded()))
	// What the program prints and names is untrusted: a control sequence in
	// it is shown as an escape, never obeyed by the terminal.
	safetext.Events(dst[from:])
	return dst
}

// Done reports whether the program has ended and every event was drained.
func (r *Run) Done() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.isEnded() && len(r.pending) == 0 && len(r.ready) == 0
}

// Wait blocks until the program has ended (its main process exited and every
// process's connection closed), then returns Err.
func (r *Run) Wait() error {
	<-r.ended
	return r.Err()
}

// Ended returns a channel closed once the program has ended.
func (r *Run) Ended() <-chan struct{} { return r.ended }

func (r *Run) isEnded() bool {
	select {
	case <-r.ended:
		return true
	default:
		return false
	}
}
