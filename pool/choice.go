package pool

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ErrNoChoice is returned by Choose when the engine is not waiting for one.
var ErrNoChoice = errors.New("pool: the engine is not waiting for a choice")

// chooser is a Simulated engine's schedule taken by hand: at each choice
// point (more than one actor could run next) the pick comes from the planned
// schedule, then, while asking, from the controller, and otherwise from the
// seeded draw. A pick names an actor, not a place in a list, so a schedule
// reads as who ran: "worker 2, worker 2, main". The picks by hand do not draw
// from the seeded source, so a run replayed with its schedule draws the same
// numbers after it: the same schedule and seed give the same run.
type chooser struct {
	ask     bool    // stop at each choice point past the plan, for Choose
	planned []Actor // a schedule to replay (WithSchedule)
	made    []Actor // the choices made by plan or by hand, in order
	misfit  int     // the 1-based pick of the plan that named no actor that could run; 0 if none
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

// candidates returns who could run next when picks are made by hand, each
// once, in a fixed order (main, then the workers by number, then the rest),
// so that the same actor keeps its place from one choice to the next: the
// runnable actors, and the sleeping ones with the timer that wakes them.
func (s *scheduler) candidates() []candidate {
	out := make([]candidate, 0, len(s.runnable)+len(s.timers))
	seen := map[*actor]bool{}
	for _, a := range s.runnable {
		if !seen[a] {
			seen[a] = true
			out = append(out, candidate{a: a})
		}
	}
	for _, t := range s.timers {
		// A sleeper already runnable (woken otherwise) keeps its runnable entry.
		if !t.dead && t.sleeper != nil && !seen[t.sleeper] {
			seen[t.sleeper] = true
			out = append(out, candidate{a: t.sleeper, t: t})
		}
	}
	slices.SortStableFunc(out, func(x, y candidate) int { return compareActors(x.a.ref, y.a.ref) })
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
	if k := len(c.made); k < len(c.planned) {
		if i := slices.IndexFunc(cands, func(x candidate) bool { return x.a.ref == c.planned[k] }); i >= 0 {
			c.made = append(c.made, c.planned[k])
			return i, true
		}
		c.misfit, c.planned = k+1, nil // the schedule does not fit this run: the rest is drawn or asked
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
		c.made = append(c.made, cands[i].a.ref)
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
// schedule, who runs at each choice point (Schedule of an earlier run): with
// the same seed and parameters it replays that run exactly. A pick naming no
// actor that could run there ends the schedule (ScheduleMisfit says which).
func WithSchedule(picks []Actor) EngineOption {
	return func(c *engineConfig) { c.schedule = append([]Actor(nil), picks...) }
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

// Schedule returns who was picked at each choice point so far, by schedule
// or by hand, in order: WithSchedule replays them.
func (e *Engine) Schedule() []Actor {
	if e.sim == nil {
		return nil
	}
	return append([]Actor(nil), e.sim.choice.made...)
}

// ScheduleMisfit returns the 1-based place in the WithSchedule picks of the
// first one that named no actor that could run at its choice point (the rest
// of the schedule was then dropped), or 0.
func (e *Engine) ScheduleMisfit() int {
	if e.sim == nil {
		return 0
	}
	return e.sim.choice.misfit
}

// ScheduleText writes a schedule as people read it and ParseSchedule takes
// it: a worker by its number, main as m, comma-separated ("2,2,m,1").
func ScheduleText(picks []Actor) string {
	parts := make([]string, len(picks))
	for i, a := range picks {
		switch a.Kind {
		case ActorMain:
			parts[i] = "m"
		case ActorWorker:
			parts[i] = itoa(a.ID)
		default:
			parts[i] = "r"
		}
	}
	return strings.Join(parts, ",")
}

// maxSchedule bounds a schedule's picks: a person picks a few hundred.
const maxSchedule = 100_000

// ParseSchedule reads a schedule as ScheduleText writes it: 1 to 256 for a
// worker, m for main, r for the result handler.
func ParseSchedule(s string) ([]Actor, error) {
	parts := strings.Split(s, ",")
	if len(parts) > maxSchedule {
		return nil, fmt.Errorf("%d picks: at most %d", len(parts), maxSchedule)
	}
	picks := make([]Actor, len(parts))
	for i, p := range parts {
		p = strings.TrimSpace(p)
		switch p {
		case "m", "main":
			picks[i] = MainActor
			continue
		case "r":
			picks[i] = Actor{Kind: ActorResultHandler}
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 256 {
			return nil, fmt.Errorf("pick %d is %q: use a worker's number (1 to 256) or m for main, comma-separated, such as 2,2,m,1", i+1, p)
		}
		picks[i] = Actor{Kind: ActorWorker, ID: n}
	}
	return picks, nil
}
