package pool

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// The spread of a Parallel queue: a worker that takes a job while more wait
// wakes a parked one at once while fewer workers run than there are Ps, or
// when it blocks in a wait the engine sees; past that, a watch wakes one each
// time the pool goes spreadWait without a task ending. Both tests run
// in a synctest bubble, whose clock moves only when every goroutine is
// blocked: the time a run took is the watch's waits, and nothing else.

// withSpreadPool runs body on a fresh Parallel pool of workers (watchdog off),
// then closes and joins the pool and shuts its engine down.
func withSpreadPool(t *testing.T, workers int, body func(e *Engine, pl *Pool)) {
	t.Helper()
	e := NewEngine(Parallel, WithWatchdog(0))
	defer e.Shutdown()
	pl, err := New(e, Workers(workers))
	if err != nil {
		t.Fatal(err)
	}
	body(e, pl)
	pl.Close()
	if err := pl.Join(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// distinctWorkers waits for pl's workers to park, maps n tasks of chunk size 1
// that each run block, and returns
// how many distinct workers ran them and how long the map took on the bubble's
// clock.
func distinctWorkers(t *testing.T, pl *Pool, n int, block func(p *Proc) error) (int, time.Duration) {
	t.Helper()
	// Every worker parks first: then a push wakes one, and the rest is spread.
	synctest.Wait()
	// A second on the bubble's clock, ten thousand looks of the watch: a
	// spread that never comes fails here instead of looking for ever.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	r, err := MapAsync(ctx, pl, func(p *Proc, _ int) (int, error) {
		return p.Worker(), block(p)
	}, make([]int, n), Chunksize(1))
	if err != nil {
		t.Fatal(err)
	}
	ran, err := r.Get(ctx)
	if err != nil {
		t.Fatalf("%d tasks on %d workers: %v", n, pl.Workers(), err)
	}
	seen := map[int]bool{}
	for _, w := range ran {
		seen[w] = true
	}
	return len(seen), time.Since(start)
}

// TestParallelWorkersBlockedInTheEngineSpreadAtOnce gives the workers tasks
// that wait at a barrier for all of them, with the watch's first wait set to
// an hour: a worker blocked at the barrier, a wait the engine sees, must not
// count as running, so that the next take wakes the next worker at once, and
// the map ends before the clock moves at all.
func TestParallelWorkersBlockedInTheEngineSpreadAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for _, workers := range []int{2, 8, 64} {
			withSpreadPool(t, workers, func(e *Engine, pl *Pool) {
				pl.tq.mu.Lock()
				pl.tq.watch.first = time.Hour
				pl.tq.mu.Unlock()
				b := NewBarrier(e, "everyone", workers, nil)
				n, took := distinctWorkers(t, pl, workers, func(p *Proc) error {
					_, err := b.Wait(p)
					return err
				})
				if n != workers {
					t.Errorf("%d workers: tasks ran on %d distinct workers, want every one", workers, n)
				}
				if took >= spreadWait {
					t.Errorf("%d workers: the map took %v on the bubble's clock, want no wait: a worker blocking at the barrier wakes the next", workers, took)
				}
			})
		}
	})
}

// TestParallelWatchWakesWorkersStuckOutOfSight gives the workers tasks that
// wait on a channel, which the engine does not see, until all of them have
// started: the watch must wake every parked worker, one a look, so the map
// takes at most one spreadWait per worker on the bubble's clock.
func TestParallelWatchWakesWorkersStuckOutOfSight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for _, workers := range []int{2, 8, 64} {
			withSpreadPool(t, workers, func(_ *Engine, pl *Pool) {
				arrived := make(chan struct{}, workers)
				all := make(chan struct{})
				go func() {
					for range workers {
						<-arrived
					}
					close(all)
				}()
				n, took := distinctWorkers(t, pl, workers, func(*Proc) error {
					arrived <- struct{}{}
					<-all
					return nil
				})
				if n != workers {
					t.Errorf("%d workers: tasks ran on %d distinct workers, want every one", workers, n)
				}
				if limit := time.Duration(workers) * spreadWait; took > limit {
					t.Errorf("%d workers: the map took %v, want at most %v (one look a worker)", workers, took, limit)
				}
			})
		}
	})
}

// TestParallelWatchSpreadsShortTasksBlockedOutOfSight gives 64 workers 640
// tasks that each sleep 1 ms with time.Sleep, which the engine does not see:
// tasks keep ending, yet the queue stays behind, so the watch must bring in
// every worker, and the map take about ten sleeps plus the ramp, not the 160
// that a handful of workers would.
func TestParallelWatchSpreadsShortTasksBlockedOutOfSight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const workers, tasks = 64, 640
		withSpreadPool(t, workers, func(_ *Engine, pl *Pool) {
			n, took := distinctWorkers(t, pl, tasks, func(*Proc) error {
				time.Sleep(time.Millisecond)
				return nil
			})
			if n != workers {
				t.Errorf("tasks ran on %d distinct workers, want all %d", n, workers)
			}
			if limit := tasks/workers*time.Millisecond + workers*spreadWait + 4*time.Millisecond; took > limit {
				t.Errorf("the map took %v on the bubble's clock, want at most %v", took, limit)
			}
		})
	})
}
