package pool

import (
	"slices"
	"testing"
	"time"
)

// chooseRun runs a small pool where choices arise, answering each with pick,
// and returns its events and schedule.
func chooseRun(t *testing.T, opts []EngineOption, pick func(actors []Actor) int) ([]Event, []Actor) {
	t.Helper()
	e := NewEngine(Simulated, opts...)
	e.Start(func(p *Proc) error {
		pl, err := New(e, Workers(3))
		if err != nil {
			return err
		}
		_, err = Map(p, pl, func(p *Proc, x int) (int, error) {
			return x, p.Sleep(time.Duration(p.Rand().IntN(3)) * time.Millisecond)
		}, []int{1, 2, 3, 4, 5, 6}, Chunksize(1))
		pl.Close()
		pl.Join(p)
		return err
	})
	defer e.Shutdown()
	for range 10000 {
		if err := e.RunToEnd(); err != nil {
			t.Fatal(err)
		}
		actors := e.Choice()
		if actors == nil {
			break
		}
		if err := e.Choose(pick(actors)); err != nil {
			t.Fatal(err)
		}
	}
	if done, err := e.MainDone(); !done || err != nil {
		t.Fatalf("main done %v, err %v", done, err)
	}
	return e.Drain(nil), e.Schedule()
}

// TestChoicesByHandReplay: an engine that asks stops at each choice point;
// the choices made are its schedule, and WithSchedule replays the same events.
func TestChoicesByHandReplay(t *testing.T) {
	last := func(actors []Actor) int { return len(actors) - 1 }
	evs, sched := chooseRun(t, []EngineOption{AskChoices()}, last)
	if len(sched) < 3 {
		t.Fatalf("only %d choices were asked: %v", len(sched), sched)
	}
	again, sched2 := chooseRun(t, []EngineOption{WithSchedule(sched)}, func([]Actor) int {
		t.Fatal("a replayed schedule asked for a choice")
		return 0
	})
	if !slices.Equal(sched, sched2) || !slices.EqualFunc(evs, again, func(a, b Event) bool { return a.String() == b.String() }) {
		t.Errorf("the replay differs: schedule %v vs %v, %d vs %d events", sched, sched2, len(evs), len(again))
	}
	first, _ := chooseRun(t, []EngineOption{AskChoices()}, func([]Actor) int { return 0 })
	if slices.EqualFunc(evs, first, func(a, b Event) bool { return a.String() == b.String() }) {
		t.Error("picking the first or the last actor gave the same run: the choices changed nothing")
	}
	if err := NewEngine(Simulated).Choose(0); err != ErrNoChoice {
		t.Errorf("Choose with nothing asked: %v, want ErrNoChoice", err)
	}
}
