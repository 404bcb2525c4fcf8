package pool

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// fillRings writes n events with the given times, a random ring each, as
// their producers would, skipping those that find their ring full.
func fillRings(rec *recorder, rings []*ring, times []int, rng *rand.Rand) {
	for i, tm := range times {
		g := rings[rng.IntN(len(rings))]
		tail := g.tail.Load()
		if tail-g.head.Load() >= g.size {
			continue
		}
		seg, at := g.locate(tail)
		if g.segs[seg].Load() == nil {
			g.segs[seg].Store(new(ringSegment))
		}
		g.segs[seg].Load()[at] = Event{Task: i + 1, Time: time.Duration(tm)}
		g.tail.Store(tail + 1)
	}
}

// stableSorted returns the rings' events in the order the drain gave before it
// merged: ring after ring, then a stable sort by time.
func stableSorted(rec *recorder) []Event {
	var out []Event
	for _, g := range rec.rings {
		for i := g.head.Load(); i < g.tail.Load(); i++ {
			seg, at := g.locate(i)
			out = append(out, g.segs[seg].Load()[at])
		}
	}
	slices.SortStableFunc(out, func(a, b Event) int { return int(a.Time - b.Time) })
	return out
}

// TestDrainMergesRings checks that Drain's merge of the rings gives the order
// a stable sort gives, equal times included, also when a ring is out of order
// (a clock change in a race), where the drain falls back to sorting.
func TestDrainMergesRings(t *testing.T) {
	for _, disorder := range []bool{false, true} {
		rec := newRecorder(64)
		rng := rand.New(rand.NewPCG(1, 2))
		rings := []*ring{rec.shared}
		for range 5 {
			rings = append(rings, rec.newRing())
		}
		times := make([]int, 300)
		tm := 0
		for i := range times {
			if rng.IntN(3) > 0 {
				tm++ // a third of the events share their time with the one before
			}
			times[i] = tm
		}
		if disorder {
			times[40], times[41] = times[41]+5, times[40]
		}
		fillRings(rec, rings, times, rng)
		want := stableSorted(rec)
		e := NewEngine(Parallel, WithWatchdog(0))
		got := rec.drain(nil, e)
		e.Shutdown()
		if len(got) != len(want) {
			t.Fatalf("disorder %v: drained %d events, want %d", disorder, len(got), len(want))
		}
		for i := range want {
			if got[i].Task != want[i].Task {
				t.Fatalf("disorder %v: event %d is task %d, want %d", disorder, i, got[i].Task, want[i].Task)
			}
		}
		if again := rec.drain(nil, e); len(again) != 0 {
			t.Errorf("disorder %v: a second drain gave %d events", disorder, len(again))
		}
	}
}
