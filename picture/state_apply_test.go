package picture

import (
	"reflect"
	"testing"
	"time"

	"poolviz/pool"
)

// The helpers here are prefixed "sa" (state apply) to keep clear of other test files.

const saMS = time.Millisecond

func saWorker(id int) pool.Actor { return pool.Actor{Kind: pool.ActorWorker, ID: id} }

// saSeq numbers events in order, as an engine does.
func saSeq(evs ...pool.Event) []pool.Event {
	for i := range evs {
		evs[i].Seq = uint64(i + 1)
	}
	return evs
}

// saStarted is a pool of n workers, started and initialized with global q="results".
func saStarted(n int) []pool.Event {
	evs := []pool.Event{{Kind: pool.KindMainStarted}, {Kind: pool.KindPoolCreated, Object: "pool", Count: n, Value: `"results"`}}
	for id := 1; id <= n; id++ {
		a := saWorker(id)
		evs = append(evs,
			pool.Event{Actor: a, Kind: pool.KindWorkerStarted, Gen: 1},
			pool.Event{Actor: a, Kind: pool.KindInitBegan, Gen: 1, Value: `"results"`},
			pool.Event{Actor: a, Kind: pool.KindGlobalSet, Gen: 1, Object: "queue", Value: `"results"`},
			pool.Event{Time: 1000 * saMS, Actor: a, Kind: pool.KindInitEnded, Gen: 1, Vars: []pool.Var{{Name: "queue", Value: `"results"`}}},
		)
	}
	return evs
}

func saFold(evs ...pool.Event) State { return Fold(saSeq(evs...)) }

func saCat(parts ...[]pool.Event) []pool.Event {
	var all []pool.Event
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}

// saCheckBounds fails if any slice of s exceeds its bound or a span is malformed.
func saCheckBounds(t testing.TB, s *State) {
	t.Helper()
	switch {
	case len(s.Workers) > MaxWorkers, len(s.Queue) > MaxQueue, len(s.queueRest.runs) > MaxQueue,
		len(s.Results) > MaxResults, len(s.Objects) > MaxObjects, len(s.Log) > MaxLogLines,
		len(s.Output) > MaxOutput, len(s.Main.Globals) > MaxListed:
		t.Fatalf("a bound is exceeded: workers %d queue %d runs %d results %d objects %d log %d output %d",
			len(s.Workers), len(s.Queue), len(s.queueRest.runs), len(s.Results), len(s.Objects), len(s.Log), len(s.Output))
	case s.QueueTasks < 0 || s.Counts.Running < 0 || s.Counts.Running > len(s.Workers):
		t.Fatalf("bad counters: queue tasks %d, running %d of %d workers", s.QueueTasks, s.Counts.Running, len(s.Workers))
	case s.Deadlock != nil && len(s.Deadlock.Members) > MaxListed:
		t.Fatalf("deadlock members: %d", len(s.Deadlock.Members))
	}
	for i, w := range s.Workers {
		if w.ID != i+1 || len(w.Spans) > MaxSpans || len(w.Globals) > MaxListed {
			t.Fatalf("worker slot %d: id %d, %d spans, %d globals", i, w.ID, len(w.Spans), len(w.Globals))
		}
		for _, sp := range w.Spans {
			if sp.End >= 0 && sp.End < sp.Start || sp.End < -1 {
				t.Fatalf("worker %d: span %+v ends before it starts", w.ID, sp)
			}
		}
	}
	for _, o := range s.Objects {
		if len(o.Holders) > MaxListed || len(o.Waiters) > MaxListed || len(o.Contents) > MaxListed || len(o.Stream) > MaxStream ||
			len(o.Closed) > MaxListed {
			t.Fatalf("object %q lists too much: %d holders %d waiters %d items", o.Name, len(o.Holders), len(o.Waiters), len(o.Contents))
		}
	}
}

