package pool

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// These tests check each shared object against the Python object it stands for,
// in Simulated mode, where virtual time makes every timeout exact.

const sec = time.Second

// obCheck collects the failed expectations of a run; an actor's code records
// them and the main program returns them as its error.
type obCheck struct{ errs []error }

func (c *obCheck) eq(what string, got, want any) {
	if !reflect.DeepEqual(got, want) {
		c.errs = append(c.errs, fmt.Errorf("%s = %v, want %v", what, got, want))
	}
}

// is records a failure unless errors.Is(err, target); a nil target wants no error.
func (c *obCheck) is(what string, err, target error) {
	if (target == nil && err != nil) || !errors.Is(err, target) {
		c.errs = append(c.errs, fmt.Errorf("%s: error %v, want %v", what, err, target))
	}
}

func (c *obCheck) err() error { return errors.Join(c.errs...) }

// obRun runs main on a new Simulated engine until nothing can run, shuts the
// engine down, and returns every event and main's error. A main that did not
// return fails the test.
// obCase is one table case of the objects' tests: a main program that drives
// objects and records failures in c, and a check of the events it logged.
type obCase struct {
	name  string
	main  func(p *Proc, c *obCheck)
	check func(t *testing.T, evs []Event)
}

// runObCases runs every case as a subtest, each on a fresh Simulated engine.
func runObCases(t *testing.T, tests []obCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := obRun(t, func(p *Proc) error {
				var c obCheck
				tt.main(p, &c)
				return c.err()
			})
			if tt.check != nil {
				tt.check(t, evs)
			}
		})
	}
}

func obRun(t *testing.T, main func(p *Proc) error) []Event {
	t.Helper()
	e := NewEngine(Simulated, WithSeed(1))
	e.Start(main)
	if err := e.RunToEnd(); err != nil {
		t.Fatal(err)
	}
	done, err := e.MainDone()
	evs := e.Drain(nil)
	e.Shutdown()
	if !done {
		t.Fatalf("main did not return; last events:\n%s", obTail(evs, 25))
	}
	if err != nil {
		t.Fatalf("%v\nlast events:\n%s", err, obTail(evs, 25))
	}
	return evs
}

func obTail(evs []Event, n int) string {
	var b strings.Builder
	for _, ev := range evs[max(0, len(evs)-n):] {
		b.WriteString("  " + ev.String() + "\n")
	}
	return b.String()
}

// obFind returns the events of kind k on object obj.
func obFind(evs []Event, k Kind, obj string) []Event {
	var out []Event
	for _, ev := range evs {
		if ev.Kind == k && ev.Object == obj {
			out = append(out, ev)
		}
	}
	return out
}

// obPool starts a pool of n workers, failing main if it cannot.
func obPool(p *Proc, n int) *Pool {
	pl, err := New(p.Engine(), Workers(n))
	if err != nil {
		panic(err)
	}
	return pl
}

// obTasks runs fn(i) for i in 0..n-1 on pl, one task each, and returns the results.
func obTasks[R any](p *Proc, pl *Pool, n int, fn func(p *Proc, i int) (R, error)) ([]R, error) {
	items := make([]int, n)
	for i := range items {
		items[i] = i
	}
	return Map(p, pl, fn, items, Chunksize(1))
}

