package pool_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"poolviz/pool"
)

type workerGen struct{ worker, gen int }

func TestInitializerRunsOncePerWorkerGeneration(t *testing.T) {
	evs := mustSim(t, 1, func(p *pool.Proc) error {
		init := func(p *pool.Proc, _ string) error { return p.Sleep(time.Duration(1+p.Rand().IntN(20)) * ms) }
		pl, err := pool.New(p.Engine(), pool.Workers(3), pool.WithInitializer(init, "cfg"))
		if err != nil {
			return err
		}
		if _, err := pool.Map(p, pl, randomSleepSquare, ints(30), pool.Chunksize(1)); err != nil {
			return err
		}
		pl.Close()
		return pl.Join(p)
	})
	began := map[workerGen]int{}
	for _, ev := range ofKind(evs, pool.KindInitBegan) {
		began[workerGen{ev.Actor.ID, ev.Gen}]++
	}
	if len(began) != 3 {
		t.Fatalf("initializers began in %d worker generations, want 3 (workers 1-3, generation 1): %v", len(began), began)
	}
	for wg, n := range began {
		if wg.gen != 1 || n != 1 {
			t.Errorf("worker %d generation %d began its initializer %d times, want once in generation 1", wg.worker, wg.gen, n)
		}
	}
	// Each worker finished its initializer before it started its first task.
	for w := 1; w <= 3; w++ {
		ended := indexOf(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindInitEnded && ev.Actor.ID == w })
		started := indexOf(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindTaskStarted && ev.Actor.ID == w })
		if ended < 0 {
			t.Errorf("worker %d never finished its initializer", w)
		} else if started >= 0 && started < ended {
			t.Errorf("worker %d started a task (event %d) before its initializer ended (event %d)", w, started, ended)
		}
	}
}

// TestGlobalsArePerWorker: each worker's initializer stores the worker's own
// number, and every task reads back the number of the worker running it, never
// another's; a counter each task increments counts per worker.
func TestGlobalsArePerWorker(t *testing.T) {
	type seen struct{ worker, stored, count int }
	var got []seen
	mustSim(t, 2, func(p *pool.Proc) error {
		init := func(p *pool.Proc, _ int) error {
			p.Globals().Set("me", p.Worker())
			p.Globals().Set("count", 0)
			return nil
		}
		pl, err := pool.New(p.Engine(), pool.Workers(3), pool.WithInitializer(init, 0))
		if err != nil {
			return err
		}
		task := func(p *pool.Proc, _ int) (seen, error) {
			if err := p.Sleep(time.Duration(1+p.Rand().IntN(30)) * ms); err != nil {
				return seen{}, err
			}
			me, ok := pool.Global[int](p, "me")
			if !ok {
				return seen{}, errors.New("global me is missing")
			}
			n, _ := pool.Global[int](p, "count")
			n++
			p.Globals().Set("count", n)
			return seen{p.Worker(), me, n}, nil
		}
		got, err = pool.Map(p, pl, task, ints(24), pool.Chunksize(1))
		if err != nil {
			return err
		}
		pl.Close()
		return pl.Join(p)
	})
	per := map[int][]int{}
	for _, s := range got {
		if s.stored != s.worker {
			t.Errorf("a task on worker %d read global me=%d: it saw another worker's global", s.worker, s.stored)
		}
		per[s.worker] = append(per[s.worker], s.count)
	}
	if len(per) < 2 {
		t.Fatalf("only %d worker ran tasks; the test needs at least two to mean something", len(per))
	}
	total := 0
	for w, counts := range per {
		slices.Sort(counts)
		for i, c := range counts {
			if c != i+1 {
				t.Errorf("worker %d's counter went %v, want 1..%d: the counter is shared between workers", w, counts, len(counts))
				break
			}
		}
		total += len(counts)
	}
	if total != 24 {
		t.Errorf("%d results, want 24", total)
	}
}

