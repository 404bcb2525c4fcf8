package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"poolviz/narrate"
	"poolviz/pool"
	"poolviz/scenarios"
	"poolviz/session"
)

// headlessFrame is how much wall time a live headless run waits between looks.
const headlessFrame = 50 * time.Millisecond

// runHeadless plays sc without the viewer and prints a timestamped account, then
// the main program's output. It returns exitDeadlock when the run deadlocked.
func runHeadless(w io.Writer, run scenarios.Run) int {
	sess := session.Open(run)
	defer sess.Close()
	return account(w, sess, run.Params.Mode == pool.Parallel)
}

// account prints the account of a session's run: its scenario and parameters,
// a timestamped line per event, then the main program's output and the
// verdict, whose exit code it returns. With wallClock (a live Parallel run) it
// follows the run on the wall clock; otherwise (a Simulated run, or a saved run
// replayed) it plays the run to its end as fast as the machine allows. It taps
// the session, so a run longer than the session's history is told whole, and
// plays it forward only: nothing is kept to step back into.
//
// Each of taps sees every block of events too, after the account told it.
func account(w io.Writer, sess *session.Session, wallClock bool, taps ...func(block []pool.Event)) int {
	run := sess.Run()
	prm := run.Params        // what the run has, where a preset adjusts it
	bw := bufio.NewWriter(w) // a long run tells a million lines
	defer bw.Flush()
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
	t := teller{w: bw}
	tell := t.tell
	if len(taps) > 0 {
		tell = func(block []pool.Event) {
			t.tell(block)
			for _, tap := range taps {
				tap(block)
			}
		}
	}
	sess.Set(session.Tap(tell), session.Forward())
	if !wallClock {
		sess.RunToEnd(0)
	}
	for sess.Status() == session.Running {
		time.Sleep(headlessFrame)
		sess.Advance(headlessFrame)
		bw.Flush()
	}
	return finish(bw, sess.View(), run.Scenario.Traced())
}

// teller writes a line of the account for each event worth telling.
type teller struct {
	w    *bufio.Writer
	n    narrate.Narrator
	line []byte // reused for each line: a long run tells a million
}

// tell tells a block of events; a session's Tap calls it.
func (t *teller) tell(block []pool.Event) {
	for i := range block {
		ev := &block[i]
		line := append(narrate.AppendStamp(t.line[:0], ev.Time), "  "...)
		told := len(line)
		if line = t.n.AppendLine(line, ev); len(line) > told {
			_, _ = t.w.Write(append(line, '\n')) // the writer keeps its first error; the account goes on, as before
		}
		t.line = line
	}
}

// finish prints the main program's output and the verdict, and picks the
// exit code. A traced program can end without its main program's end: it was
// stopped (a signal to poolviz) or python itself died.
func finish(w io.Writer, v session.View, traced bool) int {
	fmt.Fprintln(w, "\n--- what the main program printed ---")
	for _, o := range v.State.Output {
		fmt.Fprintln(w, o.Line)
	}
	if d := v.State.Deadlock; d != nil {
		fmt.Fprintf(w, "\ndeadlock found at %s: %s\n", strings.TrimSpace(narrate.Stamp(d.Time)), d.Sentence)
		return exitDeadlock
	}
	if traced && !v.State.Main.Ended {
		fmt.Fprintf(w, "\nstopped at %s before the program ended: %d tasks succeeded, %d failed\n",
			strings.TrimSpace(narrate.Stamp(v.Now)), v.State.Counts.Succeeded, v.State.Counts.Failed)
		return exitFailure
	}
	if v.State.Main.Err != "" {
		fmt.Fprintf(w, "\nthe main program failed: %s\n", v.State.Main.Err)
		return exitFailure
	}
	fmt.Fprintf(w, "\nfinished at %s: %d tasks succeeded, %d failed\n", strings.TrimSpace(narrate.Stamp(v.Now)), v.State.Counts.Succeeded, v.State.Counts.Failed)
	return exitOK
}