func TestQueueTimeouts(t *testing.T) {
	tests := []obCase{
		{"bounded queue: nowait and timeouts", func(p *Proc, c *obCheck) {
			q := NewQueue[int](p.Engine(), "results", 2)
			c.is("put", q.Put(p, 1), nil)
			c.is("put_nowait", q.PutNowait(p, 2), nil)
			c.eq("Len", q.Len(), 2)
			c.eq("Full", q.Full(), true)
			c.is("put_nowait on a full queue", q.PutNowait(p, 3), ErrFull)
			t0 := p.Now()
			c.is("put(timeout=5) on a full queue", q.Put(p, 3, Timeout(5*sec)), ErrFull)
			c.eq("time a timed put waited", p.Now()-t0, 5*sec)
			v, err := q.Get(p)
			c.is("get", err, nil)
			c.eq("first item", v, 1)
			v, err = q.GetNowait(p)
			c.is("get_nowait", err, nil)
			c.eq("second item", v, 2)
			_, err = q.GetNowait(p)
			c.is("get_nowait on an empty queue", err, ErrEmpty)
			t0 = p.Now()
			_, err = q.Get(p, Timeout(3*sec))
			c.is("get(timeout=3) on an empty queue", err, ErrEmpty)
			c.eq("time a timed get waited", p.Now()-t0, 3*sec)
			c.eq("Empty", q.Empty(), true)
		}, func(t *testing.T, evs []Event) {
			puts := obFind(evs, KindQueuePut, "results")
			if len(puts) != 2 || puts[0].Value != "1" || puts[0].Count != 1 || puts[1].Count != 2 {
				t.Errorf("puts = %v, want items 1 and 2 with lengths 1 and 2", puts)
			}
			var errs []string
			for _, ev := range obFind(evs, KindWaitEnded, "results") {
				errs = append(errs, ev.Label+": "+ev.Err)
			}
			want := []string{"put: queue is full", "put: queue is full", "get: queue is empty", "get: queue is empty"}
			if !slices.Equal(errs, want) {
				t.Errorf("failed waits = %q, want %q", errs, want)
			}
		}},
		{"a put to a full queue waits for a get", func(p *Proc, c *obCheck) {
			q := NewQueue[string](p.Engine(), "q", 1)
			pl := obPool(p, 1)
			r, _ := ApplyAsync(p, pl, func(p *Proc, _ int) ([]string, error) {
				p.Sleep(sec)
				a, _ := q.Get(p)
				b, _ := q.Get(p)
				return []string{a, b}, nil
			}, 0)
			c.is("put a", q.Put(p, "a"), nil)
			c.is("put b", q.Put(p, "b"), nil) // waits until the task took "a"
			c.eq("when put b returned", p.Now(), sec)
			got, err := r.Get(p)
			c.is("task", err, nil)
			c.eq("items got", got, []string{"a", "b"})
		}, func(t *testing.T, evs []Event) {
			// The get that made room records the waiting put at once: get, wait ended, put.
			i := slices.IndexFunc(evs, func(ev Event) bool { return ev.Kind == KindQueueGet && ev.Value == `"a"` })
			if i < 0 || i+2 >= len(evs) {
				t.Fatal("no get of a")
			}
			if ended, put := evs[i+1], evs[i+2]; ended.Kind != KindWaitEnded || ended.Actor != MainActor ||
				put.Kind != KindQueuePut || put.Actor != MainActor || put.Value != `"b"` || put.Count != 1 {
				t.Errorf("after the get of a: %v, %v; want main's wait-ended and its put of b", ended, put)
			}
		}},
	}
	runObCases(t, tests)
}

func TestQueueOrderAndNone(t *testing.T) {
	tests := []obCase{
		{"waiting getters are served in arrival order", func(p *Proc, c *obCheck) {
			q := NewQueue[int](p.Engine(), "q", 0)
			pl := obPool(p, 3)
			r, _ := MapAsync(p, pl, func(p *Proc, i int) (int, error) {
				p.Sleep(time.Duration(3-i) * sec) // task 2 asks first, task 0 last
				return q.Get(p)
			}, []int{0, 1, 2}, Chunksize(1))
			p.Sleep(10 * sec)
			for v := range 3 {
				q.Put(p, v*10)
			}
			got, err := r.Get(p)
			c.is("map", err, nil)
			c.eq("items by task", got, []int{20, 10, 0})
		}, nil},
		{"SimpleQueue passes None", func(p *Proc, c *obCheck) {
			q := NewSimpleQueue[any](p.Engine(), "results")
			pl := obPool(p, 1)
			r, _ := ApplyAsync(p, pl, func(p *Proc, _ int) (int, error) {
				p.Sleep(sec)
				return 0, q.Put(p, nil)
			}, 0)
			c.eq("Empty", q.Empty(), true)
			v, err := q.Get(p)
			c.is("get", err, nil)
			c.eq("item", v, nil)
			_, err = r.Get(p)
			c.is("task", err, nil)
		}, func(t *testing.T, evs []Event) {
			if gets := obFind(evs, KindQueueGet, "results"); len(gets) != 1 || gets[0].Value != "None" || gets[0].Actor != MainActor {
				t.Errorf("gets = %v, want main getting None", gets)
			}
		}},
	}
	runObCases(t, tests)
}

