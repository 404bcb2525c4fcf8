package pool

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestObjectsParallel uses every object from real goroutines running in parallel:
// the race detector checks that the engine lock guards them, and the results
// check the semantics. It runs in a synctest bubble so that sleeps and the
// watchdog use a fake clock.
func TestObjectsParallel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := NewEngine(Parallel, WithObserver(0))
		defer e.Shutdown()
		ctx := context.Background()
		const workers, increments = 4, 50
		lock := NewLock(e, "lock A")
		rlock := NewRLock(e, "rlock R")
		q := NewQueue[int](e, "results", 2)
		slots := NewSemaphore(e, "slots", 2)
		phase := NewBarrier(e, "phase", workers, nil)
		cond := NewCondition(e, "done", nil)
		log := NewLog(e, "log")
		start := NewFlag(e, "go")
		pl, err := New(e, Workers(workers))
		if err != nil {
			t.Fatal(err)
		}
		counter, finished := 0, 0 // guarded by lock, and by cond's lock
		var inside, most atomic.Int32
		r, err := MapAsync(ctx, pl, func(p *Proc, i int) (int, error) {
			if _, err := start.Wait(p, -1); err != nil {
				return 0, err
			}
			for range increments {
				lock.Acquire(p, -1)
				counter++
				lock.Release(p)
			}
			rlock.Acquire(p, -1)
			rlock.Acquire(p, -1)
			rlock.Release(p)
			rlock.Release(p)
			slots.Acquire(p, -1)
			n := inside.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			p.Sleep(time.Millisecond)
			inside.Add(-1)
			slots.Release(p)
			for range 3 { // every task runs on its own worker: the barrier needs all four
				if _, err := phase.Wait(p, -1); err != nil {
					return 0, err
				}
			}
			for k := range 2 {
				if err := q.Put(p, 10*i+k, -1); err != nil { // waits while main is behind
					return 0, err
				}
			}
			log.Append(p, fmt.Sprintf("task %d done", i))
			cond.Acquire(p, -1)
			finished++
			cond.NotifyAll(p)
			cond.Release(p)
			return i, nil
		}, []int{0, 1, 2, 3}, Chunksize(1))
		if err != nil {
			t.Fatal(err)
		}
		start.Set(ctx)
		sum := 0
		for range 2 * workers {
			v, err := q.Get(ctx, -1)
			if err != nil {
				t.Fatal(err)
			}
			sum += v
		}
		cond.Acquire(ctx, -1)
		ok, err := cond.WaitFor(ctx, func() bool { return finished == workers }, -1)
		cond.Release(ctx)
		if !ok || err != nil {
			t.Fatalf("wait_for = %v, %v", ok, err)
		}
		if _, err := r.Get(ctx, -1); err != nil {
			t.Fatal(err)
		}
		lock.Acquire(ctx, -1)
		if counter != workers*increments {
			t.Errorf("counter = %d, want %d: the lock let updates through", counter, workers*increments)
		}
		lock.Release(ctx)
		if most.Load() > 2 {
			t.Errorf("%d tasks inside the semaphore at once, want at most 2", most.Load())
		}
		if sum != 0+1+10+11+20+21+30+31 {
			t.Errorf("sum of the items = %d", sum)
		}
		if n := log.Len(); n != workers {
			t.Errorf("%d log lines, want %d", n, workers)
		}
		for _, ev := range e.Drain(nil) {
			if ev.Kind == KindDeadlock {
				t.Errorf("false deadlock: %s", ev.Value)
			}
		}
	})
}
