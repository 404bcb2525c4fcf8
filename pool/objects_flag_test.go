package pool

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// Flag, Semaphore and SharedLog against the Python objects they stand for, in
// Simulated mode, as objects_test.go checks the queue and the locks.

func TestFlagSemantics(t *testing.T) {
	tests := []obCase{
		{"event: wait with timeout, set wakes every waiter, clear", func(p *Proc, c *obCheck) {
			f := NewFlag(p.Engine(), "start signal")
			t0 := p.Now()
			ok, err := f.Wait(p, Timeout(2*sec))
			c.eq("wait(timeout=2) on a clear event", ok, false)
			c.is("wait(timeout=2)", err, nil)
			c.eq("time it waited", p.Now()-t0, 2*sec)
			pl := obPool(p, 3)
			r, _ := MapAsync(p, pl, func(p *Proc, i int) (bool, error) { return f.Wait(p) }, []int{0, 1, 2}, Chunksize(1))
			p.Sleep(sec)
			f.Set(p)
			got, err := r.Get(p)
			c.is("map", err, nil)
			c.eq("what the waiters saw", got, []bool{true, true, true})
			c.eq("is_set", f.IsSet(), true)
			t0 = p.Now()
			ok, _ = f.Wait(p)
			c.eq("wait on a set event", ok, true)
			c.eq("time it waited", p.Now(), t0)
			f.Clear(p)
			c.eq("is_set after clear", f.IsSet(), false)
			ok, _ = f.Wait(p, Timeout(0))
			c.eq("wait(0) after clear", ok, false)
		}, func(t *testing.T, evs []Event) {
			sets := obFind(evs, KindFlagSet, "start signal")
			if len(sets) != 1 || sets[0].Count != 3 {
				t.Fatalf("flag-set events = %v, want one that woke 3", sets)
			}
			// Set records each waiter's wait-ended at once (the engine's unblocked events interleave).
			i := slices.IndexFunc(evs, func(ev Event) bool { return ev.Seq == sets[0].Seq })
			var ended []Event
			for _, ev := range evs[i+1:] {
				if ev.Kind != KindUnblocked {
					ended = append(ended, ev)
				}
			}
			for _, ev := range ended[:3] {
				if ev.Kind != KindWaitEnded || ev.Value != "True" || ev.Actor.Kind != ActorWorker || ev.Time != sets[0].Time {
					t.Errorf("after flag-set: %v, want a worker's wait-ended", ev)
				}
			}
		}},
	}
	runObCases(t, tests)
}

func TestSemaphoreSemantics(t *testing.T) {
	tests := []obCase{
		{"semaphore: at most value holders, FIFO hand-over", func(p *Proc, c *obCheck) {
			s := NewSemaphore(p.Engine(), "slots", 2)
			inside, most := 0, 0
			pl := obPool(p, 4)
			_, err := obTasks(p, pl, 4, func(p *Proc, i int) (int, error) {
				if err := s.Acquire(p); err != nil {
					return 0, err
				}
				inside++
				most = max(most, inside)
				p.Sleep(time.Duration(1+i) * sec)
				inside--
				return 0, s.Release(p)
			})
			c.is("map", err, nil)
			c.eq("most tasks inside at once", most, 2)
			c.eq("value after", s.Value(), 2)
			c.is("acquire(block=False)", s.Acquire(p, Timeout(0)), nil)
			c.is("acquire(block=False)", s.Acquire(p, Timeout(0)), nil)
			t0 := p.Now()
			c.is("acquire(timeout=1) with no permit left", s.Acquire(p, Timeout(sec)), ErrTimeout)
			c.eq("time it waited", p.Now()-t0, sec)
			for range 3 {
				c.is("release (a plain semaphore may go above its value)", s.Release(p), nil)
			}
			c.eq("value after releasing 3", s.Value(), 3)
		}, nil},
		{"bounded semaphore refuses an over-release", func(p *Proc, c *obCheck) {
			b := NewBoundedSemaphore(p.Engine(), "bounded", 1)
			c.is("release at the initial value", b.Release(p), ErrOverRelease)
			c.is("acquire", b.Acquire(p), nil)
			c.is("release", b.Release(p), nil)
			c.is("release again", b.Release(p), ErrOverRelease)
			c.eq("value", b.Value(), 1)
		}, nil},
	}
	runObCases(t, tests)
}

func TestLogSemantics(t *testing.T) {
	tests := []obCase{
		{"log: lines keep their writer and time", func(p *Proc, c *obCheck) {
			l := NewLog(p.Engine(), "log")
			l.Append(p, "main starts")
			pl := obPool(p, 2)
			obTasks(p, pl, 2, func(p *Proc, i int) (int, error) {
				p.Sleep(time.Duration(i+1) * sec)
				l.Append(p, fmt.Sprintf("task %d done", i))
				return 0, nil
			})
			var got []string
			for _, ln := range l.Lines() {
				got = append(got, fmt.Sprintf("%v %s: %s", ln.Time, ln.Writer, ln.Line))
			}
			c.eq("lines", len(got), 3)
			c.eq("first line", got[0], "0s main: main starts")
			c.eq("line at 2s", strings.HasPrefix(got[2], "2s worker ") && strings.HasSuffix(got[2], ": task 1 done"), true)
			c.eq("Len", l.Len(), 3)
		}, func(t *testing.T, evs []Event) {
			if a := obFind(evs, KindLogAppended, "log"); len(a) != 3 || a[0].Value != "main starts" || a[2].Count != 3 {
				t.Errorf("log-appended = %v", a)
			}
		}},
	}
	runObCases(t, tests)
}
