package pool_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"poolviz/pool"
)

// panickyTask panics for odd x; its name must appear in the panic's stack.
func panickyTask(_ *pool.Proc, x int) (int, error) {
	if x%2 == 1 {
		panic(fmt.Sprintf("odd input %d", x))
	}
	return x, nil
}

func TestTaskPanicBecomesItsError(t *testing.T) {
	evs := mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(1))
		if err != nil {
			return err
		}
		bad, err := pool.ApplyAsync(p, pl, panickyTask, 3)
		if err != nil {
			return err
		}
		good, err := pool.ApplyAsync(p, pl, panickyTask, 4)
		if err != nil {
			return err
		}
		_, err = bad.Get(p)
		var pe *pool.PanicError
		if !errors.As(err, &pe) {
			return fmt.Errorf("Get of a panicking task: %T %v, want a *PanicError", err, err)
		}
		if pe.Value != "odd input 3" {
			return fmt.Errorf("panic value %#v, want \"odd input 3\"", pe.Value)
		}
		if !strings.Contains(pe.Stack, "panickyTask") {
			return fmt.Errorf("the panic's stack does not mention the task function:\n%s", pe.Stack)
		}
		if !strings.Contains(err.Error(), "odd input 3") {
			return fmt.Errorf("error text %q does not carry the panic value", err)
		}
		// The same (only) worker goes on with later tasks.
		if v, err := good.Get(p); v != 4 || err != nil {
			return fmt.Errorf("the task after the panic: %v, %v; want 4, nil", v, err)
		}
		if v, err := pool.Apply(p, pl, panickyTask, 6); v != 6 || err != nil {
			return fmt.Errorf("a task submitted after the panic: %v, %v; want 6, nil", v, err)
		}
		// In a map, the panicking item fails the map with a PanicError.
		_, err = pool.Map(p, pl, panickyTask, []int{0, 2, 5, 8}, pool.Chunksize(1))
		if !errors.As(err, &pe) || pe.Value != "odd input 5" {
			return fmt.Errorf("Map with a panicking item: %v, want the PanicError of item 5", err)
		}
		// A panic with an error value is seen through by errors.Is.
		_, err = pool.Apply(p, pl, func(*pool.Proc, int) (int, error) { panic(errBoom) }, 0)
		if !errors.Is(err, errBoom) || !errors.As(err, &pe) {
			return fmt.Errorf("panic(errBoom): %v, want a PanicError wrapping errBoom", err)
		}
		pl.Close()
		return pl.Join(p)
	})
	if n := len(ofKind(evs, pool.KindWorkerStarted)); n != 1 {
		t.Errorf("%d workers started, want 1: a panic must not cost the worker", n)
	}
	checkEachFinishedOnce(t, evs, submittedTasks(evs))
}

// TestBrokenInitializer: an initializer that fails (by error or by panic) breaks the
// pool after one run: no worker runs it again, none is replaced, queued tasks fail
// with ErrBroken and new submissions are refused.
func TestBrokenInitializer(t *testing.T) {
	cases := []struct {
		name  string
		init  func(p *pool.Proc, arg int) error
		cause func(err error) bool
		// every: all workers begin the initializer before the first one fails.
		every bool
	}{
		{"error", func(*pool.Proc, int) error { return errBoom },
			func(err error) bool { return errors.Is(err, errBoom) }, false},
		{"panic", func(*pool.Proc, int) error { panic("no config") },
			func(err error) bool {
				var pe *pool.PanicError
				return errors.As(err, &pe) && pe.Value == "no config"
			}, false},
		{"error after sleep", func(p *pool.Proc, _ int) error {
			if err := p.Sleep(time.Duration(1+p.Worker()) * ms); err != nil {
				return err
			}
			return errBoom
		}, func(err error) bool { return errors.Is(err, errBoom) }, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			const workers, tasks = 3, 5
			var ids []int
			evs := mustSim(t, 1, func(p *pool.Proc) error {
				pl, err := pool.New(p.Engine(), pool.Workers(workers), pool.MaxTasksPerChild(1), pool.WithInitializer(c.init, 0))
				if err != nil {
					return err
				}
				var rs []*pool.AsyncResult[int]
				for i := range tasks {
					r, err := pool.ApplyAsync(p, pl, square, i, pool.OnError(func(error) {}))
					if err != nil {
						return err
					}
					rs = append(rs, r)
					ids = append(ids, r.Task())
				}
				m, err := pool.MapAsync(p, pl, square, ints(4))
				if err != nil {
					return err
				}
				ids = append(ids, taskIDs(m.Task(), 4)...)
				for _, r := range rs {
					_, err := r.Get(p)
					if !errors.Is(err, pool.ErrBroken) {
						return fmt.Errorf("task %d of a broken pool: %v, want ErrBroken", r.Task(), err)
					}
					var be *pool.BrokenError
					if !errors.As(err, &be) || !c.cause(be.Cause) {
						return fmt.Errorf("task %d: %#v does not carry the initializer's failure", r.Task(), err)
					}
				}
				if _, err := m.Get(p); !errors.Is(err, pool.ErrBroken) {
					return fmt.Errorf("map on a broken pool: %v, want ErrBroken", err)
				}
				if _, err := pool.ApplyAsync(p, pl, square, 9); !errors.Is(err, pool.ErrBroken) {
					return fmt.Errorf("ApplyAsync on a broken pool: %v, want ErrBroken", err)
				}
				if _, err := pool.Map(p, pl, square, ints(3)); !errors.Is(err, pool.ErrBroken) {
					return fmt.Errorf("Map on a broken pool: %v, want ErrBroken", err)
				}
				pl.Close()
				return pl.Join(p)
			})
			checkBrokenRun(t, evs, workers, c.every)
			checkEachFinishedOnce(t, evs, ids)
		})
	}
}

