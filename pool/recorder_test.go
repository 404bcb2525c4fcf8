package pool

import (
	"strconv"
	"testing"
)

// TestRingKeepsOrderAcrossSegments fills the smallest ring past its end again
// and again, draining between rounds, so that positions wrap around and cross
// from one lazily allocated segment into the next; every event comes back once,
// in the order it was put.
func TestRingKeepsOrderAcrossSegments(t *testing.T) {
	e := NewEngine(Parallel, WithObserver(minRingSize), WithWatchdog(0))
	defer e.Shutdown()
	g := e.rec.newRing()
	next := 0
	for round, n := range []int{1, ringSegLen - 1, ringSegLen + 1, minRingSize, 3, minRingSize - 1, 2*ringSegLen + 1} {
		for range n {
			g.put(&Event{Kind: KindOutput, Task: next}, e.clk)
			next++
		}
		got := e.Drain(nil)
		if len(got) != n {
			t.Fatalf("round %d: drained %d events, want %d", round, len(got), n)
		}
		first := next - n
		for i, ev := range got {
			if ev.Task != first+i {
				t.Fatalf("round %d: event %d is task %d, want %d", round, i, ev.Task, first+i)
			}
		}
	}
}

// TestRingShedsWhenFullButKeepsCritical overfills a ring: the events that do not
// fit are shed and reported as one coalesced event with their count, while a
// critical event that finds the ring full is still delivered.
func TestRingShedsWhenFullButKeepsCritical(t *testing.T) {
	e := NewEngine(Parallel, WithObserver(minRingSize), WithWatchdog(0))
	defer e.Shutdown()
	g := e.rec.newRing()
	const extra = 10
	for i := range minRingSize + extra {
		g.put(&Event{Kind: KindOutput, Task: i}, e.clk)
	}
	g.put(&Event{Kind: KindPoolTerminated}, e.clk)
	got := e.Drain(nil)
	var outputs, terminated, coalesced int
	for _, ev := range got {
		switch ev.Kind {
		case KindOutput:
			outputs++
		case KindPoolTerminated:
			terminated++
		case KindCoalesced:
			coalesced++
			if ev.Count != extra {
				t.Errorf("coalesced event counts %d shed events, want %d", ev.Count, extra)
			}
		}
	}
	if outputs != minRingSize || terminated != 1 || coalesced != 1 {
		t.Errorf("drained %d outputs, %d terminated, %d coalesced; want %d, 1, 1", outputs, terminated, coalesced, minRingSize)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Seq != got[i-1].Seq+1 {
			t.Fatalf("sequence numbers %d then %d: not consecutive", got[i-1].Seq, got[i].Seq)
		}
	}
}

// TestRingSizeRoundsUp checks that a requested ring size becomes a power of two
// of at least minRingSize events.
func TestRingSizeRoundsUp(t *testing.T) {
	for _, tc := range []struct{ ask, want int }{{1, minRingSize}, {minRingSize + 1, 2 * minRingSize}, {0, defaultRingSize}, {1000, 1024}} {
		if got := newRecorder(tc.ask).size; got != tc.want {
			t.Errorf("newRecorder(%d).size = %d, want %d", tc.ask, got, tc.want)
		}
	}
}

// TestEventsNotOfferedAreCounted fills the shared ring, then offers events the
// way every emitter does (ask observing, emit only on yes): each one refused
// must show up in the coalesced event's count, so nothing is lost silently.
func TestEventsNotOfferedAreCounted(t *testing.T) {
	e := NewEngine(Parallel, WithObserver(minRingSize), WithWatchdog(0))
	defer e.Shutdown()
	const refused = 7
	kept := 0
	for range minRingSize*sharedRingFactor + refused {
		if e.observing(nil) {
			e.emit(nil, Event{Kind: KindOutput})
			kept++
		}
	}
	if kept != minRingSize*sharedRingFactor {
		t.Fatalf("kept %d events, want the ring's %d", kept, minRingSize*sharedRingFactor)
	}
	got := e.Drain(nil)
	last := got[len(got)-1]
	if last.Kind != KindCoalesced || last.Count != refused {
		t.Fatalf("last drained event is %v with count %d, want coalesced with count %d", last.Kind, last.Count, refused)
	}
}

