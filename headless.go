package main

import (
	"fmt"
	"io"
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
	fmt.Fprintf(w, "%s: %s\n", sc.Name, sc.Title)
	fmt.Fprintf(w, "%s mode, %d workers, %d tasks, seed %d, speed %gx\n\n", prm.Mode, prm.Workers, prm.Tasks, prm.Seed, prm.Speed)
	var n narrate.Narrator
	shown := 0
	tell := func() {
		for _, ev := range sess.Events(shown) {
			shown++
			if line := n.Line(ev); line != "" {
				fmt.Fprintf(w, "%s  %s\n", narrate.Stamp(ev.Time), line)
			}
		}
	}
	if prm.Mode == pool.Simulated {
		sess.RunToEnd(0)
		tell()
	} else {
		for sess.Status() == session.Running {
			time.Sleep(headlessFrame)
			sess.Advance(headlessFrame)
			tell()
		}
	}
	return finish(w, sess.View())
}

// finish prints the main program's output and the verdict, and picks the exit code.
func finish(w io.Writer, v session.View) int {
	fmt.Fprintln(w, "\n--- what the main program printed ---")
	for _, o := range v.State.Output {
		fmt.Fprintln(w, o.Line)
	}
	if d := v.State.Deadlock; d != nil {
		fmt.Fprintf(w, "\ndeadlock found at %s: %s\n", narrate.Stamp(d.Time), d.Sentence)
		return exitDeadlock
	}
	if v.State.Main.Err != "" {
		fmt.Fprintf(w, "\nthe main program failed: %s\n", v.State.Main.Err)
		return exitFailure
	}
	fmt.Fprintf(w, "\nfinished at %s: %d tasks succeeded, %d failed\n", narrate.Stamp(v.Now), v.State.Counts.Succeeded, v.State.Counts.Failed)
	return exitOK
}
