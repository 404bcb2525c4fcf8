package tui

import (
	"os"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"poolviz/exercise"
)

// goalsDone takes in the goals an operation folded. When a run's end settles
// them, it counts the attempt, reveals the next hint after a failure and
// tells Options.Attempted.
func (m Model) goalsDone(d opDone) Model {
	if d.goals == nil {
		return m
	}
	m.goals.results = d.goals
	if d.settled && !m.goals.settled {
		m.goals.settled = true
		passed := m.goals.met() == len(m.goals.results)
		if !passed {
			m.goals.attempts++
			m.goals.hints = min(m.goals.attempts, len(m.goals.ex.Hints))
		}
		m.note = "every goal met: S shows the solution"
		if !passed {
			m.note = strconv.Itoa(m.goals.met()) + " of " + strconv.Itoa(len(m.goals.results)) + " goals met"
			if h := m.goals.hints; h > 0 {
				m.note += " · hint " + strconv.Itoa(h) + ": " + m.goals.ex.Hints[h-1] // whole in the goals panel
			}
		}
		if m.opts.Attempted != nil {
			m.opts.Attempted(passed)
		}
	}
	return m
}

// goalsRows is the height the goals panel wants.
func (m Model) goalsRows() int {
	if m.goals.ex == nil {
		return 0
	}
	_, right := columns(m.width)
	return goalsHeight(&m.goals, m.st, right)
}

// onExerciseKey handles the exercise's keys: the next hint, the solution.
func (m Model) onExerciseKey(msg tea.KeyPressMsg) (Model, bool) {
	switch {
	case m.goals.ex == nil:
		return m, false
	case key.Matches(msg, m.keys.Hint):
		if m.goals.hints < len(m.goals.ex.Hints) {
			m.goals.hints++
			m.note = "hint " + strconv.Itoa(m.goals.hints) + " is in the goals panel"
		} else {
			m.note = "no more hints"
		}
		return m.relayout(), true
	case key.Matches(msg, m.keys.Solution):
		switch {
		case m.goals.ex.Solution == "":
			m.note = "this exercise has no solution file"
		case !m.goals.settled && m.goals.attempts == 0:
			m.note = "the solution opens once a run of yours has ended"
		default:
			m.solved = true
		}
		return m, true
	}
	return m, false
}

// solutionView draws the solution's box, cut to the screen.
func (m Model) solutionView() []string {
	w := min(m.width-4, 100)
	lines := strings.Split(strings.TrimRight(m.goals.ex.Solution, "\n"), "\n")
	room := max(m.height-6, 3)
	if len(lines) > room {
		lines = append(lines[:room-1], "…")
	}
	body := make([]string, 0, len(lines))
	for _, l := range lines {
		body = append(body, " "+ansi.Truncate(strings.ReplaceAll(l, "\t", "    "), w-3, "…"))
	}
	return m.st.box(rect{W: w, H: len(body) + 2}, "Solution: "+m.goals.ex.Name, "esc closes", true, body)
}

// predictDialog asks the exercise's question before the run: a number key
// picks a choice, or a number is typed for a question without choices.
type predictDialog struct {
	open bool
	p    *exercise.Prediction
	in   textinput.Model
}

func newPredictDialog(p *exercise.Prediction, s *styles) predictDialog {
	in := textinput.New()
	in.CharLimit = 9
	in.Prompt = ""
	in.SetWidth(12)
	st := textinput.DefaultStyles(s.dark)
	st.Cursor.Blink = false
	in.SetStyles(st)
	in.Focus()
	return predictDialog{open: true, p: p, in: in}
}

// update handles a key while the dialog is open; it returns the answer once
// one is given.
func (d predictDialog) update(msg tea.KeyPressMsg) (predictDialog, *int, tea.Cmd) {
	if len(d.p.Choices) > 0 {
		if n, err := strconv.Atoi(msg.String()); err == nil && n >= 1 && n <= len(d.p.Choices) {
			d.open = false
			return d, &n, nil
		}
		return d, nil, nil
	}
	if msg.String() == "enter" {
		if n, err := strconv.Atoi(strings.TrimSpace(d.in.Value())); err == nil {
			d.open = false
			return d, &n, nil
		}
		return d, nil, nil
	}
	if r := msg.Text; r != "" && (r[0] < '0' || r[0] > '9') && r != "-" {
		return d, nil, nil
	}
	var cmd tea.Cmd
	d.in, cmd = d.in.Update(msg)
	return d, nil, cmd
}

// view draws the question's box.
func (d predictDialog) view(s *styles, width int) []string {
	w := min(width-4, 72)
	body := []string{""}
	for _, l := range strings.Split(ansi.Wrap(d.p.Question, w-6, " "), "\n") {
		body = append(body, "  "+s.bold.s(l))
	}
	body = append(body, "")
	if len(d.p.Choices) > 0 {
		for i, c := range d.p.Choices {
			body = append(body, "  "+s.key.s(strconv.Itoa(i+1))+"  "+ansi.Truncate(c, w-10, "…"))
		}
		body = append(body, "", "  "+s.dim.s("press a choice's number: the run starts paused, space runs it"))
	} else {
		body = append(body, "  "+s.bold.s("your answer: ")+d.in.View(), "", "  "+s.dim.s("type a number, then enter"))
	}
	return s.box(rect{W: w, H: len(body) + 3}, "Predict first", "", true, body)
}

// fileWatch notices that a file was saved: its modification time or size
// changed since the last look. The zero fileWatch watches nothing.
type fileWatch struct {
	path string
	mod  time.Time
	size int64
	last time.Time // when it last looked
}

// fileWatchEvery is how often a watched file is looked at: a stat twice a
// second costs nothing, and a learner's save shows within half a second.
const fileWatchEvery = time.Second / 2

func newFileWatch(path string) fileWatch {
	w := fileWatch{path: path}
	if st, err := os.Stat(path); err == nil {
		w.mod, w.size = st.ModTime(), st.Size()
	}
	return w
}

// changed reports whether the file was saved since the last look; it looks at
// most every fileWatchEvery.
func (w fileWatch) changed(now time.Time) (fileWatch, bool) {
	if w.path == "" || now.Sub(w.last) < fileWatchEvery {
		return w, false
	}
	w.last = now
	st, err := os.Stat(w.path)
	if err != nil || (st.ModTime().Equal(w.mod) && st.Size() == w.size) {
		return w, false
	}
	w.mod, w.size = st.ModTime(), st.Size()
	return w, true
}
