package picture

import (
	"reflect"
	"testing"
	"time"

	"poolviz/pool"
)

func TestApplyQueue(t *testing.T) {
	w1, w2 := saWorker(1), saWorker(2)
	s := saFold(
		pool.Event{Kind: pool.KindObjectCreated, Object: "results", Label: "simple-queue"},
		pool.Event{Actor: w1, Kind: pool.KindQueuePut, Object: "results", Value: "(1, 2)", Count: 1},
		pool.Event{Actor: w2, Kind: pool.KindQueuePut, Object: "results", Value: "(2, 4)", Count: 2},
		pool.Event{Actor: w1, Kind: pool.KindQueuePut, Object: "results", Value: "(3, 6)", Count: 3},
		pool.Event{Kind: pool.KindQueueGet, Object: "results", Value: "(1, 2)", Count: 2},
	)
	o := s.Objects[0]
	if o.Kind != "simple-queue" || !reflect.DeepEqual(o.Contents, []string{"(2, 4)", "(3, 6)"}) || o.Len != 2 || o.Puts != 3 || o.Gets != 1 {
		t.Errorf("queue %+v", o)
	}
	s.Apply(pool.Event{Seq: 9, Kind: pool.KindQueueGet, Object: "results", Value: "(3, 6)", Count: 0}) // out of order
	if o := s.Objects[0]; len(o.Contents) != 0 || o.Len != 0 {
		t.Errorf("queue %+v", o)
	}
}

func TestApplyLocks(t *testing.T) {
	w1, w2 := saWorker(1), saWorker(2)
	t.Run("lock", func(t *testing.T) {
		s := saFold(
			pool.Event{Kind: pool.KindObjectCreated, Object: "lock", Label: "lock"},
			pool.Event{Actor: w1, Kind: pool.KindAcquireRequested, Object: "lock"},
			pool.Event{Actor: w1, Kind: pool.KindAcquireGranted, Object: "lock", Count: 1},
			pool.Event{Actor: w2, Kind: pool.KindAcquireRequested, Object: "lock", Other: "worker 1"},
			pool.Event{Actor: w2, Kind: pool.KindWaitBegan, Object: "lock", Label: "acquire"},
			pool.Event{Kind: pool.KindAcquireRequested, Object: "lock", Other: "worker 1"},
			pool.Event{Kind: pool.KindWaitBegan, Object: "lock", Label: "acquire"},
		)
		o := s.Objects[0]
		if !reflect.DeepEqual(o.Holders, []string{"worker 1"}) || !reflect.DeepEqual(o.Waiters, []string{"worker 2", "main"}) {
			t.Fatalf("lock %+v", o)
		}
		// A release that hands the lock over to the first waiter.
		s.Apply(pool.Event{Seq: 8, Actor: w1, Kind: pool.KindReleased, Object: "lock"})
		s.Apply(pool.Event{Seq: 9, Actor: w2, Kind: pool.KindWaitEnded, Object: "lock", Label: "acquire"})
		s.Apply(pool.Event{Seq: 10, Actor: w2, Kind: pool.KindAcquireGranted, Object: "lock", Count: 1})
		if o := s.Objects[0]; !reflect.DeepEqual(o.Holders, []string{"worker 2"}) || !reflect.DeepEqual(o.Waiters, []string{"main"}) || o.Count != 1 {
			t.Errorf("lock %+v", o)
		}
		// Anyone may release a Lock: Other names whose hold ended.
		s.Apply(pool.Event{Seq: 11, Actor: w1, Kind: pool.KindReleased, Object: "lock", Other: "worker 2"})
		if o := s.Objects[0]; len(o.Holders) != 0 {
			t.Errorf("lock %+v", o)
		}
	})
	t.Run("rlock", func(t *testing.T) {
		s := saFold(
			pool.Event{Kind: pool.KindObjectCreated, Object: "r", Label: "rlock"},
			pool.Event{Actor: w1, Kind: pool.KindAcquireGranted, Object: "r", Count: 1},
			pool.Event{Actor: w1, Kind: pool.KindAcquireGranted, Object: "r", Count: 2},
			pool.Event{Actor: w1, Kind: pool.KindReleased, Object: "r", Count: 1},
		)
		if o := s.Objects[0]; !reflect.DeepEqual(o.Holders, []string{"worker 1"}) || o.Count != 1 {
			t.Errorf("rlock %+v", o)
		}
		s.Apply(pool.Event{Seq: 5, Actor: w1, Kind: pool.KindReleased, Object: "r", Count: 0})
		if o := s.Objects[0]; len(o.Holders) != 0 {
			t.Errorf("rlock %+v", o)
		}
	})
}

