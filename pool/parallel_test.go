package pool_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
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
	if vs, err := m.Get(ctx); err != nil || !slices.Equal(vs, want) {
		t.Fatalf("MapAsync: err %v, results equal: %v", err, slices.Equal(vs, want))
	}
	checkParallelImap(t, ctx, pl, want)
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
		if v, err := r.Get(ctx); v != i*i || err != nil {
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

// checkParallelImap checks that Imap yields the squares want in input order and
// ImapUnordered yields each exactly once, with one-item and 100-item chunks.
func checkParallelImap(t *testing.T, ctx context.Context, pl *pool.Pool, want []int) {
	t.Helper()
	for _, cs := range []int{1, 100} {
		seq, err := pool.Imap(ctx, pl, square, ints(len(want)), pool.Chunksize(cs))
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
		seq, err = pool.ImapUnordered(ctx, pl, square, ints(len(want)), pool.Chunksize(cs))
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
		if v, err := r.Get(ctx); v != i*i || err != nil {
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
		if _, err := r.Get(ctx, pool.Timeout(2*time.Second)); !errors.Is(err, pool.ErrTimeout) {
			t.Fatalf("Get with a 2 s timeout on a 10 s task: %v, want ErrTimeout", err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("a 2 s virtual timeout at speed 2 took %v of (fake) real time, want 1s", d)
		}
		if v, err := r.Get(ctx); v != 5 || err != nil {
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
