package session

import (
	"testing"

	"poolviz/scenarios"
)

// TestCloseDropsTheShutdownsEvents closes a deadlocked run with thousands of
// tasks still queued: the shutdown fails each of them, and nothing is left in
// the engine's log, which nobody drains after Close.
func TestCloseDropsTheShutdownsEvents(t *testing.T) {
	sc, err := scenarios.Get("deadlock-starvation")
	if err != nil {
		t.Fatal(err)
	}
	prm := sc.Defaults
	prm.Tasks = 5_000
	run, err := sc.Resolve(prm, scenarios.GivenAll)
	if err != nil {
		t.Fatal(err)
	}
	e := run.Start()
	s := Play(run, FromEngine(e))
	s.RunToEnd(0)
	if v := s.View(); v.Status != Deadlocked || v.State.QueueTasks < prm.Tasks-prm.Workers {
		t.Fatalf("status %v with %d tasks queued; want a deadlock with the tasks queued", v.Status, v.State.QueueTasks)
	}
	s.Close()
	if evs := e.Drain(nil); len(evs) != 0 {
		t.Fatalf("after Close the engine still logged %d events, such as %v", len(evs), evs[0])
	}
}