func TestMaxTasksPerChildReplacesWorkers(t *testing.T) {
	type seen struct{ worker, gen, storedGen, count int }
	const n, maxTasks = 12, 2
	var got []seen
	evs := mustSim(t, 3, func(p *pool.Proc) error {
		init := func(p *pool.Proc, _ int) error {
			p.Globals().Set("gen", p.Generation())
			p.Globals().Set("count", 0)
			return nil
		}
		pl, err := pool.New(p.Engine(), pool.Workers(2), pool.MaxTasksPerChild(maxTasks), pool.WithInitializer(init, 0))
		if err != nil {
			return err
		}
		task := func(p *pool.Proc, _ int) (seen, error) {
			if err := p.Sleep(time.Duration(1+p.Rand().IntN(10)) * ms); err != nil {
				return seen{}, err
			}
			g, _ := pool.Global[int](p, "gen")
			c, _ := pool.Global[int](p, "count")
			c++
			p.Globals().Set("count", c)
			return seen{p.Worker(), p.Generation(), g, c}, nil
		}
		var rs []*pool.AsyncResult[seen]
		for i := range n {
			r, err := pool.ApplyAsync(p, pl, task, i)
			if err != nil {
				return err
			}
			rs = append(rs, r)
		}
		for _, r := range rs {
			s, err := r.Get(p, -1)
			if err != nil {
				return err
			}
			got = append(got, s)
		}
		pl.Close()
		return pl.Join(p)
	})
	maxGen := 0
	for _, s := range got {
		if s.storedGen != s.gen {
			t.Errorf("a task of worker %d generation %d read global gen=%d: globals did not start afresh", s.worker, s.gen, s.storedGen)
		}
		if s.count > maxTasks {
			t.Errorf("worker %d generation %d ran a %d-th task, maxtasksperchild is %d", s.worker, s.gen, s.count, maxTasks)
		}
		maxGen = max(maxGen, s.gen)
	}
	if maxGen < 3 {
		t.Errorf("highest generation that ran a task is %d; %d tasks on 2 workers with maxtasksperchild=%d need at least 3", maxGen, n, maxTasks)
	}
	jobs := map[workerGen]int{}
	for _, ev := range ofKind(evs, pool.KindTaskStarted) {
		jobs[workerGen{ev.Actor.ID, ev.Gen}]++
	}
	inits := map[workerGen]int{}
	for _, ev := range ofKind(evs, pool.KindInitBegan) {
		inits[workerGen{ev.Actor.ID, ev.Gen}]++
	}
	for wg, k := range jobs {
		if k > maxTasks {
			t.Errorf("worker %d generation %d started %d tasks, want at most %d", wg.worker, wg.gen, k, maxTasks)
		}
		if inits[wg] != 1 {
			t.Errorf("worker %d generation %d ran tasks after %d initializer runs, want 1", wg.worker, wg.gen, inits[wg])
		}
	}
	// Every generation that completed maxTasks jobs was recycled (once), and only those.
	full := 0
	for _, k := range jobs {
		if k == maxTasks {
			full++
		}
	}
	recycled := ofKind(evs, pool.KindWorkerRecycled)
	if len(recycled) != full || full < n/maxTasks-1 {
		t.Errorf("%d worker-recycled events, %d generations ran %d tasks: want equal, and at least %d", len(recycled), full, maxTasks, n/maxTasks-1)
	}
	for _, ev := range recycled {
		if ev.Count != maxTasks || jobs[workerGen{ev.Actor.ID, ev.Gen}] != maxTasks {
			t.Errorf("worker %d generation %d was recycled after %d jobs (%d started), want %d", ev.Actor.ID, ev.Gen, ev.Count, jobs[workerGen{ev.Actor.ID, ev.Gen}], maxTasks)
		}
	}
	checkEachFinishedOnce(t, evs, taskIDs(1, n))
}

