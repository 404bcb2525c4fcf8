package pytrace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStartErrors(t *testing.T) {
	needPython(t)
	old := filepath.Join(t.TempDir(), "python-old")
	if err := os.WriteFile(old, []byte("#!/bin/sh\necho 3.8.10\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		opts Options
		want string
	}{
		{"no script", Options{Script: "testdata/nothing-here.py"}, "no such script"},
		{"folder", Options{Script: "testdata"}, "is a folder"},
		{"no python", Options{Script: "testdata/squares.py", Python: "no-such-python-here"}, "no-such-python-here not found"},
		{"old python", Options{Script: "testdata/squares.py", Python: old}, "is Python 3.8.10; tracing needs Python 3.9 or newer"},
		{"syntax", Options{Script: "testdata/broken.py"}, "broken.py, line 1: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Start(context.Background(), c.opts)
			if err == nil {
				r.Close()
				t.Fatalf("Start succeeded, want an error saying %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("Start: %v, want it to say %q", err, c.want)
			}
		})
	}
	_, err := Start(context.Background(), Options{Script: "testdata/broken.py"})
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 1 {
		t.Errorf("Start(broken.py) = %v, want a *SyntaxError at line 1", err)
	}
}

// TestProgramFails traces a program whose main raises: the error and its
// traceback reach main-ended and Err, and a failed map chunk finishes each of
// its items once (the one that raised, and the rest as skipped).
func TestProgramFails(t *testing.T) {
	evs, r := trace(t, "testdata/fails.py")
	var pe *ProgramError
	if err := r.Err(); !errors.As(err, &pe) || pe.Msg != "RuntimeError: done badly" || !strings.Contains(pe.Traceback, "fails.py") {
		t.Fatalf("Err() = %v, want a *ProgramError with RuntimeError and a traceback in fails.py", err)
	}
	if strings.Contains(pe.Traceback, "runpy") || strings.Contains(pe.Traceback, "poolviz_trace") {
		t.Errorf("traceback shows the tracer's frames:\n%s", pe.Traceback)
	}
	ended := ofKind(evs, kindOf(t, "main-ended"))
	if len(ended) != 1 || ended[0].Err != "RuntimeError: done badly" {
		t.Errorf("main-ended: %v", ended)
	}
	errs := map[string]int{}
	for _, ev := range ofKind(evs, kindOf(t, "task-finished")) {
		errs[ev.Err]++
	}
	if errs["ValueError: three is odd"] != 1 {
		t.Errorf("finished tasks by error: %v, want one ValueError", errs)
	}
	if n := len(ofKind(evs, kindOf(t, "task-submitted"))); n != 3 {
		t.Errorf("%d chunks submitted, want 3 (6 items by 2)", n)
	}
}
