package pool

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestBarrierSemantics(t *testing.T) {
	tests := []obCase{
		{"arrival indexes, the action, two rounds", func(p *Proc, c *obCheck) {
			actions := 0
			b := NewBarrier(p.Engine(), "phase", 3, func(context.Context) error { actions++; return nil })
			pl := obPool(p, 3)
			for round := range 2 {
				idx, err := obTasks(p, pl, 3, func(p *Proc, i int) (int, error) {
					p.Sleep(time.Duration(3-i) * sec) // task 2 arrives first
					return b.Wait(p)
				})
				c.is("map", err, nil)
				c.eq(fmt.Sprintf("round %d: indexes by task", round+1), idx, []int{2, 1, 0})
				c.eq(fmt.Sprintf("round %d: actions run", round+1), actions, round+1)
			}
			c.eq("broken", b.Broken(), false)
		}, func(t *testing.T, evs []Event) {
			var counts []int
			for _, ev := range obFind(evs, KindWaitBegan, "phase") {
				counts = append(counts, ev.Count)
			}
			if want := []int{1, 2, 3, 1, 2, 3}; !slices.Equal(counts, want) {
				t.Errorf("parties waiting at each arrival = %v, want %v", counts, want)
			}
		}},
		{"a wait that times out breaks it; reset mends it", func(p *Proc, c *obCheck) {
			b := NewBarrier(p.Engine(), "phase", 3, nil)
			pl := obPool(p, 2)
			errs := make([]error, 2)
			obTasks(p, pl, 2, func(p *Proc, i int) (int, error) {
				if i == 1 {
					p.Sleep(sec)
					_, errs[i] = b.Wait(p, Timeout(2*sec))
					c.eq("when the timed wait failed", p.Now(), 3*sec)
				} else {
					_, errs[i] = b.Wait(p)
				}
				return 0, nil
			})
			c.is("the other party", errs[0], ErrBrokenBarrier)
			c.is("the party that timed out", errs[1], ErrBrokenBarrier)
			c.is("the party that timed out", errs[1], ErrTimeout)
			c.eq("broken", b.Broken(), true)
			t0 := p.Now()
			_, err := b.Wait(p)
			c.is("wait on a broken barrier", err, ErrBrokenBarrier)
			c.eq("time it waited", p.Now(), t0)
			b.Reset(p)
			c.eq("broken after reset", b.Broken(), false)
			r, _ := MapAsync(p, pl, func(p *Proc, i int) (int, error) { return b.Wait(p) }, []int{0, 1}, Chunksize(1))
			p.Sleep(sec)
			last, err := b.Wait(p)
			c.is("main's wait", err, nil)
			c.eq("main arrived last", last, 2)
			idx, err := r.Get(p)
			c.is("a round after reset", err, nil)
			slices.Sort(idx)
			c.eq("the workers' indexes", idx, []int{0, 1})
		}, func(t *testing.T, evs []Event) {
			br := obFind(evs, KindBarrierBroken, "phase")
			if len(br) != 1 || br[0].Label != "timeout" || br[0].Count != 1 || br[0].Time != 3*sec {
				t.Errorf("barrier-broken = %v, want one by the timeout at 3s that woke 1", br)
			}
			if rs := obFind(evs, KindBarrierReset, "phase"); len(rs) != 1 {
				t.Errorf("barrier-reset = %v, want one", rs)
			}
		}},
	}
	runObCases(t, tests)
}

func TestBarrierBreaking(t *testing.T) {
	tests := []obCase{
		{"abort breaks it, reset wakes the waiting", func(p *Proc, c *obCheck) {
			b := NewBarrier(p.Engine(), "phase", 3, nil)
			pl := obPool(p, 2)
			r, _ := ApplyAsync(p, pl, func(p *Proc, _ int) (int, error) { return b.Wait(p) }, 0)
			p.Sleep(sec)
			c.eq("n_waiting", b.Waiting(), 1)
			b.Abort(p)
			_, err := r.Get(p)
			c.is("the waiting party after abort", err, ErrBrokenBarrier)
			b.Reset(p)
			r, _ = ApplyAsync(p, pl, func(p *Proc, _ int) (int, error) { return b.Wait(p) }, 0)
			p.Sleep(sec)
			b.Reset(p)
			_, err = r.Get(p)
			c.is("the waiting party after reset", err, ErrBrokenBarrier)
			c.eq("broken", b.Broken(), false)
		}, func(t *testing.T, evs []Event) {
			br := obFind(evs, KindBarrierBroken, "phase")
			if len(br) != 1 || br[0].Label != "abort" || br[0].Actor != MainActor || br[0].Count != 1 {
				t.Errorf("barrier-broken = %v, want main's abort that woke 1", br)
			}
		}},
		{"a failing action breaks it", func(p *Proc, c *obCheck) {
			b := NewBarrier(p.Engine(), "phase", 2, func(context.Context) error { return errBoomObj })
			pl := obPool(p, 1)
			r, _ := ApplyAsync(p, pl, func(p *Proc, _ int) (int, error) { return b.Wait(p) }, 0)
			p.Sleep(sec)
			_, err := b.Wait(p)
			c.is("the party that ran the action", err, errBoomObj)
			c.is("the party that ran the action", err, ErrBrokenBarrier)
			_, err = r.Get(p)
			c.is("the other party", err, ErrBrokenBarrier)
		}, nil},
	}
	runObCases(t, tests)
}

