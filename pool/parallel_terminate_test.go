package pool_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"poolviz/pool"
)

// Terminate in Parallel mode, tested as parallel_test.go says: real goroutines,
// no sleeps, no timing asserted; a synctest bubble where virtual time matters.

// TestParallelTerminate: tasks asleep on every worker and more queued; Terminate
// resolves them all with ErrTerminated and returns once the workers ended.
func TestParallelTerminate(t *testing.T) {
	e := newParallel(t)
	ctx := context.Background()
	const workers = 3
	pl, err := pool.New(e, pool.Workers(workers))
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan int, 100)
	var live atomic.Int32
	task := func(p *pool.Proc, x int) (int, error) {
		live.Add(1)
		defer live.Add(-1)
		started <- x
		return x, p.Sleep(time.Hour)
	}
	var rs []*pool.AsyncResult[int]
	for i := range 20 {
		r, err := pool.ApplyAsync(ctx, pl, task, i)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	for range workers {
		<-started // every worker is now in (or entering) its sleep
	}
	pl.Terminate(ctx)
	if n := live.Load(); n != 0 {
		t.Fatalf("Terminate returned with %d tasks still running", n)
	}
	for _, r := range rs {
		if !r.Ready() {
			t.Fatalf("task %d not resolved when Terminate returned", r.Task())
		}
		if _, err := r.Get(ctx); !errors.Is(err, pool.ErrTerminated) {
			t.Fatalf("task %d: %v, want ErrTerminated", r.Task(), err)
		}
	}
	if n := len(started); n != 0 {
		t.Fatalf("%d queued tasks started during Terminate", n)
	}
	if err := pl.Join(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.ApplyAsync(ctx, pl, square, 1); err == nil {
		t.Fatal("a terminated pool accepted a task")
	}
	c := pl.Counters()
	if c.Submitted != 20 || c.Failed != 20 {
		t.Fatalf("counters %+v, want 20 submitted and 20 failed", c)
	}
}

// TestParallelTerminateWithCallbacks: queued tasks with callbacks are resolved
// through the result handler; Terminate must not let the handler leave before it
// delivered them.
func TestParallelTerminateWithCallbacks(t *testing.T) {
	for round := range 30 {
		e := pool.NewEngine(pool.Parallel)
		ctx := context.Background()
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			t.Fatal(err)
		}
		var calls atomic.Int32
		var rs []*pool.AsyncResult[int]
		for i := range 300 {
			r, err := pool.ApplyAsync(ctx, pl, square, i,
				pool.OnSuccess(func(int) { calls.Add(1) }), pool.OnError(func(error) { calls.Add(1) }))
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		pl.Terminate(ctx)
		if err := pl.Join(ctx); err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if !r.Ready() {
				e.Shutdown()
				t.Fatalf("round %d: task %d never resolved after Terminate and Join (callbacks run: %d)", round, r.Task(), calls.Load())
			}
		}
		e.Shutdown()
	}
}

// TestParallelTerminateWhilePaused: a paused engine still terminates and shuts
// down; workers held at the pause leave, and queued tasks resolve.
func TestParallelTerminateWhilePaused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := pool.NewEngine(pool.Parallel)
		ctx := context.Background()
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Map(ctx, pl, square, ints(10)); err != nil {
			t.Fatal(err)
		}
		synctest.Wait() // the workers are idle, waiting for work
		e.Pause()
		// Two tasks may be handed to the idle workers; they then stop at the pause,
		// and the other two stay queued.
		var rs []*pool.AsyncResult[int]
		for i := range 4 {
			r, err := pool.ApplyAsync(ctx, pl, square, i)
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		synctest.Wait()
		pl.Terminate(ctx) // in the bubble, a hang is reported as a deadlock
		terminated := 0
		for i, r := range rs {
			v, err := r.Get(ctx)
			switch {
			case errors.Is(err, pool.ErrTerminated):
				terminated++
			case err != nil || v != i*i:
				t.Errorf("task %d: %v, %v; want %d or ErrTerminated", r.Task(), v, err, i*i)
			}
		}
		if terminated < 2 {
			t.Errorf("%d tasks were terminated, want at least the 2 that stayed queued while paused", terminated)
		}
		e.Shutdown()
	})
}

