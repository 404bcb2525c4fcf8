package pool

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// ErrNoChoice is returned by Choose when the engine is not waiting for one.
var ErrNoChoice = errors.New("pool: the engine is not waiting for a choice")

// chooser is a Simulated engine's schedule taken by hand: at each choice
// point (more than one actor could run next) the pick comes from the planned
// schedule, then, while asking, from the controller, and otherwise from the
// seeded draw. The picks by hand do not draw from the seeded source, so a
// run replayed with its schedule draws the same numbers after it: the same
// schedule and seed give the same run.
type chooser struct {
	ask     bool    // stop at each choice point past the plan, for Choose
	planned []int   // a schedule to replay (WithSchedule)
	made    []int   // the choices made by plan or by hand, in order
	waiting bool    // stopped at a choice point
	offered []Actor // the candidates of the waiting point, as Choice returns them
	answer  int     // the controller's pick for the waiting point, or -1
}

// choosing reports whether picks are made by hand or by schedule now: the
// candidates are then the runnable actors and the sleeping ones, for a
// person decides what runs next, not the sleeps' lengths (a sleep marks
// slow work, as in a game of interleavings).
func (c *chooser) choosing() bool { return c.ask || len(c.made) < len(c.planned) }

// candidate is an actor that could run next: a runnable one, or a sleeping
// one with the timer that wakes it.
type candidate struct {
	a *actor
	t *simTimer
}

// candidates returns who could run next when picks are made by hand: the
// runnable actors in their order, then the sleeping ones by wake time.
func (s *scheduler) candidates() []candidate {
	out := make([]candidate, 0, len(s.runnable)+len(s.timers))
	for _, a := range s.runnable {
		out = append(out, candidate{a: a})
	}
	var sleeping []*simTimer
	for _, t := range s.timers {
		if !t.dead && t.sleeper != nil {
			sleeping = append(sleeping, t)
		}
	}
	slices.SortFunc(sleeping, func(x, y *simTimer) int {
		if x.when != y.when {
			return cmp.Compare(x.when, y.when)
		}
		return cmp.Compare(x.seq, y.seq)
	})
	for _, t := range sleeping {
		out = append(out, candidate{a: t.sleeper, t: t})
	}
	return out
}

// runCandidate hands the baton to c: a sleeper's sleep ends now (the clock
// moves to its wake time when that is later), and it runs.
func (s *scheduler) runCandidate(c candidate) {
	if c.t != nil {
		c.t.dead = true
		s.now = max(s.now, c.t.when)
		c.t.fire() // makes it runnable
	}
	if i := slices.Index(s.runnable, c.a); i >= 0 {
		s.runnable = slices.Delete(s.runnable, i, i+1)
	}
	s.handTo(c.a)
}

// pick returns the index of the candidate to run next and false when the
// engine must stop and ask.
func (c *chooser) pick(cands []candidate, draw func(int) int) (int, bool) {
	n := len(cands)
	if k := len(c.made); k < len(c.planned) && c.planned[k] >= 0 && c.planned[k] < n {
		c.made = append(c.made, c.planned[k])
		return c.planned[k], true
	} else if k < len(c.planned) {
		c.planned = nil // the schedule does not fit this run: the rest is drawn or asked
	}
	if c.ask {
		if c.answer < 0 {
			c.waiting = true
			c.offered = c.offered[:0]
			for _, cand := range cands {
				c.offered = append(c.offered, cand.a.ref)
			}
			return 0, false
		}
		i := c.answer
		c.answer, c.waiting, c.offered = -1, false, c.offered[:0]
		c.made = append(c.made, i)
		return i, true
	}
	return draw(n), true
}

// AskChoices makes a Simulated engine stop wherever more than one actor could
// run next, so that a person picks (Choice, Choose): "you are the scheduler".
// A sleeping actor is one of those that could run: a sleep stands for slow
// work, and the person, not its length, decides what runs first.
// The engine's run controls return at such a point until Choose is called.
func AskChoices() EngineOption { return func(c *engineConfig) { c.ask = true } }

// WithSchedule makes a Simulated engine take its first choices from a
// schedule (Schedule of an earlier run): with the same seed and parameters it
// replays that run exactly. A choice that does not fit ends the schedule.
func WithSchedule(choices []int) EngineOption {
	return func(c *engineConfig) { c.schedule = append([]int(nil), choices...) }
}

// Choice returns the actors that could run next when a Simulated engine with
// AskChoices stopped to ask, in the order Choose numbers them; nil otherwise.
// Call it between run controls, never while one runs.
func (e *Engine) Choice() []Actor {
	if e.sim == nil || !e.sim.choice.waiting || e.sim.choice.answer >= 0 {
		return nil
	}
	return slices.Clone(e.sim.choice.offered)
}

// Choose picks the i-th actor of Choice to run next; the next run control
// goes on from there.
func (e *Engine) Choose(i int) error {
	if e.sim == nil || !e.sim.choice.waiting || e.sim.choice.answer >= 0 {
		return ErrNoChoice
	}
	if n := len(e.sim.choice.offered); i < 0 || i >= n {
		return fmt.Errorf("pool: choice %d: allowed are 0 to %d", i, n-1)
	}
	e.sim.choice.answer = i
	return nil
}

// StopAsking lets the seeded draw make the choices from here on.
func (e *Engine) StopAsking() {
	if e.sim != nil {
		e.sim.choice.ask, e.sim.choice.waiting = false, false
	}
}

// Schedule returns the choices made so far by schedule or by hand, in order:
// WithSchedule replays them.
func (e *Engine) Schedule() []int {
	if e.sim == nil {
		return nil
	}
	return append([]int(nil), e.sim.choice.made...)
}
