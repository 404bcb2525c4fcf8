package cli

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestFrameIsDeterministic prints the same frame twice, in colour and without:
// the same bytes each time, a full screen, and without colour no escape code.
func TestFrameIsDeterministic(t *testing.T) {
	args := []string{"frame", "deadlock-lock-order", "--at", "3s", "--size", "90x28"}
	a := poolviz(args...).ok(t, args...)
	b := poolviz(args...).ok(t, args...)
	if a.stdout != b.stdout {
		t.Fatal("the same frame printed twice differs")
	}
	if !strings.Contains(a.stdout, "\x1b[") {
		t.Error("the frame has no colour")
	}
	plain := poolviz(append(args, "--no-color")...).ok(t, args...)
	if strings.Contains(plain.stdout, "\x1b") {
		t.Errorf("--no-color printed escape codes: %q", plain.stdout)
	}
	if plain.stdout != ansi.Strip(a.stdout) {
		t.Error("--no-color prints other characters than the coloured frame")
	}
	lines := strings.Split(strings.TrimSuffix(plain.stdout, "\n"), "\n")
	if len(lines) != 28 {
		t.Fatalf("%d lines, want 28", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != 90 {
			t.Errorf("line %d is %d cells wide, want 90: %q", i+1, w, l)
		}
	}
	if !strings.Contains(plain.stdout, "DEADLOCK") {
		t.Errorf("the deadlock panel is missing at 3s:\n%s", plain.stdout)
	}
	t.Setenv("NO_COLOR", "1")
	if env := poolviz(args...).ok(t, args...); env.stdout != plain.stdout {
		t.Error("NO_COLOR is not honoured")
	}
}

// TestFrameKeysAndLight checks that keys before the frame change it, a key
// after it is refused (it would be ignored), and --light changes only the
// colours.
func TestFrameKeysAndLight(t *testing.T) {
	base := []string{"frame", "maxtasksperchild", "--at", "2s"}
	plain := poolviz(append(base, "--no-color")...).ok(t, base...).stdout
	timeline := poolviz(append(base, "--no-color", "--keys", "0s:space,1s:v")...).ok(t, base...).stdout
	later := poolviz(append(base, "--no-color", "--keys", "0s:space,3s:v")...)
	if !strings.Contains(timeline, "Timeline") || strings.Contains(plain, "Timeline") {
		t.Errorf("v at 1s must show the timeline at 2s:\n%s", timeline)
	}
	if later.code != exitUsage || !strings.Contains(later.stderr, "v at 3s comes after the frame (--at 2s)") {
		t.Errorf("a key after --at: exit %d, stderr %q; want it refused", later.code, later.stderr)
	}
	dark := poolviz(base...).ok(t, base...).stdout
	light := poolviz(append(base, "--light")...).ok(t, base...).stdout
	if light == dark || ansi.Strip(light) != ansi.Strip(dark) {
		t.Error("--light must change the colours, and only them")
	}
}

// TestFrameBadgeSaysHowTheRunEnded checks the header's badge at the end of a run:
// a main program that failed (a broken pool) reads FAILED, never FINISHED.
func TestFrameBadgeSaysHowTheRunEnded(t *testing.T) {
	for name, want := range map[string]string{"broken-initializer": "✗ FAILED", "shared-queue": "✓ FINISHED"} {
		args := []string{"frame", name, "--at", "60s", "--no-color"}
		out := poolviz(args...).ok(t, args...).stdout
		if first, _, _ := strings.Cut(out, "\n"); !strings.Contains(first, want) {
			t.Errorf("%s at its end: header %q, want %q", name, first, want)
		}
	}
}