// TestMaxTasksPerChildCountsChunks: for map, a chunk is one job.
func TestMaxTasksPerChildCountsChunks(t *testing.T) {
	evs := mustSim(t, 4, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(2), pool.MaxTasksPerChild(1))
		if err != nil {
			return err
		}
		vs, err := pool.Map(p, pl, sleepThen(ms), ints(12), pool.Chunksize(3))
		if err != nil {
			return err
		}
		if !slices.Equal(vs, ints(12)) {
			return fmt.Errorf("map returned %v", vs)
		}
		pl.Close()
		return pl.Join(p)
	})
	chunks := map[workerGen]map[int]bool{}
	for _, ev := range ofKind(evs, pool.KindTaskStarted) {
		wg := workerGen{ev.Actor.ID, ev.Gen}
		if chunks[wg] == nil {
			chunks[wg] = map[int]bool{}
		}
		chunks[wg][ev.Chunk] = true
	}
	if len(chunks) != 4 {
		t.Errorf("%d worker generations ran chunks, want 4 (4 chunks, one each)", len(chunks))
	}
	for wg, cs := range chunks {
		if len(cs) != 1 {
			t.Errorf("worker %d generation %d ran chunks %v, want exactly one", wg.worker, wg.gen, cs)
		}
	}
	if n := len(ofKind(evs, pool.KindWorkerRecycled)); n != 4 {
		t.Errorf("%d worker-recycled events, want 4", n)
	}
}

func TestImapYieldsInInputOrder(t *testing.T) {
	var got []int
	evs := mustSim(t, 5, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(3))
		if err != nil {
			return err
		}
		seq, err := pool.Imap(p, pl, randomSleepSquare, ints(15))
		if err != nil {
			return err
		}
		if got, err = collect(seq); err != nil {
			return err
		}
		pl.Close()
		return pl.Join(p)
	})
	want := make([]int, 15)
	for i := range want {
		want[i] = i * i
	}
	if !slices.Equal(got, want) {
		t.Fatalf("imap yielded %v, want input order %v", got, want)
	}
	if fin := finishedTasks(evs); slices.IsSorted(fin) {
		t.Fatalf("tasks finished in input order %v: the test cannot tell imap's order from completion order", fin)
	}
}

func TestImapUnorderedYieldsInCompletionOrder(t *testing.T) {
	var got []int
	evs := mustSim(t, 6, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(3))
		if err != nil {
			return err
		}
		seq, err := pool.ImapUnordered(p, pl, randomSleepSquare, ints(15))
		if err != nil {
			return err
		}
		if got, err = collect(seq); err != nil {
			return err
		}
		pl.Close()
		return pl.Join(p)
	})
	var completion []int
	for _, ev := range ofKind(evs, pool.KindTaskFinished) {
		completion = append(completion, ev.Index*ev.Index)
	}
	if !slices.Equal(got, completion) {
		t.Fatalf("imap_unordered yielded %v, want completion order %v", got, completion)
	}
	sorted := slices.Clone(got)
	slices.Sort(sorted)
	for i, v := range sorted {
		if v != i*i {
			t.Fatalf("imap_unordered yielded %v: want every square of 0..14 exactly once", got)
		}
	}
	if slices.IsSorted(got) {
		t.Fatalf("imap_unordered yielded input order %v: the test cannot tell the orders apart", got)
	}
}

// TestDefaultChunksize checks Python's rule: chunksize, extra = divmod(n, 4*workers);
// if extra: chunksize += 1; and 0 for an empty input. The table was computed with it.
func TestDefaultChunksize(t *testing.T) {
	for _, c := range []struct{ n, workers, want int }{
		{0, 1, 0}, {0, 4, 0}, {1, 1, 1}, {4, 1, 1}, {5, 1, 2}, {8, 1, 2}, {9, 1, 3},
		{10, 2, 2}, {10, 4, 1}, {16, 4, 1}, {17, 4, 2}, {100, 4, 7}, {96, 3, 8}, {97, 3, 9},
		{1000, 8, 32}, {1, 64, 1}, {256, 64, 1}, {257, 64, 2}, {7, 3, 1}, {12, 3, 1}, {13, 3, 2},
	} {
		if got := pool.DefaultChunksize(c.n, c.workers); got != c.want {
			t.Errorf("DefaultChunksize(%d, %d) = %d, want %d", c.n, c.workers, got, c.want)
		}
	}
}

