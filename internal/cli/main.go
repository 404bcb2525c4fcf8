// Package cli is poolviz's command line: it parses the commands and their flags,
// resolves what to run, and hands it to the viewer, the headless account or a writer.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"poolviz/exercise"
	"poolviz/internal/atomicfile"
	"poolviz/internal/safetext"
	"poolviz/scenarios"
	"poolviz/tui"
)

// Main is the whole program: it runs the command that args name (os.Args
// without the program's name), writing to stdout and stderr, and returns the
// exit code. Tests call it as the command line would.
func Main(args []string, stdout, stderr io.Writer) int {
	// A closed pipe (poolviz ... | head) is a write error to handle, not a
	// signal that kills poolviz on the spot: a traced program must be ended,
	// a temporary file removed, and the exit code must say it failed.
	signal.Ignore(syscall.SIGPIPE)
	out := &checkedWriter{w: stdout}
	code := command(args, out, stderr)
	if errors.Is(out.err, syscall.EPIPE) {
		return exitClosedPipe
	}
	if out.err != nil && code == exitOK {
		// A full disk or a closed pipe: what was printed is not all there.
		fmt.Fprintln(stderr, "poolviz: writing to stdout:", out.err)
		return exitFailure
	}
	return code
}

// checkedWriter keeps the first error of a write to w, so that a command
// whose output was lost (stdout on a full disk) does not exit 0.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// command runs the command args name and returns its exit code.
func command(args []string, stdout, stderr io.Writer) int {
	cmd := "run"
	if len(args) > 0 && !isFlag(args[0]) {
		cmd, args = args[0], args[1:]
	}
	var err error
	code := exitOK
	switch cmd {
	case "run":
		code, err = cmdRun(args, stdout)
	case "list":
		err = cmdList(args, stdout)
	case "record":
		err = cmdRecord(args, stdout, stderr)
	case "frame":
		err = cmdFrame(args, stdout)
	case "export":
		err = cmdExport(args, stdout, stderr)
	case "replay":
		code, err = cmdReplay(args, stdout)
	case "exercise":
		code, err = cmdExercise(args, stdout)
	case "trace":
		code, err = cmdTrace(args, os.Stdin, stdout)
	case "serve":
		code, err = cmdServe(args, stdout, stderr)
	case "help", "-h", "--help":
		printUsage(stdout)
	default:
		err = usagef("unknown command %q: use run, list or help (or trace, exercise, serve, record, frame, export, replay)", cmd)
	}
	if errors.Is(err, flag.ErrHelp) {
		printUsage(stdout)
		return exitOK
	}
	if errors.Is(err, syscall.EPIPE) {
		return exitClosedPipe // its reader stopped reading: nothing to tell it
	}
	if err != nil {
		// An error can quote a saved run or a traced program's words.
		fmt.Fprintln(stderr, "poolviz:", safetext.Text(err.Error()))
		if isUsage(err) {
			return exitUsage
		}
		return exitFailure
	}
	return code
}

// isUsage says whether err is the user's to fix by changing the command line
// or the input file, and so exits with exitUsage: a usageError, or a file a
// command could not create at all (atomicfile.ErrCannotCreate: an -o, --events
// or --trace path in a missing folder, or naming a folder).
func isUsage(err error) bool {
	_, bad := errors.AsType[usageError](err)
	_, badFile := errors.AsType[*exercise.Error](err)
	return bad || badFile || errors.Is(err, atomicfile.ErrCannotCreate)
}

func isFlag(s string) bool { return len(s) > 0 && s[0] == '-' }

// cmdRun opens the viewer on a scenario, or with --headless prints an account.
func cmdRun(args []string, stdout io.Writer) (int, error) {
	var rf runFlags
	fs := newFlagSet("run", &rf)
	headless := fs.Bool("headless", false, "run without the viewer and print a timestamped account")
	light := lightFlag(fs)
	pos, set, err := parse(fs, args)
	if err != nil {
		return exitUsage, err
	}
	rf.set = set
	sc, err := scenarioArg("run", pos)
	if err != nil {
		return exitUsage, err
	}
	run, err := rf.resolve(sc)
	if err != nil {
		return exitUsage, err
	}
	if *headless {
		return runHeadless(stdout, run)
	}
	return openViewer(tui.Options{Run: &run, NoColor: rf.noColor, StartPaused: true, Theme: theme(*light)})
}

