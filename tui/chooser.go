package tui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"poolviz/picture"
	"poolviz/pool"
)

// chooser is "you are the scheduler": a Simulated run started with the
// scheduler key stops wherever more than one actor could run next, and the
// user picks which (a number key, or the arrows and enter). The picks are the
// run's schedule: the same scenario, params, seed and schedule replay it
// exactly (poolviz run NAME --schedule 2,2,m,1: who ran at each choice).
type chooser struct {
	on       bool         // the run asks who runs next
	actors   []pool.Actor // who could run next, when it asks now
	sel      int          // the highlighted one
	schedule []pool.Actor // the picks so far
}

// update takes in what the session says after an operation.
func (c chooser) update(actors []pool.Actor, schedule []pool.Actor) chooser {
	if len(actors) != len(c.actors) {
		c.sel = 0
	}
	c.actors, c.schedule = actors, schedule
	return c
}

// asked reports whether the run waits for a pick now.
func (c chooser) asked() bool { return c.on && len(c.actors) > 0 }

// key handles a key while the run waits for a pick: a worker's number picks
// that worker, m picks main, the arrows move the highlight, enter picks it.
func (c chooser) key(msg tea.KeyPressMsg) (chooser, int, bool) {
	switch s := msg.String(); s {
	case "up", "k":
		c.sel = max(c.sel-1, 0)
	case "down", "j":
		c.sel = min(c.sel+1, len(c.actors)-1)
	case "enter":
		return c, c.sel, true
	default:
		for i, a := range c.actors {
			if pickKey(a) == s {
				return c, i, true
			}
		}
	}
	return c, 0, false
}

// pickKey is the key that picks a: a worker's number (up to 9; beyond, the
// arrows), m for main.
func pickKey(a pool.Actor) string {
	switch {
	case a.Kind == pool.ActorMain:
		return "m"
	case a.Kind == pool.ActorWorker && a.ID <= 9:
		return strconv.Itoa(a.ID)
	}
	return ""
}

// takes reports whether the chooser keeps a key it did not act on: the
// arrows and enter are its own while it asks; the run's other keys go on.
func (c chooser) takes(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "up", "k", "down", "j", "enter":
		return true
	}
	return false
}

// scheduleText writes a schedule as --schedule takes it: 2,2,m,1.
func scheduleText(picks []pool.Actor) string { return pool.ScheduleText(picks) }

// view draws the question: each actor that could run, with what it is doing.
func (c chooser) view(sn *scene, width int) []string {
	s := sn.s
	w := min(width-4, 76)
	body := []string{"", "  " + s.bold.s("Who runs next? You are the scheduler."), ""}
	for i, a := range c.actors {
		mark := "  "
		if i == c.sel {
			mark = s.accent.s("▸ ")
		}
		k := pickKey(a)
		if k == "" {
			k = " "
		}
		line := mark + s.key.s(k) + "  " + actorName(sn, a.String()) + s.dim.s("  "+doing(&sn.v.State, a))
		body = append(body, ansi.Truncate(line, w-3, "…"))
	}
	body = append(body, "", "  "+s.dim.s("a worker's number (m: main) or ↑↓ enter picks · c lets the seeded draw pick again"))
	if len(c.schedule) > 0 {
		body = append(body, "  "+s.dim.s(ansi.Truncate("picked so far: "+scheduleText(c.schedule), w-6, "…")))
	}
	return s.box(rect{W: w, H: len(body) + 3}, "You choose", strconv.Itoa(len(c.schedule))+" picks", true, body)
}

// doing says what an actor is at, for the chooser: where a worker is in its
// task (or that it sleeps: picking it ends the sleep now), what main waits for.
func doing(st *picture.State, a pool.Actor) string {
	switch a.Kind {
	case pool.ActorMain:
		if st.Main.BlockedOn != "" {
			return "waits for " + st.Main.BlockedOn
		}
		if st.Main.Step != "" {
			return "at " + st.Main.Step
		}
		return "the main program"
	case pool.ActorWorker:
		for i := range st.Workers {
			w := &st.Workers[i]
			if w.ID != a.ID {
				continue
			}
			what := w.Step
			if what == "" && int(w.Status) < len(workerWords) {
				what = workerWords[w.Status]
			}
			if w.Task != 0 && w.TaskArg != "" {
				what = "task(" + w.TaskArg + ") at " + w.Step
			}
			if w.SleepFor > 0 && st.Now < w.SleepFrom+w.SleepFor {
				what += ", sleeping"
			}
			return strings.TrimSpace(what)
		}
	}
	return ""
}

// toggleScheduler starts the run again with the user as its scheduler, or
// hands the picks back to the seeded draw, saying how to replay the schedule.
func (m Model) toggleScheduler() (tea.Model, tea.Cmd) {
	if m.sc.Traced() || m.play.sess.Live() {
		m.note = "only a simulated preset can be scheduled by hand"
		return m, nil
	}
	if m.sched.on {
		m.sched.on = false
		m.note = "the seeded draw picks again"
		if len(m.sched.schedule) > 0 {
			prm := m.play.sess.Run().Params
			m.note += fmt.Sprintf(" · replay yours: poolviz run %s --workers %d --tasks %d --seed %d --schedule %s",
				m.sc.Name, prm.Workers, prm.Tasks, prm.Seed, scheduleText(m.sched.schedule))
		}
		return m.push(op{kind: opStopAsking})
	}
	m.help = m.help.closed()
	m.note = "you are the scheduler: the run stops where more than one could run next"
	return m.push(op{kind: opRestart, sc: m.sc, prm: m.withSpeed(), ask: true})
}
