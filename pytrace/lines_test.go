package pytrace

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"poolviz/picture"
	"poolviz/pool"
)

// traceOpts runs a program with opts to its end and returns every event, as
// trace does.
func traceOpts(t *testing.T, opts Options) ([]pool.Event, *Run) {
	t.Helper()
	needPython(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r, err := Start(ctx, opts)
	if err != nil {
		t.Fatalf("Start(%s): %v", opts.Script, err)
	}
	t.Cleanup(func() { r.Close() })
	select {
	case <-r.Ended():
	case <-ctx.Done():
		t.Fatalf("%s did not end in time; stderr:\n%s", opts.Script, r.Stderr())
	}
	return r.Drain(nil), r
}

// lineOf returns the 1-based number of the line of file that holds mark.
func lineOf(t *testing.T, file, mark string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, mark) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line with %q", file, mark)
	return 0
}

// TestLinesOfMainAndWorkers checks the line events: main is seen on the map
// call's line before it waits for the map's result, every worker on the
// task's loop line (its task's step), and main never sends the same line
// twice in a row.
func TestLinesOfMainAndWorkers(t *testing.T) {
	const script = "testdata/lines.py"
	evs, r := traceOpts(t, Options{Script: script})
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	mapLine, totalLine := lineOf(t, script, "MAP-LINE"), lineOf(t, script, "SLEEP-LINE")
	last := map[pool.Actor]int{}
	sawTotal := false
	for _, ev := range evs {
		switch {
		case ev.Kind == pool.KindBlocked && ev.Actor == pool.MainActor:
			if last[ev.Actor] != mapLine {
				t.Errorf("main blocked (%s) on line %d, want %d", ev.Object, last[ev.Actor], mapLine)
			}
		case ev.Kind != pool.KindTaskStep:
			continue
		case ev.Label != "line" || ev.Count < 1:
			t.Errorf("line event %+v", ev)
		case ev.Actor.Kind == pool.ActorWorker && ev.Task == 0:
			t.Errorf("worker line event %v has no task", ev)
		case ev.Count == last[ev.Actor] && ev.Actor.Kind == pool.ActorMain:
			t.Errorf("%s sent line %d twice in a row", ev.Actor, ev.Count)
		default:
			last[ev.Actor] = ev.Count
			sawTotal = sawTotal || (ev.Actor.Kind == pool.ActorWorker && ev.Count == totalLine)
		}
	}
	if !sawTotal {
		t.Errorf("no worker seen on line %d", totalLine)
	}
}

// TestLinesOff checks that POOLVIZ_TRACE_LINES=0 sends no line events.
func TestLinesOff(t *testing.T) {
	evs, r := traceOpts(t, Options{Script: "testdata/lines.py", Env: []string{"POOLVIZ_TRACE_LINES=0"}})
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	if n := len(ofKind(evs, pool.KindTaskStep)); n != 0 {
		t.Errorf("%d line events with lines off, want none", n)
	}
	if len(ofKind(evs, pool.KindTaskFinished)) != 4 {
		t.Errorf("tasks finished: %d, want 4", len(ofKind(evs, pool.KindTaskFinished)))
	}
}

// TestLinesInLargeChunks traces two maps of one large chunk each. Lines are
// followed on only some items of a large chunk, so a slow function must still
// be followed on every item, and a trivial one at least now and then,
// each step carrying the chunk's task; the results are those of an untraced
// run.
func TestLinesInLargeChunks(t *testing.T) {
	const script = "testdata/chunklines.py"
	evs, r := traceOpts(t, Options{Script: script})
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	chunks := map[int]int{} // a chunk's first task -> its items
	for _, ev := range ofKind(evs, pool.KindTaskStarted) {
		chunks[ev.Task] = ev.Count
	}
	steps := map[int]map[int]int{} // line -> task -> steps
	for _, ev := range ofKind(evs, pool.KindTaskStep) {
		if ev.Actor.Kind == pool.ActorWorker {
			if steps[ev.Count] == nil {
				steps[ev.Count] = map[int]int{}
			}
			steps[ev.Count][ev.Task]++
		}
	}
	nap, square := lineOf(t, script, "mark: nap"), lineOf(t, script, "mark: square")
	if got := steps[nap][1]; chunks[1] != 100 || got < 95 {
		t.Errorf("the nap chunk (%d items) was seen on its sleep %d times, want at least 95 of 100", chunks[1], got)
	}
	if got := steps[square][101]; chunks[101] != 100_000 || got < 1 {
		t.Errorf("the square chunk (%d items) was seen on its line %d times, want at least once", chunks[101], got)
	}
	s := picture.Fold(evs)
	if !printed(s, "naps 4950") || !printed(s, "squares 333328333350000") {
		t.Errorf("picture: printed %v", s.Output)
	}
}
