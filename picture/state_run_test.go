package picture

import (
	"reflect"
	"strconv"
	"testing"
	"time"

	"poolviz/pool"
)

// Folds of real Simulated runs: the final picture, and pictures along the way.

// saRun runs a small teaching workload on a Simulated engine and returns its events.
func saRun(t testing.TB) []pool.Event {
	t.Helper()
	e := pool.NewEngine(pool.Simulated, pool.WithSeed(1))
	var mapped []int
	var applied int
	e.Start(func(p *pool.Proc) error {
		pl, err := pool.New(e, pool.Workers(2), pool.WithInitializer(func(p *pool.Proc, q string) error {
			p.Globals().Set("queue", q)
			return p.Sleep(time.Second)
		}, "results"))
		if err != nil {
			return err
		}
		r, err := pool.ApplyAsync(p, pl, func(p *pool.Proc, x int) (int, error) {
			p.Step("sleep")
			return x + 1, p.Sleep(300 * saMS)
		}, 41)
		if err != nil {
			return err
		}
		mapped, err = pool.Map(p, pl, func(p *pool.Proc, x int) (int, error) {
			if err := p.Sleep(time.Duration(1+x%3) * 100 * saMS); err != nil {
				return 0, err
			}
			return x * x, nil
		}, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, pool.Chunksize(2))
		if err != nil {
			return err
		}
		if applied, err = r.Get(p); err != nil {
			return err
		}
		p.Printf("done: %d items, apply gave %d", len(mapped), applied)
		pl.Close()
		return pl.Join(p)
	})
	evs := saFinish(t, e)
	if applied != 42 || len(mapped) != 10 {
		t.Fatalf("the run failed: applied %d, mapped %v", applied, mapped)
	}
	return evs
}

func TestFoldSimulatedRun(t *testing.T) {
	evs := saRun(t)
	s := Fold(evs)
	saCheckBounds(t, &s)
	if s.Pool.Status != PoolJoined || s.Pool.Workers != 2 || s.Pool.InitArgs != `"results"` {
		t.Errorf("pool %+v", s.Pool)
	}
	if !s.Main.Ended || s.Main.Err != "" || s.Main.BlockedOn != "" || len(s.Output) != 1 {
		t.Errorf("main %+v, output %+v", s.Main, s.Output)
	}
	if s.Counts != (TaskCounts{Submitted: 11, Succeeded: 11}) || s.Arrived != 11 || len(s.Results) != 11 || len(s.Queue) != 0 || s.QueueTasks != 0 {
		t.Errorf("counts %+v, arrived %d, queue %+v (%d tasks)", s.Counts, s.Arrived, s.Queue, s.QueueTasks)
	}
	done := 0
	for _, w := range s.Workers {
		done += w.Done
		if w.Status != WorkerExited || w.Gen != 1 || !reflect.DeepEqual(w.Globals, []pool.Var{{Name: "queue", Value: `"results"`}}) {
			t.Errorf("worker %+v", w)
		}
		if len(w.Spans) == 0 || w.Spans[0].Kind != SpanInit || w.Spans[0].End != time.Second {
			t.Errorf("worker %d should start with a 1 s init span: %+v", w.ID, w.Spans)
		}
		for _, sp := range w.Spans {
			if sp.End < 0 {
				t.Errorf("worker %d: span left open: %+v", w.ID, sp)
			}
		}
	}
	if done != 11 || s.Seq != evs[len(evs)-1].Seq || s.Events != len(evs) {
		t.Errorf("done %d, seq %d, events %d", done, s.Seq, s.Events)
	}
	for i, r := range s.Results {
		if r.Order != i+1 || r.Worker == 0 || r.Value == "" {
			t.Errorf("result %d: %+v", i, r)
		}
	}

	// Mid-run pictures: after both initializers, and with tasks in flight.
	for i, ev := range evs {
		if ev.Kind != pool.KindTaskStarted {
			continue
		}
		s := Fold(evs[:i+1])
		if w := s.Workers[ev.Actor.ID-1]; w.Status != WorkerRunning || w.Task != ev.Task || len(w.Globals) != 1 {
			t.Errorf("at #%d: worker %+v", ev.Seq, w)
		}
		if s.Counts.Running < 1 || s.QueueTasks+s.Counts.Running+s.Counts.Succeeded > s.Counts.Submitted {
			t.Errorf("at #%d: counts %+v, queue tasks %d", ev.Seq, s.Counts, s.QueueTasks)
		}
	}
	if again := Fold(evs); !reflect.DeepEqual(again, s) {
		t.Error("folding the same events twice gave different States")
	}
}

