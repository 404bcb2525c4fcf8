package pytrace

import (
	"testing"

	"poolviz/picture"
	"poolviz/pool"
)

// TestLargeChunksReportedWhole traces maps whose chunks have more items than
// the engine reports one by one: each chunk is one task-started and one
// task-finished (Count: its items), as the engine's large chunks are, and a
// chunk that fails is one failure of its items.
func TestLargeChunksReportedWhole(t *testing.T) {
	evs, r := trace(t, "testdata/bigmap.py")
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	started, finished := ofKind(evs, pool.KindTaskStarted), ofKind(evs, pool.KindTaskFinished)
	if len(started) != 4 || len(finished) != 4 {
		t.Fatalf("%d started, %d finished, want 4 chunks each:\n%v\n%v", len(started), len(finished), started, finished)
	}
	failed := 0
	for _, ev := range finished {
		if ev.Count != 100 || ev.Chunk == 0 {
			t.Errorf("finished %v, want a chunk of 100", ev)
		}
		if ev.Err != "" {
			failed++
			if ev.Err != "ValueError: no 150" || ev.Index != 100 {
				t.Errorf("failed chunk %v, want the second chunk failing with ValueError: no 150", ev)
			}
		}
	}
	if failed != 1 {
		t.Errorf("%d chunks failed, want 1", failed)
	}
	s := picture.Fold(evs)
	if s.Counts.Succeeded != 300 || s.Counts.Failed != 100 || s.Counts.Running != 0 {
		t.Errorf("picture counts %+v, want 300 succeeded, 100 failed", s.Counts)
	}
	if !printed(s, "failed: no 150") || !printed(s, "total 2646700") {
		t.Errorf("picture: printed %v", s.Output)
	}
}
