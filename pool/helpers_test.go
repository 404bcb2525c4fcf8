package pool_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	"poolviz/pool"
)

const ms = time.Millisecond

// simResult is what a Simulated run left behind.
type simResult struct {
	Events  []pool.Event
	MainErr error
	Engine  *pool.Engine // already shut down
}

// runSim runs main as the main program of a new Simulated engine until nothing can
// run, fails the test if main did not return, shuts the engine down and returns
// every event of the run (including those Shutdown caused).
func runSim(t testing.TB, seed uint64, main func(p *pool.Proc) error) simResult {
	t.Helper()
	e := pool.NewEngine(pool.Simulated, pool.WithSeed(seed))
	e.Start(main)
	if err := e.RunToEnd(); err != nil {
		t.Fatalf("RunToEnd: %v", err)
	}
	done, mainErr := e.MainDone()
	evs := e.Drain(nil)
	e.Shutdown()
	evs = e.Drain(evs)
	if !done {
		t.Fatalf("main did not return; the run ended with:\n%s", tailEvents(evs, 30))
	}
	return simResult{Events: evs, MainErr: mainErr, Engine: e}
}

// mustSim is runSim for a main that must succeed.
func mustSim(t testing.TB, seed uint64, main func(p *pool.Proc) error) []pool.Event {
	t.Helper()
	r := runSim(t, seed, main)
	if r.MainErr != nil {
		t.Fatalf("main failed: %v\nlast events:\n%s", r.MainErr, tailEvents(r.Events, 30))
	}
	return r.Events
}

// tailEvents renders the last n events, for failure messages.
func tailEvents(evs []pool.Event, n int) string {
	var b strings.Builder
	for _, ev := range evs[max(0, len(evs)-n):] {
		b.WriteString("  " + ev.String() + "\n")
	}
	return b.String()
}

// ofKind returns the events of kind k, in order.
func ofKind(evs []pool.Event, k pool.Kind) []pool.Event {
	var out []pool.Event
	for _, ev := range evs {
		if ev.Kind == k {
			out = append(out, ev)
		}
	}
	return out
}

// finishedTasks returns the task ids of the task-finished events, in order.
func finishedTasks(evs []pool.Event) []int {
	var ids []int
	for _, ev := range ofKind(evs, pool.KindTaskFinished) {
		ids = append(ids, ev.Task)
	}
	return ids
}

// checkEachFinishedOnce fails the test unless every id in ids has exactly one
// task-finished event, and no other task has one.
func checkEachFinishedOnce(t testing.TB, evs []pool.Event, ids []int) {
	t.Helper()
	count := map[int]int{}
	for _, ev := range ofKind(evs, pool.KindTaskFinished) {
		if ev.Count > 1 {
			t.Fatalf("task-finished for a span of %d tasks in a run that records every task: %v", ev.Count, ev)
		}
		count[ev.Task]++
	}
	for _, id := range ids {
		if count[id] != 1 {
			t.Errorf("task %d has %d task-finished events, want exactly 1", id, count[id])
		}
		delete(count, id)
	}
	for id, n := range count {
		t.Errorf("task %d was never submitted but has %d task-finished events", id, n)
	}
}

// taskIDs returns the ids first, first+1, ..., first+n-1.
func taskIDs(first, n int) []int {
	ids := make([]int, n)
	for i := range ids {
		ids[i] = first + i
	}
	return ids
}

// encodeEvents renders events as JSON, one line each: the byte-exact form of a run.
func encodeEvents(t testing.TB, evs []pool.Event) []byte {
	t.Helper()
	var b []byte
	for _, ev := range evs {
		j, err := json.Marshal(ev)
		if err != nil {
			t.Fatalf("marshal %v: %v", ev, err)
		}
		b = append(b, j...)
		b = append(b, '\n')
	}
	return b
}

// firstDiff describes the first line where two encoded runs differ.
func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  first: %s\n  other: %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths differ: %d vs %d lines", len(la), len(lb))
}

// submittedTasks returns the ids of every task the task-submitted events name (a
// chunk names Count consecutive ids), in order.
func submittedTasks(evs []pool.Event) []int {
	var ids []int
	for _, ev := range ofKind(evs, pool.KindTaskSubmitted) {
		ids = append(ids, taskIDs(ev.Task, max(ev.Count, 1))...)
	}
	return ids
}

// indexOf returns the index of the first event that match accepts, or -1.
func indexOf(evs []pool.Event, match func(pool.Event) bool) int {
	return slices.IndexFunc(evs, match)
}

// sleepThen is a task that sleeps d of virtual time and returns x.
func sleepThen(d time.Duration) pool.TaskFunc[int, int] {
	return func(p *pool.Proc, x int) (int, error) {
		if err := p.Sleep(d); err != nil {
			return 0, err
		}
		return x, nil
	}
}

// randomSleepSquare sleeps a random 1..100 ms drawn from the task's own stream and
// returns x*x.
func randomSleepSquare(p *pool.Proc, x int) (int, error) {
	d := time.Duration(1+p.Rand().IntN(100)) * ms
	if err := p.Sleep(d); err != nil {
		return 0, err
	}
	return x * x, nil
}

// square returns x*x at once.
func square(_ *pool.Proc, x int) (int, error) { return x * x, nil }

// collect drains an imap iterator into a slice, stopping at the first error.
func collect[R any](seq iter.Seq2[R, error]) ([]R, error) {
	var got []R
	for v, err := range seq {
		if err != nil {
			return got, err
		}
		got = append(got, v)
	}
	return got, nil
}

// ints returns 0, 1, ..., n-1.
func ints(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// errBoom is an error tasks and initializers return on purpose.
var errBoom = errors.New("boom")
