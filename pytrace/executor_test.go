package pytrace

import (
	"strings"
	"testing"

	"poolviz/picture"
	"poolviz/pool"
)

// TestProcessPoolExecutor traces a ProcessPoolExecutor with an initializer:
// it shows as a pool whose workers run the initializer once each, whose
// submits, map chunks and results are the tasks and results a Pool's are,
// and main's waits on result(), as_completed and map end.
func TestProcessPoolExecutor(t *testing.T) {
	evs, r := trace(t, "testdata/executor.py")
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	checkEveryTaskOnce(t, evs)
	checkInitOncePerGeneration(t, evs)
	checkWaitsEnd(t, evs)
	created := ofKind(evs, pool.KindPoolCreated)
	if len(created) != 1 || created[0].Count != 2 || created[0].Label != "prepare" || created[0].Value != "(10)" {
		t.Fatalf("pool-created %v, want one of 2 workers, prepare (10)", created)
	}
	for _, ev := range ofKind(evs, pool.KindInitEnded) {
		if len(ev.Vars) != 1 || ev.Vars[0] != (pool.Var{Name: "scale", Value: "10"}) {
			t.Errorf("%s init-ended with %v, want scale = 10", ev.Actor, ev.Vars)
		}
	}
	calls := map[string]int{}
	for _, ev := range ofKind(evs, pool.KindTaskSubmitted) {
		calls[ev.Label] += ev.Count
	}
	if calls["submit"] != 4 || calls["map"] != 4 {
		t.Errorf("submitted %v, want 4 by submit and 4 by map", calls)
	}
	if n := len(ofKind(evs, pool.KindResultReady)); n != 6 {
		t.Errorf("%d results ready, want 6 (4 submits, 2 map chunks)", n)
	}
	waited := map[string]bool{}
	for _, ev := range ofKind(evs, pool.KindBlocked) {
		waited[ev.Object] = true
	}
	if !waited["result of task 8"] {
		t.Errorf("main's waits %v: want one on the last submit's result", waited)
	}
	if len(ofKind(evs, pool.KindPoolClosed)) != 1 || len(ofKind(evs, pool.KindPoolJoined)) != 1 {
		t.Errorf("want the pool closed and joined once by shutdown")
	}
	s := picture.Fold(evs)
	if s.Counts.Running != 0 || s.QueueTasks != 0 || !s.Main.Ended || s.Main.Err != "" {
		t.Errorf("picture at the end: %+v, main %+v", s.Counts, s.Main)
	}
	if !printed(s, "done [0, 10, 20] mapped [0, 20, 40, 60] one 70") {
		t.Errorf("picture: printed %v", s.Output)
	}
}

// TestProcessPoolExecutorSpawnRecycles runs the executor's workers under spawn,
// each replaced after two jobs (from Python 3.11): each new worker runs the
// initializer once, and no worker runs more than two jobs.
func TestProcessPoolExecutorSpawnRecycles(t *testing.T) {
	evs, r := trace(t, "testdata/executor.py", "spawn")
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	checkEveryTaskOnce(t, evs)
	checkInitOncePerGeneration(t, evs)
	s := picture.Fold(evs)
	if !printed(s, "done [0, 10, 20] mapped [0, 20, 40, 60] one 70") {
		t.Errorf("the program's output is missing")
	}
	if !printed(s, "each worker does two jobs at most") {
		return // before Python 3.11: no max_tasks_per_child
	}
	for _, ev := range ofKind(evs, pool.KindWorkerExited) {
		if ev.Count > 2 {
			t.Errorf("%s (gen %d) ran %d jobs, want 2 at most", ev.Actor, ev.Gen, ev.Count)
		}
	}
	for _, ev := range ofKind(evs, pool.KindWorkerRecycled) {
		if ev.Count != 2 {
			t.Errorf("%s recycled after %d jobs, want 2", ev.Actor, ev.Count)
		}
	}
}

// TestBrokenProcessPoolExecutor traces an executor whose worker's process
// ends in the middle of a task: the executor is broken once, abruptly (the
// exit code says so), and every future ends once: the dying task on its
// worker, the pending ones before they started, each as the engine's
// executor records them; nothing is lost, no deadlock is found, and the
// refused submit submits nothing.
func TestBrokenProcessPoolExecutor(t *testing.T) {
	evs, r := trace(t, "testdata/broken_executor.py")
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	checkEveryTaskOnce(t, evs)
	if c := ofKind(evs, pool.KindPoolCreated); len(c) != 1 || c[0].Other != pool.ExecutorPool {
		t.Errorf("pool-created %v, want one of an executor", c)
	}
	b := ofKind(evs, pool.KindPoolBroken)
	if len(b) != 1 || b[0].Label != pool.BrokenAbruptly || !strings.Contains(b[0].Err, "exit code 1") {
		t.Fatalf("pool-broken %v, want one, abrupt, with exit code 1", b)
	}
	if d := ofKind(evs, pool.KindDeadlock); len(d) != 0 {
		t.Errorf("deadlocks %v: a broken executor loses no task", d)
	}
	for _, ev := range ofKind(evs, pool.KindTaskFinished) {
		if !strings.HasPrefix(ev.Err, "BrokenProcessPool") || (ev.Actor.Kind == pool.ActorMain) != (ev.Task != 1) {
			t.Errorf("%v: want BrokenProcessPool, by main for every task but the one that ran", ev)
		}
	}
	s := picture.Fold(evs)
	if !s.Pool.Executor || s.Pool.Status != picture.PoolBroken || s.QueueTasks != 0 || s.Counts.Failed != 4 {
		t.Errorf("picture: pool %+v, %d queued, counts %+v", s.Pool, s.QueueTasks, s.Counts)
	}
	if !printed(s, "broken 5") {
		t.Errorf("printed %v", s.Output)
	}
}

// TestCancelledFutureEnds: a future cancelled while pending ends, in the
// trace, before it started, as the engine's executor records it.
func TestCancelledFutureEnds(t *testing.T) {
	evs, r := trace(t, "testdata/cancel_executor.py")
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	checkEveryTaskOnce(t, evs)
	var ended []pool.Event
	for _, ev := range ofKind(evs, pool.KindTaskFinished) {
		if ev.Task == 4 {
			ended = append(ended, ev)
		}
	}
	if len(ended) != 1 || ended[0].Err != "cancelled" || ended[0].Actor.Kind != pool.ActorMain {
		t.Errorf("task 4 ended %v, want once, cancelled, by main", ended)
	}
	if s := picture.Fold(evs); !printed(s, "cancelled True [0, 1, 2]") || s.QueueTasks != 0 {
		t.Errorf("picture: printed %v, %d queued", s.Output, s.QueueTasks)
	}
}
