package exercise

import (
	"strings"
	"testing"

	"poolviz/pool"
)

var (
	w1 = pool.Actor{Kind: pool.ActorWorker, ID: 1}
	w2 = pool.Actor{Kind: pool.ActorWorker, ID: 2}
)

// run folds evs through a checker of one goal and finishes it as end.
func run(t *testing.T, g Goal, end End, evs ...pool.Event) Result {
	t.Helper()
	c := NewChecker([]Goal{g})
	for _, ev := range evs {
		c.Apply(ev)
	}
	return c.Finish(end, "main at line 9")[0]
}

func started(a pool.Actor, gen int) []pool.Event {
	return []pool.Event{{Actor: a, Kind: pool.KindWorkerStarted, Gen: gen}, {Actor: a, Kind: pool.KindInitBegan, Gen: gen},
		{Actor: a, Kind: pool.KindInitEnded, Gen: gen, Vars: []pool.Var{{Name: "served", Value: "0"}}}}
}

func concat(parts ...[]pool.Event) []pool.Event {
	var out []pool.Event
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestChecks(t *testing.T) {
	created := []pool.Event{{Kind: pool.KindPoolCreated, Label: "start"}, {Kind: pool.KindObjectCreated, Object: "total", Label: "value"},
		{Kind: pool.KindObjectCreated, Object: "slots", Label: "semaphore", Count: 2}}
	lost := concat(created, []pool.Event{
		{Actor: w1, Kind: pool.KindValueRead, Object: "total", Value: "0"},
		{Actor: w2, Kind: pool.KindValueRead, Object: "total", Value: "0"},
		{Actor: w1, Kind: pool.KindValueWritten, Object: "total", Value: "1"},
		{Actor: w2, Kind: pool.KindValueWritten, Object: "total", Value: "1"}})
	locked := concat(created, []pool.Event{
		{Actor: w1, Kind: pool.KindValueRead, Object: "total", Value: "0"},
		{Actor: w1, Kind: pool.KindValueWritten, Object: "total", Value: "1"},
		{Actor: w2, Kind: pool.KindValueRead, Object: "total", Value: "1"},
		{Actor: w2, Kind: pool.KindValueWritten, Object: "total", Value: "2"}})
	twoHold := concat(created, []pool.Event{
		{Actor: w1, Kind: pool.KindAcquireGranted, Object: "slots"},
		{Actor: w2, Kind: pool.KindAcquireGranted, Object: "slots"},
		{Actor: w1, Kind: pool.KindReleased, Object: "slots"},
		{Actor: w1, Kind: pool.KindAcquireGranted, Object: "slots"}})
	finished := func(ids ...int) []pool.Event {
		var out []pool.Event
		for _, id := range ids {
			out = append(out, pool.Event{Actor: w1, Kind: pool.KindTaskFinished, Task: id})
		}
		return out
	}
	say := func(text string) pool.Event { return pool.Event{Kind: pool.KindOutput, Value: text} }
	cases := []struct {
		name string
		goal Goal
		end  End
		evs  []pool.Event
		want Status
		why  string
	}{
		{"lost update found", Goal{Check: "no-lost-update", Object: "total"}, Finished, lost, Failed, "worker 2 wrote 1 over an update it never read"},
		{"no lost update under a lock", Goal{Check: "no-lost-update", Object: "total"}, Finished, locked, Met, ""},
		{"lost update on a Value never made", Goal{Check: "no-lost-update", Object: "count"}, Finished, locked, Failed, "never created count (it created slots, total)"},
		{"holders within bounds", Goal{Check: "max-holders", Object: "slots", Max: 2}, Finished, twoHold, Met, ""},
		{"holders over", Goal{Check: "max-holders", Object: "slots", Max: 1}, Finished, twoHold, Failed, "2 held slots at once"},
		{"count in bounds", Goal{Check: "count", Event: pool.KindAcquireGranted, Object: "slots", Min: 3, Max: 3}, Finished, twoHold, Met, ""},
		{"count too few", Goal{Check: "count", Event: pool.KindAcquireGranted, Object: "slots", Min: 4, Max: -1}, Finished, twoHold, Failed, "3 acquire-granted, fewer than 4"},
		{"count too many", Goal{Check: "count", Event: pool.KindAcquireGranted, Min: 0, Max: 2}, Finished, twoHold, Failed, "more than 2 acquire-granted"},
		{"in order", Goal{Check: "out-of-order"}, Finished, finished(1, 2, 3), Failed, "every result arrived in submission order"},
		{"out of order", Goal{Check: "out-of-order"}, Finished, finished(2, 1, 3), Met, ""},
		{"printed", Goal{Check: "output-contains", Text: "total 12"}, Finished, []pool.Event{say("total 12 in all")}, Met, ""},
		{"not printed", Goal{Check: "output-contains", Text: "total 12"}, Finished, []pool.Event{say("total 11")}, Failed, `main never printed "total 12"`},
		{"ends with", Goal{Check: "output-ends-with", Text: "done"}, Finished, []pool.Event{say("x"), say("all done")}, Met, ""},
		{"does not end with", Goal{Check: "output-ends-with", Text: "done"}, Finished, []pool.Event{say("done"), say("more")}, Failed, `ends "more"`},
		{"ends as asked", Goal{Check: "ends", As: "deadlock"}, Deadlocked, nil, Met, ""},
		{"hung", Goal{Check: "ends", As: "finished"}, Hung, nil, Failed, "it hung: main at line 9"},
		{"initializer once", Goal{Check: "initializer-once"}, Finished, concat(created, started(w1, 1), started(w1, 2)), Met, ""},
		{"initializer twice", Goal{Check: "initializer-once"}, Finished, concat(created, started(w1, 1), []pool.Event{{Actor: w1, Kind: pool.KindInitBegan, Gen: 1}}), Failed, "ran its initializer twice"},
		{"no initializer", Goal{Check: "initializer-once"}, Finished, []pool.Event{{Kind: pool.KindPoolCreated}, {Actor: w1, Kind: pool.KindWorkerStarted, Gen: 1}}, Failed, "the pool has no initializer"},
		{"global left", Goal{Check: "global", Name: "served", Value: "0"}, Finished, concat(created, started(w1, 1),
			[]pool.Event{{Actor: w1, Kind: pool.KindGlobalSet, Gen: 1, Object: "served", Value: "3"}}), Met, ""},
		{"global missing", Goal{Check: "global", Name: "calls", Value: AnyValue}, Finished, concat(created, started(w1, 1)), Failed, "has no global calls"},
		{"replacement work", Goal{Check: "replacement-work", Expect: "some"}, Finished, []pool.Event{{Actor: w1, Kind: pool.KindTaskStarted, Gen: 2, Task: 5}}, Met, ""},
		{"no replacement work wanted", Goal{Check: "replacement-work", Expect: "none"}, Finished, []pool.Event{{Actor: w1, Kind: pool.KindTaskStarted, Gen: 2, Task: 5}}, Failed, "task 5 ran on worker 1 (generation 2)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, c.goal, c.end, c.evs...)
			if r.Status != c.want || !strings.Contains(r.Why, c.why) {
				t.Errorf("got %s %q, want %s %q", r.Status, r.Why, c.want, c.why)
			}
		})
	}
}

