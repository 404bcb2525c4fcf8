package scenarios_test

import (
	"fmt"
	"testing"
	"time"

	"poolviz/scenarios"
)

// minShown is the least wall time a preset that runs to its end takes at its
// default speed: long enough for a class to see its point happen, not only
// its end. A preset that stops (a deadlock, a broken pool) stays on its
// last screen, which says why, however short the run.
const minShown = 4 * time.Second

// TestKeyMomentsLastAtDefaultSpeed: every preset that completes lasts at
// least minShown at its default speed (its virtual end over its speed).
func TestKeyMomentsLastAtDefaultSpeed(t *testing.T) {
	for _, sc := range scenarios.All() {
		if sc.Outcome != scenarios.Completes {
			continue
		}
		r := playToEnd(t, sc, sc.Defaults)
		wall := time.Duration(float64(r.state.Now) / sc.Defaults.Speed)
		if wall < minShown {
			t.Errorf("%s: over in %v at %gx (ends at %v of virtual time): too fast to see; slow its default speed",
				sc.Name, wall, sc.Defaults.Speed, r.state.Now)
		}
	}
}

// TestLockRaceCountsItsLostUpdates: the picture's count of lost updates is
// what the program's own arithmetic says: expected minus got.
func TestLockRaceCountsItsLostUpdates(t *testing.T) {
	sc, err := scenarios.Get("lock-race")
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []uint64{1, 2, 3} {
		prm := sc.Defaults
		prm.Seed = seed
		r := playToEnd(t, sc, prm)
		o := r.state.Objects[0]
		var expected, got int
		out := r.output()
		if _, err := fmt.Sscanf(out[len(out)-1], "expected %d, got %d", &expected, &got); err != nil {
			t.Fatalf("seed %d: main printed %q", seed, out)
		}
		if o.Lost != expected-got || o.Lost == 0 {
			t.Errorf("seed %d: %d updates lost counted, the program says expected %d, got %d", seed, o.Lost, expected, got)
		}
	}
}
