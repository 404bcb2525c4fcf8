package cli

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"poolviz/pool"
	"poolviz/pool/trace"
	"poolviz/scenarios"
	"poolviz/session"
	"poolviz/tui"
)

// cmdReplay opens a saved run in the viewer, with the controls of a live run,
// or with --headless prints it as 'run --headless' prints a run.
func cmdReplay(args []string, stdout io.Writer) (int, error) {
	fs := newFlagSet("replay")
	headless := fs.Bool("headless", false, "no viewer: print the saved run's account")
	noColor := fs.Bool("no-color", false, "draw without colors (NO_COLOR is honoured too)")
	light := lightFlag(fs)
	pos, _, err := parse(fs, args)
	if err != nil {
		return exitUsage, err
	}
	if len(pos) != 1 {
		return exitUsage, usagef("replay takes one saved run (a JSON lines file that export wrote), got %d: %v", len(pos), pos)
	}
	run, err := loadRun(pos[0])
	if err != nil {
		return exitUsage, err
	}
	if *headless {
		return run.tell(stdout)
	}
	sess, st := run.play()
	defer sess.Close()
	code, err := openViewer(tui.Options{Session: sess, NoColor: *noColor, StartPaused: true, Theme: theme(*light),
		Label: "replay of " + filepath.Base(pos[0])})
	if err == nil && st.err != nil {
		return exitUsage, st.err
	}
	return code, err
}

// savedRun is a saved run: its header, the run resolved from it, and where
// to read its events. The events are never all held: each session reads them
// again from the start, as it plays them, so a saved run of any length is
// replayed in constant memory.
type savedRun struct {
	h    trace.Header
	run  scenarios.Run
	name string                        // the file's name, for errors
	open func() (io.ReadCloser, error) // the saved run from its first line
}

// session returns a session that replays the run.
func (r savedRun) session(opts ...session.Option) *session.Session {
	sess, _ := r.play(opts...)
	return sess
}

// play returns a session that replays the run, and the stream of its events,
// whose err says, once the session played them, whether they could all be
// read (the file changed since it was checked).
func (r savedRun) play(opts ...session.Option) (*session.Session, *eventStream) {
	st := r.stream()
	return session.Play(r.run, session.ReplayStream(st.next, st.close), opts...), st
}

// stream opens the run's events, after its header.
func (r savedRun) stream() *eventStream {
	st := &eventStream{name: r.name}
	f, err := r.open()
	if err != nil {
		st.err = usageError{err.Error()}
		return st
	}
	st.f = f
	if st.r, err = trace.NewReader(bufio.NewReaderSize(f, 1<<20)); err != nil {
		st.fail(err)
	}
	return st
}

// eventStream reads a saved run's events one by one, for session.ReplayStream.
type eventStream struct {
	name string
	f    io.ReadCloser
	r    *trace.Reader
	err  error // why the events could not all be read: a usage error naming the line
}

func (st *eventStream) next() (pool.Event, bool) {
	if st.err != nil || st.r == nil {
		return pool.Event{}, false
	}
	ev, err := st.r.Next()
	if err != nil {
		if err != io.EOF {
			st.fail(err)
		}
		return pool.Event{}, false
	}
	return ev, true
}

func (st *eventStream) fail(err error) {
	if pe, ok := errors.AsType[*trace.ParseError](err); ok {
		pe.File = st.name
	}
	st.err = usageError{err.Error()}
}

func (st *eventStream) close() {
	if st.f != nil {
		st.f.Close()
	}
}

// events calls each with the run's events in blocks, in order, and returns
// the first error: a usage error if the run could not be read, else each's.
func (r savedRun) events(each func(block []pool.Event) error) error {
	st := r.stream()
	defer st.close()
	block := make([]pool.Event, 0, 4096)
	for {
		ev, ok := st.next()
		if ok {
			block = append(block, ev)
		}
		if len(block) == cap(block) || !ok && len(block) > 0 {
			if err := each(block); err != nil {
				return err
			}
			clear(block)
			block = block[:0]
		}
		if !ok {
			return st.err
		}
	}
}

// tell prints the run's account, as 'run --headless' prints a live run's.
func (r savedRun) tell(w io.Writer) (int, error) {
	a := newAccount(w, r.run)
	sess, st := r.play(a.options()...)
	defer sess.Close()
	code, err := a.play(sess)
	if err == nil && st.err != nil {
		return exitUsage, st.err
	}
	return code, err
}

// loadRun checks the saved run at path, reading it whole once, without
// keeping its events. What is wrong with it is a usage error (exit 2) naming
// the file and the line: it is said before anything of the run is shown or
// written. A saved run is a regular file: a named pipe with no writer would
// block the read forever, and a device or a folder is no saved run.
func loadRun(path string) (savedRun, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return savedRun{}, usagef("%s: %v", path, errors.Unwrap(err))
	}
	if !fi.Mode().IsRegular() {
		return savedRun{}, usagef("%s is not a regular file (%s): a saved run is a file that export or trace --save wrote", path, fileKind(fi.Mode()))
	}
	return checkRun(path, func() (io.ReadCloser, error) { return os.Open(path) })
}

// fileKind says what a file that is not a regular one is.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a file"
}

// readRun reads a saved run named name from r, as loadRun reads a file; r is
// read whole into memory (a test's input).
func readRun(name string, r io.Reader) (savedRun, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return savedRun{}, err
	}
	return checkRun(name, func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil })
}

// checkRun makes a run of the saved run name that open opens: an event log,
// read to its end line, whose header names a known scenario and parameters in
// range. A read's error, or a header's, is a usage error naming the file and
// the line.
func checkRun(name string, open func() (io.ReadCloser, error)) (savedRun, error) {
	r := savedRun{name: name, open: open}
	st := r.stream()
	defer st.close()
	for _, ok := st.next(); ok; _, ok = st.next() {
	}
	if st.err != nil {
		return savedRun{}, st.err
	}
	run, err := fromHeader(st.r.Header())
	if err != nil {
		return savedRun{}, usageError{(&trace.ParseError{File: name, Line: 1, Msg: err.Error(), Err: err}).Error()}
	}
	run.name, run.open = name, open
	return run, nil
}

// fromHeader resolves the run a saved run's header names; what the header
// leaves out takes the scenario's defaults.
func fromHeader(h trace.Header) (savedRun, error) {
	if h.Source == trace.SourceTrace {
		run, err := tracedFromHeader(h)
		return savedRun{h: h, run: run}, err
	}
	if h.Scenario == "" {
		return savedRun{}, errors.New("the header names no scenario")
	}
	sc, err := scenarios.Get(h.Scenario)
	if err != nil {
		return savedRun{}, err
	}
	asked := scenarios.Params{Seed: h.Seed, Workers: h.Workers, Tasks: h.Tasks, Speed: h.Speed}
	given := asked.NonZero() | scenarios.GivenSeed
	if h.Mode != "" {
		if asked.Mode, err = pool.ParseMode(h.Mode); err != nil {
			return savedRun{}, err
		}
		given |= scenarios.GivenMode
	}
	run, err := sc.Resolve(asked, given)
	if err != nil {
		return savedRun{}, err
	}
	return savedRun{h: h, run: run}, nil
}
