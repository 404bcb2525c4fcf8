package narrate

import (
	"slices"
	"testing"
	"time"

	"poolviz/pool"
)

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 101: "101st", 111: "111th"} {
		if got := Ordinal(n); got != want {
			t.Errorf("Ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestStory checks the sentences of a short run: a task is named by its call
// from its start to its end, arrivals are counted, and waits that are told by
// their Blocked event are not told twice.
func TestStory(t *testing.T) {
	w1 := pool.Actor{Kind: pool.ActorWorker, ID: 1}
	evs := []pool.Event{
		{Actor: w1, Kind: pool.KindInitEnded, Vars: []pool.Var{{Name: "queue", Value: "SimpleQueue(results)"}}},
		{Actor: w1, Kind: pool.KindTaskStarted, Task: 1, Value: "0"},
		{Actor: w1, Kind: pool.KindTaskSleep, Task: 1, Dur: 1500 * time.Millisecond},
		{Actor: pool.MainActor, Kind: pool.KindWaitBegan, Object: "results"},
		{Actor: pool.MainActor, Kind: pool.KindBlocked, Object: "queue results", Label: "waits to get from"},
		{Actor: w1, Kind: pool.KindTaskFinished, Task: 1, Value: "None"},
		{Actor: w1, Kind: pool.KindTaskStarted, Task: 2, Value: "1"},
		{Actor: w1, Kind: pool.KindTaskFinished, Task: 2, Err: "panic: bang"},
		{Actor: pool.MainActor, Kind: pool.KindDeadlock, Value: "main waits for ever."},
	}
	want := []string{
		"worker 1 initialized with queue=SimpleQueue(results)",
		"worker 1 runs task(0)",
		"task(0) sleeps 1.50 s",
		"",
		"main waits to get from queue results",
		"task(0) finished on worker 1 (1st to finish)",
		"worker 1 runs task(1)",
		"task(1) failed on worker 1: panic: bang",
		"DEADLOCK: main waits for ever.",
	}
	var n Narrator
	for i, ev := range evs {
		if got := n.Line(ev); got != want[i] {
			t.Errorf("event %d (%s): got %q, want %q", i, ev.Kind, got, want[i])
		}
	}
}

// TestPipeIsTold: a pipe's messages are sent and received, not put and got,
// and closing an end names it.
func TestPipeIsTold(t *testing.T) {
	w2 := pool.Actor{Kind: pool.ActorWorker, ID: 2}
	for _, c := range []struct {
		ev   pool.Event
		want string
	}{
		{pool.Event{Actor: w2, Kind: pool.KindQueuePut, Label: "send", Object: "results", Value: "(3, 1.20)"}, "worker 2 sent (3, 1.20) on results"},
		{pool.Event{Actor: pool.MainActor, Kind: pool.KindQueueGet, Label: "recv", Object: "results", Value: "(3, 1.20)"}, "main received (3, 1.20) from results"},
		{pool.Event{Actor: pool.MainActor, Kind: pool.KindQueueGet, Object: "results", Value: "1"}, "main got 1 from results"},
		{pool.Event{Actor: w2, Kind: pool.KindConnClosed, Label: "sending end", Object: "results"}, "worker 2 closed the sending end of pipe results"},
	} {
		var n Narrator
		if got := n.Line(c.ev); got != c.want {
			t.Errorf("%s: got %q, want %q", c.ev, got, c.want)
		}
	}
}

// TestEveryKindIsTold checks that no kind falls through to an empty sentence by
// accident: the only silent kinds are the ones told by another event.
func TestEveryKindIsTold(t *testing.T) {
	silent := map[pool.Kind]bool{pool.KindNone: true, pool.KindTaskStep: true, pool.KindWaitBegan: true, pool.KindWaitEnded: true, pool.KindUnblocked: true}
	var n Narrator
	for k := pool.KindNone; ; k++ {
		if _, ok := pool.ParseKind(k.String()); !ok {
			break
		}
		got := n.Line(pool.Event{Kind: k, Actor: pool.MainActor, Task: 1})
		if (got == "") != silent[k] {
			t.Errorf("kind %s: sentence %q", k, got)
		}
	}
}

// TestSnapshotResumesTheStory tells a task's start, snapshots the narrator,
// tells the task's end, then tells the end again from the snapshot: both name
// the task by its call.
func TestSnapshotResumesTheStory(t *testing.T) {
	w1 := pool.Actor{Kind: pool.ActorWorker, ID: 1}
	start := pool.Event{Actor: w1, Kind: pool.KindTaskStarted, Task: 1, Value: "0"}
	end := pool.Event{Actor: w1, Kind: pool.KindTaskFinished, Task: 1, Value: "None"}
	var n Narrator
	n.Line(start)
	snap := n.Snapshot()
	first := n.Line(end)
	again := snap.Line(end)
	const want = "task(0) finished on worker 1 (1st to finish)"
	if first != want || again != want {
		t.Errorf("after the snapshot: %q; from the snapshot: %q", first, again)
	}
}

// TestActorsAsThePoolNamesThem checks that the sentences name actors as
// pool.Actor.String does, which they write without it to save an allocation.
func TestActorsAsThePoolNamesThem(t *testing.T) {
	for _, a := range []pool.Actor{pool.MainActor, {Kind: pool.ActorWorker, ID: 12}, {Kind: pool.ActorResultHandler}} {
		if got := string(appendActor(nil, a)); got != a.String() {
			t.Errorf("appendActor = %q, Actor.String = %q", got, a.String())
		}
	}
}

// TestTasksByTheirFunction: with Func, a task is told by the function its
// submission calls, as the listing writes it, and the pool's own numbers
// appear only labelled as such; a snapshot keeps the functions it knew.
func TestTasksByTheirFunction(t *testing.T) {
	w1 := pool.Actor{Kind: pool.ActorWorker, ID: 1}
	n := Narrator{Func: func(step string, _ int) string {
		return map[string]string{"submit": "parent_task", "submit-subtask": "subtask"}[step]
	}}
	lines := []string{}
	for _, ev := range []pool.Event{
		{Kind: pool.KindTaskStep, Label: "submit"},
		{Kind: pool.KindTaskSubmitted, Task: 1, Label: "apply_async"},
		{Kind: pool.KindTaskSubmitted, Task: 2, Label: "apply_async"},
		{Kind: pool.KindTaskStep, Label: "submit-subtask"},
		{Kind: pool.KindTaskSubmitted, Task: 3, Label: "apply_async"},
		{Actor: w1, Kind: pool.KindTaskStarted, Task: 2, Value: "1"},
		{Actor: w1, Kind: pool.KindTaskFinished, Task: 2, Value: "1"},
		{Actor: w1, Kind: pool.KindTaskStarted, Task: 3, Value: "()"},
	} {
		if l := n.Line(ev); l != "" {
			lines = append(lines, l)
		}
	}
	want := []string{
		"main submitted pool task 1 (apply_async)", "main submitted pool task 2 (apply_async)",
		"main submitted pool task 3 (apply_async)", "worker 1 runs parent_task(1)",
		"parent_task(1) finished on worker 1, returning 1 (1st to finish)", "worker 1 runs subtask()",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("the story:\n%q\nwant\n%q", lines, want)
	}
	if len(n.fns) != 2 {
		t.Errorf("functions kept as %v: want two runs", n.fns)
	}
}
