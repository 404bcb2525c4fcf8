package session

import (
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