// TestLiveVerdicts checks that a goal the run proves is settled as it
// happens, for the viewer to turn it green or red before the end.
func TestLiveVerdicts(t *testing.T) {
	c := NewChecker([]Goal{{Check: "output-contains", Text: "hi"}, {Check: "no-lost-update", Object: "v"}, {Check: "ends", As: "finished"}})
	c.Apply(pool.Event{Kind: pool.KindOutput, Value: "hi there"})
	c.Apply(pool.Event{Actor: w1, Kind: pool.KindValueRead, Object: "v"})
	c.Apply(pool.Event{Actor: w2, Kind: pool.KindValueWritten, Object: "v"})
	c.Apply(pool.Event{Actor: w1, Kind: pool.KindValueWritten, Object: "v"})
	got := c.Results()
	if got[0].Status != Met || got[1].Status != Failed || got[2].Status != Pending {
		t.Errorf("live statuses %v %v %v, want met, failed, pending", got[0].Status, got[1].Status, got[2].Status)
	}
}

// TestGoalsOnTheWrongKindOfObject: a goal about a Value's updates or a lock's
// holders, given a queue, fails and says why, rather than pass for nothing.
func TestGoalsOnTheWrongKindOfObject(t *testing.T) {
	made := pool.Event{Kind: pool.KindObjectCreated, Object: "out", Label: "queue"}
	for _, g := range []Goal{{Check: "no-lost-update", Object: "out"}, {Check: "max-holders", Object: "out", Max: 1}} {
		if r := run(t, g, Finished, made); r.Status != Failed || !strings.Contains(r.Why, "out is a queue") {
			t.Errorf("%s on a queue: %s %q", g.Check, r.Status, r.Why)
		}
	}
}
