package pool_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"

	"poolviz/pool"
)

// TestTerminateResolvesEverything: Terminate with tasks running (blocked in Sleep)
// and queued resolves every handle with ErrTerminated at once, and the workers end.
func TestTerminateResolvesEverything(t *testing.T) {
	var ids []int
	evs := mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		var rs []*pool.AsyncResult[int]
		for i := range 6 {
			r, err := pool.ApplyAsync(p, pl, sleepThen(time.Hour), i)
			if err != nil {
				return err
			}
			rs = append(rs, r)
			ids = append(ids, r.Task())
		}
		cb, err := pool.ApplyAsync(p, pl, sleepThen(time.Hour), 6, pool.OnError(func(error) {}))
		if err != nil {
			return err
		}
		rs = append(rs, cb)
		ids = append(ids, cb.Task())
		m, err := pool.MapAsync(p, pl, sleepThen(time.Hour), ints(4))
		if err != nil {
			return err
		}
		ids = append(ids, taskIDs(m.Task(), 4)...)
		if err := p.Sleep(time.Second); err != nil { // two tasks are now asleep on the workers
			return err
		}
		start := p.Now()
		pl.Terminate(p)
		pl.Terminate(p) // idempotent
		for _, r := range rs {
			if _, err := r.Get(p); !errors.Is(err, pool.ErrTerminated) {
				return fmt.Errorf("task %d after Terminate: %v, want ErrTerminated", r.Task(), err)
			}
		}
		if _, err := m.Get(p); !errors.Is(err, pool.ErrTerminated) {
			return fmt.Errorf("map after Terminate: %v, want ErrTerminated", err)
		}
		if err := pl.Join(p); err != nil {
			return err
		}
		if d := p.Now() - start; d != 0 {
			return fmt.Errorf("Terminate, Get and Join took %v of virtual time; the sleeping tasks were not interrupted", d)
		}
		if _, err := pool.ApplyAsync(p, pl, square, 1); err == nil {
			return errors.New("a terminated pool accepted a task")
		}
		return nil
	})
	term := indexOf(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindPoolTerminated })
	if term < 0 {
		t.Fatal("no pool-terminated event")
	}
	if n := len(ofKind(evs[:term], pool.KindTaskStarted)); n != 2 {
		t.Fatalf("%d tasks had started before Terminate, want 2 (one per worker)", n)
	}
	exited := map[int]bool{}
	for _, ev := range ofKind(evs[term:], pool.KindWorkerExited) {
		exited[ev.Actor.ID] = true
	}
	if len(exited) != 2 {
		t.Errorf("workers %v exited after Terminate, want both", exited)
	}
	for _, ev := range ofKind(evs[term:], pool.KindTaskStarted) {
		t.Errorf("task %d started after Terminate: %v", ev.Task, ev)
	}
	for _, ev := range ofKind(evs, pool.KindTaskFinished) {
		if ev.Err != pool.ErrTerminated.Error() {
			t.Errorf("task %d finished with %q, want %q", ev.Task, ev.Err, pool.ErrTerminated)
		}
	}
	checkEachFinishedOnce(t, evs, ids)
}

// TestTerminateFromOwnTask has a task of the pool terminate it in Simulated
// mode: the terminated event names that worker, the other tasks resolve with
// ErrTerminated, and the run ends.
func TestTerminateFromOwnTask(t *testing.T) {
	evs := mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		rs := make([]*pool.AsyncResult[int], 0, 4)
		for i := range 4 {
			r, err := pool.ApplyAsync(p, pl, func(w *pool.Proc, x int) (int, error) {
				if x == 1 {
					return x, pl.Terminate(w)
				}
				return x, w.Sleep(time.Second)
			}, i)
			if err != nil {
				return err
			}
			rs = append(rs, r)
		}
		for _, r := range rs {
			if _, err := r.Get(p); !errors.Is(err, pool.ErrTerminated) {
				return fmt.Errorf("task %d: %v, want ErrTerminated", r.Task(), err)
			}
		}
		return pl.Join(p)
	})
	term := ofKind(evs, pool.KindPoolTerminated)
	if len(term) != 1 || term[0].Actor.Kind != pool.ActorWorker {
		t.Fatalf("terminated events %v, want one, by a worker", term)
	}
}

// TestTerminateRightAfterSubmit: jobs handed straight to idle workers, which have
// not run yet, must not start after Terminate either.
func TestTerminateRightAfterSubmit(t *testing.T) {
	var ids []int
	evs := mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		if err := p.Sleep(ms); err != nil { // the workers are now idle, waiting for work
			return err
		}
		var rs []*pool.AsyncResult[int]
		for i := range 4 {
			r, err := pool.ApplyAsync(p, pl, square, i)
			if err != nil {
				return err
			}
			rs = append(rs, r)
			ids = append(ids, r.Task())
		}
		m, err := pool.MapAsync(p, pl, square, ints(2), pool.Chunksize(1))
		if err != nil {
			return err
		}
		ids = append(ids, taskIDs(m.Task(), 2)...)
		pl.Terminate(p)
		for _, r := range rs {
			if v, err := r.Get(p); !errors.Is(err, pool.ErrTerminated) {
				return fmt.Errorf("task %d submitted just before Terminate: %v, %v; want ErrTerminated", r.Task(), v, err)
			}
		}
		if _, err := m.Get(p); !errors.Is(err, pool.ErrTerminated) {
			return fmt.Errorf("map submitted just before Terminate: %v, want ErrTerminated", err)
		}
		return pl.Join(p)
	})
	term := indexOf(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindPoolTerminated })
	for _, ev := range ofKind(evs[term:], pool.KindTaskStarted) {
		t.Errorf("task %d started after Terminate: %v", ev.Task, ev)
	}
	checkEachFinishedOnce(t, evs, ids)
}

