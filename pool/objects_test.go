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

func TestQueueSemantics(t *testing.T) {
	tests := []obCase{
		{"bounded queue: nowait and timeouts", func(p *Proc, c *obCheck) {
			q := NewQueue[int](p.Engine(), "results", 2)
			c.is("put", q.Put(p, 1, -1), nil)
			c.is("put_nowait", q.PutNowait(p, 2), nil)
			c.eq("Len", q.Len(), 2)
			c.eq("Full", q.Full(), true)
			c.is("put_nowait on a full queue", q.PutNowait(p, 3), ErrFull)
			t0 := p.Now()
			c.is("put(timeout=5) on a full queue", q.Put(p, 3, 5*sec), ErrFull)
			c.eq("time a timed put waited", p.Now()-t0, 5*sec)
			v, err := q.Get(p, -1)
			c.is("get", err, nil)
			c.eq("first item", v, 1)
			v, err = q.GetNowait(p)
			c.is("get_nowait", err, nil)
			c.eq("second item", v, 2)
			_, err = q.GetNowait(p)
			c.is("get_nowait on an empty queue", err, ErrEmpty)
			t0 = p.Now()
			_, err = q.Get(p, 3*sec)
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
				a, _ := q.Get(p, -1)
				b, _ := q.Get(p, -1)
				return []string{a, b}, nil
			}, 0)
			c.is("put a", q.Put(p, "a", -1), nil)
			c.is("put b", q.Put(p, "b", -1), nil) // waits until the task took "a"
			c.eq("when put b returned", p.Now(), sec)
			got, err := r.Get(p, -1)
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
		{"waiting getters are served in arrival order", func(p *Proc, c *obCheck) {
			q := NewQueue[int](p.Engine(), "q", 0)
			pl := obPool(p, 3)
			r, _ := MapAsync(p, pl, func(p *Proc, i int) (int, error) {
				p.Sleep(time.Duration(3-i) * sec) // task 2 asks first, task 0 last
				return q.Get(p, -1)
			}, []int{0, 1, 2}, Chunksize(1))
			p.Sleep(10 * sec)
			for v := range 3 {
				q.Put(p, v*10, -1)
			}
			got, err := r.Get(p, -1)
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
			_, err = r.Get(p, -1)
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
			c.is("acquire", l.Acquire(p, -1), nil)
			c.is("acquire(block=False) by the holder", l.Acquire(p, 0), ErrTimeout)
			pl := obPool(p, 1)
			_, err := Apply(p, pl, func(p *Proc, _ int) (int, error) {
				t0 := p.Now()
				c.is("acquire(timeout=2) by another", l.Acquire(p, 2*sec), ErrTimeout)
				c.eq("time it waited", p.Now()-t0, 2*sec)
				// Any process may release a multiprocessing.Lock.
				c.is("release by another", l.Release(p), nil)
				return 0, nil
			}, 0)
			c.is("task", err, nil)
			c.is("acquire after the task released it", l.Acquire(p, 0), nil)
		}, func(t *testing.T, evs []Event) {
			rel := obFind(evs, KindReleased, "lock A")
			if len(rel) != 1 || rel[0].Actor.Kind != ActorWorker || rel[0].Other != "main" {
				t.Errorf("released = %v, want worker 1 releasing main's hold", rel)
			}
		}},
		{"lock: waiters get it in arrival order, at the release", func(p *Proc, c *obCheck) {
			l := NewLock(p.Engine(), "lock A")
			var order []int
			l.Acquire(p, -1)
			pl := obPool(p, 3)
			r, _ := MapAsync(p, pl, func(p *Proc, i int) (int, error) {
				p.Sleep(time.Duration(3-i) * sec)
				if err := l.Acquire(p, -1); err != nil {
					return 0, err
				}
				order = append(order, i)
				p.Sleep(sec)
				return 0, l.Release(p)
			}, []int{0, 1, 2}, Chunksize(1))
			p.Sleep(10 * sec)
			l.Release(p)
			_, err := r.Get(p, -1)
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
		{"rlock: re-entry, owner-only release", func(p *Proc, c *obCheck) {
			r := NewRLock(p.Engine(), "rlock R")
			for i := range 3 {
				c.is(fmt.Sprintf("acquire #%d", i+1), r.Acquire(p, -1), nil)
			}
			pl := obPool(p, 1)
			Apply(p, pl, func(p *Proc, _ int) (int, error) {
				c.is("release by a non-owner", r.Release(p), ErrNotOwner)
				c.is("acquire(block=False) by another", r.Acquire(p, 0), ErrTimeout)
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

func TestFlagSemaphoreLogSemantics(t *testing.T) {
	tests := []obCase{
		{"event: wait with timeout, set wakes every waiter, clear", func(p *Proc, c *obCheck) {
			f := NewFlag(p.Engine(), "start signal")
			t0 := p.Now()
			ok, err := f.Wait(p, 2*sec)
			c.eq("wait(timeout=2) on a clear event", ok, false)
			c.is("wait(timeout=2)", err, nil)
			c.eq("time it waited", p.Now()-t0, 2*sec)
			pl := obPool(p, 3)
			r, _ := MapAsync(p, pl, func(p *Proc, i int) (bool, error) { return f.Wait(p, -1) }, []int{0, 1, 2}, Chunksize(1))
			p.Sleep(sec)
			f.Set(p)
			got, err := r.Get(p, -1)
			c.is("map", err, nil)
			c.eq("what the waiters saw", got, []bool{true, true, true})
			c.eq("is_set", f.IsSet(), true)
			t0 = p.Now()
			ok, _ = f.Wait(p, -1)
			c.eq("wait on a set event", ok, true)
			c.eq("time it waited", p.Now(), t0)
			f.Clear(p)
			c.eq("is_set after clear", f.IsSet(), false)
			ok, _ = f.Wait(p, 0)
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
		{"semaphore: at most value holders, FIFO hand-over", func(p *Proc, c *obCheck) {
			s := NewSemaphore(p.Engine(), "slots", 2)
			inside, most := 0, 0
			pl := obPool(p, 4)
			_, err := obTasks(p, pl, 4, func(p *Proc, i int) (int, error) {
				if err := s.Acquire(p, -1); err != nil {
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
			c.is("acquire(block=False)", s.Acquire(p, 0), nil)
			c.is("acquire(block=False)", s.Acquire(p, 0), nil)
			t0 := p.Now()
			c.is("acquire(timeout=1) with no permit left", s.Acquire(p, sec), ErrTimeout)
			c.eq("time it waited", p.Now()-t0, sec)
			for range 3 {
				c.is("release (a plain semaphore may go above its value)", s.Release(p), nil)
			}
			c.eq("value after releasing 3", s.Value(), 3)
		}, nil},
		{"bounded semaphore refuses an over-release", func(p *Proc, c *obCheck) {
			b := NewBoundedSemaphore(p.Engine(), "bounded", 1)
			c.is("release at the initial value", b.Release(p), ErrOverRelease)
			c.is("acquire", b.Acquire(p, -1), nil)
			c.is("release", b.Release(p), nil)
			c.is("release again", b.Release(p), ErrOverRelease)
			c.eq("value", b.Value(), 1)
		}, nil},
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

// TestObjectNamesAndCreation checks how objects render as worker globals and
// the KindObjectCreated each records.
func TestObjectNamesAndCreation(t *testing.T) {
	e := NewEngine(Simulated)
	defer e.Shutdown()
	lock := NewLock(e, "lock A")
	objs := []fmt.Stringer{
		NewSimpleQueue[int](e, "results"),
		NewQueue[int](e, "jobs", 5),
		lock,
		NewRLock(e, "rlock R"),
		NewFlag(e, "start signal"),
		NewSemaphore(e, "slots", 2),
		NewBoundedSemaphore(e, "bounded", 3),
		NewBarrier(e, "phase", 4, nil),
		NewCondition(e, "ready", lock),
		NewLog(e, "log"),
	}
	var got []string
	for _, o := range objs {
		got = append(got, o.String())
	}
	want := []string{"SimpleQueue(results)", "Queue(jobs)", "Lock(lock A)", "RLock(rlock R)", "Event(start signal)",
		"Semaphore(slots)", "BoundedSemaphore(bounded)", "Barrier(phase)", "Condition(ready)", "Log(log)"}
	if !slices.Equal(got, want) {
		t.Errorf("String() = %q, want %q", got, want)
	}
	got = nil
	for _, ev := range e.Drain(nil) {
		if ev.Kind == KindObjectCreated {
			got = append(got, fmt.Sprintf("%s %s %d", ev.Object, ev.Label, ev.Count))
		}
	}
	want = []string{"lock A lock 0", "results simple-queue 0", "jobs queue 5", "rlock R rlock 0", "start signal event 0",
		"slots semaphore 2", "bounded bounded-semaphore 3", "phase barrier 4", "ready condition 0", "log log 0"}
	if !slices.Equal(got, want) {
		t.Errorf("object-created = %q, want %q", got, want)
	}
	if got := render(objs[0]); got != "SimpleQueue(results)" {
		t.Errorf("render = %q: a worker global shows the object by its String", got)
	}
}

// TestObjectPhrase checks how sentences name objects.
func TestObjectPhrase(t *testing.T) {
	for _, tt := range []struct{ noun, name, want string }{
		{"queue", "results", "queue results"},
		{"lock", "lock A", "lock A"},
		{"lock", "RLock R", "RLock R"},
		{"event", "start signal", "event start signal"},
		{"queue", "results queue", "results queue"},
	} {
		if got := ObjectPhrase(tt.noun, tt.name); got != tt.want {
			t.Errorf("ObjectPhrase(%q, %q) = %q, want %q", tt.noun, tt.name, got, tt.want)
		}
	}
}
