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
		o := newParallelObjects(e, workers, increments)
		pl, err := New(e, Workers(workers))
		if err != nil {
			t.Fatal(err)
		}
		r, err := MapAsync(ctx, pl, o.task, []int{0, 1, 2, 3}, Chunksize(1))
		if err != nil {
			t.Fatal(err)
		}
		o.start.Set(ctx)
		sum := 0
		for range 2 * workers {
			v, err := o.q.Get(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sum += v
		}
		o.cond.Acquire(ctx)
		ok, err := o.cond.WaitFor(ctx, func() bool { return o.finished == workers })
		o.cond.Release(ctx)
		if !ok || err != nil {
			t.Fatalf("wait_for = %v, %v", ok, err)
		}
		if _, err := r.Get(ctx); err != nil {
			t.Fatal(err)
		}
		o.lock.Acquire(ctx)
		if o.counter != workers*increments {
			t.Errorf("counter = %d, want %d: the lock let updates through", o.counter, workers*increments)
		}
		o.lock.Release(ctx)
		if o.most.Load() > 2 {
			t.Errorf("%d tasks inside the semaphore at once, want at most 2", o.most.Load())
		}
		if sum != 0+1+10+11+20+21+30+31 {
			t.Errorf("sum of the items = %d", sum)
		}
		if n := o.log.Len(); n != workers {
			t.Errorf("%d log lines, want %d", n, workers)
		}
		for _, ev := range e.Drain(nil) {
			if ev.Kind == KindDeadlock {
				t.Errorf("false deadlock: %s", ev.Value)
			}
		}
	})
}

// parallelObjects are the shared objects of TestObjectsParallel and what its
// tasks record with them.
type parallelObjects struct {
	lock       *Lock
	rlock      *RLock
	q          *Queue[int]
	slots      *Semaphore
	phase      *Barrier
	cond       *Condition
	log        *Log
	start      *Flag
	increments int

	counter, finished int          // guarded by lock, and by cond's lock
	inside, most      atomic.Int32 // tasks inside the semaphore now, and at most
}

func newParallelObjects(e *Engine, workers, increments int) *parallelObjects {
	return &parallelObjects{
		lock:       NewLock(e, "lock A"),
		rlock:      NewRLock(e, "rlock R"),
		q:          NewQueue[int](e, "results", 2),
		slots:      NewSemaphore(e, "slots", 2),
		phase:      NewBarrier(e, "phase", workers, nil),
		cond:       NewCondition(e, "done", nil),
		log:        NewLog(e, "log"),
		start:      NewFlag(e, "go"),
		increments: increments,
	}
}

// task is task i: it uses every object once the start flag is set, and puts
// 10i and 10i+1 on the queue.
func (o *parallelObjects) task(p *Proc, i int) (int, error) {
	if _, err := o.start.Wait(p); err != nil {
		return 0, err
	}
	for range o.increments {
		o.lock.Acquire(p)
		o.counter++
		o.lock.Release(p)
	}
	o.rlock.Acquire(p)
	o.rlock.Acquire(p)
	o.rlock.Release(p)
	o.rlock.Release(p)
	o.slots.Acquire(p)
	n := o.inside.Add(1)
	for m := o.most.Load(); n > m && !o.most.CompareAndSwap(m, n); m = o.most.Load() {
	}
	p.Sleep(time.Millisecond)
	o.inside.Add(-1)
	o.slots.Release(p)
	for range 3 { // every task runs on its own worker: the barrier needs all four
		if _, err := o.phase.Wait(p); err != nil {
			return 0, err
		}
	}
	for k := range 2 {
		if err := o.q.Put(p, 10*i+k); err != nil { // waits while main is behind
			return 0, err
		}
	}
	o.log.Append(p, fmt.Sprintf("task %d done", i))
	o.cond.Acquire(p)
	o.finished++
	o.cond.NotifyAll(p)
	o.cond.Release(p)
	return i, nil
}
