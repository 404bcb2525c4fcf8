package tui

import (
	"slices"
	"testing"

	tea "charm.land/bubbletea/v2"

	"poolviz/scenarios"
)

// TestStepBackThenForwardNarratesAsAFreshRun steps back over events that
// finished tasks, then forward again: the event log must read as it does in a
// run that never stepped back, calls included ("task(3) finished", not "task 4
// finished").
func TestStepBackThenForwardNarratesAsAFreshRun(t *testing.T) {
	stepBackAndForth(t, scenarios.Params{}, 150, 40)
}

// TestLongStepBackNarratesAsAFreshRun steps back further than the log keeps
// lines (maxLog) and than the narrator's checkpoints are apart (markEvery),
// where the log must take its narrator from a checkpoint and tell the events
// since again: the counts ("237th to finish") must be a fresh run's.
func TestLongStepBackNarratesAsAFreshRun(t *testing.T) {
	stepBackAndForth(t, scenarios.Params{Tasks: 400, Speed: 20}, 200, markEvery+300)
}

// stepBackAndForth plays frames of a run with prm, steps back back events and
// forward again, and compares the event log with a fresh run's.
func stepBackAndForth(t *testing.T, prm scenarios.Params, played, back int) {
	t.Helper()
	fresh := drive(t, newTestModel(t, 120, 40, prm), frames(played)...)
	m := drive(t, newTestModel(t, 120, 40, prm), frames(played)...)
	shown := m.view.Shown
	if shown < back {
		t.Fatalf("only %d events were shown, fewer than the %d steps back", shown, back)
	}
	m = drive(t, m, repeatKey("left", back)...)
	if m.view.Shown != shown-back {
		t.Fatalf("after %d steps back %d events are shown, want %d", back, m.view.Shown, shown-back)
	}
	m = drive(t, m, repeatKey("right", back)...)
	if m.view.Shown != fresh.view.Shown {
		t.Fatalf("%d events shown after stepping forward again, want %d", m.view.Shown, fresh.view.Shown)
	}
	got, want := logTexts(m), logTexts(fresh)
	// The log stepped back past its oldest line starts again from there: its
	// lines must be the last ones of the fresh run's.
	want = want[max(len(want)-len(got), 0):]
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("log line %d after stepping back and forward:\n got %q\nwant %q", i, got[i], want[i])
			}
		}
		t.Fatalf("the log has %d lines, a fresh run's %d", len(got), len(want))
	}
}

// repeatKey returns n presses of the key name.
func repeatKey(name string, n int) []tea.Msg {
	out := make([]tea.Msg, n)
	for i := range out {
		out[i] = press(name)
	}
	return out
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
