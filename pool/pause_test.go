package pool_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"poolviz/pool"
)

// TestPauseHoldsAHandedOverJob checks that a task submitted to an idle worker
// while the engine is paused does not start until it resumes.
func TestPauseHoldsAHandedOverJob(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := pool.NewEngine(pool.Parallel, pool.WithWatchdog(0))
		defer e.Shutdown()
		p, err := pool.New(e, pool.Workers(1))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		synctest.Wait() // the worker is idle, waiting for a task
		e.Pause()
		started := make(chan struct{}, 1)
		r, err := pool.ApplyAsync(ctx, p, func(*pool.Proc, int) (int, error) { started <- struct{}{}; return 1, nil }, 0)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Hour)
		synctest.Wait()
		select {
		case <-started:
			t.Fatal("the task started while the engine was paused")
		default:
		}
		e.Resume()
		if v, err := r.Get(ctx); v != 1 || err != nil {
			t.Fatalf("after resume: %v, %v", v, err)
		}
		p.Close()
		p.Join(ctx)
	})
}
