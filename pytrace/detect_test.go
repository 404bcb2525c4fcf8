package pytrace

import (
	"strings"
	"testing"
	"time"

	"poolviz/pool"
)

var (
	mainActor = pool.MainActor
	worker1   = pool.Actor{Kind: pool.ActorWorker, ID: 1}
	worker2   = pool.Actor{Kind: pool.ActorWorker, ID: 2}
)

// at makes an event of kind k by a at second s of the run.
func at(s float64, a pool.Actor, k pool.Kind) pool.Event {
	return pool.Event{Time: time.Duration(s * float64(time.Second)), Actor: a, Kind: k}
}

func with(ev pool.Event, f func(*pool.Event)) pool.Event { f(&ev); return ev }

func blocked(s float64, a pool.Actor, verb, object, other string) pool.Event {
	return with(at(s, a, pool.KindBlocked), func(e *pool.Event) { e.Label, e.Object, e.Other = verb, object, other })
}

func task(s float64, a pool.Actor, k pool.Kind, id int) pool.Event {
	return with(at(s, a, k), func(e *pool.Event) { e.Task = id })
}

func lockEvent(s float64, a pool.Actor, k pool.Kind, name string) pool.Event {
	return with(at(s, a, k), func(e *pool.Event) { e.Object = name })
}

// poolOf2 is the start of a program with a pool of two workers.
func poolOf2() []pool.Event {
	return []pool.Event{
		at(0, mainActor, pool.KindMainStarted),
		with(at(0.1, mainActor, pool.KindPoolCreated), func(e *pool.Event) { e.Count, e.Label = 2, "init_worker" }),
		at(0.2, worker1, pool.KindWorkerStarted),
		at(0.2, worker2, pool.KindWorkerStarted),
	}
}

// feed gives d every event and returns what it found.
func feed(d *detector, evs []pool.Event) []pool.Event {
	var found []pool.Event
	for _, ev := range evs {
		found = append(found, d.observe(ev)...)
	}
	return found
}

func TestDetectorFindsALockOrderCycle(t *testing.T) {
	d := newDetector(0)
	evs := append(poolOf2(),
		blocked(0.3, mainActor, "waits for the", "result of map tasks 1-2", ""),
		task(0.3, worker1, pool.KindTaskStarted, 1),
		task(0.3, worker2, pool.KindTaskStarted, 2),
		lockEvent(0.4, worker1, pool.KindAcquireGranted, "lock_a"),
		lockEvent(0.4, worker2, pool.KindAcquireGranted, "lock_b"),
		blocked(1.4, worker1, "waits for", "lock lock_b", "worker 2"),
	)
	if found := feed(d, evs); len(found) != 0 {
		t.Fatalf("a deadlock before the cycle closed: %v", found)
	}
	found := d.observe(blocked(1.5, worker2, "waits for", "lock lock_a", "worker 1"))
	if len(found) != 1 || found[0].Kind != pool.KindDeadlock || found[0].Label != "cycle" {
		t.Fatalf("found %v, want one cycle", found)
	}
	want := "worker 1 holds lock lock_a and waits for lock lock_b, held by worker 2, which waits for lock lock_a."
	if got := found[0].Value; got != want {
		t.Errorf("sentence %q, want %q", got, want)
	}
	if len(found[0].Vars) != 2 || found[0].Vars[0].Name != "worker 1" || found[0].Actor != worker1 {
		t.Errorf("members %v (actor %v), want worker 1 then worker 2", found[0].Vars, found[0].Actor)
	}
	if again := d.observe(blocked(1.6, worker2, "waits for", "lock lock_a", "worker 1")); len(again) != 0 {
		t.Errorf("the same cycle reported twice: %v", again)
	}
	if stall := d.check(time.Hour); len(stall) != 0 {
		t.Errorf("a stall after the cycle that explains it: %v", stall)
	}
}

// queueHang is main waiting to get from a queue nobody puts to, both workers
// done with their tasks.
func queueHang() []pool.Event {
	return append(poolOf2(),
		task(0.3, worker1, pool.KindTaskStarted, 1),
		task(1.3, worker1, pool.KindTaskFinished, 1),
		task(0.3, worker2, pool.KindTaskStarted, 2),
		task(2.3, worker2, pool.KindTaskFinished, 2),
		blocked(2.4, mainActor, "waits to get from", "queue shared_queue", ""),
	)
}

