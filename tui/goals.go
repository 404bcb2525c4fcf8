package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"poolviz/exercise"
)

// goalsView is what the goals panel draws: an exercise's goals as the run
// proves them, the learner's prediction, and the hints shown so far.
type goalsView struct {
	ex      *exercise.Exercise
	results []exercise.Result
	settled bool // the run ended: every goal is met or failed
	// predicted is the learner's answer (a choice's number, or the number),
	// or nil when the exercise asks nothing or it was not answered yet.
	predicted *int
	hints     int // hints revealed
	attempts  int // runs that ended with a goal failed
}

// undecided returns the goals with no verdict: the run they were about is gone.
func (g goalsView) undecided() goalsView {
	results := make([]exercise.Result, len(g.results))
	for i, r := range g.results {
		results[i] = exercise.Result{Goal: r.Goal}
	}
	g.results, g.settled = results, false
	return g
}

// met counts the goals met.
func (g *goalsView) met() int {
	n := 0
	for _, r := range g.results {
		if r.Status == exercise.Met {
			n++
		}
	}
	return n
}

// lines returns the panel's body for an inner width w: a line per goal (its
// reason under a failed one), the prediction, and the hints revealed.
func (g *goalsView) lines(s *styles, w int) []string {
	var out []string
	wrap := func(lead, text string, p paint) {
		for i, l := range strings.Split(ansi.Wrap(text, max(w-width(lead)-1, 8), " "), "\n") {
			if i > 0 {
				lead = spaces(width(lead))
			}
			out = append(out, " "+lead+p.s(l))
		}
	}
	for _, r := range g.results {
		switch r.Status {
		case exercise.Met:
			wrap(s.ok.s("✓ "), r.Goal.Say, s.ok)
		case exercise.Failed:
			wrap(s.bad.s("✗ "), r.Goal.Say, s.bad)
			if r.Why != "" {
				wrap("  ", r.Why, s.dim)
			}
		default:
			wrap(s.faint.s("· "), r.Goal.Say, s.dim)
		}
	}
	for i := range min(g.shownHints(), len(g.ex.Hints)) {
		wrap(s.warn.s("hint "+strconv.Itoa(i+1)+": "), g.ex.Hints[i], s.warn)
	}
	if p := g.ex.Predict; p != nil && g.predicted != nil {
		mark := s.dim.s("? ")
		if g.settled {
			mark = s.ok.s("✓ ")
			if *g.predicted != p.Answer {
				mark = s.bad.s("✗ ")
			}
		}
		wrap(mark, "you predicted "+answerText(p, *g.predicted)+g.verdict(p), s.dim)
	}
	if g.ex.Lesson != "" { // last: what the run proves comes first on a small screen
		wrap("", strings.Join(strings.Fields(g.ex.Lesson), " "), s.faint)
	}
	return out
}

// shownHints is how many hints the panel shows: none once every goal is met.
func (g *goalsView) shownHints() int {
	if g.settled && g.met() == len(g.results) {
		return 0
	}
	return g.hints
}

// verdict says, once the run ended, whether the prediction was right.
func (g *goalsView) verdict(p *exercise.Prediction) string {
	if !g.settled {
		return ""
	}
	if *g.predicted == p.Answer {
		return ": right"
	}
	return ": the answer was " + answerText(p, p.Answer)
}

// answerText words an answer: the choice it names, or the number.
func answerText(p *exercise.Prediction, n int) string {
	if len(p.Choices) > 0 && n >= 1 && n <= len(p.Choices) {
		return strconv.Quote(p.Choices[n-1])
	}
	return strconv.Itoa(n)
}

// goalsPanel draws the goals of the exercise the viewer runs.
type goalsPanel struct {
	w, h   int
	offset int
}

func (p goalsPanel) setSize(w, h int, _ *scene) panel { p.w, p.h = w, h; return p }

func (p goalsPanel) update(n nav, sn *scene) panel {
	if sn.goals == nil {
		return p
	}
	total := len(sn.goals.lines(sn.s, p.w-2))
	p.offset = n.apply(p.offset, total, p.h-2)
	return p
}

func (p goalsPanel) restart(*scene) panel { p.offset = 0; return p }

func (p goalsPanel) info(sn *scene, _ bool) string {
	g := sn.goals
	if g == nil {
		return ""
	}
	info := strconv.Itoa(g.met()) + "/" + strconv.Itoa(len(g.results)) + " met"
	if !g.settled {
		return info + " · the run decides"
	}
	return info
}

func (p goalsPanel) view(sn *scene) []string {
	if sn.goals == nil {
		return nil
	}
	lines := sn.goals.lines(sn.s, p.w-2)
	from := min(p.offset, max(len(lines)-(p.h-2), 0))
	return lines[from:min(from+p.h-2, len(lines))]
}

func (goalsPanel) signs(sn *scene) []signGroup {
	if sn.goals == nil {
		return nil // no exercise: the legend has no goals to explain
	}
	s := sn.s
	return []signGroup{{title: pGoals.String(), signs: []sign{
		{s.ok.s("✓"), "a goal the run met"},
		{s.bad.s("✗"), "a goal the run failed, and why"},
		{s.faint.s("·"), "a goal the run has not decided yet"},
	}}}
}

// goalsHeight is how many rows the goals panel wants, border included.
func goalsHeight(g *goalsView, s *styles, w int) int {
	if g == nil {
		return 0
	}
	return len(g.lines(s, w-2)) + 2
}