// TestParallelBrokenWhileTerminating races a failing initializer, which fails the
// queued tasks, against Terminate, which stops the result handler: every task
// with a callback must still resolve.
func TestParallelBrokenWhileTerminating(t *testing.T) {
	for round := range 300 {
		e := pool.NewEngine(pool.Parallel)
		ctx := context.Background()
		pl, err := pool.New(e, pool.Workers(3), pool.WithInitializer(func(*pool.Proc, int) error { return errBoom }, 0))
		if err != nil {
			t.Fatal(err)
		}
		var rs []*pool.AsyncResult[int]
		for i := range 6 {
			r, err := pool.ApplyAsync(ctx, pl, square, i, pool.OnError(func(error) {}))
			if err != nil {
				break // the pool broke already
			}
			rs = append(rs, r)
		}
		pl.Terminate(ctx)
		if err := pl.Join(ctx); err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if !r.Ready() {
				e.Shutdown()
				t.Fatalf("round %d: task %d never resolved", round, r.Task())
			}
			if _, err := r.Get(ctx); !errors.Is(err, pool.ErrBroken) && !errors.Is(err, pool.ErrTerminated) {
				t.Fatalf("round %d: task %d: %v, want ErrBroken or ErrTerminated", round, r.Task(), err)
			}
		}
		e.Shutdown()
	}
}

