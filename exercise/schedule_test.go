package exercise

import (
	"slices"
	"testing"

	"poolviz/pool"
	"poolviz/scenarios"
	"poolviz/session"
)

// playChoosing plays lock-race with AskChoices, answering the i-th choice
// point with pick(i, actors), and returns its events, the schedule and whether
// an update was lost.
func playChoosing(t *testing.T, engine []pool.EngineOption, pick func(i int, actors []pool.Actor) int) ([]pool.Event, []pool.Actor, bool) {
	t.Helper()
	sc, err := scenarios.Get("lock-race")
	if err != nil {
		t.Fatal(err)
	}
	run, err := sc.Resolve(scenarios.Params{Workers: 2, Tasks: 2}, scenarios.GivenWorkers|scenarios.GivenTasks)
	if err != nil {
		t.Fatal(err)
	}
	var evs []pool.Event
	c := NewChecker([]Goal{{Check: "no-lost-update", Object: "counter"}})
	sess := session.OpenEngine(run, engine, session.Tap(func(b []pool.Event) {
		evs = append(evs, b...)
		for _, ev := range b {
			c.Apply(ev)
		}
	}), session.Forward())
	defer sess.Close()
	for i := 0; i < 10000; i++ {
		sess.RunToEnd(0)
		actors := sess.Choice()
		if actors == nil {
			break
		}
		if err := sess.Choose(pick(i, actors)); err != nil {
			t.Fatal(err)
		}
	}
	lost := c.Finish(Finished, "")[0].Status == Failed
	return evs, sess.Schedule(), lost
}

// TestYouAreTheScheduler drives lock-race into a lost update with a fixed
// list of picks (the two workers take turns, each reading before the other
// writes), shows that letting one worker run its reads and writes together
// loses nothing, and replays the schedule to the same events without asking.
func TestYouAreTheScheduler(t *testing.T) {
	w1, w2 := pool.Actor{Kind: pool.ActorWorker, ID: 1}, pool.Actor{Kind: pool.ActorWorker, ID: 2}
	fixed := func(list ...pool.Actor) func(int, []pool.Actor) int {
		return func(i int, actors []pool.Actor) int {
			if i >= len(list) {
				return 0 // past the list: the first who can run (main, then the lowest worker)
			}
			k := slices.Index(actors, list[i])
			if k < 0 {
				t.Fatalf("choice %d: %v cannot run, only %v", i+1, list[i], actors)
			}
			return k
		}
	}
	racy := []pool.Actor{w1, w2, w1, w2, w1, w2, w1, w2}
	evs, sched, lost := playChoosing(t, []pool.EngineOption{pool.AskChoices()}, fixed(racy...))
	if !lost || len(sched) < len(racy) || !slices.Equal(sched[:len(racy)], racy) {
		t.Fatalf("picks %v: schedule %v, lost update %v; want the list and a lost update", racy, sched, lost)
	}
	if _, _, lost := playChoosing(t, []pool.EngineOption{pool.AskChoices()}, fixed(w2, w2, w2, w2, w2, w2, w2, w2)); lost {
		t.Error("running one worker's reads and writes together still lost an update")
	}
	again, _, _ := playChoosing(t, []pool.EngineOption{pool.WithSchedule(sched)}, func(int, []pool.Actor) int {
		t.Fatal("a replayed schedule asked for a choice")
		return 0
	})
	if !slices.EqualFunc(evs, again, func(a, b pool.Event) bool { return a.String() == b.String() }) {
		t.Errorf("the schedule replayed to %d events, want the same %d", len(again), len(evs))
	}
}
