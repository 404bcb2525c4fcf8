package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"poolviz/scenarios"
	"poolviz/session"
)

// TestYouChooseWhoRuns: c starts the run again with the user as its
// scheduler; the dialog lists who could run next; number keys pick, the
// picks drive lock-race into a lost update; c again hands the picks back and
// says how to replay them.
func TestYouChooseWhoRuns(t *testing.T) {
	sc, _ := scenarios.Get("lock-race")
	run, err := sc.Resolve(scenarios.Params{Workers: 2, Tasks: 2}, scenarios.GivenWorkers|scenarios.GivenTasks)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(Options{ManualFrames: true, Run: &run})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.play.sess.Close)
	m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 36}, press("c"))
	m = drive(t, m, frames(5)...)
	if !screenHas(m, "Who runs next?") || !screenHas(m, "1  worker 1") || !screenHas(m, "2  worker 2") {
		t.Fatalf("no choice asked:\n%s", strings.Join(plain(m), "\n"))
	}
	for range 2000 {
		if m.view.Status == session.Finished {
			break
		}
		if m.sched.asked() { // the two workers take turns, each reading before the other writes
			k := "1"
			if len(m.sched.schedule)%2 == 1 {
				k = "2"
			}
			if pickable(m.sched, k) {
				m = drive(t, m, press(k))
			} else {
				m = drive(t, m, press("enter"))
			}
		} else {
			m = drive(t, m, frames(1)...)
		}
	}
	if !screenHas(m, "expected 6, got 3") {
		t.Fatalf("picking the first each time lost no update:\n%s", strings.Join(plain(m), "\n"))
	}
	m = drive(t, m, press("c"))
	if !strings.Contains(m.note, "--workers 2 --tasks 2 --seed 1 --schedule ") {
		t.Errorf("note %q does not say how to replay the schedule", m.note)
	}
}

// pickable reports whether key k picks one of the actors the chooser offers.
func pickable(c chooser, k string) bool {
	for _, a := range c.actors {
		if pickKey(a) == k {
			return true
		}
	}
	return false
}
