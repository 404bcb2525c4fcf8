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
		if m.sched.asked() {
			m = drive(t, m, press("1"))
		} else {
			m = drive(t, m, frames(1)...)
		}
	}
	if !screenHas(m, "expected 6, got 3") {
		t.Fatalf("picking the first each time lost no update:\n%s", strings.Join(plain(m), "\n"))
	}
	m = drive(t, m, press("c"))
	if !strings.Contains(m.note, "--schedule 1,1,1,1,1,1,1,1,1,1") {
		t.Errorf("note %q does not say how to replay the schedule", m.note)
	}
}