func TestDetectorFindsAStallAfterTheQuietPeriod(t *testing.T) {
	d := newDetector(2 * time.Second)
	feed(d, queueHang())
	if found := d.check(4300 * time.Millisecond); len(found) != 0 {
		t.Fatalf("a stall before the quiet period passed: %v", found)
	}
	found := d.check(4500 * time.Millisecond)
	if len(found) != 1 || found[0].Kind != pool.KindDeadlock || found[0].Label != "stall" {
		t.Fatalf("found %v, want one stall", found)
	}
	want := "main waits to get from queue shared_queue; worker 1 and worker 2 are idle with nothing to do. " +
		"Nothing can wake them: nothing happened for 2s."
	if got := found[0].Value; got != want {
		t.Errorf("sentence %q, want %q", got, want)
	}
	if len(found[0].Vars) != 3 || found[0].Time != 4500*time.Millisecond {
		t.Errorf("members %v at %v, want main and both workers at 4.5s", found[0].Vars, found[0].Time)
	}
	if again := d.check(time.Hour); len(again) != 0 {
		t.Errorf("the stall reported twice: %v", again)
	}
}

func TestDetectorNoStallWhileSomethingRuns(t *testing.T) {
	for _, tc := range []struct {
		name string
		evs  []pool.Event
	}{
		{"a worker runs a task (it may sleep)", append(poolOf2(),
			task(0.3, worker1, pool.KindTaskStarted, 1),
			blocked(0.4, mainActor, "waits for the", "result of task 1", ""))},
		{"main runs Python code (a sleep, a computation)", append(poolOf2(),
			blocked(0.4, mainActor, "waits for the", "result of task 1", ""),
			at(0.5, mainActor, pool.KindUnblocked))},
		{"main ended", append(queueHang(), at(2.5, mainActor, pool.KindMainEnded))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDetector(time.Second)
			feed(d, tc.evs)
			if found := d.check(time.Hour); len(found) != 0 {
				t.Errorf("found %v, want nothing: something may still happen", found)
			}
		})
	}
}

func TestDetectorNamesATaskLostWithItsWorker(t *testing.T) {
	d := newDetector(time.Second)
	evs := append(poolOf2(),
		blocked(0.3, mainActor, "waits for the", "result of map tasks 1-2", ""),
		task(0.3, worker1, pool.KindTaskStarted, 1),
		task(0.4, worker1, pool.KindTaskFinished, 1),
		task(0.3, worker2, pool.KindTaskStarted, 2),
		with(at(0.5, worker2, pool.KindWorkerExited), func(e *pool.Event) { e.Label = silentExitLabel }),
		with(at(0.6, worker2, pool.KindWorkerStarted), func(e *pool.Event) { e.Gen = 2 }),
	)
	found := feed(d, evs)
	if len(found) != 1 || found[0].Kind != pool.KindTaskFinished || found[0].Task != 2 || found[0].Actor != worker2 ||
		!strings.Contains(found[0].Err, "worker 2 died while running it") {
		t.Fatalf("found %v, want task 2 lost with worker 2", found)
	}
	stall := d.check(2 * time.Second)
	if len(stall) != 1 {
		t.Fatalf("no stall: %v", stall)
	}
	want := "main waits for the result of map tasks 1-2, but task 2 will never finish: worker 2 died while running it; " +
		"worker 1 and worker 2 are idle with nothing to do. Nothing can wake them: nothing happened for 1s."
	if got := stall[0].Value; got != want {
		t.Errorf("sentence %q, want %q", got, want)
	}
}

func TestDetectorStopsAnInitializerThatAlwaysFails(t *testing.T) {
	d := newDetector(0)
	evs := poolOf2()
	fail := func(s float64, w pool.Actor) pool.Event {
		return with(at(s, w, pool.KindInitFailed), func(e *pool.Event) { e.Err = "KeyError: 'factor'" })
	}
	for i := range maxInitFailures {
		s := float64(i + 1)
		evs = append(evs, fail(s, worker1), at(s, worker1, pool.KindWorkerExited), at(s, worker1, pool.KindWorkerStarted),
			fail(s, worker2), at(s, worker2, pool.KindWorkerExited), at(s, worker2, pool.KindWorkerStarted))
	}
	found := feed(d, evs)
	if len(found) != 1 || found[0].Kind != pool.KindPoolBroken {
		t.Fatalf("found %v, want one pool-broken", found)
	}
	want := "pool is broken: the initializer init_worker failed 5 times in a row (KeyError: 'factor'); " +
		"CPython would start new workers forever, so the run was stopped"
	if found[0].Err != want {
		t.Errorf("Err %q, want %q", found[0].Err, want)
	}
}

func TestDetectorForgivesAnInitializerThatRecovers(t *testing.T) {
	d := newDetector(0)
	evs := poolOf2()
	for i := range 2 * maxInitFailures {
		evs = append(evs, with(at(float64(i), worker1, pool.KindInitFailed), func(e *pool.Event) { e.Err = "OSError: busy" }))
		if i%2 == 1 {
			evs = append(evs, at(float64(i), worker1, pool.KindInitEnded))
		}
	}
	if found := feed(d, evs); len(found) != 0 {
		t.Errorf("found %v, want nothing: the initializer succeeds now and then", found)
	}
}