// checkBrokenRun checks the events of a pool of workers whose initializer
// failed: only generation 1 started and began the initializer, at most once
// each (every worker when every is set, else exactly one), the pool broke once
// and no task started.
func checkBrokenRun(t *testing.T, evs []pool.Event, workers int, every bool) {
	t.Helper()
	began := map[workerGen]int{}
	for _, ev := range ofKind(evs, pool.KindInitBegan) {
		began[workerGen{ev.Actor.ID, ev.Gen}]++
	}
	total := 0
	for wg, n := range began {
		total += n
		if n != 1 || wg.gen != 1 {
			t.Errorf("worker %d generation %d began the initializer %d times; want at most once, in generation 1", wg.worker, wg.gen, n)
		}
	}
	switch {
	case every && total != workers:
		t.Errorf("%d initializer runs, want %d (every worker was already initializing)", total, workers)
	case !every && total != 1:
		t.Errorf("%d initializer runs, want exactly 1: workers that start after the pool broke must not run it", total)
	}
	for _, ev := range ofKind(evs, pool.KindWorkerStarted) {
		if ev.Gen != 1 {
			t.Errorf("worker %d generation %d was started after the pool broke", ev.Actor.ID, ev.Gen)
		}
	}
	if n := len(ofKind(evs, pool.KindPoolBroken)); n != 1 {
		t.Errorf("%d pool-broken events, want 1", n)
	}
	if n := len(ofKind(evs, pool.KindTaskStarted)); n != 0 {
		t.Errorf("%d tasks started on a pool whose every initializer failed", n)
	}
}

// TestEveryTaskReachesOneFinalState mixes successes, errors, panics, timeouts,
// recycling, close and terminate across two pools, and counts task-finished events.
func TestEveryTaskReachesOneFinalState(t *testing.T) {
	// Task ids are per pool, so each id is expected once per pool that used it.
	want := map[int]int{}
	evs := mustSim(t, 11, func(p *pool.Proc) error {
		mixed := func(p *pool.Proc, x int) (int, error) {
			if err := p.Sleep(time.Duration(p.Rand().IntN(50)) * ms); err != nil {
				return 0, err
			}
			switch x % 4 {
			case 1:
				return 0, errBoom
			case 2:
				panic("two")
			}
			return x, nil
		}
		a, err := pool.New(p.Engine(), pool.Workers(2), pool.WithName("a"), pool.MaxTasksPerChild(3))
		if err != nil {
			return err
		}
		b, err := pool.New(p.Engine(), pool.Workers(3), pool.WithName("b"))
		if err != nil {
			return err
		}
		for _, pl := range []*pool.Pool{a, b} {
			for i := range 8 {
				r, err := pool.ApplyAsync(p, pl, mixed, i)
				if err != nil {
					return err
				}
				want[r.Task()]++
				if i == 3 {
					if _, err := r.Get(p, pool.Timeout(20*ms)); err != nil && !errors.Is(err, pool.ErrTimeout) {
						return err
					}
				}
			}
			m, err := pool.MapAsync(p, pl, mixed, ints(9), pool.Chunksize(2))
			if err != nil {
				return err
			}
			for _, id := range taskIDs(m.Task(), 9) {
				want[id]++
			}
		}
		a.Close()
		if err := p.Sleep(60 * ms); err != nil {
			return err
		}
		b.Terminate(p)
		if err := a.Join(p); err != nil {
			return err
		}
		return b.Join(p)
	})
	got := map[int]int{}
	for _, ev := range ofKind(evs, pool.KindTaskFinished) {
		got[ev.Task]++
	}
	for id, n := range want {
		if got[id] != n {
			t.Errorf("task id %d: %d task-finished events, want %d (one per pool)", id, got[id], n)
		}
	}
	for id, n := range got {
		if want[id] == 0 {
			t.Errorf("task id %d was never submitted but finished %d times", id, n)
		}
	}
	if term := indexOf(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindPoolTerminated }); term < 0 {
		t.Fatal("pool b was not terminated")
	}
}
