package pool

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestNoFalseDeadlocks runs 1,000 seeded random workloads whose tasks take locks
// in one global order (A, then B, then C, then the semaphore), re-enter the RLock
// and sleep while holding them: none may be reported as a deadlock, and each must
// finish.
func TestNoFalseDeadlocks(t *testing.T) {
	waits := 0
	for seed := uint64(1); seed <= 1000; seed++ {
		rng := rand.New(rand.NewPCG(seed, 0))
		workers, tasks := 2+rng.IntN(3), 2+rng.IntN(5)
		e := NewEngine(Simulated, WithSeed(seed))
		e.Start(func(p *Proc) error {
			eng := p.Engine()
			a, b, c := NewLock(eng, "lock A"), NewRLock(eng, "lock B"), NewLock(eng, "lock C")
			s := NewSemaphore(eng, "slots", 2)
			type step struct {
				acquire func() error
				release func() error
			}
			pl, err := New(eng, Workers(workers))
			if err != nil {
				return err
			}
			_, err = obTasks(p, pl, tasks, func(p *Proc, i int) (int, error) {
				all := []step{
					{func() error { return a.Acquire(p) }, func() error { return a.Release(p) }},
					{func() error { return b.Acquire(p) }, func() error { return b.Release(p) }},
					{func() error { return b.Acquire(p) }, func() error { return b.Release(p) }}, // a re-entry, if B is held
					{func() error { return c.Acquire(p) }, func() error { return c.Release(p) }},
					{func() error { return s.Acquire(p) }, func() error { return s.Release(p) }},
				}
				r := p.Rand()
				var held []step
				for _, st := range all {
					if r.IntN(2) == 0 {
						continue
					}
					if err := st.acquire(); err != nil {
						return 0, err
					}
					held = append(held, st)
					p.Sleep(time.Duration(r.IntN(3)) * time.Millisecond)
				}
				for k := len(held) - 1; k >= 0; k-- {
					if err := held[k].release(); err != nil {
						return 0, err
					}
				}
				return i, nil
			})
			return err
		})
		e.RunToEnd()
		evs := e.Drain(nil)
		done, err := e.MainDone()
		e.Shutdown()
		if !done || err != nil {
			t.Fatalf("seed %d: main done=%v err=%v; last events:\n%s", seed, done, err, obTail(evs, 20))
		}
		for _, ev := range evs {
			if ev.Kind == KindDeadlock {
				t.Fatalf("seed %d: false deadlock: %s", seed, ev.Value)
			}
			if ev.Kind == KindWaitBegan {
				waits++
			}
		}
	}
	if waits < 1000 { // the workloads must contend, or they prove nothing
		t.Errorf("only %d waits in 1,000 workloads", waits)
	}
}
