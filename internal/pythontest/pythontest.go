// Package pythontest finds a python3 that tests can run, or says why there
// is none. A python3 on PATH may still not run: a version manager's shim
// with no version selected exits 127, and an old interpreter lacks what the
// twins and the tracer use. Such a machine skips the Python tests, saying so
// on stderr as well as in the test log, since go test shows a skip's message
// only with -v.
package pythontest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// MinVersion is the oldest Python the tests run, as "3.9".
const MinVersion = "3.9"

// probe is the program that says the interpreter's version and whether it
// is new enough.
const probe = "import sys; print('%d.%d' % sys.version_info[:2], sys.version_info[:2] >= (3, 9))"

// Find returns the path of a python3 on PATH that runs and is MinVersion or
// newer, or why there is none.
func Find() (string, error) {
	path, err := exec.LookPath("python3")
	if err != nil {
		return "", fmt.Errorf("python3 is not on PATH")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "-c", probe).Output()
	if err != nil {
		return "", fmt.Errorf("%s does not run (%v)", path, err)
	}
	version, ok, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	if ok != "True" {
		return "", fmt.Errorf("%s is Python %q, older than %s", path, version, MinVersion)
	}
	return path, nil
}

// Need returns a python3 for t, or skips t saying why there is none and what
// goes untested (such as "tracing a real program needs it").
func Need(t testing.TB, untested string) string {
	t.Helper()
	path, err := Find()
	if err != nil {
		msg := fmt.Sprintf("%v: %s", err, untested)
		fmt.Fprintf(os.Stderr, "%s skipped: %s\n", t.Name(), msg)
		t.Skip(msg)
	}
	return path
}

// TimeScale returns POOLVIZ_TIME_SCALE for a preset's Python twin under test:
// how much faster than written it sleeps, as "0.02" is 50 times faster. Most
// twins run 50 times faster; those whose lesson needs workers running at the
// same time get more room, as on a busy machine a worker process can take a
// while to start: semaphore needs two tasks inside at once, lock-race needs
// reads to overlap, deadlock-lock-order needs the other task's first acquire
// within the 1 s sleep, imap-order's completions are 0.5 s apart, and
// process-pool-executor's crash() must come after the other workers started
// their tasks of its round and before the first of them ends. The conformance
// test (package scenarios) and the tracer's twins test both run the twins at
// these scales, so a twin made steadier is steadier in both.
func TimeScale(preset string) float64 {
	switch preset {
	case "worker-globals":
		return 0.05
	case "semaphore":
		return 0.1
	case "lock-race", "imap-order", "process-pool-executor":
		return 0.2
	case "deadlock-lock-order":
		return 0.25
	}
	return 0.02
}