func TestLockSemantics(t *testing.T) {
	tests := []obCase{
		{"lock: release rules and timeouts", func(p *Proc, c *obCheck) {
			l := NewLock(p.Engine(), "lock A")
			c.is("release of a free lock", l.Release(p), ErrNotHeld)
			c.is("acquire", l.Acquire(p), nil)
			c.is("acquire(block=False) by the holder", l.Acquire(p, Timeout(0)), ErrTimeout)
			pl := obPool(p, 1)
			_, err := Apply(p, pl, func(p *Proc, _ int) (int, error) {
				t0 := p.Now()
				c.is("acquire(timeout=2) by another", l.Acquire(p, Timeout(2*sec)), ErrTimeout)
				c.eq("time it waited", p.Now()-t0, 2*sec)
				// Any process may release a multiprocessing.Lock.
				c.is("release by another", l.Release(p), nil)
				return 0, nil
			}, 0)
			c.is("task", err, nil)
			c.is("acquire after the task released it", l.Acquire(p, Timeout(0)), nil)
		}, func(t *testing.T, evs []Event) {
			rel := obFind(evs, KindReleased, "lock A")
			if len(rel) != 1 || rel[0].Actor.Kind != ActorWorker || rel[0].Other != "main" {
				t.Errorf("released = %v, want worker 1 releasing main's hold", rel)
			}
		}},
		{"lock: waiters get it in arrival order, at the release", func(p *Proc, c *obCheck) {
			l := NewLock(p.Engine(), "lock A")
			var order []int
			l.Acquire(p)
			pl := obPool(p, 3)
			r, _ := MapAsync(p, pl, func(p *Proc, i int) (int, error) {
				p.Sleep(time.Duration(3-i) * sec)
				if err := l.Acquire(p); err != nil {
					return 0, err
				}
				order = append(order, i)
				p.Sleep(sec)
				return 0, l.Release(p)
			}, []int{0, 1, 2}, Chunksize(1))
			p.Sleep(10 * sec)
			l.Release(p)
			_, err := r.Get(p)
			c.is("map", err, nil)
			c.eq("order the tasks got the lock", order, []int{2, 1, 0})
		}, func(t *testing.T, evs []Event) {
			// Every worker waited, so each got the lock from a release, at that moment.
			grants := 0
			for i, ev := range evs {
				if ev.Kind != KindAcquireGranted || ev.Object != "lock A" || ev.Actor.Kind != ActorWorker {
					continue
				}
				grants++
				if rel, ended := evs[i-2], evs[i-1]; rel.Kind != KindReleased || rel.Actor == ev.Actor || rel.Time != ev.Time ||
					ended.Kind != KindWaitEnded || ended.Actor != ev.Actor || ev.Count != 1 {
					t.Errorf("grant %v comes after %v, %v; want a release by another, then its wait-ended", ev, rel, ended)
				}
			}
			if grants != 3 {
				t.Errorf("%d grants to workers, want 3", grants)
			}
		}},
	}
	runObCases(t, tests)
}

func TestRLockSemantics(t *testing.T) {
	tests := []obCase{
		{"rlock: re-entry, owner-only release", func(p *Proc, c *obCheck) {
			r := NewRLock(p.Engine(), "rlock R")
			for i := range 3 {
				c.is(fmt.Sprintf("acquire #%d", i+1), r.Acquire(p), nil)
			}
			pl := obPool(p, 1)
			Apply(p, pl, func(p *Proc, _ int) (int, error) {
				c.is("release by a non-owner", r.Release(p), ErrNotOwner)
				c.is("acquire(block=False) by another", r.Acquire(p, Timeout(0)), ErrTimeout)
				return 0, nil
			}, 0)
			for i := range 3 {
				c.is(fmt.Sprintf("release #%d", i+1), r.Release(p), nil)
			}
			c.is("release once too often", r.Release(p), ErrNotHeld)
		}, func(t *testing.T, evs []Event) {
			var levels []int
			for _, ev := range obFind(evs, KindAcquireGranted, "rlock R") {
				levels = append(levels, ev.Count)
			}
			for _, ev := range obFind(evs, KindReleased, "rlock R") {
				levels = append(levels, ev.Count)
			}
			if want := []int{1, 2, 3, 2, 1, 0}; !slices.Equal(levels, want) {
				t.Errorf("recursion levels = %v, want %v", levels, want)
			}
			for _, ev := range evs {
				if ev.Actor == MainActor && ev.Object == "rlock R" && (ev.Kind == KindBlocked || ev.Kind == KindWaitBegan) || ev.Kind == KindDeadlock {
					t.Errorf("re-entry by the owner must not wait: %v", ev)
				}
			}
		}},
	}
	runObCases(t, tests)
}
