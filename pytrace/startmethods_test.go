package pytrace

import (
	"fmt"
	"strings"
	"testing"

	"poolviz/picture"
	"poolviz/pool"
)

// TestStartMethods traces the same program under fork, spawn and forkserver:
// ten results, each task once, one initializer run per worker, and each
// worker's global set.
func TestStartMethods(t *testing.T) {
	for _, method := range []string{"fork", "spawn", "forkserver"} {
		t.Run(method, func(t *testing.T) {
			evs, r := trace(t, "testdata/squares.py", method)
			if err := r.Err(); err != nil {
				t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
			}
			checkSquares(t, evs)
			if t.Failed() {
				for _, ev := range evs {
					t.Log(ev)
				}
			}
		})
	}
}

func checkSquares(t *testing.T, evs []pool.Event) {
	t.Helper()
	submitted := map[int]int{}
	for _, ev := range ofKind(evs, pool.KindTaskSubmitted) {
		submitted[ev.Task]++
	}
	finished := map[int]int{}
	for _, ev := range ofKind(evs, pool.KindTaskFinished) {
		finished[ev.Task]++
		if ev.Err != "" || ev.Actor.Kind != pool.ActorWorker {
			t.Errorf("finished %v: want a worker's success", ev)
		}
	}
	if len(submitted) != 10 || len(finished) != 10 {
		t.Fatalf("submitted %d tasks, finished %d: want 10 each", len(submitted), len(finished))
	}
	for id := range submitted {
		if submitted[id] != 1 || finished[id] != 1 {
			t.Errorf("task %d: submitted %d times, finished %d: want once each", id, submitted[id], finished[id])
		}
	}
	if len(ofKind(evs, pool.KindPoolClosed)) != 1 || len(ofKind(evs, pool.KindPoolJoined)) != 1 {
		t.Errorf("want one pool-closed and one pool-joined")
	}
	workers := ofKind(evs, pool.KindWorkerStarted)
	if len(workers) != 3 {
		t.Errorf("%d workers started, want 3", len(workers))
	}
	inits := map[pool.Actor]int{}
	for _, ev := range ofKind(evs, pool.KindInitEnded) {
		inits[ev.Actor]++
		if len(ev.Vars) != 1 || ev.Vars[0].Name != "label" || !strings.HasPrefix(ev.Vars[0].Value, "'w-") {
			t.Errorf("%v: globals %v, want label = 'w-<pid>'", ev.Actor, ev.Vars)
		}
	}
	for _, w := range workers {
		if inits[w.Actor] != 1 {
			t.Errorf("%v ran its initializer %d times, want 1", w.Actor, inits[w.Actor])
		}
	}
	s := picture.Fold(evs)
	if s.Counts.Succeeded != 10 || len(s.Results) != 10 {
		t.Errorf("picture: %d succeeded, %d results; want 10", s.Counts.Succeeded, len(s.Results))
	}
	for _, w := range s.Workers {
		if len(w.Globals) != 1 || w.Globals[0].Name != "label" {
			t.Errorf("picture: worker %d globals %v, want label", w.ID, w.Globals)
		}
	}
	if !s.Main.Ended || s.Main.Err != "" {
		t.Errorf("picture: main ended %v err %q; want a clean end", s.Main.Ended, s.Main.Err)
	}
	printed := 0
	for _, o := range s.Output {
		if strings.HasPrefix(o.Line, "square of") && strings.HasPrefix(o.Writer, "worker") {
			printed++
		}
	}
	if printed != 10 {
		t.Errorf("picture: %d lines printed by workers, want 10: %v", printed, fmt.Sprint(s.Output))
	}
}
