package pytrace

import (
	"strings"
	"testing"

	"poolviz/picture"
)

// TestHookFaultsAreCountedAndTheProgramRunsOn traces a program that breaks
// the tracer's task hook: the program's own output is unchanged, and the
// faults are counted, the first named with where it happened.
func TestHookFaultsAreCountedAndTheProgramRunsOn(t *testing.T) {
	evs, r := trace(t, "testdata/faulty.py")
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	if !printed(picture.Fold(evs), "doubled: [0, 2, 4, 6]") {
		t.Errorf("the program's output changed: %v", picture.Fold(evs).Output)
	}
	f := r.Faults()
	if f.Count < 1 || f.First != "task submitted: RuntimeError: a bug in the tracer" {
		t.Errorf("Faults() = %+v, want at least one, the first in the task hook", f)
	}
	if s := f.String(); !strings.Contains(s, "the program ran on unchanged") {
		t.Errorf("Faults().String() = %q", s)
	}
}
