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
			s, err := r.Get(p)
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
	checkRecycling(t, evs, n, maxTasks)
	checkEachFinishedOnce(t, evs, taskIDs(1, n))
}

// checkRecycling checks the events of n tasks on a pool with maxtasksperchild
// maxTasks: no generation of a worker started more than maxTasks tasks or ran
// its initializer other than once, and exactly the generations that completed
// maxTasks jobs were recycled.
func checkRecycling(t *testing.T, evs []pool.Event, n, maxTasks int) {
	t.Helper()
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
		if v, err := r.Get(p); err != nil || v != 1 {
			return fmt.Errorf("task queued before Close: %v, %v; want 1, nil", v, err)
		}
		return pl.Join(p)
	})
}
