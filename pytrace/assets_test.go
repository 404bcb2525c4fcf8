package pytrace

import (
	"path/filepath"
	"strings"
	"testing"

	"poolviz/picture"
	"poolviz/pool"
)

// The repository's Python twins of the presets that need no input and end.
var twins = []struct {
	script string
	check  func(t *testing.T, evs []pool.Event, s picture.State)
}{
	{"shared-queue.py", checkSharedQueue},
	{"worker-globals.py", checkWorkerGlobals},
	{"lock.py", checkLock},
	{"maxtasksperchild.py", checkMaxTasks},
	{"imap-order.py", checkImapOrder},
	{"lock-race.py", nil},
	{"shared-log.py", nil},
}

func TestPythonTwins(t *testing.T) {
	for _, tw := range twins {
		t.Run(tw.script, func(t *testing.T) {
			t.Parallel()
			evs, r := trace(t, filepath.Join("..", "assets", "python", tw.script))
			if err := r.Err(); err != nil {
				t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
			}
			checkEveryTaskOnce(t, evs)
			checkInitOncePerGeneration(t, evs)
			checkWaitsEnd(t, evs)
			s := picture.Fold(evs)
			if !s.Main.Ended || s.Main.Err != "" {
				t.Errorf("picture: main ended %v, err %q", s.Main.Ended, s.Main.Err)
			}
			if s.QueueTasks != 0 || len(s.Queue) != 0 || s.Counts.Running != 0 {
				t.Errorf("picture: %d tasks queued, %d running at the end; want none", s.QueueTasks, s.Counts.Running)
			}
			if tw.check != nil {
				tw.check(t, evs, s)
			}
		})
	}
}

// checkEveryTaskOnce: every task submitted finishes exactly once.
func checkEveryTaskOnce(t *testing.T, evs []pool.Event) {
	t.Helper()
	submitted, finished := map[int]int{}, map[int]int{}
	for _, ev := range ofKind(evs, pool.KindTaskSubmitted) {
		for i := range max(ev.Count, 1) {
			submitted[ev.Task+i]++
		}
	}
	for _, ev := range ofKind(evs, pool.KindTaskFinished) {
		finished[ev.Task]++
	}
	if len(submitted) == 0 {
		t.Fatal("no task submitted")
	}
	cut := cutByTerminate(evs)
	for id, n := range submitted {
		if n == 1 && finished[id] == 0 && cut[id] {
			continue
		}
		if n != 1 || finished[id] != 1 {
			t.Errorf("task %d: submitted %d times, finished %d: want once each", id, n, finished[id])
		}
	}
	for id := range finished {
		if submitted[id] == 0 {
			t.Errorf("task %d finished but was never submitted", id)
		}
	}
}

// cutByTerminate returns the tasks that were running on a worker when
// terminate killed it. A task may end with its work done, such as
// shared-queue.py's put on the queue, yet not have returned: main's with
// block terminates the pool as soon as it has every item, and CPython's
// terminate does not wait for the workers to return.
func cutByTerminate(evs []pool.Event) map[int]bool {
	running, cut := map[pool.Actor]int{}, map[int]bool{}
	for _, ev := range evs {
		switch ev.Kind {
		case pool.KindTaskStarted:
			running[ev.Actor] = ev.Task
		case pool.KindTaskFinished:
			delete(running, ev.Actor)
		case pool.KindWorkerExited:
			if task, ok := running[ev.Actor]; ok && ev.Label == "terminated with the pool" {
				cut[task] = true
			}
			delete(running, ev.Actor)
		}
	}
	return cut
}

// checkWaitsEnd: each blocked event is followed by its actor's unblocked one,
// on the same thing.
func checkWaitsEnd(t *testing.T, evs []pool.Event) {
	t.Helper()
	on := map[pool.Actor]string{}
	for _, ev := range evs {
		switch ev.Kind {
		case pool.KindBlocked:
			if on[ev.Actor] != "" {
				t.Errorf("%v blocked on %q while blocked on %q", ev.Actor, ev.Object, on[ev.Actor])
			}
			on[ev.Actor] = ev.Object
		case pool.KindUnblocked:
			if on[ev.Actor] != ev.Object {
				t.Errorf("%v unblocked from %q, blocked on %q", ev.Actor, ev.Object, on[ev.Actor])
			}
			delete(on, ev.Actor)
		}
	}
	for a, what := range on {
		t.Errorf("%v still blocked on %q at the end", a, what)
	}
}

