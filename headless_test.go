package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"poolviz/scenarios"
)

// TestHeadlessRunOfEveryPreset runs each preset headless at its defaults: a
// completing one exits 0, a deadlocking one 3 with the deadlock found, and the
// one whose main program fails exits 1 saying why.
func TestHeadlessRunOfEveryPreset(t *testing.T) {
	for _, sc := range scenarios.All() {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runCLI("run", sc.Name, "--headless")
			if errs != "" {
				t.Errorf("stderr: %q", errs)
			}
			want, says := exitOK, "\nfinished at "
			switch sc.Outcome {
			case scenarios.Deadlocks:
				want, says = exitDeadlock, "\ndeadlock found at "
			case scenarios.Fails:
				want, says = exitFailure, "\nthe main program failed: "
			}
			if code != want || !strings.Contains(out, says) {
				t.Errorf("exit %d, want %d with %q in the output:\n%s", code, want, says, tail(out))
			}
			if !strings.HasPrefix(out, sc.Name+": "+sc.Title+"\n") || !strings.Contains(out, "--- what the main program printed ---") {
				t.Errorf("the account lacks its header or the program's output:\n%s", tail(out))
			}
		})
	}
}

// TestHeadlessSimulatedRunIsFastAndWhole plays 100,000 tasks at speed 1: over
// 17 hours of virtual time must take seconds, and the account must start at the
// start, though the run has far more events than a session keeps. Under the race
// detector, which slows the engine down several times, it plays 40,000 tasks:
// still more events than a session keeps.
func TestHeadlessSimulatedRunIsFastAndWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("a long run")
	}
	tasks, limit := 100_000, 15*time.Second // a few seconds on a quiet machine
	if raceEnabled {
		tasks, limit = 40_000, 60*time.Second
	}
	start := time.Now()
	code, out, errs := runCLI("run", "shared-queue", "--headless", "--tasks", fmt.Sprint(tasks), "--speed", "1")
	took := time.Since(start)
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d, stderr %q:\n%s", code, errs, tail(out))
	}
	if took > limit {
		t.Errorf("took %v: a Simulated headless run must not wait for its virtual time", took)
	}
	for _, want := range []string{
		"  0.000s  main program started\n",
		"(1st to finish)",
		fmt.Sprintf("\nreceived all %d results\n", tasks),
		"\nfinished at ",
	} {
		if strings.Count(out, want) != 1 {
			t.Errorf("the account has %q %d times, want once", want, strings.Count(out, want))
		}
	}
	if n := strings.Count(out, " = task("); n != tasks {
		t.Errorf("the account tells %d task starts, want %d", n, tasks)
	}
	t.Logf("%d tasks, %d lines of account, in %v", tasks, strings.Count(out, "\n"), took)
}