// TestMapUsesDefaultChunksize: map splits 10 items on 2 workers into chunks of 2, as
// Python does, and imap uses chunks of 1.
func TestMapUsesDefaultChunksize(t *testing.T) {
	evs := mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		if _, err := pool.Map(p, pl, square, ints(10)); err != nil {
			return err
		}
		seq, err := pool.Imap(p, pl, square, ints(3))
		if err != nil {
			return err
		}
		for range seq {
		}
		pl.Close()
		return pl.Join(p)
	})
	var mapChunks, imapChunks []int
	for _, ev := range ofKind(evs, pool.KindTaskSubmitted) {
		switch ev.Label {
		case "map":
			mapChunks = append(mapChunks, ev.Count)
		case "imap":
			imapChunks = append(imapChunks, ev.Count)
		}
	}
	if want := []int{2, 2, 2, 2, 2}; !slices.Equal(mapChunks, want) {
		t.Errorf("map of 10 items on 2 workers submitted chunks of %v, want %v", mapChunks, want)
	}
	if want := []int{1, 1, 1}; !slices.Equal(imapChunks, want) {
		t.Errorf("imap of 3 items submitted chunks of %v, want %v", imapChunks, want)
	}
}

func TestJoinBeforeCloseIsAnError(t *testing.T) {
	mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		if err := pl.Join(p); !errors.Is(err, pool.ErrJoinBeforeClose) {
			return fmt.Errorf("Join on a running pool returned %v, want ErrJoinBeforeClose", err)
		}
		pl.Close()
		if err := pl.Join(p); err != nil {
			return fmt.Errorf("Join after Close: %v", err)
		}
		// A second Join of an ended pool returns at once.
		if err := pl.Join(p); err != nil {
			return fmt.Errorf("second Join: %v", err)
		}
		pl2, err := pool.New(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		pl2.Terminate(p)
		if err := pl2.Join(p); err != nil {
			return fmt.Errorf("Join after Terminate: %v", err)
		}
		return nil
	})
}

func TestSubmitAfterCloseIsRefused(t *testing.T) {
	mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		r, err := pool.ApplyAsync(p, pl, sleepThen(10*ms), 1)
		if err != nil {
			return err
		}
		pl.Close()
		pl.Close() // idempotent
		if _, err := pool.ApplyAsync(p, pl, square, 2); !errors.Is(err, pool.ErrClosed) {
			return fmt.Errorf("ApplyAsync after Close: %v, want ErrClosed", err)
		}
		if _, err := pool.Apply(p, pl, square, 2); !errors.Is(err, pool.ErrClosed) {
			return fmt.Errorf("Apply after Close: %v, want ErrClosed", err)
		}
		if _, err := pool.MapAsync(p, pl, square, ints(4)); !errors.Is(err, pool.ErrClosed) {
			return fmt.Errorf("MapAsync after Close: %v, want ErrClosed", err)
		}
		if _, err := pool.Map(p, pl, square, ints(4)); !errors.Is(err, pool.ErrClosed) {
			return fmt.Errorf("Map after Close: %v, want ErrClosed", err)
		}
		if _, err := pool.Imap(p, pl, square, ints(4)); !errors.Is(err, pool.ErrClosed) {
			return fmt.Errorf("Imap after Close: %v, want ErrClosed", err)
		}
		if _, err := pool.ImapUnordered(p, pl, square, ints(4)); !errors.Is(err, pool.ErrClosed) {
			return fmt.Errorf("ImapUnordered after Close: %v, want ErrClosed", err)
		}
		// Work queued before Close still runs.
		if v, err := r.Get(p, -1); err != nil || v != 1 {
			return fmt.Errorf("task queued before Close: %v, %v; want 1, nil", v, err)
		}
		return pl.Join(p)
	})
}

