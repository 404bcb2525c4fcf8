package session

import (
	"reflect"
	"testing"
	"time"
)

// TestSeekFollowsAnotherRun drives one session with every control a teacher
// has (frames, steps, steps back, a pause) and checks that a second session of
// the same run, told only the first one's position after each control, shows
// the same picture, the same clock and the same count of events.
func TestSeekFollowsAnotherRun(t *testing.T) {
	lead, follow := newDefault(t), newDefault(t)
	type control func()
	frame := func() { lead.Advance(33 * time.Millisecond) }
	step := func() { lead.Step() }
	back := func() { lead.Back() }
	var script []control
	for range 20 {
		script = append(script, frame)
	}
	script = append(script, step, step, step, back, back, frame)
	for range 5 {
		script = append(script, step)
	}
	for range 10 {
		script = append(script, back)
	}
	script = append(script, func() { lead.SetPaused(false) })
	for range 200 {
		script = append(script, frame)
	}
	for i, c := range script {
		c()
		want := lead.View()
		if !follow.Seek(want.Shown, want.Now) {
			t.Fatalf("control %d: Seek(%d, %v) reported false", i, want.Shown, want.Now)
		}
		got := follow.View()
		if got.Shown != want.Shown || got.Now != want.Now {
			t.Fatalf("control %d: follower at event %d, %v; leader at event %d, %v", i, got.Shown, got.Now, want.Shown, want.Now)
		}
		if !reflect.DeepEqual(got.State, want.State) {
			t.Fatalf("control %d: the pictures at event %d differ", i, want.Shown)
		}
	}
	if lead.View().Shown == 0 {
		t.Fatal("the script never moved the run")
	}
}

// TestSeekRefusesWhatItCannotReach checks that a closed session and a
// position past the run's end are reported, and that the end is still shown.
func TestSeekRefusesWhatItCannotReach(t *testing.T) {
	s := newDefault(t)
	if s.Seek(1<<30, time.Hour) {
		t.Fatal("Seek past the run's end reported true")
	}
	if v := s.View(); v.Status != Finished || v.Shown != v.Total {
		t.Fatalf("after a Seek past the end: status %v, %d of %d events shown; want the whole run", v.Status, v.Shown, v.Total)
	}
	s.Close()
	if s.Seek(0, 0) {
		t.Fatal("Seek on a closed session reported true")
	}
}
