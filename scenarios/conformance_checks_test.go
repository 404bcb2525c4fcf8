//go:build unix

package scenarios_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"poolviz/scenarios"
)

// checkSubmittedFirst: main says it submitted before it takes any result. The
// results' own order follows the tasks' sleeps, which a loaded machine can
// reorder in Python, so the lines are compared as a multiset.
func checkSubmittedFirst(t *testing.T, who string, out []string) {
	t.Helper()
	if len(out) == 0 || !strings.HasPrefix(out[0], "submitted ") {
		t.Errorf("%s printed %q: want the submission first", who, out)
	}
}

// checkImapOrder: imap yields in input order whatever the timing, so its lines
// must read 0, 1, 2, ... in order; imap_unordered's order follows the tasks'
// sleeps, which a loaded machine can reorder in Python, so those lines are
// compared as a multiset only.
func checkImapOrder(t *testing.T, who string, out []string) {
	t.Helper()
	next := 0
	for _, l := range out {
		if rest, ok := strings.CutPrefix(l, "imap: "); ok {
			if rest != strconv.Itoa(next) {
				t.Errorf("%s printed %q as imap's result number %d: imap must yield in input order", who, l, next)
			}
			next++
		}
	}
	if next == 0 {
		t.Errorf("%s printed no imap result: %q", who, out)
	}
}

// checkLostUpdates: without the lock, the count must come out below what was expected.
func checkLostUpdates(t *testing.T, who string, out []string) {
	t.Helper()
	var expected, got int
	if len(out) != 1 {
		t.Errorf("%s printed %q, want one line", who, out)
		return
	}
	if _, err := fmt.Sscanf(out[0], "expected %d, got %d", &expected, &got); err != nil || got >= expected || got < 1 {
		t.Errorf("%s printed %q: want fewer than expected, and some", who, out[0])
	}
}

// maxTasksInits: a worker runs at most 2 tasks, so 8 tasks need at least 4
// initializer runs; the pool may also replace the last workers before it is
// closed, up to one more per worker. The exact count depends on timing in Python.
func maxTasksInits(t *testing.T, sc scenarios.Scenario, goRuns int, py []string) {
	t.Helper()
	least := (sc.Defaults.Tasks + 1) / 2
	most := least + sc.Defaults.Workers
	for who, n := range map[string]int{"Python": len(py), "Go": goRuns} {
		if n < least || n > most {
			t.Errorf("%s ran the initializer %d times, want %d to %d", who, n, least, most)
		}
	}
}

// brokenInits: CPython starts worker after worker, each failing with KeyError,
// while the Go pool stops at one failure per worker and breaks.
func brokenInits(t *testing.T, sc scenarios.Scenario, goRuns int, py []string) {
	t.Helper()
	w := sc.Defaults.Workers
	if len(py) <= 3*w {
		t.Errorf("Python ran the failing initializer %d times; want many (its pool respawns forever)", len(py))
	}
	for _, l := range py {
		if !strings.HasSuffix(l, " raised KeyError") {
			t.Errorf("the twin's initializer: %q, want it to raise KeyError", l)
			break
		}
	}
	if goRuns != w {
		t.Errorf("Go ran the initializer %d times, want %d: one per worker, then the pool is broken", goRuns, w)
	}
	t.Logf("Python: %d failing initializer runs before it was killed; Go: %d, then Broken", len(py), goRuns)
}

// checkBrokenExecutorOutput: the first round's results all come before the
// second round is submitted, every future of the second round raises
// BrokenProcessPool after it, and the refused submit comes last. The order
// within each round follows completion, which a loaded machine can reorder in
// Python, so the lines are compared as a multiset only.
func checkBrokenExecutorOutput(t *testing.T, who string, out []string) {
	t.Helper()
	second := slices.IndexFunc(out, func(l string) bool { return strings.HasPrefix(l, "submitted crash()") })
	if second < 0 || out[len(out)-1] != "submit refused: BrokenProcessPool" {
		t.Errorf("%s printed %q: want the second round's submission and the refused submit last", who, out)
		return
	}
	for i, l := range out {
		took, broken := strings.Contains(l, " took "), strings.HasSuffix(l, ": BrokenProcessPool")
		if (took && i > second) || (broken && i < second) {
			t.Errorf("%s printed %q as line %d, on the wrong side of %q", who, l, i+1, out[second])
		}
	}
}
