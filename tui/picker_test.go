package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"poolviz/scenarios"
)

// words joins the screen's lines and keeps only the words, so that a wrapped
// paragraph can be looked for whole. The picker's border and every panel's
// edges are dropped with the other non-words.
func words(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\n' || r == '│' || r == '┃' || r == '╭' || r == '╮' || r == '╰' || r == '╯'
	}), " ")
}

// pickerBody is the text inside the picker's box on the model's screen: the
// columns between its border, on the rows it covers.
func pickerBody(m Model) string {
	lines := plain(m)
	box := m.picker.view(m.st)
	x, y := max((m.width-m.picker.w)/2, 0), max((m.height-len(box))/2, 0)
	var out []string
	for _, l := range lines[y+1 : y+len(box)-1] {
		r := []rune(l)
		out = append(out, string(r[x+1:x+m.picker.w-1]))
	}
	return strings.Join(out, "\n")
}

// TestPickerShowsEveryScenarioAndItsText checks, at each size, that the
// picker lists more scenarios than the five it used to (all of them where they
// fit), and that the highlighted one's description is there whole, for every
// scenario in turn.
func TestPickerShowsEveryScenarioAndItsText(t *testing.T) {
	all := scenarios.All()
	for _, size := range []struct{ w, h, least int }{{80, 24, 5}, {120, 36, len(all)}, {200, 60, len(all)}} {
		m := newTestModel(t, size.w, size.h, scenarios.Params{})
		m = drive(t, m, press("s"))
		shown := 0
		body := pickerBody(m)
		for _, sc := range all {
			if strings.Contains(body, sc.Title) {
				shown++
			}
		}
		if shown < min(size.least, len(all)) {
			t.Errorf("%dx%d: %d scenarios shown, want at least %d", size.w, size.h, shown, size.least)
		}
		for i, sc := range all {
			if i > 0 {
				m = drive(t, m, press("down"))
			}
			checkScreen(t, m, size.w, size.h)
			body := pickerBody(m)
			if !strings.Contains(words(body), words(sc.Teaches)) {
				t.Fatalf("%dx%d: %s's description is not shown whole:\n%s", size.w, size.h, sc.Name, body)
			}
			if !strings.Contains(body, sc.Name) || !strings.Contains(body, sc.Title) {
				t.Fatalf("%dx%d: %s is highlighted but its name or title is not shown", size.w, size.h, sc.Name)
			}
		}
	}
}

// settle gives msgs to the picker and then the messages its commands return,
// as the program would. Only the list's filter results are fed back: the other
// commands (none here, the cursor does not blink) are not for this test.
func settle(t *testing.T, p picker, msgs ...tea.Msg) (picker, *scenarios.Scenario) {
	t.Helper()
	var chosen *scenarios.Scenario
	for len(msgs) > 0 {
		msg := msgs[0]
		msgs = msgs[1:]
		var cmd tea.Cmd
		var sc *scenarios.Scenario
		p, sc, cmd = p.update(msg)
		if sc != nil {
			chosen = sc
		}
		msgs = append(msgs, filterResults(cmd)...)
	}
	return p, chosen
}

// filterResults runs cmd (and a batch's commands) and keeps the list's filter results.
func filterResults(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, filterResults(c)...)
		}
		return out
	case list.FilterMatchesMsg:
		return []tea.Msg{msg}
	}
	return nil
}

func TestPickerFilters(t *testing.T) {
	s := newStyles(true)
	p := ref(newPicker(scenarios.All(), s)).setSize(120, 36).show("shared-queue")
	p, _ = settle(t, p, keys("/", "b", "a", "r", "r", "i", "e", "r")...)
	if p.list.FilterState() != list.Filtering || !strings.Contains(strings.Join(p.view(s), "\n"), "barrier") {
		t.Fatalf("typing a filter: state %v", p.list.FilterState())
	}
	p, _ = settle(t, p, press("enter"))
	got := len(p.list.VisibleItems())
	if got == 0 || got == len(scenarios.All()) || p.list.FilterState() != list.FilterApplied {
		t.Fatalf("the filter barrier keeps %d scenarios (state %v)", got, p.list.FilterState())
	}
	if it, _ := p.list.SelectedItem().(scenarioItem); it.sc.Name != "barrier" {
		t.Fatalf("the filter barrier highlights %q first", it.sc.Name)
	}
	view := strings.Join(p.view(s), "\n")
	if !strings.Contains(view, fmt.Sprintf("1 of %d", got)) || !strings.Contains(view, "esc clears") {
		t.Errorf("the applied filter is not shown:\n%s", view)
	}
	p, _ = settle(t, p, press("esc"))
	if !p.open || len(p.list.VisibleItems()) != len(scenarios.All()) {
		t.Fatal("esc does not clear the filter first")
	}
	p, _ = settle(t, p, keys("/", "b", "a", "r", "r", "i", "e", "r", "enter")...)
	p, sc := settle(t, p, press("enter"))
	if p.open || sc == nil || sc.Name != "barrier" {
		t.Fatalf("enter on the filtered list started %v", sc)
	}
}