func TestApplyPoolAndMain(t *testing.T) {
	tests := []struct {
		name string
		evs  []pool.Event
		want PoolStatus
	}{
		{"created", []pool.Event{{Kind: pool.KindPoolCreated, Object: "pool", Count: 3, Gen: 2, Value: "x"}}, PoolRunning},
		{"closed", []pool.Event{{Kind: pool.KindPoolCreated, Count: 1}, {Kind: pool.KindPoolClosed}}, PoolClosed},
		{"terminated", []pool.Event{{Kind: pool.KindPoolCreated, Count: 1}, {Kind: pool.KindPoolTerminated}}, PoolTerminated},
		{"broken", []pool.Event{{Kind: pool.KindPoolCreated, Count: 1}, {Kind: pool.KindPoolBroken, Err: "init failed"}}, PoolBroken},
		{"joined", []pool.Event{{Kind: pool.KindPoolCreated, Count: 1}, {Kind: pool.KindPoolClosed}, {Kind: pool.KindPoolJoined}}, PoolJoined},
		{"closed after broken stays broken", []pool.Event{{Kind: pool.KindPoolBroken}, {Kind: pool.KindPoolClosed}}, PoolBroken},
		{"terminated after broken", []pool.Event{{Kind: pool.KindPoolBroken}, {Kind: pool.KindPoolTerminated}}, PoolTerminated},
		{"late close after join", []pool.Event{{Kind: pool.KindPoolJoined}, {Kind: pool.KindPoolClosed}}, PoolJoined},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := saFold(tt.evs...)
			if s.Pool.Status != tt.want {
				t.Errorf("status %d, want %d", s.Pool.Status, tt.want)
			}
		})
	}
	s := saFold(pool.Event{Kind: pool.KindPoolCreated, Object: "pool", Count: 3, Gen: 2, Value: "x"})
	if want := (PoolView{Name: "pool", Status: PoolRunning, Workers: 3, InitArgs: "x", MaxTasks: 2}); s.Pool != want {
		t.Errorf("pool %+v, want %+v", s.Pool, want)
	}
	if len(s.Workers) != 3 || s.Workers[2].ID != 3 || s.Workers[2].Status != WorkerNone {
		t.Errorf("workers %+v: want 3 empty slots", s.Workers)
	}
	if s := saFold(pool.Event{Kind: pool.KindPoolBroken, Err: "boom"}); s.Pool.Err != "boom" {
		t.Errorf("broken pool's error %q", s.Pool.Err)
	}

	s = saFold(pool.Event{Kind: pool.KindMainStarted},
		pool.Event{Kind: pool.KindGlobalSet, Object: "n", Value: "1"},
		pool.Event{Kind: pool.KindTaskStep, Label: "submit"},
		pool.Event{Time: saMS, Kind: pool.KindOutput, Value: "Got (1, 2)"},
		pool.Event{Time: 2 * saMS, Actor: saWorker(1), Kind: pool.KindOutput, Value: "hello"},
		pool.Event{Time: 3 * saMS, Kind: pool.KindTaskSleep, Dur: time.Second},
	)
	m := s.Main
	if !m.Started || m.Ended || m.Step != "submit" || len(m.Globals) != 1 || m.SleepFor != time.Second || m.SleepFrom != 3*saMS {
		t.Errorf("main %+v", m)
	}
	if want := []OutputLine{{Time: saMS, Line: "Got (1, 2)", Writer: "main"}, {Time: 2 * saMS, Line: "hello", Writer: "worker 1"}}; !reflect.DeepEqual(s.Output, want) {
		t.Errorf("output %+v, want %+v", s.Output, want)
	}
	s.Apply(pool.Event{Seq: 9, Kind: pool.KindMainEnded, Err: "failed"})
	if !s.Main.Ended || s.Main.Err != "failed" || s.Main.SleepFor != 0 {
		t.Errorf("ended main %+v", s.Main)
	}
}

