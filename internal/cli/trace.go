package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"poolviz/internal/atomicfile"
	"poolviz/internal/safetext"
	"poolviz/pool"
	"poolviz/pool/trace"
	"poolviz/pytrace"
	"poolviz/scenarios"
	"poolviz/session"
	"poolviz/tui"
)

// envTraceLines tells the tracer's Python side whether to report the
// script's own lines ("0": not).
const envTraceLines = "POOLVIZ_TRACE_LINES"

// stdinNote is the viewer's word on a traced program's standard input.
const stdinNote = "stdin is not available in the viewer: --headless passes it"

// traceOptions is a trace command line, parsed.
type traceOptions struct {
	python   string
	headless bool
	save     string
	force    bool // --save may replace a read-only file
	noLines  bool
	// quiet is the threshold of pytrace's hang detector: how long the program
	// may go without an event before the detector calls it hung.
	quiet time.Duration
	// env is added to the program's environment, after poolviz's own
	// (PYTHONPATH in it is kept, behind the tracer's folder).
	env     []string
	noColor bool
	light   bool
	script  string
	args    []string
}

// parseTrace reads trace's flags up to the script's name: what follows it is
// the script's own arguments, as with python -m cProfile.
func parseTrace(args []string) (traceOptions, error) {
	fs := flag.NewFlagSet("trace", flag.ContinueOnError)
	var o traceOptions
	fs.StringVar(&o.python, "python", "python3", "the Python interpreter (looked up on PATH)")
	fs.BoolVar(&o.headless, "headless", false, "no viewer: print a timestamped account and the program's output")
	fs.StringVar(&o.save, "save", "", "write the run to this file as a saved run (JSON lines), for replay and export")
	fs.BoolVar(&o.force, "force", false, "let --save replace a read-only file")
	fs.BoolVar(&o.noLines, "no-lines", false, "do not follow the script's lines (less overhead; no markers in the code pane)")
	fs.DurationVar(&o.quiet, "quiet", 2*time.Second, "how long the program may go without an event before it is called hung")
	fs.BoolVar(&o.noColor, "no-color", false, "draw without colors (NO_COLOR is honoured too)")
	fs.BoolVar(&o.light, "light", false, "draw for a light background (default: ask the terminal)")
	pos, err := parseHead(fs, args)
	if err != nil {
		return o, err
	}
	switch {
	case len(pos) == 0:
		return o, usagef("trace needs a Python script: poolviz trace [flags] script.py [its arguments]")
	case o.quiet <= 0:
		return o, usagef("--quiet %s: use a duration above 0, such as 2s", o.quiet)
	case o.python == "":
		return o, usagef("--python needs an interpreter, such as python3 or /usr/bin/python3.12")
	}
	if o.save != "" {
		if _, err := atomicfile.Target(o.save, atomicfile.Force(o.force)); err != nil {
			return o, pathError("--save", err)
		}
	}
	o.script, o.args = pos[0], pos[1:]
	return o, nil
}

// cmdTrace runs a Python program under the tracer and shows it in the viewer,
// or with --headless prints its account; stdin is what the program reads
// headless.
func cmdTrace(args []string, stdin *os.File, stdout io.Writer) (int, error) {
	o, err := parseTrace(args)
	if err != nil {
		return exitUsage, err
	}
	// SIGHUP is the terminal going away (a closed window, a killed tmux pane, a
	// dropped SSH link): the run must end as cleanly as on ctrl+c, its program
	// and every process it started with it.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	return traceRun(ctx, o, stdin, stdout)
}

// traceRun traces o's program until it ends or ctx is done: nothing of the
// program outlives it.
func traceRun(ctx context.Context, o traceOptions, stdin *os.File, stdout io.Writer) (int, error) {
	popts := pytrace.Options{Python: o.python, Script: o.script, Args: o.args, Quiet: o.quiet}
	popts.Env = append(popts.Env, o.env...)
	if o.noLines {
		popts.Env = append(popts.Env, envTraceLines+"=0")
	}
	if o.headless {
		popts.Stdin = stdin
	}
	version, err := pythonVersion(ctx, o.python)
	if err != nil {
		return exitUsage, err
	}
	tr, err := pytrace.Start(ctx, popts)
	if err != nil {
		return exitUsage, usageError{strings.TrimPrefix(err.Error(), "pytrace: ")}
	}
	defer tr.Close()
	text, err := os.ReadFile(o.script)
	if err != nil {
		return exitFailure, err
	}
	h := tracedHeader(filepath.Base(o.script), string(text), version)
	run, err := tracedFromHeader(h)
	if err != nil {
		return exitFailure, err
	}
	save, err := openSave(o.save, o.force, h)
	if err != nil {
		return exitFailure, err
	}
	defer save.abort()
	rec := recorder{save: save}
	code := exitOK
	if o.headless {
		a := newAccount(stdout, run, rec.tap)
		sess := session.Play(run, tr.AsSource(), a.options()...)
		code, err = a.play(sess)
		sess.Close()
		if err != nil {
			return code, err
		}
		code = traceVerdict(stdout, code, tr, rec)
		if ctx.Err() != nil {
			fmt.Fprintln(stdout, "poolviz was interrupted, and the program with it")
			code = exitFailure
		}
	} else {
		sess := session.Play(run, tr.AsSource(), session.Tap(rec.tap))
		code, err = openViewer(tui.Options{Session: sess, NoColor: o.noColor, StartPaused: true,
			Theme: theme(o.light), Note: stdinNote})
		if err != nil {
			return code, misplacedHeadless(err, o)
		}
		if err := tr.Err(); err != nil { // said once more where it stays: the screen is gone
			fmt.Fprintln(stdout, "the program failed:", safetext.Text(strings.TrimPrefix(err.Error(), "pytrace: ")))
		}
		if faults := tr.Faults().String(); faults != "" {
			fmt.Fprintln(stdout, safetext.Text(faults))
		}
	}
	if err := save.commit(); err != nil {
		return exitFailure, err
	}
	return code, nil
}

