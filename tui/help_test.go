package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"poolviz/picture"
	"poolviz/scenarios"
	"poolviz/session"
)

// helpText is the whole help, without colour, laid out for the box of a
// w-wide screen.
func helpText(w int) string {
	lines, _ := helpLines(newKeyMap(), newStyles(true), min(w-4, helpMaxWidth)-2)
	return ansi.Strip(strings.Join(lines, "\n"))
}

// TestHelpNamesEverySign checks that the legend has a part for every panel
// and names every sign the panels draw from a fixed set: worker states, run
// badges, object kinds, timeline glyphs.
func TestHelpNamesEverySign(t *testing.T) {
	text := helpText(120)
	s := newStyles(true)
	sn := &scene{s: s, spin: initSpinner.Frames[3], v: &session.View{}}
	want := []string{"Keys", "What you see", "Header", "coalesced", "◀ back", "event 81/120", "seed",
		"g1", "✓", "✗1", "task(5)", "task(0)", "parent_task(…)", "on queue", "arrived", "chunk", "▶", "◀ W1", "+3", "⊡", "free", "held by",
		"waiting:", "┏━", "╭─", "─holds─▶", "↑ back to"}
	for p := range numPanels {
		if p != pGoals { // an exercise's own: its legend is tested with one
			want = append(want, p.String())
		}
	}
	for st := picture.WorkerStarting; st <= picture.WorkerFailed; st++ {
		want = append(want, glyph(sn, st))
	}
	for _, b := range badges {
		want = append(want, strings.TrimSpace(b))
	}
	for _, g := range kindGlyphs {
		want = append(want, g)
	}
	want = append(want, glyphInit, glyphTask, glyphSleep, glyphBlocked, glyphFailed)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the help does not show %q", w)
		}
	}
}

// TestHelpLinesFit checks that no line of the help is cut by its box, at the
// smallest screen and at wide ones.
func TestHelpLinesFit(t *testing.T) {
	for _, w := range []int{80, 120, 200} {
		inner := min(w-4, helpMaxWidth) - 2
		lines, parts := helpLines(newKeyMap(), newStyles(true), inner)
		for i, l := range lines {
			if n := ansi.StringWidth(l); n >= inner {
				t.Errorf("width %d: line %d is %d cells, the box holds %d with a free cell:\n%s", w, i, n, inner-1, ansi.Strip(l))
			}
		}
		if len(parts) != len(legendGroups(newStyles(true)))+1 {
			t.Errorf("width %d: %d parts, want the keys and one per sign group", w, len(parts))
		}
	}
}

// TestHelpAtTheSmallestScreen reads the whole help at 80x24, page by page,
// and finds every part in it; the screen keeps its size throughout.
func TestHelpAtTheSmallestScreen(t *testing.T) {
	m := newTestModel(t, 80, 24, scenarios.Params{})
	m = drive(t, m, press("?"))
	if !m.help.open {
		t.Fatal("? does not open the help")
	}
	var seen strings.Builder
	for range 40 {
		checkScreen(t, m, 80, 24)
		seen.WriteString(strings.Join(plain(m), "\n"))
		if m.help.vp.AtBottom() {
			break
		}
		m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyPgDown})
	}
	if !m.help.vp.AtBottom() {
		t.Fatal("page down never reached the end of the help")
	}
	for _, g := range legendGroups(m.st) {
		if !strings.Contains(seen.String(), g.title) {
			t.Errorf("the part %q never showed", g.title)
		}
	}
}

func TestHelpOpensScrollsAndCloses(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, press("?"))
	if !m.help.open || !screenHas(m, "What you see") || !screenHas(m, "lines 1-") {
		t.Fatal("? does not show the help at its top")
	}
	checkScreen(t, m, 120, 36)
	steps := []struct {
		key  tea.KeyPressMsg
		want func(off int) bool
		what string
	}{
		{press("down"), func(off int) bool { return off == 1 }, "down scrolls one line"},
		{press("j"), func(off int) bool { return off == 2 }, "j scrolls one line"},
		{press("up"), func(off int) bool { return off == 1 }, "up scrolls back"},
		{tea.KeyPressMsg{Code: tea.KeyPgDown}, func(off int) bool { return off == 1+m.help.vp.Height() }, "pgdn scrolls a page"},
		{press("end"), func(int) bool { return m.help.vp.AtBottom() }, "end goes to the bottom"},
		{tea.KeyPressMsg{Code: tea.KeyHome}, func(off int) bool { return off == 0 }, "home goes to the top"},
		{press("tab"), func(off int) bool { return off == m.help.parts[0] }, "tab jumps to the keys"},
		{press("tab"), func(off int) bool { return off == m.help.parts[1] }, "tab jumps to the header's signs"},
		{tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}, func(off int) bool { return off == m.help.parts[0] }, "shift+tab jumps back"},
	}
	for _, st := range steps {
		m = drive(t, m, st.key)
		if off := m.help.vp.YOffset(); !m.help.open || !st.want(off) {
			t.Fatalf("%s: offset %d, open %v", st.what, off, m.help.open)
		}
	}
	if m.focus != pWorkers {
		t.Errorf("tab in the help moved the panels' focus to %v", m.focus)
	}
	m = drive(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if off := m.help.vp.YOffset(); off != m.help.parts[0]+3 {
		t.Errorf("the wheel scrolled the help to %d, want %d", off, m.help.parts[0]+3)
	}
	m = drive(t, m, press("esc"))
	if m.help.open || screenHas(m, "What you see") {
		t.Fatal("esc does not close the help")
	}
	m = drive(t, m, press("?"), press("?"))
	if m.help.open {
		t.Fatal("? does not close the help")
	}
}

// TestHelpLetsTheRunKeysThrough checks that the keys of the run still work with
// the help open, and that a dialog replaces it.
func TestHelpLetsTheRunKeysThrough(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, press("?"), press("space"))
	if !m.help.open || !m.paused {
		t.Fatalf("space with the help open: help open %v, paused %v", m.help.open, m.paused)
	}
	m = drive(t, m, press("s"))
	if m.help.open || !m.picker.open {
		t.Fatalf("s with the help open: help open %v, picker open %v", m.help.open, m.picker.open)
	}
}

func TestGoldenHelpOpen(t *testing.T) {
	tm := program(t, 120, 36, Options{})
	send(tm, frames(10)...)
	send(tm, press("?"), press("tab"), press("tab"), press("tab")) // the workers' signs
	tm.Send(press("ctrl+c"))                                       // ctrl+c quits from anywhere, the help open
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(Model)
	golden.RequireEqual(t, []byte(ansi.Strip(fm.render())+"\n"))
}

func TestGoldenHelpSmallest(t *testing.T) {
	tm := program(t, 80, 24, Options{})
	send(tm, frames(10)...)
	send(tm, press("?"))
	tm.Send(press("ctrl+c"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(Model)
	golden.RequireEqual(t, []byte(ansi.Strip(fm.render())+"\n"))
}
