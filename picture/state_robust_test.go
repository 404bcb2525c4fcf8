package picture

import (
	"reflect"
	"strconv"
	"testing"
	"time"

	"poolviz/pool"
)

// Robustness of the fold: reordered and shed events, bounds, clones, fuzzing, cost.

// TestApplyOutOfOrder feeds what a Parallel recorder may deliver: events of a
// worker before its pool, a finish before its start, a shed worker-started, and
// events of an old generation after the new one started.
func TestApplyOutOfOrder(t *testing.T) {
	w3 := saWorker(3)
	s := saFold(
		pool.Event{Time: 5, Actor: w3, Kind: pool.KindTaskFinished, Gen: 1, Task: 9, Value: "81"},
		pool.Event{Time: 4, Actor: w3, Kind: pool.KindTaskStarted, Gen: 1, Task: 9, Value: "9"},
		pool.Event{Time: 6, Kind: pool.KindPoolCreated, Count: 2},
	)
	if len(s.Workers) != 3 || s.Workers[2].Done != 1 || s.Arrived != 1 || s.Now != 6 {
		t.Fatalf("workers %+v, arrived %d, now %v", s.Workers, s.Arrived, s.Now)
	}
	// A task started and not finished shows as running; Now never goes back.
	if s.Workers[2].Status != WorkerRunning || s.Counts.Running != 1 {
		t.Errorf("worker 3 %+v", s.Workers[2])
	}

	s = saFold(
		pool.Event{Time: 1, Actor: w3, Kind: pool.KindInitEnded, Gen: 2, Vars: []pool.Var{{Name: "x", Value: "1"}}}, // gen 2 without its start
		pool.Event{Time: 2, Actor: w3, Kind: pool.KindGlobalSet, Gen: 1, Object: "old", Value: "1"},                 // gen 1, late
		pool.Event{Time: 3, Actor: w3, Kind: pool.KindTaskFinished, Gen: 1, Task: 1},                                // gen 1's task still counts
		pool.Event{Time: 3, Actor: w3, Kind: pool.KindWorkerExited, Gen: 1},                                         // gen 1 leaving
	)
	w := s.Workers[2]
	if w.Gen != 2 || w.Status != WorkerIdle || len(w.Globals) != 1 || w.Done != 1 || s.Counts.Succeeded != 1 {
		t.Errorf("worker 3 %+v, counts %+v", w, s.Counts)
	}

	// Nonsense is ignored, not fatal.
	s = saFold(
		pool.Event{Actor: pool.Actor{Kind: pool.ActorWorker, ID: -1}, Kind: pool.KindTaskStarted, Task: 1},
		pool.Event{Actor: pool.Actor{Kind: pool.ActorWorker, ID: MaxWorkers + 1}, Kind: pool.KindWorkerStarted},
		pool.Event{Actor: pool.Actor{Kind: pool.ActorWorker, ID: 0}, Kind: pool.KindTaskFinished, Task: 2},
		pool.Event{Actor: saWorker(1), Kind: pool.KindUnblocked},
		pool.Event{Kind: pool.Kind(pool.NumKinds) + 3},
	)
	if len(s.Workers) != 1 || s.Counts.Succeeded != 1 || s.Events != 5 {
		t.Errorf("workers %+v, counts %+v, events %d", s.Workers, s.Counts, s.Events)
	}
}

