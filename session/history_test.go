package session

import (
	"reflect"
	"testing"
	"time"

	"poolviz/picture"
	"poolviz/pool"
	"poolviz/scenarios"
)

// TestTapSeesALongRunWhole plays a run of more events than the history keeps:
// a Tap sees every event once, in order; the history drops its oldest chunks
// but keeps at least MaxHistory; and a step back still shows the fold of one
// event fewer, across the dropped part.
func TestTapSeesALongRunWhole(t *testing.T) {
	sc, err := scenarios.Get("shared-queue")
	if err != nil {
		t.Fatal(err)
	}
	prm := sc.Defaults
	prm.Tasks = 15_000 // about 225,000 events
	var tapped []pool.Event
	s, err := New(sc, prm, Tap(func(block []pool.Event) { tapped = append(tapped, block...) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	s.RunToEnd(0)
	v := s.View()
	if v.Status != Finished || v.Total != len(tapped) || v.Shown != len(tapped) {
		t.Fatalf("status %v, %d of %d events shown, %d tapped", v.Status, v.Shown, v.Total, len(tapped))
	}
	for i, ev := range tapped {
		if ev.Seq != tapped[0].Seq+uint64(i) {
			t.Fatalf("tapped event %d has seq %d, want %d", i, ev.Seq, tapped[0].Seq+uint64(i))
		}
	}
	first, kept := s.History()
	if first == 0 || len(kept) < MaxHistory || !reflect.DeepEqual(kept, tapped[first:]) {
		t.Fatalf("the history keeps %d events from %d; want at least %d, the tapped ones", len(kept), first, MaxHistory)
	}
	if !s.Back() {
		t.Fatal("no step back at the end of a long run")
	}
	if !reflect.DeepEqual(s.View().State, picture.Fold(tapped[:len(tapped)-1])) {
		t.Fatal("after a step back the picture is not the fold of every event but the last")
	}
}

// TestForwardKeepsNothingBehind checks that a session played forward only
// taps the same events as one that keeps its history, ends in the same
// picture, and refuses to step back.
func TestForwardKeepsNothingBehind(t *testing.T) {
	whole := newDefault(t)
	whole.RunToEnd(0)
	_, want := whole.History()

	var got []pool.Event
	fwd := newDefault(t, Tap(func(block []pool.Event) { got = append(got, block...) }), Forward())
	fwd.RunToEnd(0)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("forward tapped %d events, the whole run has %d; they differ", len(got), len(want))
	}
	if !reflect.DeepEqual(fwd.View().State, whole.View().State) {
		t.Fatal("the final pictures differ")
	}
	if fwd.Back() {
		t.Fatal("a forward-only session stepped back")
	}
}

// TestSnapshotsStayWithinTheirBound plays a run of many workers, whose
// States are large, with the viewer's controls: the snapshots to step back
// to stay within MaxSnapshotBytes however far the run goes, and a step back
// still shows the fold of one event fewer.
func TestSnapshotsStayWithinTheirBound(t *testing.T) {
	sc, err := scenarios.Get("shared-queue")
	if err != nil {
		t.Fatal(err)
	}
	prm := sc.Defaults
	prm.Workers, prm.Tasks = 256, 20_000
	var tapped []pool.Event
	s, err := New(sc, prm, Tap(func(block []pool.Event) { tapped = append(tapped, block...) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	for s.Status() != Finished {
		s.Advance(time.Second)
		if n := s.snapBytes(); n > MaxSnapshotBytes {
			t.Fatalf("the snapshots take %d bytes, above %d", n, MaxSnapshotBytes)
		}
	}
	if s.snapGap == snapEvery || len(s.snaps) < 2 {
		t.Fatalf("%d snapshots %d events apart: the bound never acted", len(s.snaps), s.snapGap)
	}
	if !s.Back() { // from the last snapshot, up to snapGap events before
		t.Fatal("no step back")
	}
	v := s.View()
	if !reflect.DeepEqual(v.State, picture.Fold(tapped[:v.Shown])) {
		t.Fatalf("after stepping back to event %d the picture is not the fold of the events before it", v.Shown)
	}
}
