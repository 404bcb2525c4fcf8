package session

import (
	"reflect"
	"testing"
	"time"

	"poolviz/scenarios"
)

// TestNoSnapshotsShowsTheSame plays one run in two sessions, one keeping
// snapshots and one not (NoSnapshots), through the same frames and steps
// back, some far behind the last snapshot's gap: both show the same picture,
// clock and counts after every control, and the second keeps no snapshot.
func TestNoSnapshotsShowsTheSame(t *testing.T) {
	sc, err := scenarios.Get("shared-queue")
	if err != nil {
		t.Fatal(err)
	}
	prm := sc.Defaults
	prm.Tasks = 2_000 // some 30,000 events: several snapshots' gaps
	open := func(opts ...Option) *Session {
		s, err := New(sc, prm, opts...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		return s
	}
	with, without := open(), open(NoSnapshots())
	type control func(s *Session)
	frame := func(s *Session) { s.Advance(20 * time.Second) }
	back := func(s *Session) { s.Back() }
	seek := func(s *Session) { s.Seek(s.View().Shown-5_000, s.View().Now) }
	var script []control
	for range 40 {
		script = append(script, frame)
	}
	script = append(script, back, back, seek, back, frame, frame, seek, seek)
	for i, c := range script {
		c(with)
		c(without)
		want, got := with.View(), without.View()
		if got.Shown != want.Shown || got.Now != want.Now || got.Total != want.Total {
			t.Fatalf("control %d: without snapshots at event %d of %d, %v; with them at %d of %d, %v",
				i, got.Shown, got.Total, got.Now, want.Shown, want.Total, want.Now)
		}
		if !reflect.DeepEqual(got.State, want.State) {
			t.Fatalf("control %d: the pictures at event %d differ", i, want.Shown)
		}
	}
	if v := with.View(); v.Total < 4*snapEvery || v.Shown > v.Total-5_000 {
		t.Fatalf("the script reached event %d of %d: too short a run, or no step far back", v.Shown, v.Total)
	}
	if len(with.snaps) < 2 {
		t.Fatalf("the session with snapshots kept %d: the test shows nothing", len(with.snaps))
	}
	if len(without.snaps) != 0 {
		t.Fatalf("the session without snapshots kept %d", len(without.snaps))
	}
}
