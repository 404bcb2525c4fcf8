package tui

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"poolviz/scenarios"
	"poolviz/session"
)

// onKey handles a key press: an open dialog takes it first, then the run's
// controls, then the focused panel's scrolling.
func (m Model) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch msg.String() {
	case "ctrl+c":
		return m.quit()
	case "ctrl+z": // as in a shell: suspend to it, fg comes back
		return m, tea.Suspend
	}
	m, cmd, taken := m.onDialogKey(msg)
	if taken {
		return m, cmd
	}
	m.note = ""
	if n, ok := scrollKey(msg, m.keys); ok {
		return m.navigate(m.focus, n), nil
	}
	return m.onControlKey(msg)
}

// onDialogKey gives a key to the open dialog, if any, and reports whether the
// dialog took it. The help leaves the keys it has no use for to the viewer.
func (m Model) onDialogKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	switch {
	case m.predict.open:
		d, answer, cmd := m.predict.update(msg)
		m.predict = &d
		if answer != nil {
			m.goals.predicted = answer
			m.note = "you predicted " + answerText(m.predict.p, *answer) + ": space runs it, and the goals panel will tell"
			m = m.relayout()
		}
		return m, cmd, true
	case m.whatIf.open:
		var what string
		var worker int
		m.whatIf, what, worker = m.whatIf.update(msg, len(m.view.State.Workers))
		if what == "" {
			return m, nil, true
		}
		m.note = "what if worker " + strconv.Itoa(worker) + ": the event log says what happens, and what CPython does"
		next, cmd := m.push(op{kind: opWhatIf, whatIf: what, worker: worker})
		return next, cmd, true
	case m.solved:
		if key.Matches(msg, m.keys.Close) || key.Matches(msg, m.keys.Solution) {
			m.solved = false
		}
		return m, nil, true
	case m.sched.asked() && !m.help.open && !m.picker.open && !m.prompt.open:
		var pick int
		var ok bool
		if m.sched, pick, ok = m.sched.key(msg); ok {
			m.note = ""
			next, cmd := m.push(op{kind: opChoose, choice: pick})
			return next, cmd, true
		}
		if m.sched.takes(msg) {
			return m, nil, true
		}
	case m.picker.open:
		p, sc, cmd := m.picker.update(msg)
		m.picker = &p
		if sc != nil {
			// Another preset opens as the viewer opens one: at its own pace,
			// paused on its first picture until space.
			prm := sc.Defaults
			prm.Seed, prm.Mode = m.prm.Seed, m.prm.Mode
			m.note = "opening " + sc.Name // the restart's end says it is ready
			m.help = m.help.closed()
			m, cmd = m.push(op{kind: opRestart, sc: *sc, prm: prm, paused: true})
		}
		return m, cmd, true
	case m.prompt.open:
		p, prm, cmd := m.prompt.update(msg, m.withSpeed())
		m.prompt = &p
		if prm != nil {
			if err := m.opts.capped(*prm); err != nil {
				m.note = err.Error()
				return m, cmd, true
			}
			m.note = "restarted with " + strconv.Itoa(prm.Workers) + " workers, " + strconv.Itoa(prm.Tasks) + " tasks"
			if why := m.sc.AdjustNote(*prm); why != "" {
				m.note = "restarted: " + why
			}
			m, cmd = m.restart(m.sc, *prm)
		}
		return m, cmd, true
	case m.help.open:
		h, used := m.help.update(msg, m.keys)
		m.help = &h
		return m, nil, used
	}
	return m, nil, false
}

// scrollKey returns the scroll request of a scroll key.
func scrollKey(msg tea.KeyPressMsg, k keyMap) (nav, bool) {
	switch {
	case key.Matches(msg, k.Up):
		return nav{lines: -1}, true
	case key.Matches(msg, k.Down):
		return nav{lines: 1}, true
	case key.Matches(msg, k.PageUp):
		return nav{pages: -1}, true
	case key.Matches(msg, k.PageDown):
		return nav{pages: 1}, true
	case key.Matches(msg, k.Top):
		return nav{top: true}, true
	case key.Matches(msg, k.Bottom):
		return nav{bottom: true}, true
	}
	return nav{}, false
}

