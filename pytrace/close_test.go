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
	var pids []int
	for pid, state := range groupStates(pgid) {
		if state != "Z" {
			pids = append(pids, pid)
		}
	}
	return pids
}

// groupStates maps each process of group pgid to its state ("R", "S", "T",
// "Z", ...), from /proc.
func groupStates(pgid int) map[int]string {
	paths, _ := filepath.Glob("/proc/[0-9]*/stat")
	states := map[int]string{}
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
		if len(f) < 3 {
			continue
		}
		if g, _ := strconv.Atoi(string(f[2])); g == pgid {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			states[pid] = string(f[0])
		}
	}
	return states
}

// TestPauseStopsTheProgram pauses a program that prints forever: every process
// of its group stops, the run's clock stands still, and Resume lets it go on.
func TestPauseStopsTheProgram(t *testing.T) {
	needPython(t)
	r, err := Start(context.Background(), Options{Script: "testdata/ticker.py", Grace: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	waitFor(t, r, pool.KindOutput, 4)
	r.Pause()
	if !r.Paused() {
		t.Fatal("Paused() = false after Pause")
	}
	waitStates(t, r.pgid, func(s string) bool { return s == "T" }, "stopped")
	if a, b := r.Now(), r.Now(); a != b {
		t.Errorf("Now() moved from %v to %v while paused", a, b)
	}
	r.Resume()
	waitStates(t, r.pgid, func(s string) bool { return s != "T" }, "running again")
	evs := waitFor(t, r, pool.KindOutput, 8)
	for i := 1; i < len(evs); i++ {
		if evs[i].Time < evs[i-1].Time || evs[i].Time > r.Now()+lag {
			t.Fatalf("event %v out of the run's clock (now %v)", evs[i], r.Now())
		}
	}
}

// waitStates waits (a minute at most) until every live process of group pgid
// is in a state ok accepts.
func waitStates(t *testing.T, pgid int, ok func(string) bool, want string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		all := true
		states := groupStates(pgid)
		for _, s := range states {
			if s != "Z" && !ok(s) {
				all = false
			}
		}
		if all && len(states) > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the program's processes are not all %s: %v", want, states)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
