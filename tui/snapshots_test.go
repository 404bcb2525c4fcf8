package tui

import (
	"slices"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
)

// TestStepsBack checks which key scripts may step the run back.
func TestStepsBack(t *testing.T) {
	for _, c := range []struct {
		keys []string
		want bool
	}{
		{nil, false},
		{[]string{"space", "right", "l", "v", "r", "+"}, false},
		{[]string{"space", "left"}, true},
		{[]string{"h"}, true},
		{[]string{"←"}, true},
	} {
		var keys []KeyAt
		for i, k := range c.keys {
			keys = append(keys, KeyAt{At: time.Duration(i) * time.Second, Key: k})
		}
		if got := StepsBack(keys); got != c.want {
			t.Errorf("StepsBack(%v) = %v, want %v", c.keys, got, c.want)
		}
	}
}

// TestOffscreenWithoutSnapshots plays one script, with steps, steps back and a
// restart, on a viewer whose sessions keep snapshots and on one whose
// sessions keep none (Options.NoSnapshots): every frame is the same, and the
// restarted session is opened without snapshots too.
func TestOffscreenWithoutSnapshots(t *testing.T) {
	keys := []KeyAt{
		{0, "space"}, {6 * time.Second, "space"}, {6 * time.Second, "right"}, {6500 * time.Millisecond, "left"},
		{7 * time.Second, "left"}, {7 * time.Second, "left"}, {8 * time.Second, "space"},
		{10 * time.Second, "r"}, {13 * time.Second, "space"}, {13 * time.Second, "h"},
	}
	// The steps back at 7 s go from about event 5,800 to a snapshot's gap
	// (2,048 events) behind; without snapshots they fold from the start.
	s := Script{FPS: 30, Duration: 14 * time.Second, Keys: keys}
	screen := Screen{Width: 120, Height: 36, Profile: colorprofile.NoTTY}
	opts := Options{Scenario: "shared-queue", StartPaused: true}
	opts.Params.Workers, opts.Params.Tasks, opts.Params.Speed = 8, 2_000, 20
	with := offscreen(t, opts, screen)
	want, _ := playAll(t, with, s)
	opts.NoSnapshots = true
	without := offscreen(t, opts, screen)
	got, last := playAll(t, without, s)
	if !slices.Equal(got, want) {
		t.Fatalf("without snapshots the screens differ; the last:\n%s", last)
	}
	if n := shown(t, last); n < 100 {
		t.Errorf("the restarted run showed %d events", n)
	}
	if len(without.m.play.opts) != 1 || len(with.m.play.opts) != 0 {
		t.Errorf("a restart opens sessions with %d and %d options, want 1 and 0", len(without.m.play.opts), len(with.m.play.opts))
	}
}