// onControlKey handles the keys of the run and of the screen.
func (m Model) onControlKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if next, taken := m.onExerciseKey(msg); taken {
		return next, nil
	}
	if m.sc.Traced() && tracedRefuses(msg, k) {
		m.note = tracedNote
		return m, nil
	}
	m, cmd, taken := m.onClassKey(msg)
	if taken {
		return m, cmd
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.help = ref(m.help.show())
	case key.Matches(msg, k.Pause):
		if m.view.Status == session.Finished {
			m.note = "the run has finished: r runs it again"
			if m.sc.Traced() {
				m.note = "the program has ended"
			}
			return m, nil
		}
		m.paused = !m.paused
		return m.push(op{kind: opPause, paused: m.paused})
	case key.Matches(msg, k.Step):
		m.paused = true
		return m.push(op{kind: opStep})
	case key.Matches(msg, k.Back):
		m.paused = true
		return m.push(op{kind: opBack})
	case key.Matches(msg, k.Faster), key.Matches(msg, k.Slower):
		dir := 1
		if key.Matches(msg, k.Slower) {
			dir = -1
		}
		m.speed = nextSpeed(m.speed, dir)
		return m.push(op{kind: opSpeed, speed: m.speed})
	case key.Matches(msg, k.Restart):
		m.note = "restarted with seed " + strconv.FormatUint(m.prm.Seed, 10)
		return m.restart(m.sc, m.withSpeed())
	case key.Matches(msg, k.NewSeed):
		prm := m.withSpeed()
		prm.Seed = newSeed(prm.Seed)
		m.note = "new seed " + strconv.FormatUint(prm.Seed, 10)
		return m.restart(m.sc, prm)
	case key.Matches(msg, k.Schedule):
		return m.toggleScheduler()
	case key.Matches(msg, k.WhatIf):
		return m.onWhatIfKey()
	case key.Matches(msg, k.Scenarios):
		m.picker, m.help = ref(m.picker.show(m.sc.Name)), m.help.closed()
	case key.Matches(msg, k.Workers):
		p, cmd := m.prompt.show(fieldWorkers, m.prm.Workers)
		m.prompt = &p
		m.help = m.help.closed()
		return m, cmd
	case key.Matches(msg, k.Tasks):
		p, cmd := m.prompt.show(fieldTasks, m.prm.Tasks)
		m.prompt = &p
		m.help = m.help.closed()
		return m, cmd
	case key.Matches(msg, k.Timeline):
		m.timeline = !m.timeline
		switch {
		case m.timeline && m.focus == pWorkers:
			m.focus = pTimeline
		case !m.timeline && m.focus == pTimeline:
			m.focus = pWorkers
		}
		return m.relayout(), nil
	case key.Matches(msg, k.Zoom):
		m.zoom = !m.zoom
		return m.relayout(), nil
	case key.Matches(msg, k.Focus):
		return m.cycleFocus(1), nil
	case key.Matches(msg, k.FocusBack):
		return m.cycleFocus(-1), nil
	case key.Matches(msg, k.Close):
		m.zoom = false
		return m.relayout(), nil
	}
	return m, nil
}

// withSpeed returns the run's params with the speed the user set since.
func (m Model) withSpeed() scenarios.Params {
	prm := m.prm
	prm.Speed = m.speed
	return prm
}

// restart queues a new session for sc with prm; the old one is closed.
func (m Model) restart(sc scenarios.Scenario, prm scenarios.Params) (Model, tea.Cmd) {
	m.help = m.help.closed()
	o := op{kind: opRestart, sc: sc, prm: prm, ask: m.sched.on && !sc.Traced()}
	if sc.Traced() {
		o.remake = m.opts.Remake // a traced program runs again only when it can be remade
	}
	return m.push(o)
}

// quit closes the session (terminating the pool, even in a deadlock) and then
// ends the program, which restores the terminal.
func (m Model) quit() (tea.Model, tea.Cmd) {
	m.note = "quitting"
	return m.push(op{kind: opClose})
}

// tracedNote says why a traced program refuses a key of the presets.
const tracedNote = "a traced program runs as written: trace it again to run it again"