func TestApplyBounds(t *testing.T) {
	w1 := saWorker(1)
	var s State
	seq := uint64(0)
	apply := func(ev pool.Event) {
		seq++
		ev.Seq = seq
		s.Apply(ev)
	}
	for _, ev := range saStarted(1) {
		apply(ev)
	}
	const n = 20000
	for i := 1; i <= n; i++ { // a million apply_async calls would look the same
		apply(pool.Event{Kind: pool.KindTaskSubmitted, Task: i, Count: 1, Label: "apply_async"})
	}
	if len(s.Queue) != MaxQueue || s.QueueTasks != n || len(s.queueRest.runs) != 1 {
		t.Fatalf("queue: %d listed, %d tasks, %d runs", len(s.Queue), s.QueueTasks, len(s.queueRest.runs))
	}
	for i := 1; i <= n; i++ {
		tm := time.Duration(i) * time.Second
		apply(pool.Event{Time: tm, Actor: w1, Kind: pool.KindTaskStarted, Gen: 1, Task: i})
		if i == n/2 && (len(s.Queue) != MaxQueue || s.Queue[0].Task != i+1 || s.QueueTasks != n-i) {
			t.Fatalf("half-way: queue head %+v, %d listed, %d tasks", s.Queue[0], len(s.Queue), s.QueueTasks)
		}
		apply(pool.Event{Time: tm, Actor: w1, Kind: pool.KindTaskSleep, Gen: 1, Task: i, Dur: 500 * saMS})
		apply(pool.Event{Time: tm, Actor: w1, Kind: pool.KindOutput, Value: "line"})
		apply(pool.Event{Time: tm, Actor: w1, Kind: pool.KindLogAppended, Object: "log", Value: "line"})
		apply(pool.Event{Time: tm, Actor: w1, Kind: pool.KindGlobalSet, Gen: 1, Object: "g" + strconv.Itoa(i), Value: "1"})
		apply(pool.Event{Time: tm + 500*saMS, Actor: w1, Kind: pool.KindTaskFinished, Gen: 1, Task: i})
	}
	saCheckBounds(t, &s)
	w := s.Workers[0]
	if len(w.Spans) != MaxSpans || len(s.Results) != MaxResults || s.Arrived != n || w.Done != n || len(w.Globals) != MaxListed {
		t.Errorf("spans %d, results %d, arrived %d, done %d, globals %d", len(w.Spans), len(s.Results), s.Arrived, w.Done, len(w.Globals))
	}
	if last := s.Results[len(s.Results)-1]; last.Task != n || last.Order != n {
		t.Errorf("the last result should be kept: %+v", last)
	}
	if len(s.Queue) != 0 || s.QueueTasks != 0 || len(s.Output) != MaxOutput || len(s.Log) != MaxLogLines {
		t.Errorf("queue %d (%d tasks), output %d, log %d", len(s.Queue), s.QueueTasks, len(s.Output), len(s.Log))
	}

	// Jobs that do not compress: past MaxQueue listed and MaxQueue runs, only counted.
	s = State{}
	for i := 1; i <= 3*MaxQueue; i++ {
		apply(pool.Event{Kind: pool.KindTaskSubmitted, Task: 3 * i, Count: 2, Label: "map", Chunk: i * 7})
	}
	if len(s.Queue) != MaxQueue || len(s.queueRest.runs) != MaxQueue || s.queueRest.lost != 2*MaxQueue || s.QueueTasks != 6*MaxQueue {
		t.Fatalf("queue %d, runs %d, lost %d, tasks %d", len(s.Queue), len(s.queueRest.runs), s.queueRest.lost, s.QueueTasks)
	}
	apply(pool.Event{Actor: w1, Kind: pool.KindTaskStarted, Task: 3 * (MaxQueue + 5)}) // in the middle of the runs
	if len(s.Queue) != MaxQueue || s.QueueTasks != 6*MaxQueue-2 {
		t.Errorf("queue %d, tasks %d", len(s.Queue), s.QueueTasks)
	}
	saCheckBounds(t, &s)
}

func TestCloneIsIndependent(t *testing.T) {
	evs := saSeq(saCat(saStarted(2), []pool.Event{
		{Kind: pool.KindTaskSubmitted, Task: 1, Count: 1},
		{Kind: pool.KindDeadlock, Vars: []pool.Var{{Name: "a", Value: "b"}}},
		{Kind: pool.KindObjectCreated, Object: "q", Label: "queue"},
		{Actor: saWorker(1), Kind: pool.KindQueuePut, Object: "q", Value: "1", Count: 1},
		{Actor: saWorker(1), Kind: pool.KindAcquireRequested, Object: "q"},
		{Kind: pool.KindOutput, Value: "x"},
		{Kind: pool.KindGlobalSet, Object: "m", Value: "1"},
		{Actor: saWorker(1), Kind: pool.KindTaskStarted, Gen: 1, Task: 1},
	})...)
	half := len(evs) - 4
	s := Fold(evs[:half])
	c := s.Clone()
	if !reflect.DeepEqual(c, s) {
		t.Fatal("a clone differs from its original")
	}
	for _, ev := range evs[half:] {
		s.Apply(ev)
	}
	s.Workers[0].Globals[0].Value = "changed"
	s.Deadlock.Members[0].Value = "changed"
	s.Objects[0].Contents[0] = "changed"
	s.Queue = append(s.Queue[:0], QueuedJob{Task: 99})
	if want := Fold(evs[:half]); !reflect.DeepEqual(c, want) {
		t.Errorf("changing the original changed the clone:\n%+v\nwant\n%+v", c, want)
	}
	var zero State
	if z := zero.Clone(); !reflect.DeepEqual(z, zero) {
		t.Errorf("clone of a zero State: %+v", z)
	}
}

// saDecode turns fuzz bytes into events: 8 bytes each, covering every kind, odd
// actors and ids, negative counts and durations, time going back.
func saDecode(data []byte) []pool.Event {
	names := []string{"q", "lock", "results", "", "log"}
	labels := []string{"queue", "lock", "rlock", "barrier", "semaphore", "cycle", "map", ""}
	var evs []pool.Event
	t := time.Duration(0)
	for len(data) >= 8 {
		b := data[:8]
		data = data[8:]
		t += time.Duration(int8(b[0])) * saMS
		ev := pool.Event{
			Seq:    uint64(len(evs) + 1),
			Time:   t,
			Kind:   pool.Kind(b[1] % uint8(pool.Kind(pool.NumKinds)+1)),
			Actor:  pool.Actor{Kind: pool.ActorKind(b[2] % 4), ID: int(int8(b[3]))},
			Gen:    int(b[4] % 4),
			Task:   int(int8(b[5])),
			Count:  int(int8(b[6])),
			Chunk:  int(b[7] % 3),
			Object: names[int(b[7])%len(names)],
			Label:  labels[int(b[0])%len(labels)],
			Dur:    time.Duration(int8(b[6])) * saMS,
		}
		if b[3] == 0x7f {
			ev.Actor.ID = 1 << 40
		}
		if b[7]&0x10 != 0 {
			ev.Err = "boom"
		}
		if b[7]&0x20 != 0 {
			ev.Value = strconv.Itoa(int(b[5]))
			ev.Vars = []pool.Var{{Name: "submitted", Value: strconv.Itoa(int(b[6]))}, {Name: "g" + strconv.Itoa(int(b[4])), Value: "v"}}
		}
		evs = append(evs, ev)
	}
	return evs
}

