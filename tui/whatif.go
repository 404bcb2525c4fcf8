package tui

import (
	"strconv"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"poolviz/session"
)

// whatIfDialog asks a teacher's what-if: first what (kill a worker, slow one
// down, hold one back), then which worker, by its number.
type whatIfDialog struct {
	open bool
	what string // "kill", "slow" or "delay"; "" while it asks what
}

// whatIfs are the what-ifs, by their keys.
var whatIfs = []struct{ key, what, says string }{
	{"k", "kill", "kill a worker's process in the middle of its task"},
	{"s", "slow", "slow a worker down: its work takes 3 times as long"},
	{"d", "delay", "hold a worker back by 1 s"},
}

// update handles a key while the dialog is open; it returns the what-if and
// the worker once both are chosen.
func (d whatIfDialog) update(msg tea.KeyPressMsg, workers int) (whatIfDialog, string, int) {
	k := msg.String()
	if k == "esc" || k == "x" {
		d.open = false
		return d, "", 0
	}
	if d.what == "" {
		for _, w := range whatIfs {
			if k == w.key {
				d.what = w.what
			}
		}
		return d, "", 0
	}
	if n, err := strconv.Atoi(k); err == nil && n >= 1 && n <= min(workers, 9) {
		d.open = false
		return d, d.what, n
	}
	return d, "", 0
}

// view draws the dialog's box.
func (d whatIfDialog) view(sn *scene, width int) []string {
	s := sn.s
	w := min(width-4, 72)
	body := []string{""}
	if d.what == "" {
		body = append(body, "  "+s.bold.s("What if…"), "")
		for _, wi := range whatIfs {
			body = append(body, "  "+s.key.s(wi.key)+"  "+wi.says)
		}
		body = append(body, "", "  "+s.dim.s("each is an event of the run: step back over it, save it · esc closes"))
	} else {
		body = append(body, "  "+s.bold.s("Which worker? ")+s.dim.s("("+d.what+")"), "")
		st := &sn.v.State
		for i := range st.Workers {
			wv := &st.Workers[i]
			if wv.ID > 9 {
				break
			}
			line := "  " + s.key.s(strconv.Itoa(wv.ID)) + "  " + actorName(sn, "worker "+strconv.Itoa(wv.ID)) + "  " + statusText(sn, wv, true)
			body = append(body, ansi.Truncate(line, w-3, "…"))
		}
		body = append(body, "", "  "+s.dim.s("press its number · esc closes"))
	}
	return s.box(rect{W: w, H: len(body) + 3}, "What if", "simulated presets", true, body)
}

// onWhatIfKey opens the what-if dialog, where a Simulated preset runs.
func (m Model) onWhatIfKey() (tea.Model, tea.Cmd) {
	if m.sc.Traced() || m.play.sess.Live() {
		m.note = "a what-if needs a simulated preset: a real program's processes are its own"
		return m, nil
	}
	m.whatIf = whatIfDialog{open: true}
	m.help = m.help.closed()
	if m.paused || m.view.Status != session.Running {
		return m, nil
	}
	// The moment chosen must not slip away while the teacher picks: the run
	// waits (space goes on).
	m.paused = true
	m.note = "paused while you choose: space goes on"
	return m.push(op{kind: opPause, paused: true})
}
