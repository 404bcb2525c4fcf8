package main

import (
	"context"
	"fmt"
	"time"

	"poolviz/pool"
)

// drainInterval is how often the observed engine is drained, as the UI does at
// about 30 frames a second.
const drainInterval = 33 * time.Millisecond

// poolvizRun is one Parallel engine with one pool, plus the goroutine that
// drains its events when it is observed.
type poolvizRun struct {
	e       *pool.Engine
	p       *pool.Pool
	stop    chan struct{}
	drained chan int
	ended   bool
	err     error
}

// startPoolviz starts a Parallel engine (watchdog off) and a pool of workers.
// observed attaches an observer with the default ring size and drains it every
// drainInterval, as the UI would; detached runs without an observer.
func startPoolviz(workers int, observed bool) (*poolvizRun, error) {
	opts := []pool.EngineOption{pool.WithWatchdog(0)}
	if observed {
		opts = append(opts, pool.WithObserver(0))
	}
	r := &poolvizRun{e: pool.NewEngine(pool.Parallel, opts...)}
	if observed {
		r.stop, r.drained = make(chan struct{}), make(chan int, 1)
		go r.drain()
	}
	p, err := pool.New(r.e, pool.Workers(workers))
	if err != nil {
		r.e.Shutdown()
		return nil, err
	}
	r.p = p
	return r, nil
}

// drain drains the engine every drainInterval until r.stop closes, then once
// more, and sends the number of events it collected on r.drained.
func (r *poolvizRun) drain() {
	var buf []pool.Event
	total := 0
	tick := time.NewTicker(drainInterval)
	defer tick.Stop()
	for stopped := false; !stopped; {
		select {
		case <-r.stop:
			stopped = true
		case <-tick.C:
		}
		buf = r.e.Drain(buf[:0])
		total += len(buf)
	}
	r.drained <- total
}

// finish closes and joins the pool, stops the drainer and shuts the engine
// down; it returns Join's error. Later calls return the same error.
func (r *poolvizRun) finish() error {
	if r.ended {
		return r.err
	}
	r.ended = true
	r.p.Close()
	r.err = r.p.Join(context.Background())
	if r.stop != nil {
		close(r.stop)
		<-r.drained
	}
	r.e.Shutdown()
	return r.err
}

// poolvizPeer is the project's pool in Parallel mode, observed or detached.
//   - fire: Pool.Go per task (fire-and-forget, no handle), then Close and
//     Join: Join returns when every queued task ran.
//   - handles: ApplyAsync per task keeping every *AsyncResult, then Get on each.
//   - map: pool.Map with the default chunk size, ceil(n / (4 x workers)).
//   - sleep: each task calls Proc.Sleep, the engine's own sleep, which in
//     Parallel mode at speed 1 (the default) waits on the real clock and is
//     recorded as a wait; the other peers call time.Sleep.
func poolvizPeer(observed bool) peer {
	name := "poolviz (detached)"
	if observed {
		name = "poolviz (observed)"
	}
	v := poolvizWorkloads{observed: observed}
	return peer{name: name, fire: v.fire, handles: v.handles, mapInts: v.mapInts, startMapper: v.startMapper, sleep: v.sleep}
}

// poolvizWorkloads runs each workload on a fresh engine and pool, observed or not.
// The harness calls the engine from outside its actors, so every call takes a
// plain context.
type poolvizWorkloads struct{ observed bool }

func (v poolvizWorkloads) fire(workers, n int, task func(int)) error {
	ctx := context.Background()
	r, err := startPoolviz(workers, v.observed)
	if err != nil {
		return err
	}
	for i := range n {
		if err := r.p.Go(ctx, func(*pool.Proc) error { task(i); return nil }); err != nil {
			r.finish()
			return err
		}
	}
	return r.finish()
}

func (v poolvizWorkloads) handles(workers, n int) (int, error) {
	ctx := context.Background()
	r, err := startPoolviz(workers, v.observed)
	if err != nil {
		return 0, err
	}
	defer r.finish()
	fn := func(_ *pool.Proc, x int) (int, error) { return x + 1, nil }
	hs := make([]*pool.AsyncResult[int], n)
	for i := range n {
		if hs[i], err = pool.ApplyAsync(ctx, r.p, fn, i); err != nil {
			return 0, err
		}
	}
	total := 0
	for _, h := range hs {
		v, err := h.Get(ctx)
		if err != nil {
			return 0, err
		}
		total += v
	}
	return total, r.finish()
}

// doubleTask is the map workload's function as a task.
func doubleTask(_ *pool.Proc, x int) (int, error) { return double(x), nil }

// spinTask is the cpu workload's function as a task.
func spinTask(_ *pool.Proc, x int) (int, error) { return spin(x), nil }

// task returns f as a task.
func task(f itemFunc) pool.TaskFunc[int, int] {
	if f == itemSpin {
		return spinTask
	}
	return doubleTask
}

func (v poolvizWorkloads) mapInts(workers int, items []int, f itemFunc) ([]int, error) {
	ctx := context.Background()
	r, err := startPoolviz(workers, v.observed)
	if err != nil {
		return nil, err
	}
	out, err := pool.Map(ctx, r.p, task(f), items)
	if ferr := r.finish(); err == nil {
		err = ferr
	}
	return out, err
}

func (v poolvizWorkloads) startMapper(workers int) (*mapper, error) {
	ctx := context.Background()
	r, err := startPoolviz(workers, v.observed)
	if err != nil {
		return nil, err
	}
	m := &mapper{
		mapInts: func(items []int) ([]int, error) { return pool.Map(ctx, r.p, doubleTask, items) },
		stop:    r.finish,
	}
	// Warm as bench_pool.py warms Python's pool: one small map, so every
	// worker has started before the clock starts.
	if _, err := m.mapInts(ints(1000)); err != nil {
		r.finish()
		return nil, err
	}
	return m, nil
}

func (v poolvizWorkloads) sleep(workers, n int, d time.Duration) (int, error) {
	ctx := context.Background()
	r, err := startPoolviz(workers, v.observed)
	if err != nil {
		return 0, err
	}
	fn := func(p *pool.Proc, _ int) (struct{}, error) { return struct{}{}, p.Sleep(d) }
	for i := range n {
		if _, err := pool.ApplyAsync(ctx, r.p, fn, i); err != nil {
			r.finish()
			return 0, err
		}
	}
	if err := r.finish(); err != nil {
		return 0, err
	}
	c := r.p.Counters()
	if c.Failed > 0 {
		return 0, fmt.Errorf("%d of %d sleeping tasks failed", c.Failed, c.Submitted)
	}
	return int(c.Succeeded), nil
}