var errBoomObj = errors.New("boom")

func TestConditionSemantics(t *testing.T) {
	tests := []obCase{
		{"notify wakes waiters in FIFO order", func(p *Proc, c *obCheck) {
			cond := NewCondition(p.Engine(), "ready", NewLock(p.Engine(), "lock A"))
			var order []int
			pl := obPool(p, 3)
			r, _ := MapAsync(p, pl, func(p *Proc, i int) (int, error) {
				p.Sleep(time.Duration(3-i) * sec) // task 2 waits first
				cond.Acquire(p)
				if ok, err := cond.Wait(p); !ok || err != nil {
					return 0, fmt.Errorf("wait = %v, %v", ok, err)
				}
				order = append(order, i)
				return 0, cond.Release(p)
			}, []int{0, 1, 2}, Chunksize(1))
			p.Sleep(10 * sec)
			for range 3 {
				cond.Acquire(p)
				c.is("notify", cond.Notify(p, 1), nil)
				cond.Release(p)
				p.Sleep(sec)
			}
			_, err := r.Get(p)
			c.is("map", err, nil)
			c.eq("order the waiters woke", order, []int{2, 1, 0})
		}, func(t *testing.T, evs []Event) {
			for _, ev := range obFind(evs, KindNotified, "ready") {
				if ev.Count != 1 || ev.Actor != MainActor {
					t.Errorf("notified = %v, want main waking 1", ev)
				}
			}
		}},
		{"wait and notify need the lock", func(p *Proc, c *obCheck) {
			cond := NewCondition(p.Engine(), "ready", nil)
			_, err := cond.Wait(p)
			c.is("wait without the lock", err, ErrNotOwner)
			c.is("notify without the lock", cond.Notify(p, 1), ErrNotOwner)
			c.is("notify_all without the lock", cond.NotifyAll(p), ErrNotOwner)
		}, nil},
		{"a timed-out wait takes the lock again", func(p *Proc, c *obCheck) {
			cond := NewCondition(p.Engine(), "ready", NewLock(p.Engine(), "lock A"))
			cond.Acquire(p)
			t0 := p.Now()
			ok, err := cond.Wait(p, Timeout(2*sec))
			c.eq("wait(timeout=2) with nobody to notify", ok, false)
			c.is("wait(timeout=2)", err, nil)
			c.eq("time it waited", p.Now()-t0, 2*sec)
			c.is("release after the wait (the lock is held again)", cond.Release(p), nil)
		}, nil},
	}
	runObCases(t, tests)
}

func TestConditionWaitForOverRLock(t *testing.T) {
	tests := []obCase{
		{"wait_for and notify_all over an RLock", func(p *Proc, c *obCheck) {
			cond := NewCondition(p.Engine(), "ready", nil)
			n := 0
			pl := obPool(p, 2)
			r, _ := ApplyAsync(p, pl, func(p *Proc, _ int) (int, error) {
				for range 3 {
					p.Sleep(sec)
					cond.Acquire(p)
					n++
					cond.NotifyAll(p)
					cond.Release(p)
				}
				return 0, nil
			}, 0)
			cond.Acquire(p)
			cond.Acquire(p) // level 2: Wait must give it all back and restore it
			ok, err := cond.WaitFor(p, func() bool { return n == 3 })
			c.eq("wait_for", ok, true)
			c.is("wait_for", err, nil)
			c.eq("when the predicate held", p.Now(), 3*sec)
			c.is("release level 2", cond.Release(p), nil)
			c.is("release level 1", cond.Release(p), nil)
			c.is("release once too often", cond.Release(p), ErrNotHeld)
			r.Get(p)
			cond.Acquire(p)
			ok, err = cond.WaitFor(p, func() bool { return n == 4 }, Timeout(2*sec))
			c.eq("wait_for(timeout=2) that never holds", ok, false)
			c.is("wait_for(timeout=2)", err, nil)
			c.eq("when it gave up", p.Now(), 5*sec)
			cond.Release(p)
		}, func(t *testing.T, evs []Event) {
			for _, ev := range obFind(evs, KindAcquireGranted, "ready lock") {
				if ev.Actor == MainActor && ev.Count != 1 && ev.Count != 2 {
					t.Errorf("grant %v: main's level must come back as 2", ev)
				}
			}
			waits := len(obFind(evs, KindWaitBegan, "ready"))
			if waits != 4 { // three notifications, then one timed wait
				t.Errorf("%d waits on the condition, want 4", waits)
			}
		}},
	}
	runObCases(t, tests)
}