// FuzzApply feeds arbitrary event sequences: Apply must never panic, the bounds
// must hold, and a Clone must equal its original.
func FuzzApply(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{10, byte(pool.KindPoolCreated), 0, 0, 1, 0, 2, 0, 10, byte(pool.KindWorkerStarted), 1, 1, 1, 0, 0, 0})
	var all []byte
	for k := range pool.NumKinds + 1 {
		for a := range 4 {
			all = append(all, byte(k*7), byte(k), byte(a), byte(k%5), byte(k%3), byte(k), byte(-k), byte(k*37))
		}
	}
	f.Add(all)
	run := make([]byte, 0, 8*300)
	for i := range 300 {
		run = append(run, 5, byte([]pool.Kind{pool.KindTaskSubmitted, pool.KindTaskStarted, pool.KindTaskSleep, pool.KindTaskFinished, pool.KindBlocked}[i%5]),
			byte(i%2), byte(1+i%3), 1, byte(i/5), 1, byte(i))
	}
	f.Add(run)
	f.Fuzz(func(t *testing.T, data []byte) {
		var s State
		for _, ev := range saDecode(data) {
			s.Apply(ev)
		}
		saCheckBounds(t, &s)
		if c := s.Clone(); !reflect.DeepEqual(c, s) {
			t.Fatal("a clone differs from its original")
		}
	})
}

// BenchmarkApply folds a synthetic run of 8 workers, each task a start, a sleep,
// a step and a finish, after 65536 apply_async submissions; it reports the cost
// of one event.
func BenchmarkApply(b *testing.B) {
	const tasks = 1 << 16
	evs := saStarted(8)
	for i := 1; i <= tasks; i++ {
		evs = append(evs, pool.Event{Kind: pool.KindTaskSubmitted, Task: i, Count: 1, Label: "apply_async"})
	}
	for i := 1; i <= tasks; i++ {
		w, tm := saWorker(1+i%8), time.Duration(i)*saMS
		evs = append(evs,
			pool.Event{Time: tm, Actor: w, Kind: pool.KindTaskStarted, Gen: 1, Task: i, Value: "x"},
			pool.Event{Time: tm, Actor: w, Kind: pool.KindTaskSleep, Gen: 1, Task: i, Dur: saMS},
			pool.Event{Time: tm, Actor: w, Kind: pool.KindTaskStep, Gen: 1, Task: i, Label: "put"},
			pool.Event{Time: tm + saMS, Actor: w, Kind: pool.KindTaskFinished, Gen: 1, Task: i, Value: "y"})
	}
	saSeq(evs...)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s := Fold(evs)
		if s.Arrived != tasks || s.QueueTasks != 0 {
			b.Fatalf("arrived %d, queue tasks %d", s.Arrived, s.QueueTasks)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
}

// TestCloneTimelinesAreCopiedOnWrite closes, opens and drops spans on an
// original and on its clone, which share their timelines' arrays until one
// changes: neither side ever sees the other's change.
func TestCloneTimelinesAreCopiedOnWrite(t *testing.T) {
	evs := saStarted(1)
	for task := 1; task <= MaxSpans+3; task++ {
		evs = append(evs,
			pool.Event{Actor: saWorker(1), Kind: pool.KindTaskStarted, Gen: 1, Task: task},
			pool.Event{Actor: saWorker(1), Kind: pool.KindTaskFinished, Gen: 1, Task: task})
	}
	open := pool.Event{Actor: saWorker(1), Kind: pool.KindTaskStarted, Gen: 1, Task: 999}
	evs = saSeq(append(evs, open)...)
	s := Fold(evs)
	c := s.Clone()
	before := Fold(evs)
	end := pool.Event{Actor: saWorker(1), Kind: pool.KindTaskFinished, Gen: 1, Task: 999, Time: 5}
	s.Apply(end) // closes the span both share: the original copies first
	if !reflect.DeepEqual(c, before) {
		t.Fatal("closing a span on the original changed the clone")
	}
	c2 := c.Clone()
	c.Apply(end) // and the clone, whose copy is shared with c2
	c.Apply(pool.Event{Actor: saWorker(1), Kind: pool.KindTaskStarted, Gen: 1, Task: 1000})
	if !reflect.DeepEqual(c2, before) {
		t.Fatal("changing a clone changed its own clone")
	}
	if want := Fold(append(evs, end)); !reflect.DeepEqual(s, want) {
		t.Fatal("the original is not the fold of its events")
	}
}
