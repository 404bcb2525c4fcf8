package pytrace

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

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