// misplacedHeadless adds to the viewer's "needs a terminal" refusal the likely
// cause when --headless came after the script: everything after the script is
// the script's own arguments, so poolviz never saw it.
func misplacedHeadless(err error, o traceOptions) error {
	if !strings.HasPrefix(err.Error(), tui.ErrNoTerminal.Error()) || !slices.Contains(o.args, "--headless") {
		return err
	}
	return usageError{err.Error() + "; --headless came after the script, so it went to the script as an argument: " +
		"put poolviz's flags before the script, as in poolviz trace --headless " + filepath.Base(o.script)}
}

// recorder counts the pools a traced program made and hands its events to
// --save, as they come.
type recorder struct {
	save  *saveStream // nil without --save
	pools int
}

func (r *recorder) tap(block []pool.Event) {
	for i := range block {
		if block[i].Kind == pool.KindPoolCreated {
			r.pools++
		}
	}
	r.save.write(block)
}

// traceVerdict adds to a traced program's account what the account cannot
// see: that no pool was seen, or that python itself failed.
func traceVerdict(w io.Writer, code int, tr *pytrace.Run, rec recorder) int {
	if rec.pools == 0 {
		fmt.Fprintln(w, "\nno pool was seen: the program never created a multiprocessing pool")
	}
	if faults := tr.Faults().String(); faults != "" {
		fmt.Fprintf(w, "\n%s\n", safetext.Text(faults))
	}
	err := tr.Err()
	if _, failed := errors.AsType[*pytrace.ProgramError](err); err != nil && !failed {
		fmt.Fprintf(w, "\n%s\n", safetext.Text(strings.TrimPrefix(err.Error(), "pytrace: ")))
		return exitFailure
	}
	return code
}

// tracedHeader is the saved run's header of a traced program.
func tracedHeader(script, text, python string) trace.Header {
	sum := sha256.Sum256([]byte(text))
	return trace.Header{Source: trace.SourceTrace, Mode: pool.Parallel.String(), Script: script,
		ScriptSHA256: hex.EncodeToString(sum[:]), Python: python, Listing: text}
}

// tracedFromHeader is the run of the traced program a header names; its
// listing must be the text the header's SHA-256 names. The script's name, the
// Python version and the listing come from a file or a program, so they are
// made safe to print (safetext) once the listing is checked.
func tracedFromHeader(h trace.Header) (scenarios.Run, error) {
	if h.Script == "" {
		return scenarios.Run{}, errors.New("the header names a traced program but not its script")
	}
	if sum := sha256.Sum256([]byte(h.Listing)); h.ScriptSHA256 != "" && hex.EncodeToString(sum[:]) != h.ScriptSHA256 {
		return scenarios.Run{}, errors.New("the script's listing does not match its script_sha256: the file was changed")
	}
	script := safetext.Line(h.Script)
	about := "the Python program " + script + ", traced live"
	if h.Python != "" {
		about += " (Python " + safetext.Line(h.Python) + ")"
	}
	return scenarios.TracedRun(script, safetext.Text(h.Listing), about), nil
}

// pythonVersion asks python which version it is ("3.12.3"), for the saved
// run's header. An interpreter that cannot say is not Python: a usage error.
// One that is not found is left to the tracer, which says what it needs.
func pythonVersion(ctx context.Context, python string) (string, error) {
	exe, err := exec.LookPath(python)
	if err != nil {
		return "", nil
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, exe, "-c", "import sys; print(sys.version.split()[0])").Output()
	version := strings.TrimSpace(string(out))
	var major, minor int
	if _, scanErr := fmt.Sscanf(version, "%d.%d", &major, &minor); err != nil || scanErr != nil {
		return "", usagef("%s is not a Python interpreter: asked for its version, it answered %q (%v); tracing needs Python %s or newer",
			python, version, errOrOK(err), pytrace.MinPython)
	}
	return version, nil
}

// errOrOK writes err, or "exit status 0" when it is nil.
func errOrOK(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}
