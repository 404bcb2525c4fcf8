package pool_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"poolviz/pool"
)

// These tests run the engine in Parallel mode: real goroutines, the caller as the
// main program (context.Background()). They never sleep and assert no timing;
// where virtual time matters they run in a synctest bubble, whose clock is fake.

func newParallel(t *testing.T, opts ...pool.EngineOption) *pool.Engine {
	t.Helper()
	e := pool.NewEngine(pool.Parallel, opts...)
	t.Cleanup(e.Shutdown)
	return e
}

// newParallelPool is newParallel with a pool of the given number of workers.
func newParallelPool(t *testing.T, workers int) (*pool.Engine, *pool.Pool) {
	t.Helper()
	e := newParallel(t)
	pl, err := pool.New(e, pool.Workers(workers))
	if err != nil {
		t.Fatal(err)
	}
	return e, pl
}

// holdWorker submits a task that takes a worker and keeps it, without calling
// the engine, until release is called; it returns once the task runs.
func holdWorker(t *testing.T, ctx context.Context, pl *pool.Pool) (held *pool.AsyncResult[int], release func()) {
	t.Helper()
	started, done := make(chan struct{}), make(chan struct{})
	held, err := pool.ApplyAsync(ctx, pl, func(*pool.Proc, int) (int, error) {
		close(started)
		<-done
		return 0, nil
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	<-started
	return held, sync.OnceFunc(func() { close(done) })
}

func TestParallelMapFamily(t *testing.T) {
	ctx := context.Background()
	_, pl := newParallelPool(t, 4)
	const n = 2000
	want := make([]int, n)
	for i := range want {
		want[i] = i * i
	}
	// Default chunks (32 here), one-item chunks, and chunks large enough for the
	// engine's fast path.
	for _, cs := range []int{0, 1, 7, 100, 500} {
		var opts []pool.MapOption
		if cs > 0 {
			opts = append(opts, pool.Chunksize(cs))
		}
		vs, err := pool.Map(ctx, pl, square, ints(n), opts...)
		if err != nil || !slices.Equal(vs, want) {
			t.Fatalf("Map with chunksize %d: err %v, results equal: %v", cs, err, slices.Equal(vs, want))
		}
	}
	m, err := pool.MapAsync(ctx, pl, square, ints(n))
	if err != nil {
		t.Fatal(err)
	}
	if vs, err := m.Get(ctx, -1); err != nil || !slices.Equal(vs, want) {
		t.Fatalf("MapAsync: err %v, results equal: %v", err, slices.Equal(vs, want))
	}
	for _, cs := range []int{1, 100} {
		seq, err := pool.Imap(ctx, pl, square, ints(n), pool.Chunksize(cs))
		if err != nil {
			t.Fatal(err)
		}
		got, err := collect(seq)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Imap with chunksize %d did not yield the squares in input order", cs)
		}
		seq, err = pool.ImapUnordered(ctx, pl, square, ints(n), pool.Chunksize(cs))
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for v, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("ImapUnordered with chunksize %d did not yield every square exactly once", cs)
		}
	}
	if v, err := pool.Apply(ctx, pl, square, 9); v != 81 || err != nil {
		t.Fatalf("Apply = %v, %v", v, err)
	}
	var rs []*pool.AsyncResult[int]
	for i := range 500 {
		r, err := pool.ApplyAsync(ctx, pl, square, i)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	for i, r := range rs {
		if v, err := r.Get(ctx, -1); v != i*i || err != nil {
			t.Fatalf("ApplyAsync(%d) = %v, %v", i, v, err)
		}
	}
	ss, err := pool.Starmap(ctx, pl, func(_ *pool.Proc, a, b int) (int, error) { return a - b, nil },
		[]pool.Pair[int, int]{{5, 1}, {1, 5}, {3, 3}})
	if err != nil || !slices.Equal(ss, []int{4, -4, 0}) {
		t.Fatalf("Starmap = %v, %v", ss, err)
	}
	pl.Close()
	if err := pl.Join(ctx); err != nil {
		t.Fatal(err)
	}
	c := pl.Counters()
	if c.Failed != 0 || c.Submitted != c.Succeeded {
		t.Fatalf("counters %+v: every task should have succeeded", c)
	}
}

func TestParallelGlobalsPerWorker(t *testing.T) {
	e := newParallel(t)
	ctx := context.Background()
	init := func(p *pool.Proc, _ int) error {
		p.Globals().Set("me", p.Worker())
		return nil
	}
	pl, err := pool.New(e, pool.Workers(4), pool.WithInitializer(init, 0))
	if err != nil {
		t.Fatal(err)
	}
	task := func(p *pool.Proc, _ int) (int, error) {
		me, ok := pool.Global[int](p, "me")
		if !ok || me != p.Worker() {
			return 0, fmt.Errorf("worker %d read global me=%v (set: %v)", p.Worker(), me, ok)
		}
		return me, nil
	}
	if _, err := pool.Map(ctx, pl, task, ints(400), pool.Chunksize(1)); err != nil {
		t.Fatal(err)
	}
	pl.Close()
	if err := pl.Join(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestParallelPanic(t *testing.T) {
	ctx := context.Background()
	_, pl := newParallelPool(t, 2)
	_, err := pool.Apply(ctx, pl, panickyTask, 1)
	var pe *pool.PanicError
	if !errors.As(err, &pe) || pe.Value != "odd input 1" {
		t.Fatalf("Apply of a panicking task: %v, want its PanicError", err)
	}
	// Fast-path chunks recover too.
	_, err = pool.Map(ctx, pl, panickyTask, []int{0, 2, 4, 6, 7, 8}, pool.Chunksize(100))
	if !errors.As(err, &pe) || pe.Value != "odd input 7" {
		t.Fatalf("Map of a panicking item: %v, want its PanicError", err)
	}
	if v, err := pool.Apply(ctx, pl, panickyTask, 2); v != 2 || err != nil {
		t.Fatalf("a task after the panics: %v, %v", v, err)
	}
	pl.Close()
	if err := pl.Join(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestParallelLargeChunkFailsAtItem fails one item of a map whose chunks are
// large enough for the fast path (more than 64 items), at every position the
// fast loop treats apart: each of the four items of an unrolled turn, the
// items of a block's tail loop (past its last whole turn), and block and chunk
// edges. The map must fail with
// that item's error, the item must have run as its own task, and the counters
// must count the rest of its chunk as failed and everything else as succeeded.
func TestParallelLargeChunkFailsAtItem(t *testing.T) {
	const n, chunk = 3004, 1502 // blocks of 128, then 94 items: 23 unrolled turns and 2 in the tail loop
	boom := errors.New("boom")
	for _, panics := range []bool{false, true} {
		for _, k := range []int{0, 1, 2, 3, 5, 127, 128, 1407, 1408, 1499, 1500, 1501, 1502, 1503, 2909, 3002, 3003} {
			t.Run(fmt.Sprintf("panic=%v/item%d", panics, k), func(t *testing.T) {
				e := newParallel(t)
				ctx := context.Background()
				pl, err := pool.New(e, pool.Workers(2))
				if err != nil {
					t.Fatal(err)
				}
				var firstTask, failedTask atomic.Int64
				_, err = pool.Map(ctx, pl, func(p *pool.Proc, x int) (int, error) {
					if x == 0 {
						firstTask.Store(int64(p.Task()))
					}
					if x == k {
						failedTask.Store(int64(p.Task()))
						if panics {
							panic(boom)
						}
						return 0, boom
					}
					return 2 * x, nil
				}, ints(n), pool.Chunksize(chunk))
				if !errors.Is(err, boom) {
					t.Fatalf("Map failing at item %d: %v, want boom", k, err)
				}
				var pe *pool.PanicError
				if panics != errors.As(err, &pe) {
					t.Errorf("panicked %v, but the error is %T", panics, err)
				}
				if got := failedTask.Load() - firstTask.Load(); got != int64(k) {
					t.Errorf("the failing item ran as task first+%d, want first+%d", got, k)
				}
				pl.Close()
				if err := pl.Join(ctx); err != nil {
					t.Fatal(err)
				}
				c := pl.Counters()
				failed := int64((k/chunk+1)*chunk - k)
				if c.Submitted != n || c.Failed != failed || c.Succeeded != n-failed {
					t.Errorf("counters %+v, want %d submitted, %d failed, %d succeeded", c, n, failed, n-failed)
				}
			})
		}
	}
}

func TestParallelBrokenInitializer(t *testing.T) {
	for _, name := range []string{"error", "panic"} {
		t.Run(name, func(t *testing.T) {
			e := newParallel(t)
			ctx := context.Background()
			var mu sync.Mutex
			runs := map[workerGen]int{}
			init := func(p *pool.Proc, _ int) error {
				mu.Lock()
				runs[workerGen{p.Worker(), p.Generation()}]++
				mu.Unlock()
				if name == "panic" {
					panic("bad")
				}
				return errBoom
			}
			pl, err := pool.New(e, pool.Workers(4), pool.MaxTasksPerChild(1), pool.WithInitializer(init, 0))
			if err != nil {
				t.Fatal(err)
			}
			var rs []*pool.AsyncResult[int]
			for i := range 50 {
				r, err := pool.ApplyAsync(ctx, pl, square, i)
				if err != nil {
					if !errors.Is(err, pool.ErrBroken) {
						t.Fatalf("submission %d: %v, want success or ErrBroken", i, err)
					}
					break
				}
				rs = append(rs, r)
			}
			for _, r := range rs {
				if _, err := r.Get(ctx, -1); !errors.Is(err, pool.ErrBroken) {
					t.Fatalf("task %d: %v, want ErrBroken", r.Task(), err)
				}
			}
			if _, err := pool.ApplyAsync(ctx, pl, square, 0); !errors.Is(err, pool.ErrBroken) {
				t.Fatalf("submission after the pool broke: %v, want ErrBroken", err)
			}
			pl.Close()
			if err := pl.Join(ctx); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(runs) == 0 {
				t.Fatal("the initializer never ran")
			}
			for wg, n := range runs {
				if n != 1 || wg.gen != 1 {
					t.Errorf("worker %d generation %d ran the initializer %d times; want at most once, generation 1 only", wg.worker, wg.gen, n)
				}
			}
		})
	}
}

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
		if _, err := r.Get(ctx, -1); !errors.Is(err, pool.ErrTerminated) {
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
				pool.OnSuccess(func(int) { calls.Add(1) }), pool.OnError[int](func(error) { calls.Add(1) }))
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

// TestParallelMaxTasksPerChildWithLongQueue: workers recycled after each job while
// hundreds of jobs wait must not lose any of them.
func TestParallelMaxTasksPerChildWithLongQueue(t *testing.T) {
	e := newParallel(t)
	ctx := context.Background()
	gate := make(chan struct{})
	// The initializer waits until every task is queued, so the first worker to
	// take a job faces a long queue.
	init := func(p *pool.Proc, gate chan struct{}) error { <-gate; return nil }
	pl, err := pool.New(e, pool.Workers(2), pool.MaxTasksPerChild(2), pool.WithInitializer(init, gate))
	if err != nil {
		t.Fatal(err)
	}
	var rs []*pool.AsyncResult[int]
	for i := range 300 {
		r, err := pool.ApplyAsync(ctx, pl, square, i)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	close(gate)
	pl.Close()
	if err := pl.Join(ctx); err != nil {
		t.Fatal(err)
	}
	lost := 0
	for _, r := range rs {
		if !r.Ready() {
			lost++
		}
	}
	if lost > 0 {
		t.Fatalf("%d of 300 tasks never ran: recycled workers lost jobs they had claimed", lost)
	}
	for i, r := range rs {
		if v, err := r.Get(ctx, -1); v != i*i || err != nil {
			t.Fatalf("task %d: %v, %v", r.Task(), v, err)
		}
	}
}

// TestParallelObservedRecycling runs an observed engine whose workers are replaced
// after every job, draining while it runs: under -race this checks that a worker
// slot's event ring has one writer at a time, and it checks no event was lost.
func TestParallelObservedRecycling(t *testing.T) {
	e := newParallel(t, pool.WithObserver(1<<16))
	ctx := context.Background()
	pl, err := pool.New(e, pool.Workers(3), pool.MaxTasksPerChild(1),
		pool.WithInitializer(func(p *pool.Proc, _ int) error { p.Globals().Set("x", 1); return nil }, 0))
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	drained := make(chan []pool.Event)
	go func() {
		var evs []pool.Event
		for {
			select {
			case <-stop:
				drained <- e.Drain(evs)
				return
			default:
				evs = e.Drain(evs)
			}
		}
	}()
	if _, err := pool.Map(ctx, pl, square, ints(300), pool.Chunksize(1)); err != nil {
		t.Fatal(err)
	}
	pl.Close()
	if err := pl.Join(ctx); err != nil {
		t.Fatal(err)
	}
	close(stop)
	evs := <-drained
	if n := len(ofKind(evs, pool.KindCoalesced)); n != 0 {
		t.Fatalf("%d coalesced events with a ring of 65536", n)
	}
	started, exited := len(ofKind(evs, pool.KindWorkerStarted)), len(ofKind(evs, pool.KindWorkerExited))
	if started != exited || started < 300 {
		t.Fatalf("%d worker-started and %d worker-exited events; want equal and at least 300 (one generation per job)", started, exited)
	}
	if n := len(ofKind(evs, pool.KindTaskFinished)); n != 300 {
		t.Fatalf("%d task-finished events, want 300", n)
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
			v, err := r.Get(ctx, -1)
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

// TestParallelVirtualTime runs timeouts and sleeps on a Parallel engine inside a
// synctest bubble, where the real clock is fake, so no test time passes.
func TestParallelVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := pool.NewEngine(pool.Parallel, pool.WithSpeed(2))
		ctx := context.Background()
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			t.Fatal(err)
		}
		r, err := pool.ApplyAsync(ctx, pl, sleepThen(10*time.Second), 5)
		if err != nil {
			t.Fatal(err)
		}
		start, vstart := time.Now(), e.Now()
		if _, err := r.Get(ctx, 2*time.Second); !errors.Is(err, pool.ErrTimeout) {
			t.Fatalf("Get with a 2 s timeout on a 10 s task: %v, want ErrTimeout", err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("a 2 s virtual timeout at speed 2 took %v of (fake) real time, want 1s", d)
		}
		if v, err := r.Get(ctx, -1); v != 5 || err != nil {
			t.Fatalf("Get = %v, %v", v, err)
		}
		if d := e.Now() - vstart; d < 10*time.Second {
			t.Errorf("the 10 s task finished after %v of virtual time", d)
		}
		seq, err := pool.ImapUnordered(ctx, pl, func(p *pool.Proc, x int) (int, error) {
			return x, p.Sleep(time.Duration(10-x) * time.Second)
		}, ints(4), pool.Chunksize(1))
		if err != nil {
			t.Fatal(err)
		}
		got, err := collect(seq)
		if err != nil {
			t.Fatal(err)
		}
		// Two workers: 0 (10 s) and 1 (9 s) start first; 1 ends first and 2 (8 s)
		// starts at 9 s, 0 ends at 10 s and 3 (7 s) starts; then 3 at 17 s, 2 at 17 s.
		if got[0] != 1 || got[1] != 0 {
			t.Errorf("imap_unordered yielded %v; want 1 then 0 first (completion order)", got)
		}
		pl.Close()
		if err := pl.Join(ctx); err != nil {
			t.Fatal(err)
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
			r, err := pool.ApplyAsync(ctx, pl, square, i, pool.OnError[int](func(error) {}))
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
			if _, err := r.Get(ctx, -1); !errors.Is(err, pool.ErrBroken) && !errors.Is(err, pool.ErrTerminated) {
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
	if _, err := blocker.Get(ctx, -1); !errors.Is(err, pool.ErrTerminated) {
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
		if _, err := r.Get(ctx, -1); !errors.Is(err, pool.ErrTerminated) {
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
	if _, err := r.Get(ctx, -1); !errors.Is(err, pool.ErrTerminated) {
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
	if _, err := m.Get(ctx, -1); !errors.Is(err, pool.ErrTerminated) { // resolved before the workers are waited for
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
