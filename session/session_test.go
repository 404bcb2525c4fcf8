package session

import (
	"reflect"
	"testing"
	"time"

	"go.uber.org/goleak"

	"poolviz/picture"
	"poolviz/scenarios"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func newDefault(t *testing.T, opts ...Option) *Session {
	t.Helper()
	sc, err := scenarios.Get(scenarios.Default)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(sc, sc.Defaults, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// TestFramesMatchOneRun checks that advancing frame by frame shows the same
// events and the same final picture as running to the end at once: the frame
// size must never change what happens.
func TestFramesMatchOneRun(t *testing.T) {
	whole := newDefault(t)
	whole.RunToEnd(0)
	_, want := whole.History()

	framed := newDefault(t)
	for range 100_000 {
		framed.Advance(33 * time.Millisecond)
		if framed.Status() == Finished {
			break
		}
	}
	if st := framed.Status(); st != Finished {
		t.Fatalf("status after frames = %v, want finished", st)
	}
	_, got := framed.History()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("framed run logged %d events, the whole run %d; they differ", len(got), len(want))
	}
	if !reflect.DeepEqual(framed.View().State, whole.View().State) {
		t.Fatal("the final pictures differ")
	}
}

// TestBackIsTheFoldOfFewerEvents checks that stepping back k events shows
// exactly the fold of the first n-k events.
func TestBackIsTheFoldOfFewerEvents(t *testing.T) {
	s := newDefault(t)
	for range 150 {
		if !s.Step() {
			t.Fatal("ran out of events while stepping")
		}
	}
	_, evs := s.History()
	for k := 1; k <= 40; k++ {
		if !s.Back() {
			t.Fatalf("back %d failed", k)
		}
		v := s.View()
		want := picture.Fold(evs[:150-k])
		if !reflect.DeepEqual(v.State, want) {
			t.Fatalf("after %d steps back the picture is not the fold of %d events", k, 150-k)
		}
		if v.Shown != 150-k || v.Status != Paused {
			t.Fatalf("after %d steps back: shown %d status %v", k, v.Shown, v.Status)
		}
	}
	// Stepping forward again replays the history rather than running the engine.
	for range 40 {
		s.Step()
	}
	if !reflect.DeepEqual(s.View().State, picture.Fold(evs[:150])) {
		t.Fatal("stepping forward again does not give back the same picture")
	}
}

// TestReplayShowsTheSameRun checks that a saved run replayed through a session
// ends in the same picture as the live run.
func TestReplayShowsTheSameRun(t *testing.T) {
	live := newDefault(t)
	live.RunToEnd(0)
	_, evs := live.History()
	r := NewReplay(live.Scenario(), live.Params(), evs)
	t.Cleanup(r.Close)
	for r.Status() != Finished {
		r.Advance(100 * time.Millisecond)
	}
	if !reflect.DeepEqual(r.View().State, live.View().State) {
		t.Fatal("the replay ends in another picture than the run")
	}
}

// TestPausedDoesNotMove checks that a paused session's clock and picture stay put.
func TestPausedDoesNotMove(t *testing.T) {
	s := newDefault(t)
	s.Advance(time.Second)
	s.SetPaused(true)
	before := s.View()
	for range 10 {
		s.Advance(time.Second)
	}
	after := s.View()
	if after.Now != before.Now || after.Shown != before.Shown || after.Status != Paused {
		t.Fatalf("paused session moved: %v/%d -> %v/%d (%v)", before.Now, before.Shown, after.Now, after.Shown, after.Status)
	}
}

// TestInvalidParams checks that bad parameters are refused with the allowed range.
func TestInvalidParams(t *testing.T) {
	sc, _ := scenarios.Get(scenarios.Default)
	prm := sc.Defaults
	prm.Workers = 0
	if _, err := New(sc, prm); err == nil {
		t.Fatal("workers 0 accepted")
	}
}

// TestResumeAfterBackMovesTheClock checks that a run resumed after stepping
// back replays its history with the clock moving, not frozen at the step.
func TestResumeAfterBackMovesTheClock(t *testing.T) {
	s := newDefault(t)
	s.Advance(time.Second)
	s.Back()
	s.Back()
	at := s.View().Now
	s.SetPaused(false)
	for range 90 {
		s.Advance(33 * time.Millisecond)
	}
	if now := s.View().Now; now < at+2*time.Second {
		t.Fatalf("after 3 s of frames the clock went from %v to %v", at, now)
	}
}

// TestFirstFrameMovesTheClock: the first frame of a new run moves its clock
// by the frame's time, as every later one does: n frames show n frames' time.
func TestFirstFrameMovesTheClock(t *testing.T) {
	s := newDefault(t)
	frame := time.Second / 30
	s.Advance(frame)
	if got := s.View().Now; got != frame {
		t.Errorf("after the first frame the clock shows %v, want %v", got, frame)
	}
	for range 29 {
		s.Advance(frame)
	}
	if got := s.View().Now; got != 30*frame {
		t.Errorf("after 30 frames the clock shows %v, want %v", got, 30*frame)
	}
}
