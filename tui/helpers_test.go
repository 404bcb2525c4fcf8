package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"poolviz/scenarios"
)

// newTestModel opens the default scenario at seed 1, without its own clock, at
// w x h, and closes its session when the test ends.
func newTestModel(t testing.TB, w, h int, prm scenarios.Params) Model {
	t.Helper()
	if prm.Seed == 0 {
		prm.Seed = 1
	}
	m, err := NewModel(Options{ManualFrames: true, Params: prm})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.play.sess.Close)
	return drive(t, m, tea.WindowSizeMsg{Width: w, Height: h})
}

// drive sends msgs to the model one by one and runs the commands they return,
// synchronously, feeding their messages back, until nothing is left. Commands
// that would wait for the terminal or the clock are not run.
func drive(t testing.TB, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	first := m.play.sess
	queue := append([]tea.Msg(nil), msgs...)
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100_000 {
			t.Fatal("drive: the model never settles")
		}
		msg := queue[0]
		queue = queue[1:]
		next, cmd := m.Update(msg)
		m = next.(Model)
		queue = append(queue, runCmd(cmd)...)
	}
	// A session a restart made must be closed at the end of the test too.
	if s := m.play.sess; s != first {
		t.Cleanup(s.Close)
	}
	return m
}

// runCmd runs a command and returns the messages it produced.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runCmd(c)...)
		}
		return out
	case opDone, FrameMsg:
		return []tea.Msg{msg}
	}
	return nil // quit, background colour requests, blinks: not for these tests
}

// frames returns n frame messages of one frame interval each.
func frames(n int) []tea.Msg {
	out := make([]tea.Msg, n)
	for i := range out {
		out[i] = FrameMsg{Wall: frameInterval}
	}
	return out
}

// press returns the key press for a key name, as ParseKey reads it.
func press(name string) tea.KeyPressMsg {
	k, err := ParseKey(name)
	if err != nil {
		panic(err)
	}
	return k
}

// keys returns key presses for names.
func keys(names ...string) []tea.Msg {
	out := make([]tea.Msg, len(names))
	for i, n := range names {
		out[i] = press(n)
	}
	return out
}

// plain returns the model's screen without colour, as lines.
func plain(m Model) []string {
	return strings.Split(ansi.Strip(m.render()), "\n")
}

// screenHas reports whether the screen shows s.
func screenHas(m Model, s string) bool { return strings.Contains(ansi.Strip(m.render()), s) }

// checkScreen fails unless every line of the screen is exactly w cells wide and
// there are exactly h of them.
func checkScreen(t testing.TB, m Model, w, h int) {
	t.Helper()
	lines := strings.Split(m.render(), "\n")
	if len(lines) != h {
		t.Fatalf("screen has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("line %d is %d cells wide, want %d:\n%s", i, got, w, ansi.Strip(l))
		}
	}
}

// logOf returns the model's event log panel.
func logOf(m Model) logPanel { return m.panels[pLog].(logPanel) }

// codeOf returns the model's code panel.
func codeOf(m Model) codePanel { return m.panels[pCode].(codePanel) }

// logVP returns the viewport of the model's event log.
func logVP(m Model) *viewport.Model {
	vp := logOf(m).vp
	return &vp
}