// TestTerminateStopsAChunk: the rest of a map chunk does not run after Terminate.
func TestTerminateStopsAChunk(t *testing.T) {
	var ids []int
	evs := mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(1))
		if err != nil {
			return err
		}
		m, err := pool.MapAsync(p, pl, sleepThen(time.Second), ints(4), pool.Chunksize(4))
		if err != nil {
			return err
		}
		ids = taskIDs(m.Task(), 4)
		if err := p.Sleep(1500 * ms); err != nil { // item 0 done, item 1 asleep
			return err
		}
		pl.Terminate(p)
		if _, err := m.Get(p); !errors.Is(err, pool.ErrTerminated) {
			return fmt.Errorf("map: %v, want ErrTerminated", err)
		}
		return pl.Join(p)
	})
	term := indexOf(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindPoolTerminated })
	for _, ev := range ofKind(evs[term:], pool.KindTaskStarted) {
		t.Errorf("item %d started after Terminate: %v", ev.Index, ev)
	}
	checkEachFinishedOnce(t, evs, ids)
}

// TestShutdownMidRunResolvesEverything: shutting down a Simulated engine while its
// main program and tasks are blocked ends every actor and resolves every task.
func TestShutdownMidRunResolvesEverything(t *testing.T) {
	e := pool.NewEngine(pool.Simulated, pool.WithSeed(1))
	var rs []*pool.AsyncResult[int]
	var mainErr error
	e.Start(func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		for i := range 5 {
			r, err := pool.ApplyAsync(p, pl, sleepThen(time.Hour), i)
			if err != nil {
				return err
			}
			rs = append(rs, r)
		}
		_, mainErr = rs[4].Get(p)
		return mainErr
	})
	if err := e.AdvanceTo(time.Minute); err != nil {
		t.Fatal(err)
	}
	if e.Live() != 3 {
		t.Fatalf("%d live actors before Shutdown, want 3 (main and two workers)", e.Live())
	}
	e.Shutdown()
	evs := e.Drain(nil)
	if e.Live() != 0 {
		t.Fatalf("%d actors still live after Shutdown", e.Live())
	}
	if done, _ := e.MainDone(); !done || !errors.Is(mainErr, pool.ErrTerminated) {
		t.Fatalf("main done=%v, its Get returned %v; want done with ErrTerminated", done, mainErr)
	}
	for _, r := range rs {
		if _, err := r.Get(context.Background(), pool.Timeout(0)); !r.Ready() || !errors.Is(err, pool.ErrTerminated) {
			t.Errorf("task %d after Shutdown: ready=%v err=%v; want ErrTerminated", r.Task(), r.Ready(), err)
		}
	}
	checkEachFinishedOnce(t, evs, taskIDs(1, 5))
	goleak.VerifyNone(t)
}

func TestShutdownLeavesNoGoroutines(t *testing.T) {
	t.Run("simulated", func(t *testing.T) {
		mustSim(t, 1, teachingWorkload)
		goleak.VerifyNone(t)
	})
	t.Run("parallel", func(t *testing.T) {
		e := pool.NewEngine(pool.Parallel, pool.WithObserver(0))
		ctx := context.Background()
		pl, err := pool.New(e, pool.Workers(3), pool.WithInitializer(func(p *pool.Proc, _ int) error { return nil }, 0))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Map(ctx, pl, square, ints(100)); err != nil {
			t.Fatal(err)
		}
		if _, err := pool.ApplyAsync(ctx, pl, square, 1, pool.OnSuccess(func(int) {})); err != nil {
			t.Fatal(err)
		}
		// A task left asleep, and a main program left waiting for it.
		r, err := pool.ApplyAsync(ctx, pl, sleepThen(time.Hour), 1)
		if err != nil {
			t.Fatal(err)
		}
		e.Start(func(p *pool.Proc) error { _, err := r.Get(p); return err })
		e.Shutdown()
		e.Shutdown() // idempotent
		e.Drain(nil)
		if _, err := r.Get(ctx); !errors.Is(err, pool.ErrTerminated) {
			t.Errorf("the sleeping task after Shutdown: %v, want ErrTerminated", err)
		}
		if done, err := e.MainDone(); !done || !errors.Is(err, pool.ErrTerminated) {
			t.Errorf("main after Shutdown: done=%v err=%v; want done with ErrTerminated", done, err)
		}
		goleak.VerifyNone(t)
	})
}