func TestApplyWorkerLifecycle(t *testing.T) {
	w1 := saWorker(1)
	tests := []struct {
		name  string
		evs   []pool.Event
		check func(t *testing.T, w WorkerView)
	}{
		{"started", []pool.Event{{Time: 5, Actor: w1, Kind: pool.KindWorkerStarted, Gen: 1}}, func(t *testing.T, w WorkerView) {
			if w.Status != WorkerStarting || w.Gen != 1 || w.Since != 5 {
				t.Errorf("%+v", w)
			}
		}},
		{"initializing", []pool.Event{{Actor: w1, Kind: pool.KindWorkerStarted, Gen: 1}, {Time: 7, Actor: w1, Kind: pool.KindInitBegan, Gen: 1}}, func(t *testing.T, w WorkerView) {
			if w.Status != WorkerInitializing || len(w.Spans) != 1 || w.Spans[0] != (Span{Kind: SpanInit, Start: 7, End: -1, Label: "initializer"}) {
				t.Errorf("%+v", w)
			}
		}},
		{"initialized", saStarted(1)[2:], func(t *testing.T, w WorkerView) {
			if w.Status != WorkerIdle || w.Since != time.Second || !reflect.DeepEqual(w.Globals, []pool.Var{{Name: "queue", Value: `"results"`}}) {
				t.Errorf("%+v", w)
			}
			if w.Spans[0].End != time.Second {
				t.Errorf("init span %+v", w.Spans[0])
			}
		}},
		{"init failed", []pool.Event{{Actor: w1, Kind: pool.KindInitBegan, Gen: 1}, {Time: 2, Actor: w1, Kind: pool.KindTaskStep, Gen: 1, Label: "read-config"},
			{Time: 3, Actor: w1, Kind: pool.KindInitFailed, Gen: 1, Err: "boom"},
			{Time: 3, Actor: w1, Kind: pool.KindWorkerExited, Gen: 1, Label: "initializer failed"}}, func(t *testing.T, w WorkerView) {
			if w.Status != WorkerFailed || w.Exit != "initializer failed: boom" || !w.Spans[0].Err || w.Spans[0].End != 3 {
				t.Errorf("%+v", w)
			}
			if w.FailStep != "read-config" { // the code pane marks its line
				t.Errorf("%+v", w)
			}
		}},
		{"init failed, step kept", []pool.Event{{Actor: w1, Kind: pool.KindInitBegan, Gen: 1}, {Time: 3, Actor: w1, Kind: pool.KindInitFailed, Gen: 1, Err: "boom"},
			{Time: 3, Actor: w1, Kind: pool.KindWorkerExited, Gen: 1, Label: "initializer failed"}}, func(t *testing.T, w WorkerView) {
			if w.Status != WorkerFailed || w.Exit != "initializer failed: boom" || !w.Spans[0].Err || w.Spans[0].End != 3 {
				t.Errorf("%+v", w)
			}
		}},
		{"globals keep their order", []pool.Event{{Actor: w1, Kind: pool.KindGlobalSet, Object: "a", Value: "1"},
			{Actor: w1, Kind: pool.KindGlobalSet, Object: "b", Value: "2"}, {Actor: w1, Kind: pool.KindGlobalSet, Object: "a", Value: "3"}}, func(t *testing.T, w WorkerView) {
			if want := []pool.Var{{Name: "a", Value: "3"}, {Name: "b", Value: "2"}}; !reflect.DeepEqual(w.Globals, want) {
				t.Errorf("globals %v, want %v", w.Globals, want)
			}
		}},
		{"recycled then replaced", saCat(saStarted(1)[2:], []pool.Event{
			{Time: 2 * time.Second, Actor: w1, Kind: pool.KindTaskStarted, Gen: 1, Task: 1},
			{Time: 3 * time.Second, Actor: w1, Kind: pool.KindTaskFinished, Gen: 1, Task: 1, Value: "1"},
			{Time: 3 * time.Second, Actor: w1, Kind: pool.KindWorkerRecycled, Gen: 1, Count: 1},
			{Time: 3 * time.Second, Actor: w1, Kind: pool.KindWorkerExited, Gen: 1, Label: "replaced after maxtasksperchild"},
		}), func(t *testing.T, w WorkerView) {
			if w.Status != WorkerReplaced || w.Exit != "replaced after maxtasksperchild" || w.Done != 1 || w.GenDone != 1 {
				t.Errorf("%+v", w)
			}
		}},
		{"next generation starts afresh", saCat(saStarted(1)[2:], []pool.Event{
			{Time: 2 * time.Second, Actor: w1, Kind: pool.KindTaskStarted, Gen: 1, Task: 1},
			{Time: 3 * time.Second, Actor: w1, Kind: pool.KindTaskFinished, Gen: 1, Task: 1},
			{Time: 3 * time.Second, Actor: w1, Kind: pool.KindWorkerRecycled, Gen: 1},
			{Time: 3 * time.Second, Actor: w1, Kind: pool.KindWorkerStarted, Gen: 2},
			{Time: 3 * time.Second, Actor: w1, Kind: pool.KindWorkerExited, Gen: 1}, // the old generation leaves late
		}), func(t *testing.T, w WorkerView) {
			// The slot counts every generation's tasks; the new process has done none.
			if w.Status != WorkerStarting || w.Gen != 2 || w.Globals != nil || w.Done != 1 || w.GenDone != 0 || w.Exit != "" {
				t.Errorf("%+v", w)
			}
		}},
		{"exited", []pool.Event{{Actor: w1, Kind: pool.KindWorkerStarted, Gen: 1}, {Time: 9, Actor: w1, Kind: pool.KindWorkerExited, Gen: 1, Count: 4}}, func(t *testing.T, w WorkerView) {
			if w.Status != WorkerExited || w.Since != 9 {
				t.Errorf("%+v", w)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := saFold(tt.evs...)
			if len(s.Workers) != 1 {
				t.Fatalf("%d worker slots, want 1", len(s.Workers))
			}
			tt.check(t, s.Workers[0])
			saCheckBounds(t, &s)
		})
	}
}

// saTaskRun returns the events of a run of tasks at three points: five tasks
// submitted (two chunks of map and one apply_async), worker 1 running task 3,
// and tasks 3 and 4 finished.
func saTaskRun() (base, running, finished []pool.Event) {
	w1 := saWorker(1)
	base = saCat(saStarted(2), []pool.Event{
		{Time: time.Second, Kind: pool.KindTaskSubmitted, Task: 1, Count: 2, Chunk: 1, Index: 0, Label: "map"},
		{Time: time.Second, Kind: pool.KindTaskSubmitted, Task: 3, Count: 2, Chunk: 2, Index: 2, Label: "map"},
		{Time: time.Second, Kind: pool.KindTaskSubmitted, Task: 5, Count: 1, Label: "apply_async"},
	})
	running = saCat(base, []pool.Event{
		{Time: 2 * time.Second, Actor: w1, Kind: pool.KindTaskStarted, Gen: 1, Task: 3, Index: 2, Chunk: 2, Value: "2"},
		{Time: 2 * time.Second, Actor: w1, Kind: pool.KindTaskStep, Gen: 1, Task: 3, Label: "compute"},
		{Time: 2 * time.Second, Actor: w1, Kind: pool.KindTaskSleep, Gen: 1, Task: 3, Dur: 500 * saMS},
	})
	finished = saCat(running, []pool.Event{
		{Time: 2600 * saMS, Actor: w1, Kind: pool.KindTaskFinished, Gen: 1, Task: 3, Index: 2, Value: "4"},
		{Time: 2600 * saMS, Actor: w1, Kind: pool.KindTaskStarted, Gen: 1, Task: 4, Index: 3, Chunk: 2, Value: "3"},
		{Time: 2700 * saMS, Actor: w1, Kind: pool.KindTaskFinished, Gen: 1, Task: 4, Index: 3, Err: "boom"},
	})
	return base, running, finished
}

func TestApplyTasks(t *testing.T) {
	base, running, finished := saTaskRun()
	t.Run("submitted", func(t *testing.T) {
		s := saFold(base...)
		if s.Counts.Submitted != 5 || s.QueueTasks != 5 || len(s.Queue) != 3 {
			t.Fatalf("counts %+v, queue tasks %d, queue %+v", s.Counts, s.QueueTasks, s.Queue)
		}
		if want := (QueuedJob{Task: 3, Count: 2, Chunk: 2, Index: 2, Call: "map"}); s.Queue[1] != want {
			t.Errorf("queue[1] = %+v, want %+v", s.Queue[1], want)
		}
	})
	t.Run("started", func(t *testing.T) {
		s := saFold(running...)
		w := s.Workers[0]
		if w.Status != WorkerRunning || w.Task != 3 || w.TaskArg != "2" || w.TaskCount != 1 || w.Step != "compute" {
			t.Errorf("worker %+v", w)
		}
		if w.SleepFrom != 2*time.Second || w.SleepFor != 500*saMS {
			t.Errorf("sleep from %v for %v", w.SleepFrom, w.SleepFor)
		}
		if n := len(w.Spans); n != 3 || w.Spans[1].Kind != SpanTask || w.Spans[2].Kind != SpanSleep || w.Spans[2].End != -1 {
			t.Errorf("spans %+v", w.Spans)
		}
		if len(s.Queue) != 2 || s.Queue[0].Task != 1 || s.QueueTasks != 3 || s.Counts.Running != 1 {
			t.Errorf("queue %+v, queue tasks %d, running %d", s.Queue, s.QueueTasks, s.Counts.Running)
		}
	})
	t.Run("finished", func(t *testing.T) {
		s := saFold(finished...)
		w := s.Workers[0]
		if w.Status != WorkerIdle || w.Task != 0 || w.Step != "" || w.Done != 1 || w.Failed != 1 {
			t.Errorf("worker %+v", w)
		}
		if sleep := w.Spans[2]; sleep.End != 2500*saMS {
			t.Errorf("the sleep should end as planned: %+v", sleep)
		}
		if task := w.Spans[1]; task.End != 2600*saMS || task.Err {
			t.Errorf("task span %+v", task)
		}
		if last := w.Spans[len(w.Spans)-1]; !last.Err || last.Task != 4 {
			t.Errorf("failed task span %+v", last)
		}
		want := []ResultView{
			{Task: 3, Index: 2, Worker: 1, Value: "4", Time: 2600 * saMS, Order: 1, Count: 1, Arg: "2"},
			{Task: 4, Index: 3, Worker: 1, Err: "boom", Time: 2700 * saMS, Order: 2, Count: 1, Arg: "3"},
		}
		if !reflect.DeepEqual(s.Results, want) {
			t.Errorf("results\n%+v\nwant\n%+v", s.Results, want)
		}
		if s.Counts != (TaskCounts{Submitted: 5, Succeeded: 1, Failed: 1}) || len(s.Queue) != 2 {
			t.Errorf("counts %+v, queue %+v", s.Counts, s.Queue)
		}
	})
}

func TestApplyTaskFailedInTheQueue(t *testing.T) {
	base, _, finished := saTaskRun()
	s := saFold(saCat(finished, []pool.Event{
		{Time: 3 * time.Second, Kind: pool.KindPoolTerminated},
		{Time: 3 * time.Second, Kind: pool.KindTaskFinished, Task: 5, Err: "terminated"},
	})...)
	if len(s.Queue) != 0 || s.QueueTasks != 0 || s.Pool.Status != PoolTerminated {
		t.Errorf("queue %+v (%d tasks), pool %+v", s.Queue, s.QueueTasks, s.Pool)
	}
	if r := s.Results[len(s.Results)-1]; r.Worker != 0 || r.Task != 5 || s.Workers[0].Failed != 1 || s.Workers[1].Failed != 0 {
		t.Errorf("result %+v, workers %+v", r, s.Workers)
	}
	s = saFold(saCat(base, []pool.Event{{Kind: pool.KindTaskFinished, Task: 1, Count: 2, Chunk: 1, Err: "broken"}})...)
	if len(s.Queue) != 2 || s.Queue[0].Task != 3 || s.Counts.Failed != 2 {
		t.Errorf("a chunk failing in the queue: queue %+v, counts %+v", s.Queue, s.Counts)
	}
}

func TestApplyChunks(t *testing.T) {
	w2 := saWorker(2)
	base, _, _ := saTaskRun()
	t.Run("chunk recorded as one span", func(t *testing.T) {
		s := saFold(saCat(base, []pool.Event{
			{Time: 2 * time.Second, Actor: w2, Kind: pool.KindTaskStarted, Gen: 1, Task: 1, Count: 2, Chunk: 1},
		})...)
		if w := s.Workers[1]; w.TaskCount != 2 || w.Spans[len(w.Spans)-1].Label != "tasks 1-2" || s.QueueTasks != 3 {
			t.Errorf("worker %+v, queue tasks %d", w, s.QueueTasks)
		}
		s.Apply(pool.Event{Seq: 99, Time: 3 * time.Second, Actor: w2, Kind: pool.KindTaskFinished, Gen: 1, Task: 1, Count: 2, Chunk: 1})
		if w := s.Workers[1]; w.Done != 2 || s.Counts.Succeeded != 2 || s.Arrived != 1 || s.Results[0].Count != 2 {
			t.Errorf("worker %+v, counts %+v, results %+v", w, s.Counts, s.Results)
		}
	})
	t.Run("items of a chunk take one job", func(t *testing.T) {
		s := saFold(saCat(base, []pool.Event{
			{Time: 2 * time.Second, Actor: w2, Kind: pool.KindTaskStarted, Gen: 1, Task: 1, Chunk: 1},
			{Time: 2 * time.Second, Actor: w2, Kind: pool.KindTaskFinished, Gen: 1, Task: 1},
			{Time: 2 * time.Second, Actor: w2, Kind: pool.KindTaskStarted, Gen: 1, Task: 2, Chunk: 1, Index: 1},
		})...)
		if len(s.Queue) != 2 || s.QueueTasks != 3 || s.Queue[0].Task != 3 {
			t.Errorf("queue %+v, %d tasks", s.Queue, s.QueueTasks)
		}
	})
}

func TestApplyBlocked(t *testing.T) {
	w1 := saWorker(1)
	evs := saCat(saStarted(1), []pool.Event{
		{Time: 2 * time.Second, Actor: w1, Kind: pool.KindTaskStarted, Gen: 1, Task: 1},
		{Time: 3 * time.Second, Actor: w1, Kind: pool.KindBlocked, Object: "lock B", Other: "worker 2", Label: "waits to acquire", Dur: -1},
	})
	s := saFold(evs...)
	w := s.Workers[0]
	if w.Status != WorkerBlocked || w.BlockedOn != "lock B" || w.BlockedBy != "worker 2" || w.BlockedVerb != "waits to acquire" || s.Counts.Running != 1 {
		t.Fatalf("worker %+v", w)
	}
	if sp := w.Spans[len(w.Spans)-1]; sp.Kind != SpanBlocked || sp.Label != "waits to acquire lock B" || sp.Task != 1 || sp.End != -1 {
		t.Errorf("blocked span %+v", sp)
	}
	s.Apply(pool.Event{Seq: 100, Time: 4 * time.Second, Actor: w1, Kind: pool.KindUnblocked, Object: "lock B"})
	w = s.Workers[0]
	if w.Status != WorkerRunning || w.BlockedOn != "" || w.Spans[len(w.Spans)-1].End != 4*time.Second {
		t.Errorf("after unblocked: %+v", w)
	}

	s = saFold(pool.Event{Kind: pool.KindBlocked, Object: "result of task 3", Other: "worker 1", Label: "waits for the"})
	if m := s.Main; m.BlockedOn != "result of task 3" || m.BlockedBy != "worker 1" || m.BlockedVerb != "waits for the" || len(s.Workers) != 0 {
		t.Errorf("main %+v, workers %d", m, len(s.Workers))
	}
	s.Apply(pool.Event{Seq: 2, Kind: pool.KindUnblocked, Object: "result of task 3"})
	if s.Main.BlockedOn != "" {
		t.Errorf("main still blocked: %+v", s.Main)
	}
}

func TestApplyDeadlockAndCoalesced(t *testing.T) {
	s := saFold(pool.Event{Time: 7, Kind: pool.KindDeadlock, Label: "cycle", Value: "Worker 1 holds lock A and waits for lock B.",
		Vars: []pool.Var{{Name: "worker 1", Value: "waits to acquire lock B"}}})
	want := &DeadlockView{Kind: "cycle", Sentence: "Worker 1 holds lock A and waits for lock B.",
		Members: []pool.Var{{Name: "worker 1", Value: "waits to acquire lock B"}}, Time: 7, Seq: 1}
	if !reflect.DeepEqual(s.Deadlock, want) {
		t.Errorf("deadlock %+v, want %+v", s.Deadlock, want)
	}

	s = saFold(pool.Event{Kind: pool.KindTaskSubmitted, Task: 1, Count: 3},
		pool.Event{Kind: pool.KindCoalesced, Count: 40, Vars: []pool.Var{{Name: "submitted", Value: "100"}, {Name: "succeeded", Value: "60"}, {Name: "failed", Value: "2"}, {Name: "junk", Value: "x"}}},
		pool.Event{Kind: pool.KindCoalesced, Count: 2, Vars: []pool.Var{{Name: "succeeded", Value: "not a number"}}},
	)
	if s.Coalesced != 42 || s.Counts != (TaskCounts{Submitted: 100, Succeeded: 60, Failed: 2}) || s.QueueTasks != 38 {
		t.Errorf("coalesced %d, counts %+v, queue tasks %d", s.Coalesced, s.Counts, s.QueueTasks)
	}
}

// TestTracedLineStep checks that a traced program's line step shows as the
// line it names ("line 17"), with the number kept for the code pane, while a
// preset's step label is shown as it is.
func TestTracedLineStep(t *testing.T) {
	w1 := pool.Actor{Kind: pool.ActorWorker, ID: 1}
	s := Fold([]pool.Event{
		{Seq: 1, Actor: w1, Kind: pool.KindWorkerStarted, Gen: 1},
		{Seq: 2, Actor: w1, Kind: pool.KindTaskStep, Gen: 1, Label: LineStep, Count: 17},
		{Seq: 3, Actor: pool.MainActor, Kind: pool.KindTaskStep, Label: "submit"},
	})
	if w := s.Workers[0]; w.Step != "line 17" || w.StepLine != 17 {
		t.Errorf("worker step %q at line %d, want \"line 17\" at 17", w.Step, w.StepLine)
	}
	if s.Main.Step != "submit" || s.Main.StepLine != 0 {
		t.Errorf("main step %q at line %d, want \"submit\" and no line", s.Main.Step, s.Main.StepLine)
	}
}

// TestCoalescedAddsShedTasks: a KindCoalesced event of today adds the tasks
// whose events were shed; one from an older saved run replaces the counts
// with the exact counters it carries.
func TestCoalescedAddsShedTasks(t *testing.T) {
	w1 := pool.Actor{Kind: pool.ActorWorker, ID: 1}
	vars := []pool.Var{{Name: "submitted", Value: "5"}, {Name: "succeeded", Value: "3"}, {Name: "failed", Value: "1"}}
	s := Fold([]pool.Event{
		{Kind: pool.KindTaskSubmitted, Task: 1, Count: 2},
		{Actor: w1, Kind: pool.KindTaskFinished, Task: 1},
		{Kind: pool.KindCoalesced, Count: 9, Label: pool.CoalescedShed, Vars: vars},
	})
	if c := s.Counts; c.Submitted != 7 || c.Succeeded != 4 || c.Failed != 1 || s.Coalesced != 9 {
		t.Errorf("after shed counts: %+v, coalesced %d; want 7 submitted, 4 succeeded, 1 failed", c, s.Coalesced)
	}
	s = Fold([]pool.Event{{Kind: pool.KindTaskSubmitted, Task: 1, Count: 2}, {Kind: pool.KindCoalesced, Count: 9, Vars: vars}})
	if c := s.Counts; c.Submitted != 5 || c.Succeeded != 3 || c.Failed != 1 {
		t.Errorf("an older run's exact counters: %+v, want them as they are", c)
	}
}

// TestDeadlockDroppedWhenAMemberWakes: a member of a reported deadlock whose
// wait then ends without an error was never in a deadlock; one interrupted by
// the run's end still is.
func TestDeadlockDroppedWhenAMemberWakes(t *testing.T) {
	dl := pool.Event{Kind: pool.KindDeadlock, Label: "stall", Value: "main waits", Vars: []pool.Var{{Name: "main", Value: "waits for the event"}}}
	s := Fold([]pool.Event{dl, {Kind: pool.KindUnblocked, Object: "the event", Err: "terminated"}})
	if s.Deadlock == nil {
		t.Error("a wait interrupted at the run's end dropped the deadlock")
	}
	s = Fold([]pool.Event{dl, {Actor: pool.Actor{Kind: pool.ActorWorker, ID: 3}, Kind: pool.KindUnblocked}})
	if s.Deadlock == nil {
		t.Error("a worker that was no member dropped the deadlock")
	}
	s = Fold([]pool.Event{dl, {Kind: pool.KindUnblocked, Object: "the event"}})
	if s.Deadlock != nil {
		t.Error("main's wait ended, yet the deadlock stays")
	}
}
