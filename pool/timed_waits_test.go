package pool_test

import (
	"errors"
	"testing"
	"time"

	"poolviz/pool"
)

// timedWaitCases are waits with a timeout that nobody ends: each times out,
// and the run finishes. None is a wait forever, so none may be reported as a
// deadlock: not a lock wait in a wait-for cycle, not a stall.
var timedWaitCases = []struct {
	name string
	main func(p *pool.Proc, pl *pool.Pool) error
}{
	{"lock acquire", func(p *pool.Proc, pl *pool.Pool) error {
		// main holds the lock and waits for the task, which waits for the lock:
		// a cycle, but the task's wait has a timeout.
		lock := pool.NewLock(p.Engine(), "lock A")
		if err := lock.Acquire(p); err != nil {
			return err
		}
		r, err := pool.ApplyAsync(p, pl, func(w *pool.Proc, _ int) (bool, error) {
			err := lock.Acquire(w, pool.Timeout(30*ms))
			return err == nil, nil
		}, 0)
		if err != nil {
			return err
		}
		got, err := r.Get(p)
		if err != nil || got {
			return errors.New("the task took a lock main held")
		}
		return lock.Release(p)
	}},
	{"flag wait", func(p *pool.Proc, pl *pool.Pool) error {
		set, err := pool.NewFlag(p.Engine(), "go").Wait(p, pool.Timeout(30*ms))
		if set || err != nil {
			return errors.New("a flag nobody set was set")
		}
		return nil
	}},
	{"result get", func(p *pool.Proc, pl *pool.Pool) error {
		gate := pool.NewFlag(p.Engine(), "gate")
		r, err := pool.ApplyAsync(p, pl, func(w *pool.Proc, _ int) (int, error) {
			_, err := gate.Wait(w)
			return 1, err
		}, 0)
		if err != nil {
			return err
		}
		if _, err := r.Get(p, pool.Timeout(30*ms)); !errors.Is(err, pool.ErrTimeout) {
			return errors.New("a result nobody could give arrived")
		}
		gate.Set(p)
		_, err = r.Get(p)
		return err
	}},
	{"queue get", func(p *pool.Proc, pl *pool.Pool) error {
		if _, err := pool.NewQueue[int](p.Engine(), "empty", 0).Get(p, pool.Timeout(30*ms)); !errors.Is(err, pool.ErrEmpty) {
			return errors.New("an empty queue gave an item")
		}
		return nil
	}},
}

// TestTimedWaitsAreNoDeadlock runs each case in both modes (the Parallel
// watchdog's quiet period far shorter than the timeouts) and checks that the
// run finishes with no Deadlock event.
func TestTimedWaitsAreNoDeadlock(t *testing.T) {
	for _, c := range timedWaitCases {
		for _, mode := range []pool.Mode{pool.Simulated, pool.Parallel} {
			t.Run(c.name+"/"+mode.String(), func(t *testing.T) {
				e := pool.NewEngine(mode, pool.WithObserver(0), pool.WithWatchdog(2*time.Millisecond))
				done := make(chan struct{})
				e.Start(func(p *pool.Proc) error {
					defer close(done)
					pl, err := pool.New(e, pool.Workers(2))
					if err != nil {
						return err
					}
					defer pl.Terminate(p)
					return c.main(p, pl)
				})
				if mode == pool.Simulated {
					if err := e.RunToEnd(); err != nil {
						t.Fatal(err)
					}
				} else {
					<-done
				}
				evs := e.Drain(nil)
				e.Shutdown()
				evs = e.Drain(evs)
				if ok, err := e.MainDone(); !ok || err != nil {
					t.Fatalf("main done %v, err %v", ok, err)
				}
				for _, ev := range evs {
					if ev.Kind == pool.KindDeadlock {
						t.Errorf("a timed wait was reported as a deadlock: %s", ev.Value)
					}
				}
			})
		}
	}
}
