package pytrace

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"poolviz/picture"
	"poolviz/pool"
)

// The Python twins of the presets whose shared objects are more than queues
// and locks, each with what its picture must show.
var objectTwins = []struct {
	script string
	check  func(t *testing.T, evs []pool.Event, s picture.State)
}{
	{"semaphore.py", checkSemaphoreTwin},
	{"event.py", checkEventTwin},
	{"barrier.py", checkBarrierTwin},
	{"lock-race.py", checkLockRaceTwin},
	{"shared-log.py", checkSharedLogTwin},
	{"shared-pipe.py", checkSharedPipeTwin},
}

func TestPythonTwinsObjects(t *testing.T) {
	for _, tw := range objectTwins {
		t.Run(tw.script, func(t *testing.T) {
			t.Parallel()
			evs, r := trace(t, filepath.Join("..", "assets", "python", tw.script))
			if err := r.Err(); err != nil {
				t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
			}
			checkWaitsEnd(t, evs)
			tw.check(t, evs, picture.Fold(evs))
		})
	}
}

func checkSemaphoreTwin(t *testing.T, evs []pool.Event, s picture.State) {
	sem := wantObject(t, evs, s, "semaphore", "semaphore", "")
	if sem.Capacity != 2 || sem.Count != 2 {
		t.Errorf("picture: semaphore %+v, want 2 of 2 permits free", sem)
	}
	if n := opsOn(evs, "semaphore"); n[pool.KindAcquireGranted] != 8 || n[pool.KindReleased] != 8 {
		t.Errorf("semaphore ops %v, want 8 grants and 8 releases", n)
	}
	wantObject(t, evs, s, "counter", "value", "counter lock")
	if n := opsOn(evs, "counter lock"); n[pool.KindAcquireGranted] != 16 {
		t.Errorf("counter lock ops %v, want 16 grants (get_lock, twice a task)", n)
	}
	if c := objectNamed(s, "counter"); c.Value != "0" || c.Puts != 17 {
		t.Errorf("picture: counter %+v, want 0 after 17 writes", c)
	}
}

func checkEventTwin(t *testing.T, evs []pool.Event, s picture.State) {
	ev := wantObject(t, evs, s, "event", "event", "")
	n := opsOn(evs, "event")
	if !ev.Set || n[pool.KindFlagSet] != 1 || n[pool.KindWaitEnded] != 4 {
		t.Errorf("event %+v ops %v, want set once and 4 waits ended", ev, n)
	}
}

func checkBarrierTwin(t *testing.T, evs []pool.Event, s picture.State) {
	b := wantObject(t, evs, s, "shared_barrier", "barrier", "")
	n := opsOn(evs, "shared_barrier")
	if b.Capacity != 3 || n[pool.KindWaitBegan] != 3 || n[pool.KindWaitEnded] != 3 || b.Broken {
		t.Errorf("barrier %+v ops %v, want 3 parties, 3 waits, not broken", b, n)
	}
}

// checkLockRaceTwin: every read and write of the counter shows, and the
// picture's value is the one the program printed (below 24 where an update
// was lost).
func checkLockRaceTwin(t *testing.T, evs []pool.Event, s picture.State) {
	c := wantObject(t, evs, s, "shared_counter", "value", "")
	if c.Puts != 25 || c.Gets != 25 {
		t.Errorf("picture: counter %d writes, %d reads; want 25 each (its making, 24 increments; 24 reads, main's last)", c.Puts, c.Gets)
	}
	if !printed(s, fmt.Sprintf("expected 24, got %s", c.Value)) {
		t.Errorf("picture: counter %q, but the program printed %v", c.Value, s.Output)
	}
}

func checkSharedLogTwin(t *testing.T, evs []pool.Event, s picture.State) {
	l := wantObject(t, evs, s, "shared_log", "log", "")
	if l.Count != 16 || len(s.Log) != 16 {
		t.Errorf("picture: log %+v with %d lines, want 16", l, len(s.Log))
	}
}

// checkSharedPipeTwin: every task sends one message on the pipe, under the
// lock, and main receives them all.
func checkSharedPipeTwin(t *testing.T, evs []pool.Event, s picture.State) {
	p := wantObject(t, evs, s, "writer", "pipe", "")
	if p.Puts != 8 || p.Gets != 8 || p.Len != 0 || len(p.Stream) != 8 {
		t.Errorf("picture: pipe %d sent, %d received, %d left, stream of %d; want 8, 8, 0, 8", p.Puts, p.Gets, p.Len, len(p.Stream))
	}
	for _, ev := range evs {
		if (ev.Kind == pool.KindQueuePut && ev.Label != "send") || (ev.Kind == pool.KindQueueGet && ev.Label != "recv") {
			t.Errorf("%v: a pipe's put is a send, its get a recv", ev)
		}
	}
	wantObject(t, evs, s, "shared_lock", "lock", "")
	if n := opsOn(evs, "shared_lock"); n[pool.KindAcquireGranted] != 8 || n[pool.KindReleased] != 8 {
		t.Errorf("lock ops %v, want 8 grants and 8 releases, one around each send", n)
	}
}

// TestPythonTwinsDeadlocked runs the twins that hang by design until their
// objects and waits show, then closes them.
func TestPythonTwinsDeadlocked(t *testing.T) {
	cases := []struct {
		script string
		stuck  func(evs []pool.Event) bool
	}{
		{"deadlock-lock-order.py", func(evs []pool.Event) bool {
			return blockedOn(evs, "lock a") >= 1 && blockedOn(evs, "lock b") >= 1
		}},
		{"deadlock-queue.py", func(evs []pool.Event) bool {
			gets := ofKind(evs, pool.KindQueueGet)
			return len(gets) == 3 && blockedOn(evs[gets[2].Seq:], "queue shared_queue") == 1
		}},
		{"deadlock-starvation.py", func(evs []pool.Event) bool {
			return blockedOn(evs, pool.ObjectPhrase("event", "event")) == 2 && opsOn(evs, "event")[pool.KindWaitBegan] == 2
		}},
	}
	for _, c := range cases {
		t.Run(c.script, func(t *testing.T) {
			t.Parallel()
			needPython(t)
			r, err := Start(context.Background(), Options{Script: filepath.Join("..", "assets", "python", c.script), Grace: 200 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var evs []pool.Event
			deadline := time.Now().Add(time.Minute) // a guard against a hang only
			for !c.stuck(evs) {
				if time.Now().After(deadline) || r.Done() {
					t.Fatalf("no deadlock seen; events %v; stderr:\n%s", evs, r.Stderr())
				}
				time.Sleep(20 * time.Millisecond)
				evs = r.Drain(evs)
			}
		})
	}
}

// blockedOn counts blocked events on the object a sentence calls what.
func blockedOn(evs []pool.Event, what string) int {
	n := 0
	for _, ev := range ofKind(evs, pool.KindBlocked) {
		if ev.Object == what {
			n++
		}
	}
	return n
}