// checkInitOncePerGeneration: with an initializer, each worker generation runs
// it once (a replacement killed by terminate() inside it, before any task, ends none).
func checkInitOncePerGeneration(t *testing.T, evs []pool.Event) {
	t.Helper()
	created := ofKind(evs, pool.KindPoolCreated)
	if len(created) != 1 || created[0].Label == "" {
		return
	}
	type gen struct{ id, gen int }
	runs := map[gen]int{}
	for _, ev := range ofKind(evs, pool.KindInitEnded) {
		runs[gen{ev.Actor.ID, ev.Gen}]++
	}
	worked := map[gen]bool{}
	for _, ev := range ofKind(evs, pool.KindTaskStarted) {
		worked[gen{ev.Actor.ID, ev.Gen}] = true
	}
	for _, ev := range ofKind(evs, pool.KindWorkerStarted) {
		// A replacement that the pool's terminate() kills in the middle of its
		// initializer (its sleep(STARTUP)) never ends it, and ran no task.
		if n := runs[gen{ev.Actor.ID, ev.Gen}]; n != 1 && (n != 0 || worked[gen{ev.Actor.ID, ev.Gen}]) {
			t.Errorf("%v generation %d ran its initializer %d times, want 1", ev.Actor, ev.Gen, n)
		}
	}
}

func objectNamed(s picture.State, name string) *picture.ObjectView {
	for i := range s.Objects {
		if s.Objects[i].Name == name {
			return &s.Objects[i]
		}
	}
	return nil
}

func printed(s picture.State, line string) bool {
	for _, o := range s.Output {
		if o.Line == line {
			return true
		}
	}
	return false
}

func checkSharedQueue(t *testing.T, evs []pool.Event, s picture.State) {
	q := objectNamed(s, "shared_queue")
	if q == nil || q.Kind != "simple-queue" || q.Puts != 10 || q.Gets != 10 || q.Len != 0 {
		t.Fatalf("picture: queue shared_queue = %+v, want 10 puts, 10 gets, empty", q)
	}
	for _, ev := range ofKind(evs, pool.KindQueuePut) {
		if ev.Actor.Kind != pool.ActorWorker || !strings.HasPrefix(ev.Value, "(") {
			t.Errorf("put %v: want a worker putting an (i, value) pair", ev)
		}
	}
	if !printed(s, "received all 10 results") || !printed(s, "submitted 10 tasks") {
		t.Errorf("picture: printed lines %v", s.Output)
	}
	for _, w := range s.Workers {
		if len(w.Globals) != 1 || w.Globals[0].Value != "SimpleQueue(shared_queue)" {
			t.Errorf("worker %d globals %v, want queue = SimpleQueue(shared_queue)", w.ID, w.Globals)
		}
	}
}

func checkWorkerGlobals(t *testing.T, evs []pool.Event, s picture.State) {
	for _, ev := range ofKind(evs, pool.KindInitEnded) {
		names := []string{}
		for _, v := range ev.Vars {
			names = append(names, v.Name)
		}
		if strings.Join(names, ",") != "local_count,shared_count" {
			t.Errorf("%v set globals %v, want local_count and shared_count", ev.Actor, ev.Vars)
		}
	}
	if len(ofKind(evs, pool.KindGlobalSet)) == 0 {
		t.Error("no global-set: each task adds to local_count")
	}
	if !printed(s, "shared count = 12") {
		t.Errorf("picture: printed lines %v", s.Output)
	}
}

func checkLock(t *testing.T, evs []pool.Event, s picture.State) {
	l := objectNamed(s, "shared_lock")
	if l == nil || l.Kind != "lock" || len(l.Holders) != 0 || len(l.Waiters) != 0 {
		t.Fatalf("picture: lock shared_lock = %+v, want a free lock nobody waits for", l)
	}
	granted, released := ofKind(evs, pool.KindAcquireGranted), ofKind(evs, pool.KindReleased)
	if len(granted) != 24 || len(released) != 24 {
		t.Errorf("%d acquires granted, %d releases: want 24 each (8 tasks x 3)", len(granted), len(released))
	}
	if !printed(s, "expected 24, got 24") {
		t.Errorf("picture: printed lines %v", s.Output)
	}
}

func checkMaxTasks(t *testing.T, evs []pool.Event, s picture.State) {
	recycled := ofKind(evs, pool.KindWorkerRecycled)
	if len(recycled) < 3 {
		t.Errorf("%d workers recycled, want at least 3 (8 tasks, 2 per worker)", len(recycled))
	}
	for _, ev := range recycled {
		if ev.Count != 2 {
			t.Errorf("%v recycled after %d tasks, want 2", ev.Actor, ev.Count)
		}
	}
	for _, w := range s.Workers {
		if w.Gen < 2 {
			t.Errorf("picture: worker %d at generation %d, want a replacement", w.ID, w.Gen)
		}
	}
}

func checkImapOrder(t *testing.T, evs []pool.Event, s picture.State) {
	calls := map[string]int{}
	for _, ev := range ofKind(evs, pool.KindTaskSubmitted) {
		calls[ev.Label]++
	}
	if calls["imap"] != 8 || calls["imap_unordered"] != 8 {
		t.Errorf("submissions by call %v, want 8 imap and 8 imap_unordered", calls)
	}
	if len(ofKind(evs, pool.KindBlocked)) == 0 {
		t.Error("main never waited for the next result")
	}
	if s.Counts.Succeeded != 16 {
		t.Errorf("picture: %d succeeded, want 16", s.Counts.Succeeded)
	}
}