// cmdList prints every scenario with its title.
func cmdList(args []string, w io.Writer) error {
	pos, _, err := parse(newFlagSet("list"), args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("list takes no arguments, got %d: %v", len(pos), pos)
	}
	for _, s := range scenarios.All() {
		fmt.Fprintf(w, "%-22s %s\n", s.Name, s.Title)
	}
	return nil
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `poolviz shows a process pool at work, for teaching.

Usage:
  poolviz [run] [NAME] [flags]   open the viewer on a scenario (default: `+scenarios.Default+`)
  poolviz run NAME --headless    print a timestamped account of the run instead
  poolviz list                   list the scenarios

Flags of run:
  --workers N     number of workers, 1 to 256
  --tasks N       number of tasks, 1 to 1000000
  --seed S        the same seed gives the same run, frame for frame
  --speed X       speed factor, 0.01 to 1000 (the viewer offers 0.1x to 20x)
  --mode M        simulated (deterministic, the default) or parallel (real goroutines)
  --schedule P    who runs next at each choice point, as the viewer's c key lists
                  the picks: 2,2,m,1, a worker's number or m for main (simulated;
                  replays a run you scheduled, with its --workers, --tasks and --seed)
  --no-color      draw without colors (NO_COLOR is honoured too)
  --light         draw for a light background (default: ask the terminal)
  --headless      no viewer: print the account and the program's output

Recordings, frames and saved runs (simulated mode only; the same flags give the same bytes):
  poolviz record NAME -o demo.cast [flags]   record the viewer as an asciicast v2 file
                                             (-o - writes it to stdout)
      --duration D   virtual time to record (default 20s)
  poolviz frame NAME --at 3.5s [flags]       print the screen at a virtual time
  Flags of record and frame, besides those of run:
      --size WxH     the screen, in cells (default 100x30)
      --fps N        frames a second of virtual time (default 30)
      --keys SCRIPT  keys at virtual times: "0s:space,4s:space,5s:right,8s:+";
                     the run opens paused, as the viewer does: space starts
                     it (the default script is 0s:space)
      --no-color     record: no colors; frame: plain text
      --force        record and export: replace a read-only file
  poolviz export NAME --events run.jsonl [--trace run.json] [flags of run]
                     run headless to the end; write the events as JSON lines
                     and/or a Chrome trace (Perfetto, chrome://tracing);
                     - writes one of them to stdout
  poolviz export --from run.jsonl --events out.jsonl [--trace run.json]
                     write a saved run again, or as a Chrome trace
  poolviz replay run.jsonl [--headless] [--no-color] [--light]
                     open a saved run in the viewer, or print its account

Tracing a real Python program that uses multiprocessing.Pool (Python 3.9 or newer):
  poolviz trace [flags] script.py [its arguments]
                     run the program and show it live in the viewer; what
                     follows the script's name is the script's own arguments
      --python PATH  the interpreter (default python3 on PATH)
      --headless     no viewer: print the account, then the program's output;
                     the program reads poolviz's stdin (in the viewer it has none)
      --save FILE    also write the run as a saved run, for replay and export
      --force        let --save replace a read-only file
      --no-lines     do not follow the script's lines (no markers in the code pane)
      --quiet D      how long the program may go without an event before it is
                     called hung (default 2s)
      --no-color, --light   as for run
  q (or ctrl+c) ends the program and every process it started.

Workshop exercises (a built-in course, or a teacher's folder of TOML files):
  poolviz exercise list [--dir D]          the exercises, in course order
  poolviz exercise check NAME|FILE.toml    run an exercise and check its goals:
                     exit 0 when every goal holds, 1 when one fails (with the
                     next hint), 2 for a bad exercise file
      --dir D        a folder of exercise files (default: the built-in course)
      --file F       the program to check (default: the exercise's own, in
                     this folder; the starter is written there the first time)
      --solution     check the exercise's solution instead (a course's tests)
      --schedule P   your picks, where the exercise makes you the scheduler
      --python PATH  the interpreter (default python3 on PATH)
  poolviz exercise solution NAME           the solution, after one attempt
  poolviz exercise NAME|FILE.toml          the exercise in the viewer, with its goals

A classroom over SSH (learners need only ssh; nothing runs code for them):
  poolviz serve [flags]    serve the viewer to a class until SIGTERM or ctrl+c
      --listen ADDR        default 127.0.0.1:2222 (0.0.0.0:2222 for the room)
      --teachers FILE      the teachers' public keys (authorized_keys format):
                           they lead, and learners press f to follow them
      --learners FILE      the learners' public keys; or --open for any key
      --max-sessions N     sessions at once (default 64)
      --idle D             end a session after D without a key (default 30m)
      --host-key PATH      the host key, made the first time (default in
                           poolviz's config folder)
  Learners connect with ssh -t -p 2222 HOST (add follow to follow the teacher).

Exit codes: 0 done, 1 failed, 2 bad command line or input file, 3 deadlock found
(headless run or replay), 128+N stopped by signal N (the viewer, or writing a file).
`)
}