func TestDetectorNamesTheWorkNoWorkerIsFreeToRun(t *testing.T) {
	d := newDetector(0)
	evs := poolOf2()
	evs[1].Object = "pool"
	for id := 1; id <= 3; id++ {
		evs = append(evs, with(task(0.3, mainActor, pool.KindTaskSubmitted, id), func(e *pool.Event) { e.Count = 1 }))
	}
	evs = append(evs,
		blocked(0.3, mainActor, "waits for the", "result of task 1", ""),
		task(0.3, worker1, pool.KindTaskStarted, 1),
		task(0.3, worker2, pool.KindTaskStarted, 2),
		blocked(0.4, worker1, "waits for", "event subtask_done", ""),
		blocked(0.4, worker2, "waits for", "event subtask_done", ""),
	)
	feed(d, evs)
	found := d.check(3 * time.Second)
	if len(found) != 1 {
		t.Fatalf("found %v, want one stall", found)
	}
	want := "main waits for the result of task 1; worker 1 and worker 2 wait for event subtask_done; " +
		"task 3 is still queued in the pool, but no worker is free to run it. Nothing can wake them: nothing happened for 2s."
	if got := found[0].Value; got != want {
		t.Errorf("sentence %q, want %q", got, want)
	}
}

// TestDetectorFaultIsTheRunsError: a detector that panics (here, one made
// without its maps) is turned off, and the run says so, rather than crash the
// caller of Drain; the events still flow.
func TestDetectorFaultIsTheRunsError(t *testing.T) {
	r := &Run{conv: newConverter(), detect: &detector{}}
	evs := r.observe([]pool.Event{at(0, mainActor, pool.KindMainStarted)}, 0)
	if len(evs) != 1 || r.detect != nil || r.internalErr == nil {
		t.Errorf("events %v, detector %v, error %v: want the event, no detector, an internal error", evs, r.detect, r.internalErr)
	}
}

// BenchmarkDetectorObserve feeds a busy program's events: tasks that take and
// release a lock, main waiting for their results.
func BenchmarkDetectorObserve(b *testing.B) {
	evs := poolOf2()
	for id := 1; id <= 1000; id++ {
		w := []pool.Actor{worker1, worker2}[id%2]
		evs = append(evs, task(1, w, pool.KindTaskStarted, id),
			blocked(1, w, "waits for", "lock a", []string{"worker 1", "worker 2"}[1-id%2]),
			at(1, w, pool.KindUnblocked),
			lockEvent(1, w, pool.KindAcquireGranted, "a"),
			lockEvent(1, w, pool.KindReleased, "a"),
			task(1, w, pool.KindTaskFinished, id))
	}
	b.ReportAllocs()
	for b.Loop() {
		d := newDetector(0)
		feed(d, evs)
		d.check(time.Hour)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
}

// TestDetectorNoCycleWhenTheWaitEndsAfterTheGrant: a worker's acquire-granted
// may come before its unblocked line; in between it neither waits for the
// lock it holds nor for a holder that has released it.
func TestDetectorNoCycleWhenTheWaitEndsAfterTheGrant(t *testing.T) {
	d := newDetector(0)
	evs := append(poolOf2(),
		lockEvent(0.3, worker1, pool.KindAcquireGranted, "guard"),
		blocked(0.31, worker2, "waits for", "lock guard", "worker 1"),
		lockEvent(0.32, worker1, pool.KindReleased, "guard"),
		lockEvent(0.33, worker2, pool.KindAcquireGranted, "guard"),
		blocked(0.34, worker1, "waits for", "lock guard", "worker 2"),
		at(0.35, worker2, pool.KindUnblocked),
	)
	if found := feed(d, evs); len(found) != 0 {
		t.Errorf("found %v, want nothing: every wait ended", found)
	}
}

// TestDetectorSlowInitializerIsNoStall: main waits for a result while both
// workers are still in an initializer that sleeps longer than the quiet
// period: they may yet run the task, so that is no stall; once they are idle
// with nothing to run, it is.
func TestDetectorSlowInitializerIsNoStall(t *testing.T) {
	d := newDetector(300 * time.Millisecond)
	feed(d, append(poolOf2(),
		at(0.2, worker1, pool.KindInitBegan),
		at(0.2, worker2, pool.KindInitBegan),
		blocked(0.3, mainActor, "waits for the", "result of task 1", ""),
	))
	if found := d.check(time.Second); len(found) != 0 {
		t.Fatalf("workers in their initializer were taken for idle: %v", found)
	}
	feed(d, []pool.Event{at(1.2, worker1, pool.KindInitEnded), at(1.2, worker2, pool.KindInitEnded)})
	if found := d.check(2 * time.Second); len(found) != 1 || found[0].Label != "stall" {
		t.Fatalf("found %v, want one stall once the workers are idle", found)
	}
}
