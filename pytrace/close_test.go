//go:build linux

package pytrace

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"poolviz/pool"
)

// TestCloseKillsAHangingProgram starts a program that never ends, waits until
// its workers run, and closes it: no process of its group survives, the
// private folder is gone, and the events so far can still be drained.
func TestCloseKillsAHangingProgram(t *testing.T) {
	needPython(t)
	r, err := Start(context.Background(), Options{Script: "testdata/hang.py", Grace: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	evs := waitFor(t, r, pool.KindTaskStarted, 2)
	if len(processesOfGroup(r.pgid)) == 0 {
		t.Fatal("no process of the program's group found while it runs")
	}
	if r.Done() {
		t.Error("Done() = true while the program runs")
	}
	r.Close()
	evs = r.Drain(evs)
	for i, ev := range evs {
		if ev.Seq != uint64(i+1) || (i > 0 && ev.Time < evs[i-1].Time) {
			t.Fatalf("event %d = %v: want Seq %d, time not going back, across drains", i, ev, i+1)
		}
	}
	if len(ofKind(evs, pool.KindWorkerExited)) != 2 {
		t.Errorf("want a worker-exited for each killed worker, got %v", ofKind(evs, pool.KindWorkerExited))
	}
	if err := r.Err(); err != nil {
		t.Errorf("Err() after Close = %v, want nil (stopped on purpose)", err)
	}
	if _, err := os.Stat(r.dir); !os.IsNotExist(err) {
		t.Errorf("private folder %s still there after Close (%v)", r.dir, err)
	}
	waitGone(t, r.pgid)
}

// TestContextStopsTheProgram cancels the context of a hanging program.
func TestContextStopsTheProgram(t *testing.T) {
	needPython(t)
	ctx, cancel := context.WithCancel(context.Background())
	r, err := Start(ctx, Options{Script: "testdata/hang.py", Grace: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	waitFor(t, r, pool.KindTaskStarted, 1)
	cancel()
	select {
	case <-r.Ended():
	case <-time.After(time.Minute):
		t.Fatal("the program did not end after its context was cancelled")
	}
	waitGone(t, r.pgid)
}

// waitFor drains r until n events of kind k arrived (a minute at most).
func waitFor(t *testing.T, r *Run, k pool.Kind, n int) []pool.Event {
	t.Helper()
	var evs []pool.Event
	deadline := time.Now().Add(time.Minute)
	for len(ofKind(evs, k)) < n {
		if time.Now().After(deadline) {
			r.Close()
			t.Fatalf("no %d %v events in a minute; stderr:\n%s", n, k, r.Stderr())
		}
		time.Sleep(20 * time.Millisecond)
		evs = r.Drain(evs)
	}
	return evs
}

// waitReceived waits (a minute at most) until r has received n lines of kind k.
func waitReceived(t *testing.T, r *Run, k pool.Kind, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		r.mu.Lock()
		got := 0
		for _, w := range r.pending {
			if w.Kind == k.String() {
				got++
			}
		}
		r.mu.Unlock()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			r.Close()
			t.Fatalf("no %d %v lines in a minute; stderr:\n%s", n, k, r.Stderr())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitGone waits (a minute at most) until no live process is in group pgid.
func waitGone(t *testing.T, pgid int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for len(processesOfGroup(pgid)) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("processes of the program survive: %v", processesOfGroup(pgid))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// processesOfGroup lists the live (not zombie) processes of group pgid, from /proc.
func processesOfGroup(pgid int) []int {
	paths, _ := filepath.Glob("/proc/[0-9]*/stat")
	var pids []int
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// The fields after the command (which may hold spaces) follow its ")".
		i := bytes.LastIndexByte(data, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(data[i+1:])
		if len(f) < 3 || string(f[0]) == "Z" {
			continue
		}
		if g, _ := strconv.Atoi(string(f[2])); g == pgid {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			pids = append(pids, pid)
		}
	}
	return pids
}

// TestFailingInitializer traces a program whose initializer raises: CPython
// replaces the workers forever, each failure shows, and Close stops it all.
func TestFailingInitializer(t *testing.T) {
	needPython(t)
	r, err := Start(context.Background(), Options{Script: "../assets/python/broken-initializer.py", Grace: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	// Wait on the lines received, not on drained events: drained live, the
	// order of events on different connections depends on the lag, and the
	// slots given depend on that order. Drained after the end, it is exact.
	waitReceived(t, r, pool.KindInitFailed, 3)
	r.Close()
	evs := r.Drain(nil)
	for _, ev := range ofKind(evs, pool.KindInitFailed) {
		if ev.Actor.Kind != pool.ActorWorker || ev.Err != "KeyError: 'factor'" {
			t.Errorf("%v: want a worker's KeyError: 'factor'", ev)
		}
	}
	gens := map[int]bool{}
	for _, ev := range ofKind(evs, pool.KindWorkerStarted) {
		gens[ev.Gen] = true
	}
	if !gens[2] {
		t.Errorf("no replacement worker (generation 2) among %v", ofKind(evs, pool.KindWorkerStarted))
	}
	waitGone(t, r.pgid)
}
