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

// headlessFrame is how much wall time a Parallel headless run waits between looks.
const headlessFrame = 50 * time.Millisecond

// runHeadless plays sc without the viewer and prints a timestamped account, then
// the main program's output. It returns exitDeadlock when the run deadlocked.
func runHeadless(w io.Writer, sc scenarios.Scenario, prm scenarios.Params) int {
	sess, err := session.New(sc, prm)
	if err != nil {
		fmt.Fprintln(w, "poolviz:", err)
		return exitUsage
	}
	defer sess.Close()
	return account(w, sess, prm.Mode == pool.Parallel)
}

// account prints the account of a session's run: its scenario and parameters,
// a timestamped line per event, then the main program's output and the
// verdict, whose exit code it returns. With wallClock (a live Parallel run) it
// follows the run on the wall clock; otherwise (a Simulated run, or a saved run
// replayed) it plays the run to its end as fast as the machine allows.
func account(w io.Writer, sess *session.Session, wallClock bool) int {
	sc := sess.Scenario()
	prm := sc.Effective(sess.Params()) // what the run has, where a preset adjusts it
	fmt.Fprintf(w, "%s: %s\n", sc.Name, sc.Title)
	fmt.Fprintf(w, "%s mode, %d workers, %d tasks, seed %d, speed %gx\n", prm.Mode, prm.Workers, prm.Tasks, prm.Seed, prm.Speed)
	if why := sc.AdjustNote(sess.Params()); why != "" {
		fmt.Fprintf(w, "(this preset %s)\n", why)
	}
	fmt.Fprintln(w)
	bw := bufio.NewWriter(w) // a long run tells a million lines
	defer bw.Flush()
	var n narrate.Narrator
	shown := 0
	tell := func() int {
		evs := sess.Events(shown)
		for _, ev := range evs {
			shown++
			if line := n.Line(ev); line != "" {
				fmt.Fprintf(bw, "%s  %s\n", narrate.Stamp(ev.Time), line)
			}
		}
		return len(evs)
	}
	if !wallClock {
		playSimulated(sess, tell)
	} else {
		for sess.Status() == session.Running {
			time.Sleep(headlessFrame)
			sess.Advance(headlessFrame)
			tell()
			bw.Flush()
		}
	}
	return finish(bw, sess.View())
}

// playSimulated plays a Simulated run to its end as fast as the machine allows,
// whatever its virtual duration, in slices of virtual time. It tells each slice
// before playing the next: the session keeps a bounded history, and a long run
// has more events than it keeps, so one RunToEnd(0) would drop the start of the
// account. The slices grow while they hold few events, so long idle stretches
// cost few calls.
func playSimulated(sess *session.Session, tell func() int) {
	const few, many = session.MaxHistory / 8, session.MaxHistory / 2
	limit, step := time.Duration(0), time.Second
	for sess.Status() == session.Running {
		limit += step
		sess.RunToEnd(limit)
		switch n := tell(); {
		case n < few:
			step = min(2*step, time.Hour)
		case n > many:
			step = max(step/2, time.Millisecond)
		}
	}
}

// finish prints the main program's output and the verdict, and picks the exit code.
func finish(w io.Writer, v session.View) int {
	fmt.Fprintln(w, "\n--- what the main program printed ---")
	for _, o := range v.State.Output {
		fmt.Fprintln(w, o.Line)
	}
	if d := v.State.Deadlock; d != nil {
		fmt.Fprintf(w, "\ndeadlock found at %s: %s\n", strings.TrimSpace(narrate.Stamp(d.Time)), d.Sentence)
		return exitDeadlock
	}
	if v.State.Main.Err != "" {
		fmt.Fprintf(w, "\nthe main program failed: %s\n", v.State.Main.Err)
		return exitFailure
	}
	fmt.Fprintf(w, "\nfinished at %s: %d tasks succeeded, %d failed\n", strings.TrimSpace(narrate.Stamp(v.Now)), v.State.Counts.Succeeded, v.State.Counts.Failed)
	return exitOK
}
