package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"poolviz/internal/safetext"
	"poolviz/narrate"
	"poolviz/pool"
	"poolviz/scenarios"
	"poolviz/session"
	"poolviz/tui"
)

// headlessFrame is how much wall time a live headless run waits between looks.
const headlessFrame = 50 * time.Millisecond

// runHeadless plays run without the viewer and prints a timestamped account,
// then the main program's output. It returns exitDeadlock when the run
// deadlocked, and an error when the account could not be written.
func runHeadless(w io.Writer, run scenarios.Run) (int, error) {
	a := newAccount(w, run)
	sess := session.Open(run, a.options()...)
	defer sess.Close()
	return a.play(sess)
}

// account is the account of a session's run: its scenario and parameters, a
// timestamped line per event, then the main program's output and the verdict.
// It taps the session from its start, so a run longer than the session's
// history is told whole, and plays it forward only: nothing is kept to step
// back into.
type account struct {
	w      *bufio.Writer // a long run tells a million lines
	t      teller
	taps   []func(block []pool.Event)
	traced bool
}

// newAccount returns an account of run written to w, and writes its header:
// the run's scenario and the params it has (where a preset adjusts them, and
// why). Each of taps sees every block of events too, after the account told it
// (a traced run's --save keeps them).
func newAccount(w io.Writer, run scenarios.Run, taps ...func(block []pool.Event)) *account {
	bw := bufio.NewWriter(w)
	prm := run.Params
	fmt.Fprintf(bw, "%s: %s\n", run.Scenario.Name, run.Scenario.Title)
	if run.Scenario.Traced() {
		fmt.Fprintln(bw, run.Scenario.Teaches) // what runs: the params are the program's own
	} else {
		fmt.Fprintf(bw, "%s mode, %d workers, %d tasks, seed %d, speed %gx\n", prm.Mode, prm.Workers, prm.Tasks, prm.Seed, prm.Speed)
	}
	if run.Note != "" {
		fmt.Fprintf(bw, "(this preset %s)\n", run.Note)
	}
	fmt.Fprintln(bw)
	return &account{w: bw, t: teller{w: bw, n: narrate.Narrator{Func: tui.CallNames(run.Scenario)}}, taps: taps, traced: run.Scenario.Traced()}
}

// options are what the session must be opened with for the account to see
// every event.
func (a *account) options() []session.Option {
	return []session.Option{session.Tap(a.tell), session.Forward()}
}

// tell tells a block, then hands it to the other taps.
func (a *account) tell(block []pool.Event) {
	a.t.tell(block)
	for _, tap := range a.taps {
		tap(block)
	}
}

// play plays sess to its end and tells it, returning the verdict's exit code.
// A live run (a Parallel engine, a traced program) is followed on the wall
// clock; a stepped one (a Simulated engine, a saved run) is played as fast as
// the machine allows. A write that failed (a full disk, a closed pipe) is the error.
func (a *account) play(sess *session.Session) (int, error) {
	if !sess.Live() {
		sess.RunToEnd(0)
	}
	for sess.Status() == session.Running {
		time.Sleep(headlessFrame)
		sess.Advance(headlessFrame)
		// A live run is followed as it goes; a write that fails (the reader of
		// a pipe gone) ends it, rather than follow a program nobody reads.
		if err := a.w.Flush(); err != nil {
			return exitFailure, fmt.Errorf("writing the account: %w", err)
		}
	}
	code := finish(a.w, sess.View(), a.traced, &a.t.n)
	if err := a.w.Flush(); err != nil {
		return exitFailure, fmt.Errorf("writing the account: %w", err)
	}
	return code, nil
}

// teller writes a line of the account for each event worth telling.
type teller struct {
	w    *bufio.Writer
	n    narrate.Narrator
	line []byte // reused for each line: a long run tells a million
	safe []byte // the line made safe to print, reused too
}

// tell tells a block of events; a session's Tap calls it.
func (t *teller) tell(block []pool.Event) {
	for i := range block {
		ev := &block[i]
		line := append(narrate.AppendStamp(t.line[:0], ev.Time), "  "...)
		told := len(line)
		if line = t.n.AppendLine(line, ev); len(line) > told {
			// The sources made the event's strings safe already; this is the
			// last line of defence before the terminal.
			t.safe = append(safetext.AppendLine(t.safe[:0], line), '\n')
			_, _ = t.w.Write(t.safe) // the writer keeps its first error, which play returns
		}
		t.line = line
	}
}

// finish prints the main program's output and the verdict, and picks the
// exit code; n, the narrator that told the run, names the deadlock's tasks. What the run printed or said is printed safe (safetext.Line). A traced program can end without its main program's end: it was
// stopped (a signal to poolviz) or python itself died.
func finish(w io.Writer, v session.View, traced bool, n *narrate.Narrator) int {
	fmt.Fprintln(w, "\n--- what the main program printed ---")
	for _, o := range v.State.Output {
		fmt.Fprintln(w, safetext.Line(o.Line))
	}
	if d := v.State.Deadlock; d != nil {
		fmt.Fprintf(w, "\ndeadlock found at %s: %s\n", strings.TrimSpace(narrate.Stamp(d.Time)), safetext.Line(n.Named(d.Sentence)))
		return exitDeadlock
	}
	if traced && !v.State.Main.Ended {
		fmt.Fprintf(w, "\nstopped at %s before the program ended: %d tasks succeeded, %d failed\n",
			strings.TrimSpace(narrate.Stamp(v.Now)), v.State.Counts.Succeeded, v.State.Counts.Failed)
		return exitFailure
	}
	if v.State.Main.Err != "" {
		fmt.Fprintf(w, "\nthe main program failed: %s\n", safetext.Line(v.State.Main.Err))
		return exitFailure
	}
	fmt.Fprintf(w, "\nfinished at %s: %d tasks succeeded, %d failed\n", strings.TrimSpace(narrate.Stamp(v.Now)), v.State.Counts.Succeeded, v.State.Counts.Failed)
	return exitOK
}