// TestPickerPagesAtTheSmallestScreen checks that moving past the last row shown
// turns the page, and the rule follows the highlighted scenario.
func TestPickerPagesAtTheSmallestScreen(t *testing.T) {
	all := scenarios.All()
	s := newStyles(true)
	p := ref(newPicker(all, s)).setSize(80, 24).show(all[0].Name)
	if p.rows >= len(all) {
		t.Skipf("all %d scenarios fit at 80x24", len(all))
	}
	var msgs []tea.Msg
	for range p.rows {
		msgs = append(msgs, press("down"))
	}
	p, _ = settle(t, p, msgs...)
	view := strings.Join(p.view(s), "\n")
	if next := all[p.rows]; !strings.Contains(view, next.Title) || !strings.Contains(view, next.Name) {
		t.Errorf("after %d downs the picker does not show %s:\n%s", p.rows, next.Name, view)
	}
	if strings.Contains(view, all[0].Title) {
		t.Errorf("the first page is still shown:\n%s", view)
	}
}

func TestGoldenPickerSmallest(t *testing.T) {
	tm := program(t, 80, 24, Options{})
	send(tm, frames(10)...)
	send(tm, keys("s", "down", "down", "down", "down", "down", "down", "down", "down")...) // the second page
	tm.Send(press("ctrl+c"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(Model)
	golden.RequireEqual(t, []byte(ansi.Strip(fm.render())+"\n"))
}

// TestPickerFiltersByWhatIsTyped: /dead keeps the presets whose title or name
// holds "dead", and no other (a fuzzy match took any title with d, e, a, d).
func TestPickerFiltersByWhatIsTyped(t *testing.T) {
	s := newStyles(true)
	p := ref(newPicker(scenarios.All(), s)).setSize(120, 36).show("shared-queue")
	p, _ = settle(t, p, keys("/", "d", "e", "a", "d", "enter")...)
	var got []string
	for _, it := range p.list.VisibleItems() {
		got = append(got, it.(scenarioItem).sc.Name)
	}
	if want := "deadlock-lock-order deadlock-starvation deadlock-queue"; strings.Join(got, " ") != want {
		t.Errorf("/dead keeps %v, want %s", got, want)
	}
}

// TestPickedPresetOpensAsTheViewerOpensOne: a preset picked after the run was
// sped up opens at its own default speed, paused until space.
func TestPickedPresetOpensAsTheViewerOpensOne(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, keys("+", "+", "+", "+")...)
	m = drive(t, m, frames(5)...)
	m = drive(t, m, keys("s", "down", "down", "down", "down", "enter")...) // the fifth preset: lock-race
	m = drive(t, m, frames(30)...)
	sc, _ := scenarios.Get("lock-race")
	if m.sc.Name != "lock-race" || m.speed != sc.Defaults.Speed || m.view.Speed != sc.Defaults.Speed {
		t.Errorf("picked %s at %gx (session %gx), want lock-race at %gx", m.sc.Name, m.speed, m.view.Speed, sc.Defaults.Speed)
	}
	if !m.paused || m.view.Now != 0 || !screenHas(m, "press space to start") {
		t.Errorf("the picked preset did not open paused: paused %v, t %v", m.paused, m.view.Now)
	}
	m = drive(t, m, press("space"))
	m = drive(t, m, frames(30)...)
	if m.paused || m.view.Now == 0 {
		t.Error("space does not start the picked preset")
	}
}
