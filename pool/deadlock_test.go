package pool

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"
)

// dlCase is a workload that deadlocks, with the report it must produce.
type dlCase struct {
	name    string
	workers int
	// main is the main program; it hands its pool to keep so the test can terminate it.
	main     func(p *Proc, keep func(*Pool)) error
	kind     string   // "cycle" or "stall"
	sentence string   // as a Simulated engine words it
	members  []string // the Deadlock event's Vars, by name
	// lastBlocked is who blocks last in Simulated mode, its KindBlocked right
	// before the Deadlock; "" when the last to stop is an idle worker (no event).
	lastBlocked string
	// joins: main returns nil once the pool is terminated, as Join does; other
	// mains end with ErrTerminated.
	joins bool
}

const simHeadline = "everyone is waiting and no timer is pending"

// dlLockOrder is the lock-order trap with n workers: worker k takes lock k, waits
// until every worker holds its first lock, then asks for lock k+1.
func dlLockOrder(n int) func(p *Proc, keep func(*Pool)) error {
	return func(p *Proc, keep func(*Pool)) error {
		e := p.Engine()
		locks := make([]*Lock, n)
		for i := range locks {
			locks[i] = NewLock(e, "lock "+string(rune('A'+i)))
		}
		ready := NewBarrier(e, "ready", n, nil)
		pl, err := New(e, Workers(n))
		if err != nil {
			return err
		}
		keep(pl)
		_, err = obTasks(p, pl, n, func(p *Proc, i int) (int, error) {
			k := p.Worker() - 1
			first, second := locks[k], locks[(k+1)%n]
			if err := first.Acquire(p); err != nil {
				return 0, err
			}
			defer first.Release(p)
			if _, err := ready.Wait(p); err != nil {
				return 0, err
			}
			if err := second.Acquire(p); err != nil {
				return 0, err
			}
			return i, second.Release(p)
		})
		return err
	}
}

