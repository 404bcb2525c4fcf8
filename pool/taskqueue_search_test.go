package pool_test

import (
	"context"
	"sync"
	"testing"

	"poolviz/pool"
)

// In Parallel mode a push wakes a parked worker only when nobody is searching the
// queue, and a worker that takes a job while more wait wakes the next one. These
// tests check what that must never cost: every worker still gets a task when the
// tasks block, and no task is left behind at Close.

// TestParallelBlockingTasksReachEveryWorker submits as many tasks as workers,
// each of which waits until all of them have started: it ends only if every
// worker was woken for one, however few pushes woke anybody.
func TestParallelBlockingTasksReachEveryWorker(t *testing.T) {
	for _, workers := range []int{2, 8, 64} {
		ctx := context.Background()
		_, pl := newParallelPool(t, workers)
		var started sync.WaitGroup
		started.Add(workers)
		all := make(chan struct{})
		go func() { started.Wait(); close(all) }()
		var handles []*pool.AsyncResult[int]
		for i := range workers {
			h, err := pool.ApplyAsync(ctx, pl, func(w *pool.Proc, x int) (int, error) {
				started.Done()
				<-all // a wait the engine does not see: only another worker can end it
				return w.Worker(), nil
			}, i)
			if err != nil {
				t.Fatal(err)
			}
			handles = append(handles, h)
		}
		seen := map[int]bool{}
		for _, h := range handles {
			id, err := h.Get(ctx)
			if err != nil {
				t.Fatal(err)
			}
			seen[id] = true
		}
		if len(seen) != workers {
			t.Errorf("%d workers: tasks ran on %d distinct workers, want every one", workers, len(seen))
		}
		pl.Close()
		if err := pl.Join(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// TestParallelCloseRunsEveryQueuedTask closes pools right after bursts of
// submissions, many times over, so that Close finds workers searching, woken
// and parked while tasks wait: Join must return with every task run.
func TestParallelCloseRunsEveryQueuedTask(t *testing.T) {
	ctx := context.Background()
	inc := func(_ *pool.Proc, x int) (int, error) { return x + 1, nil }
	for round := range 200 {
		workers := 1 + round%16
		_, pl := newParallelPool(t, workers)
		n := 1 + round*7%97
		handles := make([]*pool.AsyncResult[int], n)
		for i := range n {
			h, err := pool.ApplyAsync(ctx, pl, inc, i)
			if err != nil {
				t.Fatal(err)
			}
			handles[i] = h
		}
		pl.Close()
		if err := pl.Join(ctx); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for i, h := range handles {
			if v, err := h.Get(ctx); err != nil || v != i+1 {
				t.Fatalf("round %d, task %d: %d, %v; want %d", round, i, v, err, i+1)
			}
		}
	}
}