// TestRingPublishesShedsByTheNextKeptEvent sheds events from a ring of one
// producer, which counts them on its own side until it keeps an event again or
// puts its last (a worker's exit): every shed event and task is reported once,
// by the drain that sees the event kept after it, and none is left unreported
// once the worker's exit was put.
func TestRingPublishesShedsByTheNextKeptEvent(t *testing.T) {
	e := NewEngine(Parallel, WithObserver(minRingSize), WithWatchdog(0))
	defer e.Shutdown()
	g := e.rec.newRing()
	var shedEvents, shedSucceeded int
	drain := func() (kept int) {
		for _, ev := range e.Drain(nil) {
			if ev.Kind == KindCoalesced {
				shedEvents += ev.Count
				shedSucceeded += atoiVar(t, ev.Vars, "succeeded")
				continue
			}
			kept++
		}
		return kept
	}
	fill := func(extra int) {
		for range minRingSize + extra {
			g.put(&Event{Kind: KindTaskFinished, Count: 2}, e.clk)
		}
	}
	fill(5)
	if kept := drain(); kept != minRingSize {
		t.Fatalf("first drain kept %d events, want %d", kept, minRingSize)
	}
	g.put(&Event{Kind: KindOutput}, e.clk) // kept: publishes the 5 shed before it
	drain()
	if shedEvents != 5 || shedSucceeded != 10 {
		t.Fatalf("after a kept event: %d shed events and %d tasks reported, want 5 and 10", shedEvents, shedSucceeded)
	}
	fill(3)
	g.put(&Event{Kind: KindWorkerExited}, e.clk) // shed too, and the writer's last
	drain()
	if shedEvents != 5+3+1 || shedSucceeded != 10+6 {
		t.Fatalf("after the exit: %d shed events and %d tasks reported, want 9 and 16", shedEvents, shedSucceeded)
	}
}

func atoiVar(t *testing.T, vars []Var, name string) int {
	t.Helper()
	for _, v := range vars {
		if v.Name == name {
			n, err := strconv.Atoi(v.Value)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("no %s among %v", name, vars)
	return 0
}

// TestSharedRingCountsEveryShedOnce counts shed events on the shared ring the
// way its producers do, with one word per kind holding events and tasks
// together: a word near half full is emptied by the producer, one with a huge
// count bypasses it, and a drain empties the rest; each event and task is
// reported exactly once.
func TestSharedRingCountsEveryShedOnce(t *testing.T) {
	e := NewEngine(Parallel, WithObserver(minRingSize), WithWatchdog(0))
	defer e.Shutdown()
	g := e.rec.shared
	// As if a consumer had not drained for a long time: the events half of the
	// submitted word is one short of its fold.
	g.packed[1+shedSubmitted].Store((packedEventsHalf - 1) << packedShift)
	g.countShed(shedSubmitted, 3) // reaches the fold: the producer empties the word
	if v := g.packed[1+shedSubmitted].Load(); v != 0 {
		t.Fatalf("word after the fold = %#x, want 0", v)
	}
	g.countShed(shedSubmitted, packedDirect) // counted directly
	g.countShed(shedSucceeded, 5)
	g.countShed(noTasks, 0)
	var events, submitted, succeeded int
	for _, ev := range e.Drain(nil) {
		if ev.Kind != KindCoalesced {
			continue
		}
		events += ev.Count
		submitted += atoiVar(t, ev.Vars, "submitted")
		succeeded += atoiVar(t, ev.Vars, "succeeded")
	}
	if want := packedEventsHalf + 3; events != want {
		t.Errorf("%d shed events reported, want %d", events, want)
	}
	if want := 3 + packedDirect; submitted != want {
		t.Errorf("%d shed submissions reported, want %d", submitted, want)
	}
	if succeeded != 5 {
		t.Errorf("%d shed successes reported, want 5", succeeded)
	}
	if e.Drain(nil) != nil {
		t.Error("a second drain reported more")
	}
}