var dlCases = []dlCase{
	{name: "lock order, 2 workers", workers: 2, main: dlLockOrder(2), kind: "cycle",
		sentence:    "worker 1 holds lock A and waits for lock B, held by worker 2, which waits for lock A.",
		members:     []string{"worker 1", "worker 2"},
		lastBlocked: "worker ?"},
	{name: "lock order, 3 workers", workers: 3, main: dlLockOrder(3), kind: "cycle",
		sentence:    "worker 1 holds lock A and waits for lock B, held by worker 2, which waits for lock C, held by worker 3, which waits for lock A.",
		members:     []string{"worker 1", "worker 2", "worker 3"},
		lastBlocked: "worker ?"},
	{name: "a lock taken twice", workers: 1, kind: "cycle",
		main: func(p *Proc, keep func(*Pool)) error {
			l := NewLock(p.Engine(), "lock A")
			pl, _ := New(p.Engine(), Workers(1))
			keep(pl)
			_, err := Apply(p, pl, func(p *Proc, _ int) (int, error) {
				l.Acquire(p)
				return 0, l.Acquire(p) // a Lock is not re-entrant
			}, 0)
			return err
		},
		sentence: "worker 1 holds lock A and waits for lock A again: it waits for itself.",
		members:  []string{"worker 1"}, lastBlocked: "worker 1"},
	{name: "a get nobody will put to", workers: 2, kind: "stall",
		// The seed's deadlock-queue listing: main loops until an end marker no task sends.
		main: func(p *Proc, keep func(*Pool)) error {
			q := NewSimpleQueue[any](p.Engine(), "results")
			pl, _ := New(p.Engine(), Workers(2), WithInitializer(func(p *Proc, q *SimpleQueue[any]) error {
				p.Globals().Set("queue", q)
				return nil
			}, q))
			keep(pl)
			MapAsync(p, pl, func(p *Proc, i int) (int, error) {
				p.Sleep(time.Duration(i+1) * time.Second)
				q, _ := Global[*SimpleQueue[any]](p, "queue")
				return 0, q.Put(p, i)
			}, []int{0, 1, 2}, Chunksize(1))
			for {
				v, err := q.Get(p)
				if err != nil || v == nil {
					return err
				}
			}
		},
		sentence: "main waits to get from queue results, but nobody left can put to it; worker 1 and worker 2 are idle with nothing to do. " +
			"Nothing can wake them: " + simHeadline + ".",
		members: []string{"main", "worker 1", "worker 2"}, lastBlocked: "main"},
	{name: "a recv nobody will send to", workers: 1, kind: "stall",
		// The same mistake over a pipe: main expects one message more than is sent.
		main: func(p *Proc, keep func(*Pool)) error {
			reader, writer := NewPipe[int](p.Engine(), "results", false)
			pl, _ := New(p.Engine(), Workers(1))
			keep(pl)
			MapAsync(p, pl, func(p *Proc, i int) (int, error) {
				p.Sleep(time.Second)
				return 0, writer.Send(p, i)
			}, []int{0, 1}, Chunksize(1))
			for range 3 {
				if _, err := reader.Recv(p); err != nil {
					return err
				}
			}
			return nil
		},
		sentence: "main waits to receive from pipe results, but nobody left can send on it; worker 1 is idle with nothing to do. " +
			"Nothing can wake them: " + simHeadline + ".",
		members: []string{"main", "worker 1"}, lastBlocked: "main"},
	{name: "pool starvation: tasks wait for their subtasks", workers: 2, kind: "stall",
		main: func(p *Proc, keep func(*Pool)) error {
			// The barrier makes sure both parents run before either submits its
			// subtask; without it a Parallel worker could run a subtask early.
			both := NewBarrier(p.Engine(), "both", 2, nil)
			pl, _ := New(p.Engine(), Workers(2))
			keep(pl)
			var parents []*AsyncResult[int]
			for i := range 2 {
				r, _ := ApplyAsync(p, pl, func(p *Proc, i int) (int, error) {
					if _, err := both.Wait(p); err != nil {
						return 0, err
					}
					sub, err := ApplyAsync(p, pl, func(p *Proc, i int) (int, error) { return i, nil }, i)
					if err != nil {
						return 0, err
					}
					return sub.Get(p) // queued behind the parents, which hold every worker
				}, i)
				parents = append(parents, r)
			}
			_, err := parents[0].Get(p)
			return err
		},
		sentence: "worker 1 waits for the result of task 4; worker 2 waits for the result of task 3; main waits for the result of task 1, " +
			"which worker 1 is running; tasks 3 and 4 are still queued in the pool, but no worker is free to run them. Nothing can wake them: " +
			simHeadline + ".",
		members: []string{"worker 1", "worker 2", "main"}, lastBlocked: "worker 1"},
	{name: "pool starvation: tasks wait for an event a queued task sets", workers: 2, kind: "stall",
		// The seed's deadlock-starvation listing.
		main: func(p *Proc, keep func(*Pool)) error {
			done := NewFlag(p.Engine(), "subtask done")
			pl, _ := New(p.Engine(), Workers(2))
			keep(pl)
			var parents []*AsyncResult[int]
			for i := range 2 {
				r, _ := ApplyAsync(p, pl, func(p *Proc, i int) (int, error) {
					_, err := done.Wait(p)
					return i, err
				}, i)
				parents = append(parents, r)
			}
			ApplyAsync(p, pl, func(p *Proc, _ int) (int, error) { done.Set(p); return 0, nil }, 0)
			for _, r := range parents {
				if _, err := r.Get(p); err != nil {
					return err
				}
			}
			return nil
		},
		sentence: "worker 1 and worker 2 wait for event subtask done, but nobody will set it; main waits for the result of task 1, " +
			"which worker 1 is running; task 3 is still queued in the pool, but no worker is free to run it. Nothing can wake them: " +
			simHeadline + ".",
		members: []string{"worker 1", "worker 2", "main"}, lastBlocked: "worker 2"},
	{name: "join while the workers wait for an event never set", workers: 2, kind: "stall",
		main: func(p *Proc, keep func(*Pool)) error {
			start := NewFlag(p.Engine(), "go")
			pl, _ := New(p.Engine(), Workers(2))
			keep(pl)
			MapAsync(p, pl, func(p *Proc, i int) (bool, error) { return start.Wait(p) }, []int{0, 1}, Chunksize(1))
			pl.Close()
			return pl.Join(p)
		},
		sentence: "worker 1 and worker 2 wait for event go, but nobody will set it; main waits to join pool until worker 1 and worker 2 exit. " +
			"Nothing can wake them: " + simHeadline + ".",
		members: []string{"worker 1", "worker 2", "main"}, lastBlocked: "worker 2", joins: true},
	{name: "an event never set", workers: 2, kind: "stall",
		main: func(p *Proc, keep func(*Pool)) error {
			start := NewFlag(p.Engine(), "go")
			pl, _ := New(p.Engine(), Workers(2))
			keep(pl)
			_, err := start.Wait(p)
			return err
		},
		sentence: "main waits for event go, but nobody will set it; worker 1 and worker 2 are idle with nothing to do. " +
			"Nothing can wake them: " + simHeadline + ".",
		members: []string{"main", "worker 1", "worker 2"}, lastBlocked: ""},
}

