package exercise

import (
	"testing"
	"time"

	"poolviz/picture"
	"poolviz/pool"
	"poolviz/scenarios"
	"poolviz/session"
)

// benchEvents returns the events of a lock-race run of 2,000 tasks on 8
// workers (48,000 events): the load a goal check folds beside the picture.
func benchEvents(b *testing.B) []pool.Event {
	b.Helper()
	run, err := scenarios.Resolve("lock-race", scenarios.Params{Workers: 8, Tasks: 2000}, scenarios.GivenWorkers|scenarios.GivenTasks)
	if err != nil {
		b.Fatal(err)
	}
	var evs []pool.Event
	sess := session.Open(run, session.Tap(func(block []pool.Event) { evs = append(evs, block...) }), session.Forward())
	defer sess.Close()
	sess.RunToEnd(0)
	return evs
}

// benchGoals are one goal of every kind that folds per event.
var benchGoals = []Goal{
	{Check: "no-lost-update", Object: "counter"},
	{Check: "initializer-once"},
	{Check: "count", Event: pool.KindValueWritten, Object: "counter", Max: -1},
	{Check: "max-holders", Object: "counter", Max: 1},
	{Check: "out-of-order"},
	{Check: "output-contains", Text: "expected"},
}

// BenchmarkCheckerAgainstPicture folds a run's events through a checker of
// six goals and, in the same iteration, into the picture, the baseline (an
// exercise's viewer does both): it reports each one's time per event and the
// ratio, measured side by side so that the machine's load hits both alike.
func BenchmarkCheckerAgainstPicture(b *testing.B) {
	evs := benchEvents(b)
	var checker, pic time.Duration
	for b.Loop() {
		start := time.Now()
		c := NewChecker(benchGoals)
		for i := range evs {
			c.Apply(evs[i])
		}
		c.Finish(Finished, "")
		mid := time.Now()
		var s picture.State
		for i := range evs {
			s.Apply(evs[i])
		}
		checker, pic = checker+mid.Sub(start), pic+time.Since(mid)
	}
	n := float64(b.N * len(evs))
	b.ReportMetric(float64(checker.Nanoseconds())/n, "checker-ns/event")
	b.ReportMetric(float64(pic.Nanoseconds())/n, "picture-ns/event")
	b.ReportMetric(float64(checker)/float64(pic), "checker/picture")
}

// BenchmarkCheckerBytes reports what the checker alone allocates per event.
func BenchmarkCheckerBytes(b *testing.B) {
	evs := benchEvents(b)
	b.ReportAllocs()
	for b.Loop() {
		c := NewChecker(benchGoals)
		for i := range evs {
			c.Apply(evs[i])
		}
		c.Finish(Finished, "")
	}
}