func TestAsyncResultGetTimeoutAndState(t *testing.T) {
	mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(1))
		if err != nil {
			return err
		}
		r, err := pool.ApplyAsync(p, pl, sleepThen(10*time.Second), 42)
		if err != nil {
			return err
		}
		start := p.Now()
		if r.Ready() {
			return errors.New("Ready before the task ran")
		}
		if _, err := r.Successful(); !errors.Is(err, pool.ErrNotReady) {
			return fmt.Errorf("Successful before ready: %v, want ErrNotReady", err)
		}
		if _, err := r.Get(p, time.Second); !errors.Is(err, pool.ErrTimeout) {
			return fmt.Errorf("Get with a 1 s timeout on a 10 s task: %v, want ErrTimeout", err)
		}
		if d := p.Now() - start; d != time.Second {
			return fmt.Errorf("Get with a 1 s timeout returned after %v of virtual time", d)
		}
		if err := r.Wait(p, 2*time.Second); !errors.Is(err, pool.ErrTimeout) {
			return fmt.Errorf("Wait with a 2 s timeout: %v, want ErrTimeout", err)
		}
		if d := p.Now() - start; d != 3*time.Second {
			return fmt.Errorf("after both timeouts %v passed, want 3s", d)
		}
		if r.Ready() {
			return errors.New("Ready after 3 s of a 10 s task")
		}
		if err := r.Wait(p, -1); err != nil {
			return fmt.Errorf("Wait: %v", err)
		}
		if d := p.Now() - start; d != 10*time.Second {
			return fmt.Errorf("the 10 s task was ready after %v", d)
		}
		if !r.Ready() {
			return errors.New("not Ready after Wait")
		}
		if ok, err := r.Successful(); !ok || err != nil {
			return fmt.Errorf("Successful = %v, %v; want true, nil", ok, err)
		}
		if v, err := r.Get(p, 0); v != 42 || err != nil {
			return fmt.Errorf("Get = %v, %v; want 42, nil", v, err)
		}
		bad, err := pool.ApplyAsync(p, pl, func(p *pool.Proc, _ int) (int, error) { return 0, errBoom }, 0)
		if err != nil {
			return err
		}
		if _, err := bad.Get(p, -1); !errors.Is(err, errBoom) {
			return fmt.Errorf("Get of a failing task: %v, want errBoom", err)
		}
		if ok, err := bad.Successful(); ok || err != nil {
			return fmt.Errorf("Successful of a failed task = %v, %v; want false, nil", ok, err)
		}
		pl.Close()
		return pl.Join(p)
	})
}

// TestCallbacksRunOnResultHandler: callbacks run on the pool's result handler, not
// on a worker, and before the result is ready.
func TestCallbacksRunOnResultHandler(t *testing.T) {
	var okReady, errReady, mapReady []bool
	var okVals []int
	var errVals []error
	var mapVals [][]int
	evs := mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		var good, bad *pool.AsyncResult[int]
		good, err = pool.ApplyAsync(p, pl, sleepThen(5*ms), 7, pool.OnSuccess(func(v int) {
			okVals = append(okVals, v)
			okReady = append(okReady, good.Ready())
		}), pool.OnError[int](func(err error) { t.Errorf("error callback of a good task: %v", err) }))
		if err != nil {
			return err
		}
		bad, err = pool.ApplyAsync(p, pl, func(p *pool.Proc, _ int) (int, error) { return 0, errBoom }, 0,
			pool.OnSuccess(func(int) { t.Error("success callback of a failing task") }),
			pool.OnError[int](func(err error) {
				errVals = append(errVals, err)
				errReady = append(errReady, bad.Ready())
			}))
		if err != nil {
			return err
		}
		var m *pool.AsyncResult[[]int]
		m, err = pool.MapAsyncWith(p, pl, square, ints(5), []pool.AsyncOption[[]int]{pool.OnSuccess(func(vs []int) {
			mapVals = append(mapVals, vs)
			mapReady = append(mapReady, m.Ready())
		})})
		if err != nil {
			return err
		}
		if v, err := good.Get(p, -1); v != 7 || err != nil {
			return fmt.Errorf("good task: %v, %v", v, err)
		}
		if _, err := bad.Get(p, -1); !errors.Is(err, errBoom) {
			return fmt.Errorf("bad task: %v", err)
		}
		if _, err := m.Get(p, -1); err != nil {
			return err
		}
		pl.Close()
		return pl.Join(p)
	})
	if !slices.Equal(okVals, []int{7}) || !slices.Equal(okReady, []bool{false}) {
		t.Errorf("success callback ran with %v, seeing Ready %v; want [7] once, before ready", okVals, okReady)
	}
	if len(errVals) != 1 || !errors.Is(errVals[0], errBoom) || !slices.Equal(errReady, []bool{false}) {
		t.Errorf("error callback ran with %v, seeing Ready %v; want errBoom once, before ready", errVals, errReady)
	}
	if len(mapVals) != 1 || !slices.Equal(mapVals[0], []int{0, 1, 4, 9, 16}) || !slices.Equal(mapReady, []bool{false}) {
		t.Errorf("map callback ran with %v, seeing Ready %v; want [[0 1 4 9 16]] once, before ready", mapVals, mapReady)
	}
	ran := ofKind(evs, pool.KindCallbackRan)
	if len(ran) != 3 {
		t.Fatalf("%d callback-ran events, want 3", len(ran))
	}
	for _, cb := range ran {
		if cb.Actor.Kind != pool.ActorResultHandler {
			t.Errorf("callback for task %d ran on %v, want the result handler", cb.Task, cb.Actor)
		}
		at := indexOf(evs, func(ev pool.Event) bool { return ev.Seq == cb.Seq })
		ready := indexOf(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindResultReady && ev.Task == cb.Task })
		if ready < 0 || ready < at {
			t.Errorf("task %d: result-ready at event %d, callback-ran at %d; the callback must come first", cb.Task, ready, at)
		}
	}
}

