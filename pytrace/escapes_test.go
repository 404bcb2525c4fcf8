package pytrace

import (
	"strings"
	"testing"

	"poolviz/internal/safetext"
)

// TestProgramStringsAreEscaped traces a program whose task items, results,
// errors, globals and printed lines hold escape sequences: every string of
// every event comes out safe to print, with the sequences shown as text.
func TestProgramStringsAreEscaped(t *testing.T) {
	evs, r := trace(t, "testdata/escapes.py")
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	shown := 0
	for _, ev := range evs {
		strs := []string{ev.Object, ev.Other, ev.Label, ev.Value, ev.Err}
		for _, v := range ev.Vars {
			strs = append(strs, v.Name, v.Value)
		}
		for _, s := range strs {
			if !safetext.Safe(s) {
				t.Errorf("%s carries %q raw", ev, s)
			}
			if strings.Contains(s, `\x1b]0;PWNED\x07`) || strings.Contains(s, `\\x1b]0;PWNED\\x07`) {
				shown++
			}
		}
	}
	if shown == 0 {
		t.Errorf("no event shows the program's escape sequences as text: %v", evs)
	}
}