// saShared is the tutorial's pattern: a shared queue (and a lock and a log) handed
// to every worker through the initializer; tasks put results on it, and main gets
// them as they arrive.
type saShared struct {
	q   *pool.SimpleQueue[string]
	mu  *pool.Lock
	log *pool.Log
}

func saSharedRun(t testing.TB) []pool.Event {
	t.Helper()
	e := pool.NewEngine(pool.Simulated, pool.WithSeed(3))
	e.Start(func(p *pool.Proc) error {
		sh := saShared{q: pool.NewSimpleQueue[string](e, "results"), mu: pool.NewLock(e, "print lock"), log: pool.NewLog(e, "log")}
		pl, err := pool.New(e, pool.Workers(3), pool.WithInitializer(func(p *pool.Proc, sh saShared) error {
			p.Globals().Set("queue", sh.q)
			p.Globals().Set("shared", sh)
			return nil
		}, sh))
		if err != nil {
			return err
		}
		const n = 8
		if _, err := pool.MapAsync(p, pl, func(p *pool.Proc, id int) (int, error) {
			if err := p.Sleep(time.Duration(p.Rand().IntN(5)+1) * 100 * saMS); err != nil {
				return 0, err
			}
			sh, _ := pool.Global[saShared](p, "shared")
			if err := sh.mu.Acquire(p); err != nil {
				return 0, err
			}
			sh.log.Append(p, "task "+strconv.Itoa(id)+" done")
			if err := sh.mu.Release(p); err != nil {
				return 0, err
			}
			return id, sh.q.Put(p, "("+strconv.Itoa(id)+")")
		}, []int{0, 1, 2, 3, 4, 5, 6, 7}); err != nil {
			return err
		}
		for range n {
			v, err := sh.q.Get(p)
			if err != nil {
				return err
			}
			p.Print("Got ", v)
		}
		pl.Close()
		return pl.Join(p)
	})
	return saFinish(t, e)
}

// saFinish runs the Simulated engine e to its end, drains its events and shuts
// it down; it fails t unless the main program returned without error.
func saFinish(t testing.TB, e *pool.Engine) []pool.Event {
	t.Helper()
	if err := e.RunToEnd(); err != nil {
		t.Fatal(err)
	}
	evs := e.Drain(nil)
	e.Shutdown()
	if done, err := e.MainDone(); !done || err != nil {
		t.Fatalf("the run failed: done %v, err %v", done, err)
	}
	return evs
}

func TestFoldSharedObjectsRun(t *testing.T) {
	evs := saSharedRun(t)
	for i, ev := range evs { // the queue's picture agrees with its events all along
		s := Fold(evs[:i+1])
		saCheckBounds(t, &s)
		for _, o := range s.Objects {
			if o.Name == "results" && len(o.Contents) != o.Len {
				t.Fatalf("at #%d %v: queue lists %v but has %d items", ev.Seq, ev, o.Contents, o.Len)
			}
			if o.Name == "print lock" && len(o.Holders) > 1 {
				t.Fatalf("at #%d: lock held by %v", ev.Seq, o.Holders)
			}
		}
	}
	s := Fold(evs)
	if len(s.Objects) != 3 {
		t.Fatalf("objects %+v", s.Objects)
	}
	q, lock, log := s.Objects[0], s.Objects[1], s.Objects[2]
	if q.Name != "results" || q.Kind != "simple-queue" || q.Puts != 8 || q.Gets != 8 || q.Len != 0 || len(q.Contents) != 0 || len(q.Waiters) != 0 {
		t.Errorf("queue %+v", q)
	}
	if lock.Kind != "lock" || len(lock.Holders) != 0 || len(lock.Waiters) != 0 {
		t.Errorf("lock %+v", lock)
	}
	if log.Kind != "log" || log.Count != 8 || len(s.Log) != 8 || s.Log[0].Writer == "main" {
		t.Errorf("log %+v, lines %+v", log, s.Log)
	}
	if len(s.Output) != 8 || s.Counts.Succeeded != 8 || s.Pool.Status != PoolJoined {
		t.Errorf("output %+v, counts %+v, pool %+v", s.Output, s.Counts, s.Pool)
	}
	for _, w := range s.Workers {
		if len(w.Globals) != 2 || w.Globals[0].Name != "queue" || w.Globals[0].Value != "SimpleQueue(results)" {
			t.Errorf("worker %d globals %+v", w.ID, w.Globals)
		}
	}
}