// dlCheck checks that evs hold exactly one Deadlock event, of the case's kind,
// with its sentence (after normalize) and members, and returns it.
func dlCheck(t *testing.T, c dlCase, evs []Event, sentence string, normalize func(string) string) Event {
	t.Helper()
	var dls []Event
	for _, ev := range evs {
		if ev.Kind == KindDeadlock {
			dls = append(dls, ev)
		}
	}
	if len(dls) != 1 {
		t.Fatalf("%d deadlock events, want 1: %v\nlast events:\n%s", len(dls), dls, obTail(evs, 20))
	}
	dl := dls[0]
	if dl.Label != c.kind {
		t.Errorf("deadlock label %q, want %q", dl.Label, c.kind)
	}
	if got, want := normalize(dl.Value), normalize(sentence); got != want {
		t.Errorf("sentence:\n got %q\nwant %q", got, want)
	}
	var names []string
	for _, v := range dl.Vars {
		names = append(names, v.Name)
	}
	if !slices.Equal(names, c.members) {
		t.Errorf("members %q, want %q", names, c.members)
	}
	return dl
}

// dlCheckEnd checks how the run ended after Terminate and Shutdown, from the
// events that followed: every wait on a shared object was interrupted with
// ErrTerminated, and main ended. (A main still waiting for an object once the
// pool is gone is a new stall, and may be reported as one; no worker is in it.)
func dlCheckEnd(t *testing.T, c dlCase, e *Engine, after []Event) {
	t.Helper()
	for _, ev := range after {
		if ev.Kind == KindWaitEnded && ev.Err != ErrTerminated.Error() {
			t.Errorf("after Terminate: %v, want the wait interrupted with %q", ev, ErrTerminated)
		}
		if ev.Kind == KindDeadlock && slices.ContainsFunc(ev.Vars, func(v Var) bool { return v.Name != "main" }) {
			t.Errorf("after Terminate: %v", ev)
		}
	}
	done, err := e.MainDone()
	if c.joins && (!done || err != nil) {
		t.Errorf("after Terminate main done=%v err=%v, want Join to return nil", done, err)
	} else if !c.joins && (!done || !errors.Is(err, ErrTerminated)) {
		t.Errorf("after Shutdown main done=%v err=%v, want done with ErrTerminated", done, err)
	}
}

func noNormalize(s string) string { return s }

