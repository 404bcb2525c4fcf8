package session

import (
	"slices"
	"testing"
	"time"

	"poolviz/pool"
	"poolviz/scenarios"
)

// endingSource is a live source that knows its end: it yields evs on its
// first Drain and is done once told so.
type endingSource struct {
	evs  []pool.Event
	done bool
}

func (e *endingSource) Drain(dst []pool.Event) []pool.Event {
	dst = append(dst, e.evs...)
	e.evs = nil
	return dst
}
func (e *endingSource) Now() time.Duration { return time.Second }
func (e *endingSource) Done() bool         { return e.done && len(e.evs) == 0 }
func (e *endingSource) SetPaused(bool)     {}
func (e *endingSource) SetSpeed(float64)   {}
func (e *endingSource) Close()             {}

// TestEnderFinishesALiveRun checks that a live source that knows its end
// finishes the run without its main program's end (a program killed before
// it ended), and only once it says so.
func TestEnderFinishesALiveRun(t *testing.T) {
	src := &endingSource{evs: []pool.Event{{Seq: 1, Time: time.Millisecond, Kind: pool.KindMainStarted}}}
	s := Play(scenarios.Run{Params: scenarios.Params{Mode: pool.Parallel, Speed: 1}}, src)
	defer s.Close()
	if !s.Live() {
		t.Fatal("a source that is not a Stepper plays live")
	}
	s.Advance(time.Millisecond)
	if st := s.Status(); st != Running {
		t.Fatalf("status %v before the source ended, want running", st)
	}
	src.done = true
	s.Advance(time.Millisecond)
	if st := s.Status(); st != Finished {
		t.Errorf("status %v after the source ended, want finished", st)
	}
}

// TestEnderOutlivesMainsEnd checks that a live source that knows its end
// keeps the run going past its main program's end until it says it is done:
// a traced program's other processes may still have their say after main
// ended (a worker's exit, a child's last events), and a tap, such as an
// exercise's checker, must see them all.
func TestEnderOutlivesMainsEnd(t *testing.T) {
	src := &endingSource{evs: []pool.Event{
		{Seq: 1, Time: time.Millisecond, Kind: pool.KindMainStarted},
		{Seq: 2, Time: 2 * time.Millisecond, Kind: pool.KindMainEnded},
	}}
	var tapped []pool.Kind
	s := Play(scenarios.Run{Params: scenarios.Params{Mode: pool.Parallel, Speed: 1}}, src,
		Tap(func(evs []pool.Event) {
			for _, ev := range evs {
				tapped = append(tapped, ev.Kind)
			}
		}))
	defer s.Close()
	s.Advance(time.Millisecond)
	if st := s.Status(); st != Running {
		t.Fatalf("status %v after main ended, the source not done, want running", st)
	}
	late := pool.Event{Seq: 3, Time: 3 * time.Millisecond, Actor: pool.Actor{Kind: pool.ActorWorker, ID: 1}, Kind: pool.KindFlagSet, Object: "ready"}
	src.evs, src.done = []pool.Event{late}, true
	s.Advance(time.Millisecond)
	if st := s.Status(); st != Finished {
		t.Errorf("status %v after the source ended, want finished", st)
	}
	want := []pool.Kind{pool.KindMainStarted, pool.KindMainEnded, pool.KindFlagSet}
	if !slices.Equal(tapped, want) {
		t.Errorf("tapped %v, want %v", tapped, want)
	}
}
