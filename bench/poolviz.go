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
		go drainLikeTheUI(r.e, r.stop, r.drained)
	}
	p, err := pool.New(r.e, pool.Workers(workers))
	if err != nil {
		r.e.Shutdown()
		return nil, err
	}
	r.p = p
	return r, nil
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

// drainLikeTheUI drains e every drainInterval until stop closes, then once more,
// and sends the number of events it collected on done.
func drainLikeTheUI(e *pool.Engine, stop <-chan struct{}, done chan<- int) {
	var buf []pool.Event
	total := 0
	t := time.NewTicker(drainInterval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			buf = e.Drain(buf[:0])
			done <- total + len(buf)
			return
		case <-t.C:
			buf = e.Drain(buf[:0])
			total += len(buf)
		}
	}
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
	ctx := context.Background()
	return peer{
		name: name,
		fire: func(workers, n int, task func(int)) error {
			r, err := startPoolviz(workers, observed)
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
		},
		handles: func(workers, n int) (int, error) {
			r, err := startPoolviz(workers, observed)
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
			sum := 0
			for _, h := range hs {
				v, err := h.Get(ctx, -1)
				if err != nil {
					return 0, err
				}
				sum += v
			}
			return sum, r.finish()
		},
		mapInts: func(workers int, items []int) ([]int, error) {
			r, err := startPoolviz(workers, observed)
			if err != nil {
				return nil, err
			}
			fn := func(_ *pool.Proc, x int) (int, error) { return double(x), nil }
			out, err := pool.Map(ctx, r.p, fn, items)
			if ferr := r.finish(); err == nil {
				err = ferr
			}
			return out, err
		},
		startMapper: func(workers int) (*mapper, error) {
			r, err := startPoolviz(workers, observed)
			if err != nil {
				return nil, err
			}
			fn := func(_ *pool.Proc, x int) (int, error) { return double(x), nil }
			m := &mapper{
				mapInts: func(items []int) ([]int, error) { return pool.Map(ctx, r.p, fn, items) },
				stop:    r.finish,
			}
			// Warm as bench_pool.py warms Python's pool: one small map, so every
			// worker has started before the clock starts.
			if _, err := m.mapInts(mapItems(1000)); err != nil {
				r.finish()
				return nil, err
			}
			return m, nil
		},
		sleep: func(workers, n int, d time.Duration) (int, error) {
			r, err := startPoolviz(workers, observed)
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
		},
	}
}
