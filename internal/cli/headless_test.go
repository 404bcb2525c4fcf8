package cli

import (
	"errors"
	"fmt"
	"strings"
	"testing"

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

// TestHeadlessSimulatedRunIsWhole plays 100,000 tasks at speed 1, over 17 hours
// of virtual time, headless: the account must start at the start and tell every
// task, though the run has far more events than a session keeps. A headless
// Simulated run that waited for its virtual time would not end before the test
// binary's timeout; how fast it runs is BenchmarkSimulatedSteps' business (package
// pool), not a timed test's. Under the race detector, which slows the engine down
// several times, it plays 40,000 tasks: still more events than a session keeps.
func TestHeadlessSimulatedRunIsWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("a long run")
	}
	tasks := 100_000
	if raceEnabled {
		tasks = 40_000
	}
	code, out, errs := runCLI("run", "shared-queue", "--headless", "--tasks", fmt.Sprint(tasks), "--speed", "1")
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d, stderr %q:\n%s", code, errs, tail(out))
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
	if n := strings.Count(out, " runs task("); n != tasks {
		t.Errorf("the account tells %d task starts, want %d", n, tasks)
	}
}

// TestHeadlessHeaderShowsAdjustedParams asks presets for runs they cannot do as
// asked: the account's header must give the workers and tasks the run has.
func TestHeadlessHeaderShowsAdjustedParams(t *testing.T) {
	for _, tc := range []struct {
		name, workers, tasks, want string
	}{
		{"deadlock-lock-order", "1", "1", "2 workers, 2 tasks"},
		{"barrier", "3", "10", "3 workers, 3 tasks"},
		{"deadlock-starvation", "4", "1", "4 workers, 4 tasks"},
		{"shared-queue", "3", "5", "3 workers, 5 tasks"},
	} {
		_, out, _ := runCLI("run", tc.name, "--headless", "--workers", tc.workers, "--tasks", tc.tasks)
		header, _, _ := strings.Cut(out, "\n\n")
		if !strings.Contains(header, ", "+tc.want+", ") {
			t.Errorf("%s with %s workers and %s tasks: header %q, want %q", tc.name, tc.workers, tc.tasks, header, tc.want)
		}
		adjusted := !strings.HasPrefix(tc.want, tc.workers+" workers, "+tc.tasks+" tasks")
		if says := strings.Contains(header, "(this preset runs "); says != adjusted {
			t.Errorf("%s with %s workers and %s tasks: header %q; a note on the adjustment: %v, want %v", tc.name, tc.workers, tc.tasks, header, says, adjusted)
		}
	}
}

// failingWriter refuses every write, as a full disk or a closed pipe does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestHeadlessWriteErrorFails checks that an account that could not be written
// exits 1 with the write's error, rather than 0 as if it had been read.
func TestHeadlessWriteErrorFails(t *testing.T) {
	run, err := scenarios.Resolve("lock", scenarios.Params{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	code, err := runHeadless(failingWriter{}, run)
	if code != exitFailure || err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("exit %d, error %v: want exit %d and the write's error", code, err, exitFailure)
	}
}

// TestClosedPipeEndsQuietly checks that a headless account whose reader went
// away (poolviz run NAME --headless | head) ends with 141, as SIGPIPE ends
// other programs, and says nothing on stderr; a full disk still says why.
func TestClosedPipeEndsQuietly(t *testing.T) {
	for _, args := range [][]string{{"run", "lock", "--headless"}, {"list"}, {"help"}} {
		var stderr strings.Builder
		if code := Main(args, &brokenPipe{n: 40}, &stderr); code != exitClosedPipe || stderr.Len() != 0 {
			t.Errorf("%v into a closed pipe: exit %d, stderr %q; want %d and nothing said", args, code, stderr.String(), exitClosedPipe)
		}
		stderr.Reset()
		if code := Main(args, failingWriter{}, &stderr); code != exitFailure || !strings.Contains(stderr.String(), "no space left on device") {
			t.Errorf("%v onto a full disk: exit %d, stderr %q; want %d and the write's error", args, code, stderr.String(), exitFailure)
		}
	}
}
