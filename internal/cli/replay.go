package cli

import (
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
	sess := run.session()
	defer sess.Close()
	return openViewer(tui.Options{Session: sess, NoColor: *noColor, StartPaused: true, Theme: theme(*light),
		Label: "replay of " + filepath.Base(pos[0])})
}

// savedRun is a run's header and events with the run, resolved from the header.
type savedRun struct {
	h   trace.Header
	evs []pool.Event
	run scenarios.Run
}

// session returns a session that replays the run.
func (r savedRun) session(opts ...session.Option) *session.Session {
	return session.Play(r.run, session.Replay(r.evs), opts...)
}

// tell prints the run's account, as 'run --headless' prints a live run's.
func (r savedRun) tell(w io.Writer) (int, error) {
	a := newAccount(w, r.run)
	sess := r.session(a.options()...)
	defer sess.Close()
	return a.play(sess)
}

// loadRun reads the saved run at path. What is wrong with it is a usage error
// (exit 2) naming the file and the line. A saved run is a regular file: a
// named pipe with no writer would block the read forever, and a device or a
// folder is no saved run.
func loadRun(path string) (savedRun, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return savedRun{}, usagef("%s: %v", path, errors.Unwrap(err))
	}
	if !fi.Mode().IsRegular() {
		return savedRun{}, usagef("%s is not a regular file (%s): a saved run is a file that export or trace --save wrote", path, fileKind(fi.Mode()))
	}
	h, evs, err := trace.ReadFile(path)
	return checkRun(path, h, evs, err)
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

// readRun reads a saved run named name from r, as loadRun reads a file.
func readRun(name string, r io.Reader) (savedRun, error) {
	h, evs, err := trace.ReadNamed(name, r)
	return checkRun(name, h, evs, err)
}

// checkRun makes a run of what trace read from the saved run name: an event
// log whose header names a known scenario and parameters in range. A read's
// error, or a header's, is a usage error naming the file and the line.
func checkRun(name string, h trace.Header, evs []pool.Event, err error) (savedRun, error) {
	if err == nil {
		var run savedRun
		if run, err = fromHeader(h, evs); err == nil {
			return run, nil
		}
		err = &trace.ParseError{File: name, Line: 1, Msg: err.Error(), Err: err}
	}
	return savedRun{}, usageError{err.Error()}
}

// fromHeader resolves the run a saved run's header names; what the header
// leaves out takes the scenario's defaults.
func fromHeader(h trace.Header, evs []pool.Event) (savedRun, error) {
	if h.Source == trace.SourceTrace {
		run, err := tracedFromHeader(h)
		return savedRun{h: h, evs: evs, run: run}, err
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
	return savedRun{h: h, evs: evs, run: run}, nil
}