// TestParallelTerminateFromOwnTask has a task terminate its own pool, as a search
// that found its answer would. Terminate must return rather than wait for the
// worker calling it; every other task resolves with ErrTerminated, the calling
// task's own result is discarded, and Join then returns with nothing left over.
func TestParallelTerminateFromOwnTask(t *testing.T) {
	ctx := context.Background()
	_, pl := newParallelPool(t, 2)
	terminated := make(chan error, 1)
	blocker, release := holdWorker(t, ctx, pl) // the other worker, in a task that does not call the engine
	finder, err := pool.ApplyAsync(ctx, pl, func(p *pool.Proc, _ int) (int, error) {
		terminated <- pl.Terminate(p)
		return 42, nil
	}, 1)
	if err != nil {
		t.Fatal(err)
	}
	queued, err := pool.ApplyAsync(ctx, pl, square, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Terminate resolves the running tasks before it waits for their workers:
	// once the blocker's handle says so, let the blocker return, so that
	// Terminate has the other worker to wait for, and only that one.
	if _, err := blocker.Get(ctx); !errors.Is(err, pool.ErrTerminated) {
		t.Errorf("the blocked task: %v, want ErrTerminated", err)
	}
	select {
	case err := <-terminated: // the blocker's worker cannot have ended: it waits for release
		t.Fatalf("Terminate returned (%v) before the other worker ended", err)
	default:
	}
	release()
	if err := <-terminated; err != nil {
		t.Fatalf("Terminate from a task of the pool: %v, want nil", err)
	}
	for name, r := range map[string]*pool.AsyncResult[int]{"the terminating task": finder, "the queued task": queued} {
		if _, err := r.Get(ctx); !errors.Is(err, pool.ErrTerminated) {
			t.Errorf("%s: %v, want ErrTerminated", name, err)
		}
	}
	if err := pl.Join(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestParallelTerminateGivesUpWithItsContext terminates a pool whose worker runs a
// task that neither returns nor calls the engine: with a context that has ended,
// Terminate returns that context's error instead of waiting; the pool is
// terminated all the same, and its worker leaves once the task returns.
func TestParallelTerminateGivesUpWithItsContext(t *testing.T) {
	ctx := context.Background()
	_, pl := newParallelPool(t, 1)
	r, release := holdWorker(t, ctx, pl)
	ended, cancel := context.WithCancel(ctx)
	cancel()
	if err := pl.Terminate(ended); !errors.Is(err, context.Canceled) {
		t.Fatalf("Terminate with an ended context: %v, want context.Canceled", err)
	}
	if _, err := r.Get(ctx); !errors.Is(err, pool.ErrTerminated) {
		t.Errorf("the running task: %v, want ErrTerminated", err)
	}
	release()
	if err := pl.Terminate(ctx); err != nil {
		t.Fatalf("Terminate again, the task returned: %v", err)
	}
	if err := pl.Join(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestParallelTwoTasksTerminateAtOnce has both workers' tasks terminate their
// pool at the same time: neither may wait for the other, which waits too.
func TestParallelTwoTasksTerminateAtOnce(t *testing.T) {
	ctx := context.Background()
	_, pl := newParallelPool(t, 2)
	var both sync.WaitGroup
	both.Add(2)
	errs := make(chan error, 2)
	for i := range 2 {
		if _, err := pool.ApplyAsync(ctx, pl, func(p *pool.Proc, _ int) (int, error) {
			both.Done()
			both.Wait() // both tasks run before either terminates
			errs <- pl.Terminate(p)
			return 0, nil
		}, i); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("Terminate from a task, the other task terminating too: %v", err)
		}
	}
	if err := pl.Join(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestParallelTerminateKeepsADerivedDeadline terminates from the main program
// with a context derived from its Proc that has ended: Terminate must honour it
// and not wait for a worker held in a task that does not call the engine.
func TestParallelTerminateKeepsADerivedDeadline(t *testing.T) {
	e := newParallel(t)
	release := make(chan struct{})
	got := make(chan error, 1)
	e.Start(func(p *pool.Proc) error {
		pl, err := pool.New(e, pool.Workers(1))
		if err != nil {
			return err
		}
		started := make(chan struct{})
		if _, err := pool.ApplyAsync(p, pl, func(*pool.Proc, int) (int, error) {
			close(started)
			<-release
			return 0, nil
		}, 0); err != nil {
			return err
		}
		<-started
		ended, cancel := context.WithCancel(p)
		cancel()
		got <- pl.Terminate(ended)
		close(release)
		return pl.Join(p)
	})
	if err := <-got; !errors.Is(err, context.Canceled) {
		t.Fatalf("Terminate with an ended context derived from main's Proc: %v, want context.Canceled", err)
	}
}

// TestParallelTerminateStopsALargeChunkSoon terminates a pool while item 10 of
// a 2,000-item chunk (the fast path) runs: the chunk stops at its next check,
// so at most one block of 128 items counts as succeeded and the rest failed.
func TestParallelTerminateStopsALargeChunkSoon(t *testing.T) {
	ctx := context.Background()
	_, pl := newParallelPool(t, 1)
	started, release := make(chan struct{}), make(chan struct{})
	m, err := pool.MapAsync(ctx, pl, func(_ *pool.Proc, x int) (int, error) {
		if x == 10 {
			close(started)
			<-release
		}
		return x, nil
	}, ints(2000), pool.Chunksize(2000))
	if err != nil {
		t.Fatal(err)
	}
	<-started
	terminated := make(chan error, 1)
	go func() { terminated <- pl.Terminate(ctx) }()
	if _, err := m.Get(ctx); !errors.Is(err, pool.ErrTerminated) { // resolved before the workers are waited for
		t.Errorf("the map: %v, want ErrTerminated", err)
	}
	close(release)
	if err := <-terminated; err != nil {
		t.Fatal(err)
	}
	if err := pl.Join(ctx); err != nil {
		t.Fatal(err)
	}
	if c := pl.Counters(); c.Succeeded > 128 || c.Succeeded+c.Failed != 2000 {
		t.Errorf("counters %+v: want at most one block of 128 succeeded, the rest failed", c)
	}
}