// TestDeadlockSimulated runs each trap on a Simulated engine: the deadlock is
// reported once, at the step where it begins, and Terminate and Shutdown then
// end every actor.
func TestDeadlockSimulated(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for _, c := range dlCases {
		t.Run(c.name, func(t *testing.T) {
			e := NewEngine(Simulated, WithSeed(1))
			var pl *Pool
			e.Start(func(p *Proc) error { return c.main(p, func(x *Pool) { pl = x }) })
			e.RunToEnd()
			evs := e.Drain(nil)
			dl := dlCheck(t, c, evs, c.sentence, noNormalize)

			// The report comes at the step the deadlock begins: right after the last
			// event, at the same time; for a cycle, right after the wait that closed it.
			i := slices.IndexFunc(evs, func(ev Event) bool { return ev.Kind == KindDeadlock })
			prev := evs[i-1]
			if prev.Seq+1 != dl.Seq || prev.Time != dl.Time {
				t.Errorf("deadlock #%d at %v comes after #%d at %v", dl.Seq, dl.Time, prev.Seq, prev.Time)
			}
			if c.kind == "stall" && i != len(evs)-1 {
				t.Errorf("events after the stall report: %v", evs[i+1:])
			}
			if c.lastBlocked != "" {
				who := strings.Replace(c.lastBlocked, "?", "", 1)
				if prev.Kind != KindBlocked || !strings.HasPrefix(prev.Actor.String(), who) {
					t.Errorf("the deadlock follows %v, want %s's blocked event", prev, c.lastBlocked)
				}
			}

			pl.Terminate(context.Background()) // from outside the actors, between run controls
			e.RunToEnd()
			e.Shutdown()
			dlCheckEnd(t, c, e, e.Drain(nil))
			if e.Live() != 0 {
				t.Errorf("%d actors still live after Shutdown", e.Live())
			}
		})
	}
}

// numbers hides task and worker numbers, which a Parallel run assigns by timing.
var numbers = regexp.MustCompile(`(task|tasks|worker) \d+`)

// TestDeadlockParallel runs each trap on a Parallel engine in a synctest bubble,
// whose fake clock makes the watchdog's quiet period pass without real waiting:
// a cycle is reported the moment it closes (before any time passes), a stall by
// the watchdog. Terminate and Shutdown then end every goroutine.
func TestDeadlockParallel(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	for _, c := range dlCases {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				const quiet = 2 * time.Second
				e := NewEngine(Parallel, WithObserver(0), WithWatchdog(quiet))
				defer e.Shutdown() // also when a check fails: the bubble must end empty
				var pl atomic.Pointer[Pool]
				e.Start(func(p *Proc) error { return c.main(p, pl.Store) })
				synctest.Wait() // every goroutine is blocked; the fake clock has not moved
				evs := e.Drain(nil)
				sentence, normalize := c.sentence, noNormalize
				if c.kind == "stall" {
					time.Sleep(10 * quiet) // task sleeps, then the watchdog's quiet period
					synctest.Wait()
					evs = e.Drain(evs)
					sentence = strings.Replace(sentence, simHeadline, "nothing progressed for 2s", 1)
					normalize = func(s string) string { return numbers.ReplaceAllString(s, "$1 N") }
				}
				dl := dlCheck(t, c, evs, sentence, normalize)
				if c.kind == "cycle" && dl.Time != 0 {
					t.Errorf("the cycle was reported at %v, want at once (0s)", dl.Time)
				}
				pl.Load().Terminate(context.Background())
				e.Shutdown()
				dlCheckEnd(t, c, e, e.Drain(nil))
			})
		})
	}
}

// TestSentenceParts checks the small pieces sentences are built from.
func TestSentenceParts(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{andList([]string{"worker 1"}), "worker 1"},
		{andList([]string{"worker 1", "worker 2"}), "worker 1 and worker 2"},
		{andList([]string{"main", "worker 1", "worker 2"}), "main, worker 1 and worker 2"},
		{queuedTasks([]int{3}, 1), "task 3 is"},
		{queuedTasks([]int{3, 4, 5}, 3), "tasks 3, 4 and 5 are"},
		{queuedTasks([]int{3, 4, 5, 6}, 9), "9 tasks (3, 4, 5, ...) are"},
		{clause(edge{t: waitTarget{Verb: "waits to get from", Object: "queue q", Why: "it is empty"}}, true),
			"wait to get from queue q, but it is empty"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
