package tui

import (
	"slices"
	"testing"

	"poolviz/scenarios"
)

// TestStepBackThenForwardNarratesAsAFreshRun steps back over events that
// finished tasks, then forward again: the event log must read as it does in a
// run that never stepped back, calls included ("task(3) finished", not "task 4
// finished").
func TestStepBackThenForwardNarratesAsAFreshRun(t *testing.T) {
	const played, back = 150, 40
	fresh := drive(t, newTestModel(t, 120, 40, scenarios.Params{}), frames(played)...)
	m := drive(t, newTestModel(t, 120, 40, scenarios.Params{}), frames(played)...)
	shown := m.view.Shown
	for range back {
		m = drive(t, m, press("left"))
	}
	if m.view.Shown != shown-back {
		t.Fatalf("after %d steps back %d events are shown, want %d", back, m.view.Shown, shown-back)
	}
	for range back {
		m = drive(t, m, press("right"))
	}
	if m.view.Shown != fresh.view.Shown {
		t.Fatalf("%d events shown after stepping forward again, want %d", m.view.Shown, fresh.view.Shown)
	}
	got, want := logTexts(m), logTexts(fresh)
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("log line %d after stepping back and forward:\n got %q\nwant %q", i, got[i], want[i])
			}
		}
		t.Fatalf("the log has %d lines, a fresh run's %d", len(got), len(want))
	}
}

// logTexts returns the event log's sentences.
func logTexts(m Model) []string {
	entries := logOf(m).entries
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.text
	}
	return out
}
