package pytrace

import (
	"context"
	"strings"
	"testing"
	"time"

	"poolviz/picture"
	"poolviz/pool"
)

// traceUntil runs script until the run gives an event of kind k, and returns
// the events so far and the run, still open. The generous timeout only guards
// against a hang; no assertion depends on timing.
//
// quiet, if not nil, is called with the events so far once the program has
// been silent for a while (ten times opts.Quiet, at least a second): it may
// skip the test when what it waits for cannot come.
func traceUntil(t *testing.T, script string, k pool.Kind, opts Options, quiet ...func([]pool.Event)) ([]pool.Event, *Run) {
	t.Helper()
	needPython(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	opts.Script = script
	r, err := Start(ctx, opts)
	if err != nil {
		t.Fatalf("Start(%s): %v", script, err)
	}
	t.Cleanup(func() { r.Close() })
	var evs []pool.Event
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	silence, lastNews := max(10*opts.Quiet, time.Second), time.Now()
	for len(ofKind(evs, k)) == 0 {
		select {
		case <-ctx.Done():
			t.Fatalf("%s: no %v event before the timeout; events:\n%s\nstderr:\n%s", script, k, eventLines(evs), r.Stderr())
		case <-tick.C:
		}
		n := len(evs)
		if evs = r.Drain(evs); len(evs) > n {
			lastNews = time.Now()
		} else if len(quiet) > 0 && time.Since(lastNews) > silence {
			quiet[0](evs)
			lastNews = time.Now()
		}
	}
	return evs, r
}

func eventLines(evs []pool.Event) string {
	var b strings.Builder
	for _, ev := range evs {
		b.WriteString(ev.String() + "\n")
	}
	return b.String()
}

// deadlock returns the one deadlock event of evs.
func deadlock(t *testing.T, evs []pool.Event) pool.Event {
	t.Helper()
	dls := ofKind(evs, pool.KindDeadlock)
	if len(dls) != 1 {
		t.Fatalf("want one deadlock, got %v", dls)
	}
	t.Logf("%s: %s", dls[0].Label, dls[0].Value)
	return dls[0]
}

func TestTraceReportsALockOrderDeadlock(t *testing.T) {
	evs, r := traceUntil(t, "../assets/python/deadlock-lock-order.py", pool.KindDeadlock, Options{})
	dl := deadlock(t, evs)
	if dl.Label != "cycle" || !strings.HasPrefix(dl.Value, "worker 1 holds ") || !strings.Contains(dl.Value, ", held by worker 2, which waits for ") {
		t.Errorf("deadlock %q (%s), want a cycle of worker 1 and worker 2", dl.Value, dl.Label)
	}
	if len(dl.Vars) != 2 {
		t.Errorf("members %v, want the two workers", dl.Vars)
	}
	if r.Done() {
		t.Error("the program ended after its deadlock: it is kept until Close")
	}
}

func TestTraceReportsAQueueNobodyPutsTo(t *testing.T) {
	evs, r := traceUntil(t, "../assets/python/deadlock-queue.py", pool.KindDeadlock, Options{Quiet: 500 * time.Millisecond})
	dl := deadlock(t, evs)
	want := "main waits to get from queue shared_queue; worker 1 and worker 2 are idle with nothing to do. " +
		"Nothing can wake them: nothing happened for 500ms."
	if dl.Label != "stall" || dl.Value != want {
		t.Errorf("deadlock %q (%s), want %q", dl.Value, dl.Label, want)
	}
	if r.Done() {
		t.Error("the program ended after its stall: it is kept until Close")
	}
}

// TestTraceReportsPoolStarvation relies on the workers' waits on the Event
// being traced: a worker in an untraced call runs Python code, as far as the
// tracer knows, and may yet do something, so no stall could be told.
func TestTraceReportsPoolStarvation(t *testing.T) {
	const script = "../assets/python/deadlock-starvation.py"
	evs, _ := traceUntil(t, script, pool.KindDeadlock, Options{Quiet: 500 * time.Millisecond})
	dl := deadlock(t, evs)
	if dl.Label != "stall" || !strings.HasPrefix(dl.Value, "main waits for the result of task 1") ||
		!strings.Contains(dl.Value, "task 3 is still queued in the pool, but no worker is free to run it") {
		t.Errorf("deadlock %q (%s), want main's wait for the parent tasks and the queued subtask", dl.Value, dl.Label)
	}
}

func TestTraceNamesATaskLostWithItsWorker(t *testing.T) {
	evs, _ := traceUntil(t, "testdata/killed.py", pool.KindDeadlock, Options{Quiet: 500 * time.Millisecond})
	lost := ofKind(evs, pool.KindTaskFinished)
	if len(lost) != 2 || lost[1].Task != 2 || lost[1].Actor.Kind != pool.ActorWorker || !strings.Contains(lost[1].Err, "died while running it") {
		t.Fatalf("finished tasks %v, want task 2 lost with its worker", lost)
	}
	for i, ev := range evs {
		if ev.Seq == lost[1].Seq && (i+1 == len(evs) || evs[i+1].Kind != pool.KindWorkerExited || evs[i+1].Actor != ev.Actor) {
			t.Errorf("the lost task %v is not its worker's last word before its exit:\n%s", ev, eventLines(evs))
		}
		if ev.Seq != uint64(i+1) {
			t.Fatalf("event %d has Seq %d", i, ev.Seq)
		}
	}
	s := picture.Fold(evs)
	if s.Deadlock == nil || s.Counts.Failed != 1 || s.Counts.Running != 0 {
		t.Errorf("picture: deadlock %v, %d failed, %d running; want the stall, task 2 failed, none running", s.Deadlock, s.Counts.Failed, s.Counts.Running)
	}
	dl := deadlock(t, evs)
	if !strings.HasPrefix(dl.Value, "main waits for the result of task 2, but task 2 will never finish: worker ") {
		t.Errorf("deadlock %q, want main's wait for the lost task", dl.Value)
	}
}

// TestTraceStopsAnInitializerThatAlwaysFails drains nothing until the program
// ended: the run stops it on its own.
func TestTraceStopsAnInitializerThatAlwaysFails(t *testing.T) {
	evs, r := trace(t, "../assets/python/broken-initializer.py")
	broken := ofKind(evs, pool.KindPoolBroken)
	if len(broken) != 1 {
		t.Fatalf("pool-broken events %v, want one", broken)
	}
	t.Log(broken[0].Err)
	if !strings.Contains(broken[0].Err, "(KeyError: 'factor'); CPython would start new workers forever, so the run was stopped") {
		t.Errorf("pool-broken %q, want the initializer's error and why the run stopped", broken[0].Err)
	}
	if err := r.Err(); err == nil || !strings.Contains(err.Error(), "CPython would start new workers forever") {
		t.Errorf("Err() = %v, want the broken pool", err)
	}
	waitGone(t, r.pgid)
}

// TestTraceNoStallWhileWorkersSleep: main waits for results while the workers
// sleep in their tasks, far longer than the quiet period. A worker that runs
// a task is not waiting: no deadlock is reported. (A slow machine only makes
// the test weaker, never wrong.)
func TestTraceNoStallWhileWorkersSleep(t *testing.T) {
	evs, r := traceUntil(t, "testdata/hang.py", pool.KindTaskStarted, Options{Quiet: 100 * time.Millisecond})
	deadline := time.Now().Add(time.Minute)
	for len(ofKind(evs, pool.KindTaskStarted)) < 2 || len(ofKind(evs, pool.KindBlocked)) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the workers did not both start, or main did not wait, in a minute:\n%s", eventLines(evs))
		}
		time.Sleep(20 * time.Millisecond)
		evs = r.Drain(evs)
	}
	for range 50 { // 50 quiet periods
		time.Sleep(20 * time.Millisecond)
		evs = r.Drain(evs)
	}
	if dls := ofKind(evs, pool.KindDeadlock); len(dls) != 0 {
		t.Errorf("deadlock %v while both workers run their tasks", dls)
	}
}