func TestApplySemaphore(t *testing.T) {
	w1, w2 := saWorker(1), saWorker(2)
	s := saFold(
		pool.Event{Kind: pool.KindObjectCreated, Object: "sem", Label: "semaphore", Count: 2},
		pool.Event{Actor: w1, Kind: pool.KindAcquireRequested, Object: "sem", Count: 2},
		pool.Event{Actor: w1, Kind: pool.KindAcquireGranted, Object: "sem", Count: 1},
		pool.Event{Actor: w1, Kind: pool.KindAcquireRequested, Object: "sem", Other: "worker 1", Count: 1},
		pool.Event{Actor: w1, Kind: pool.KindAcquireGranted, Object: "sem", Count: 0},
		pool.Event{Actor: w2, Kind: pool.KindAcquireRequested, Object: "sem", Other: "worker 1", Count: 0},
		pool.Event{Actor: w2, Kind: pool.KindWaitBegan, Object: "sem", Label: "acquire"},
	)
	if o := s.Objects[0]; o.Capacity != 2 || o.Count != 0 || !reflect.DeepEqual(o.Holders, []string{"worker 1", "worker 1"}) || len(o.Waiters) != 1 {
		t.Fatalf("semaphore %+v", o)
	}
	s.Apply(pool.Event{Seq: 8, Kind: pool.KindReleased, Object: "sem", Other: "worker 1", Count: 1})
	s.Apply(pool.Event{Seq: 9, Actor: w2, Kind: pool.KindWaitEnded, Object: "sem", Label: "acquire"})
	s.Apply(pool.Event{Seq: 10, Actor: w2, Kind: pool.KindAcquireGranted, Object: "sem", Count: 0})
	if o := s.Objects[0]; o.Count != 0 || !reflect.DeepEqual(o.Holders, []string{"worker 1", "worker 2"}) || len(o.Waiters) != 0 {
		t.Errorf("semaphore %+v", o)
	}
}

func TestApplyFlagBarrierLog(t *testing.T) {
	w1, w2 := saWorker(1), saWorker(2)
	s := saFold(
		pool.Event{Kind: pool.KindObjectCreated, Object: "go", Label: "event"},
		pool.Event{Actor: w1, Kind: pool.KindWaitBegan, Object: "go"},
		pool.Event{Kind: pool.KindFlagSet, Object: "go"},
		pool.Event{Kind: pool.KindNotified, Object: "go", Count: 1},
		pool.Event{Actor: w1, Kind: pool.KindWaitEnded, Object: "go"},
		pool.Event{Kind: pool.KindObjectCreated, Object: "b", Label: "barrier", Count: 3},
		pool.Event{Actor: w1, Kind: pool.KindWaitBegan, Object: "b"},
		pool.Event{Actor: w2, Kind: pool.KindWaitBegan, Object: "b"},
		pool.Event{Actor: w1, Kind: pool.KindWaitEnded, Object: "b", Err: "broken barrier"},
		pool.Event{Kind: pool.KindBarrierBroken, Object: "b"},
		pool.Event{Time: 5, Actor: w2, Kind: pool.KindLogAppended, Object: "log", Value: "task 1 done"},
	)
	if ev := s.Objects[0]; !ev.Set || len(ev.Waiters) != 0 {
		t.Errorf("event %+v", ev)
	}
	if b := s.Objects[1]; !b.Broken || b.Capacity != 3 || b.Count != 1 || !reflect.DeepEqual(b.Waiters, []string{"worker 2"}) {
		t.Errorf("barrier %+v", b)
	}
	if want := []pool.LogLine{{Time: 5, Writer: "worker 2", Line: "task 1 done", Log: "log"}}; !reflect.DeepEqual(s.Log, want) {
		t.Errorf("log %+v", s.Log)
	}
	if l := s.Objects[2]; l.Name != "log" || l.Count != 1 {
		t.Errorf("log object %+v", l)
	}
	s.Apply(pool.Event{Seq: 20, Kind: pool.KindFlagCleared, Object: "go"})
	s.Apply(pool.Event{Seq: 21, Kind: pool.KindBarrierReset, Object: "b"})
	if s.Objects[0].Set || s.Objects[1].Broken {
		t.Errorf("flag %+v, barrier %+v", s.Objects[0], s.Objects[1])
	}
}

// TestApplyBlockedHolderFollowsTheLock blocks worker 1 on a lock worker 3 holds;
// when worker 3 releases it and worker 2 takes it, worker 1's "held by" must
// name worker 2, as the objects panel does, not the holder of when it began.
func TestApplyBlockedHolderFollowsTheLock(t *testing.T) {
	w1, w2, w3 := saWorker(1), saWorker(2), saWorker(3)
	evs := saCat(saStarted(3), []pool.Event{
		{Kind: pool.KindObjectCreated, Object: "lock", Label: "lock"},
		{Time: 2 * time.Second, Actor: w3, Kind: pool.KindAcquireGranted, Object: "lock", Count: 1},
		{Time: 2 * time.Second, Actor: w1, Kind: pool.KindTaskStarted, Gen: 1, Task: 1},
		{Time: 2 * time.Second, Actor: w1, Kind: pool.KindAcquireRequested, Object: "lock", Other: "worker 3"},
		{Time: 2 * time.Second, Actor: w1, Kind: pool.KindWaitBegan, Object: "lock", Label: "acquire"},
		{Time: 2 * time.Second, Actor: w1, Kind: pool.KindBlocked, Object: "the lock", Other: "worker 3", Label: "waits for", Dur: -1}, // as a sentence names it
		{Time: 3 * time.Second, Actor: w3, Kind: pool.KindReleased, Object: "lock"},
		{Time: 3 * time.Second, Actor: w2, Kind: pool.KindAcquireGranted, Object: "lock", Count: 1},
	})
	s := saFold(evs...)
	if got := s.Workers[0].BlockedBy; got != "worker 2" {
		t.Errorf("worker 1 waits for the lock held by %q, want worker 2 (objects: %+v)", got, s.Objects)
	}
}
