package tui

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"poolviz/exercise"
	"poolviz/scenarios"
)

const raceExercise = `version = 1
title = "Watch the race"
hints = ["Look at what each worker read.", "Two reads of the same value lose one update."]

[run]
preset = "lock-race"
workers = 2
tasks = 2

[predict]
question = "Will the counter reach 6?"
choices = ["yes", "no"]
answer = 2

[[goal]]
check = "no-lost-update"
object = "counter"

[[goal]]
check = "initializer-once"

[[goal]]
check = "ends"
as = "finished"
`

// newExerciseModel opens the viewer on the race exercise at w x h.
func newExerciseModel(t *testing.T, w, h int, attempted func(bool)) Model {
	t.Helper()
	ex, err := exercise.Parse("race.toml", []byte(raceExercise), nil)
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := scenarios.Get("lock-race")
	run, err := sc.Resolve(scenarios.Params{Workers: 2, Tasks: 2}, scenarios.GivenWorkers|scenarios.GivenTasks)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(Options{ManualFrames: true, Run: &run, Exercise: ex, Attempted: attempted})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.play.sess.Close)
	return drive(t, m, tea.WindowSizeMsg{Width: w, Height: h})
}

// TestExerciseGoalsTurnAsTheRunProvesThem: the prediction is asked first and
// the run waits; then the goals panel turns each goal green or red as the run
// proves it, the attempt is told, and a failed one reveals the first hint.
func TestExerciseGoalsTurnAsTheRunProvesThem(t *testing.T) {
	var told []bool
	m := newExerciseModel(t, 120, 36, func(passed bool) { told = append(told, passed) })
	if !screenHas(m, "Predict first") || !screenHas(m, "Will the counter reach 6?") {
		t.Fatalf("the prediction is not asked first:\n%s", strings.Join(plain(m), "\n"))
	}
	m = drive(t, m, frames(30)...)
	if m.view.State.Events > 1 {
		t.Fatalf("the run moved (%d events) before the prediction", m.view.State.Events)
	}
	m = drive(t, m, press("2"), press("space"))
	if screenHas(m, "Predict first") {
		t.Fatal("the dialog stayed open after the answer")
	}
	m = drive(t, m, frames(300)...)
	checkScreen(t, m, 120, 36)
	screen := strings.Join(plain(m), "\n")
	for _, want := range []string{"Goals", "2/3 met", "✗ no update of counter is lost", "✓ every worker runs its initializer", "✓ the program finishes",
		"hint 1: Look at what each worker read.", `you predicted "no": right`} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen lacks %q:\n%s", want, screen)
		}
	}
	if len(told) != 1 || told[0] {
		t.Errorf("attempts told %v, want one failed", told)
	}
	m = drive(t, m, press("H"))
	if !screenHas(m, "hint 2: Two reads") {
		t.Error("H revealed no second hint")
	}
}

// TestAProgramThatDoesNotStartClearsTheVerdicts: when the learner's saved
// program does not start (a syntax error), the last run's verdicts are gone
// and the footer says why, rather than stay green for a program that no
// longer runs.
func TestAProgramThatDoesNotStartClearsTheVerdicts(t *testing.T) {
	m := newExerciseModel(t, 120, 36, nil)
	m = drive(t, m, press("2"), press("space"))
	m = drive(t, m, frames(300)...)
	if !m.goals.settled {
		t.Fatal("the run did not settle its goals")
	}
	next, _ := m.onDone(opDone{kind: opRestart, err: errors.New("race.py, line 3: invalid syntax"), view: m.view})
	m = next.(Model)
	if m.goals.settled || m.goals.met() != 0 || !strings.Contains(m.note, "did not start: race.py, line 3") {
		t.Errorf("settled %v, %d met, note %q; want every goal undecided and the reason", m.goals.settled, m.goals.met(), m.note)
	}
}