func TestApplyMapStarmapResults(t *testing.T) {
	mustSim(t, 9, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(3))
		if err != nil {
			return err
		}
		if v, err := pool.Apply(p, pl, randomSleepSquare, 12); v != 144 || err != nil {
			return fmt.Errorf("Apply = %v, %v; want 144", v, err)
		}
		want := make([]int, 20)
		for i := range want {
			want[i] = i * i
		}
		for _, cs := range []int{0, 1, 3, 7, 20, 50} {
			var opts []pool.MapOption
			if cs > 0 {
				opts = append(opts, pool.Chunksize(cs))
			}
			vs, err := pool.Map(p, pl, randomSleepSquare, ints(20), opts...)
			if err != nil || !slices.Equal(vs, want) {
				return fmt.Errorf("Map with chunksize %d = %v, %v; want %v", cs, vs, err, want)
			}
		}
		m, err := pool.MapAsync(p, pl, randomSleepSquare, ints(20), pool.Chunksize(2))
		if err != nil {
			return err
		}
		if vs, err := m.Get(p, -1); err != nil || !slices.Equal(vs, want) {
			return fmt.Errorf("MapAsync = %v, %v", vs, err)
		}
		pairs := []pool.Pair[int, string]{{3, "a"}, {1, "b"}, {2, "c"}}
		ss, err := pool.Starmap(p, pl, func(p *pool.Proc, n int, s string) (string, error) {
			if err := p.Sleep(time.Duration(4-n) * ms); err != nil {
				return "", err
			}
			return fmt.Sprint(s, n), nil
		}, pairs, pool.Chunksize(1))
		if err != nil || !slices.Equal(ss, []string{"a3", "b1", "c2"}) {
			return fmt.Errorf("Starmap = %v, %v; want [a3 b1 c2]", ss, err)
		}
		empty, err := pool.Map(p, pl, square, nil)
		if err != nil || len(empty) != 0 {
			return fmt.Errorf("Map of nothing = %v, %v; want an empty result", empty, err)
		}
		seq, err := pool.Imap(p, pl, square, nil)
		if err != nil {
			return err
		}
		for v := range seq {
			return fmt.Errorf("Imap of nothing yielded %v", v)
		}
		// A failing item fails the whole map with its error, as Python's map raises.
		_, err = pool.Map(p, pl, func(p *pool.Proc, x int) (int, error) {
			if x == 5 {
				return 0, errBoom
			}
			return x, nil
		}, ints(10))
		if !errors.Is(err, errBoom) {
			return fmt.Errorf("Map with a failing item: %v, want errBoom", err)
		}
		pl.Close()
		return pl.Join(p)
	})
}
