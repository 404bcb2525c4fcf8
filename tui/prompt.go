package tui

import (
	"strconv"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"poolviz/scenarios"
)

// promptField is what the prompt changes.
type promptField uint8

const (
	fieldWorkers promptField = iota
	fieldTasks
)

// Sensible values the prompt's up and down keys move between.
var (
	workerChoices = []int{1, 2, 3, 4, 6, 8, 12, 16, 32, 64, 128, 256}
	taskChoices   = []int{1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 32, 50, 100, 1000, 10_000, 100_000, 1_000_000}
)

// prompt asks for a new number of workers or tasks: type a number or move
// through sensible values with up and down; enter restarts the run with it.
type prompt struct {
	open  bool
	field promptField
	in    textinput.Model
	err   string
	fresh bool // the value shown was put there, not typed: a digit replaces it
}

func newPrompt(s *styles) prompt {
	in := textinput.New()
	in.CharLimit = 7
	in.Prompt = ""
	in.SetWidth(10)
	// A steady cursor (restyle turns blinking off): screencasts and tests stay frame-exact.
	return prompt{in: in}.restyle(s)
}

// restyle applies new styles.
func (p prompt) restyle(s *styles) prompt {
	st := textinput.DefaultStyles(s.dark)
	st.Cursor.Blink = false
	p.in.SetStyles(st)
	return p
}

// show opens the prompt on the current value.
func (p prompt) show(field promptField, cur int) (prompt, tea.Cmd) {
	p.open, p.field, p.err, p.fresh = true, field, "", true
	p.in.SetValue(strconv.Itoa(cur))
	p.in.CursorEnd()
	return p, p.in.Focus()
}

func (p prompt) choices() []int {
	if p.field == fieldWorkers {
		return workerChoices
	}
	return taskChoices
}

// update handles a key while the prompt is open. With enter it returns the new
// params (prm changed in the prompt's field) once they are valid.
func (p prompt) update(msg tea.Msg, prm scenarios.Params) (prompt, *scenarios.Params, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		p.in, cmd = p.in.Update(msg)
		return p, nil, cmd
	}
	cur, _ := strconv.Atoi(p.in.Value())
	switch k.String() {
	case "esc":
		p.open = false
		p.in.Blur()
		return p, nil, nil
	case "up", "k", "+", "right":
		p.in.SetValue(strconv.Itoa(step(p.choices(), cur, 1)))
		p.in.CursorEnd()
		p.fresh = true
		return p, nil, nil
	case "down", "j", "-", "left":
		p.in.SetValue(strconv.Itoa(step(p.choices(), cur, -1)))
		p.in.CursorEnd()
		p.fresh = true
		return p, nil, nil
	case "enter":
		if p.field == fieldWorkers {
			prm.Workers = cur
		} else {
			prm.Tasks = cur
		}
		if err := prm.Validate(); err != nil {
			p.err = err.Error()
			return p, nil, nil
		}
		p.open = false
		p.in.Blur()
		return p, &prm, nil
	}
	if r := k.Text; r != "" && (r[0] < '0' || r[0] > '9') {
		return p, nil, nil // digits only
	}
	if p.fresh && k.Text != "" {
		p.in.SetValue("") // the shown value is a suggestion: typing replaces it
	}
	p.fresh = false
	var cmd tea.Cmd
	p.in, cmd = p.in.Update(msg)
	p.err = ""
	return p, nil, cmd
}

// step returns the choice after (dir > 0) or before cur.
func step(choices []int, cur, dir int) int {
	if dir > 0 {
		for _, c := range choices {
			if c > cur {
				return c
			}
		}
		return choices[len(choices)-1]
	}
	for i := len(choices) - 1; i >= 0; i-- {
		if choices[i] < cur {
			return choices[i]
		}
	}
	return choices[0]
}

// view draws the prompt's box.
func (p prompt) view(s *styles) []string {
	name, lim := "Workers", scenarios.MaxWorkers
	if p.field == fieldTasks {
		name, lim = "Tasks", scenarios.MaxTasks
	}
	body := []string{
		"",
		"  " + s.bold.s(name+": ") + p.in.View(),
		"",
		"  " + s.dim.s("type 1 to "+strconv.Itoa(lim)+", or ↑/↓ for common values"),
		"  " + s.dim.s("enter restarts the run with it · esc cancels"),
	}
	if p.err != "" {
		body = append(body, "  "+s.bad.s(p.err))
	}
	return s.box(rect{W: 58, H: len(body) + 3}, "Change "+name, "", true, body)
}
