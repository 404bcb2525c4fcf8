package tui

import (
	"poolviz/exercise"
	"poolviz/session"
)

// goalCheck folds the run's events into an exercise's goals. It lives in the
// player's story, so only session operations touch it, one at a time; the
// Model sees copies of its results. The checker is a forward fold: stepping
// back and forward again does not apply an event twice (upTo), and what the
// run proved stays proved.
type goalCheck struct {
	goals   []exercise.Goal
	c       *exercise.Checker
	upTo    int  // the index of the first event not yet applied
	settled bool // Finish was called: the run ended
}

func newGoalCheck(goals []exercise.Goal) *goalCheck {
	return &goalCheck{goals: goals, c: exercise.NewChecker(goals)}
}

// fresh returns a check of the same goals for a new run.
func (g *goalCheck) fresh() *goalCheck {
	if g == nil {
		return nil
	}
	return newGoalCheck(g.goals)
}

// fold applies the events v shows that were not applied yet, settles the
// goals when the run ended, and returns a copy of the results.
func (g *goalCheck) fold(s *session.Session, v session.View) ([]exercise.Result, bool) {
	if v.Shown > g.upTo {
		for _, ev := range s.Shown(g.upTo) {
			g.c.Apply(*ev)
		}
		g.upTo = v.Shown
	}
	ended := v.Shown >= v.Total && (v.Status == session.Finished || v.Status == session.Deadlocked)
	if ended && !g.settled {
		g.settled = true
		g.c.Finish(g.c.End(false), v.State.Where())
	}
	return append([]exercise.Result(nil), g.c.Results()...), g.settled
}
