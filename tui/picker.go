package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"poolviz/scenarios"
)

// scenarioItem is a preset in the picker: one line with its title; what it
// teaches is shown in full below the list for the highlighted one.
type scenarioItem struct{ sc scenarios.Scenario }

// Title is the item's line in the list.
func (i scenarioItem) Title() string { return i.sc.Title }

// Description is what the preset teaches; the picker draws it below the list.
func (i scenarioItem) Description() string { return i.sc.Teaches }

// FilterValue starts with the title, so that the list underlines the letters a
// filter matched in the title it draws; the name is matched too.
func (i scenarioItem) FilterValue() string { return i.sc.Title + " " + i.sc.Name }

// pickerMaxWidth is the widest the picker grows, for lines that read well.
const pickerMaxWidth = 104

// filterWidth is the most of a filter the picker's border shows: it sits beside
// the title, and the border leaves out a text that does not fit whole.
const filterWidth = 16

// picker is the scenario chooser drawn over the panels: a bubbles list of the
// presets' titles, one line each, as many as the screen holds, and below it
// the highlighted preset's name, defaults and full description. Enter starts
// the highlighted one.
type picker struct {
	open bool
	list list.Model
	all  []scenarios.Scenario
	w, h int // the box, border included
	rows int // list lines
	text int // description lines: the longest description's, so nothing moves
	// The screen the sizes were computed for: setSize runs on every frame.
	screenW, screenH int
}

// newPicker returns the picker, closed, on the presets all in course order.
func newPicker(all []scenarios.Scenario, s *styles) picker {
	items := make([]list.Item, len(all))
	for i, sc := range all {
		items[i] = scenarioItem{sc}
	}
	l := list.New(items, newPickerDelegate(s), 60, 20)
	l.SetShowTitle(false)
	l.SetShowFilter(false) // the filter is drawn in the box's border, see view
	l.SetShowStatusBar(false)
	l.SetShowPagination(false) // the position is drawn on the rule, see rule
	l.SetShowHelp(false)       // the border says which keys work
	l.DisableQuitKeybindings()
	l.FilterInput.Prompt = "/ "
	l.Filter = wordFilter
	p := picker{list: l, all: all}
	return p.restyle(s)
}

// wordFilter keeps the presets whose title or name holds the term as typed
// (any case), in course order: /dead lists the deadlocks and nothing else,
// where a fuzzy match also took titles that hold d, e, a and d somewhere.
// The matched letters are underlined.
func wordFilter(term string, targets []string) []list.Rank {
	term = strings.ToLower(term)
	var out []list.Rank
	for i, t := range targets {
		at := strings.Index(strings.ToLower(t), term)
		if at < 0 {
			continue
		}
		var idx []int
		for k := range len([]rune(term)) {
			idx = append(idx, len([]rune(t[:at]))+k)
		}
		out = append(out, list.Rank{Index: i, MatchedIndexes: idx})
	}
	return out
}

// newPickerDelegate draws an item as one line: its title.
func newPickerDelegate(s *styles) list.DefaultDelegate {
	d := list.NewDefaultDelegate()
	d.Styles = s.listItem
	d.ShowDescription = false
	d.SetSpacing(0)
	return d
}

// restyle applies new styles, keeping the selection.
func (p picker) restyle(s *styles) picker {
	p.list.SetDelegate(newPickerDelegate(s))
	p.list.Styles = s.list
	st := textinput.DefaultStyles(s.dark)
	st.Cursor.Blink = false // a steady cursor: screencasts and tests stay frame-exact
	p.list.FilterInput.SetStyles(st)
	return p
}

// setSize fits the box in a w x h screen: as wide as reads well, and as tall
// as the list and the longest description need, the list giving up rows
// first (it keeps at least three). It returns q itself when nothing changes,
// else a new one: q is never changed.
func (q *picker) setSize(w, h int) *picker {
	if w == q.screenW && h == q.screenH {
		return q
	}
	p := *q
	p.screenW, p.screenH = w, h
	p.w = max(min(w-4, pickerMaxWidth), 24)
	inner := max(h-4, 5) // the box's lines less its border
	p.text = p.longestText()
	p.rows = min(len(p.all), max(inner-1-p.text, 3))
	p.text = min(p.text, max(inner-1-p.rows, 1))
	p.h = p.rows + 1 + p.text + 2
	p.list.SetSize(p.textWidth(), p.rows)
	p.list.FilterInput.SetWidth(filterWidth)
	return &p
}

// textWidth is the width of the box's text: its inner width less a margin of
// one cell on each side.
func (p picker) textWidth() int { return p.w - 4 }

// longestText is the most lines any preset's description takes at the box's width.
func (p picker) longestText() int {
	n := 1
	for _, sc := range p.all {
		n = max(n, len(wrapIndent(sc.Teaches, p.textWidth(), 0)))
	}
	return n
}

// show opens the picker on the scenario named current.
func (p picker) show(current string) picker {
	p.open = true
	p.list.ResetFilter()
	for i, it := range p.list.Items() {
		if it.(scenarioItem).sc.Name == current {
			p.list.Select(i)
		}
	}
	return p
}

// update handles a message while the picker is open. It returns the chosen
// scenario when enter picks one.
func (p picker) update(msg tea.Msg) (picker, *scenarios.Scenario, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && p.list.FilterState() != list.Filtering {
		switch k.String() {
		case "esc", "q", "s":
			if p.list.FilterState() == list.FilterApplied && k.String() == "esc" {
				break // esc clears the filter first
			}
			p.open = false
			return p, nil, nil
		case "enter":
			it, ok := p.list.SelectedItem().(scenarioItem)
			p.open = false
			if !ok {
				return p, nil, nil
			}
			return p, &it.sc, nil
		}
	}
	var cmd tea.Cmd
	p.list, cmd = p.list.Update(msg)
	return p, nil, cmd
}

// view draws the picker's box: the list, a rule naming the highlighted preset,
// and its description.
func (p picker) view(s *styles) []string {
	body := make([]string, 0, p.h-2)
	for _, l := range strings.Split(p.list.View(), "\n") {
		body = append(body, " "+l)
	}
	body = append(body[:min(len(body), p.rows)], p.rule(s))
	it, ok := p.list.SelectedItem().(scenarioItem)
	var text []string
	if ok {
		text = wrapIndent(it.sc.Teaches, p.textWidth(), 0)
	}
	if len(text) > p.text { // a screen too short for the longest text
		text = text[:p.text]
		text[len(text)-1] = ansi.Truncate(text[len(text)-1], p.textWidth()-1, "") + "…"
	}
	for _, l := range text {
		body = append(body, " "+l)
	}
	return s.box(rect{W: p.w, H: p.h}, "Choose a scenario", p.hint(s), true, body)
}

// rule separates the list from the description: the highlighted preset's
// name, its defaults and how it ends, and its place in the list. What does not
// fit is left out, the name last.
func (p picker) rule(s *styles) string {
	w := p.w - 2
	n := len(p.list.VisibleItems())
	pos := s.dim.s(fmt.Sprintf(" %d of %d ", p.list.Index()+1, n))
	if n == 0 {
		pos = s.dim.s(" no scenario matches ")
	}
	left := s.border.s("─")
	if it, ok := p.list.SelectedItem().(scenarioItem); ok {
		room := w - width(left+pos) - 4 // two spaces, a ─ of fill, the last ─
		left += " " + s.strong.s(it.sc.Name) + s.dim.s(ruleDetails(it.sc, room-width(it.sc.Name))) + " "
	}
	fill := w - width(left) - width(pos) - 1
	return fit(left+s.border.s(repeat("─", fill))+pos+s.border.s("─"), w)
}

// ruleDetails is what the rule says after a preset's name, in at most w cells:
// its defaults and how it ends, or as much of that as fits.
func ruleDetails(sc scenarios.Scenario, w int) string {
	size := fmt.Sprintf(" · %d workers, %d tasks", sc.Defaults.Workers, sc.Defaults.Tasks)
	for _, t := range []string{size + ending(sc.Outcome), ending(sc.Outcome), size} {
		if len(t) > 0 && width(t) <= w {
			return t
		}
	}
	return ""
}

// ending says how a preset's run ends, when it does not simply complete.
func ending(o scenarios.Outcome) string {
	switch o {
	case scenarios.Deadlocks:
		return " · ends in a deadlock"
	case scenarios.Fails:
		return " · ends with an error"
	case scenarios.Breaks:
		return " · ends with a broken pool"
	}
	return ""
}

// hint is the right part of the box's border: the keys that work now, or the
// filter being typed.
func (p picker) hint(s *styles) string {
	switch p.list.FilterState() {
	case list.Filtering:
		in := p.list.FilterInput // as wide as what was typed: no gap before the keys
		in.SetWidth(min(width(in.Value()), filterWidth))
		return in.View() + s.dim.s(" · enter keeps · esc cancels")
	case list.FilterApplied:
		return "/ " + ansi.Truncate(p.list.FilterValue(), filterWidth, "…") + " · esc clears · enter starts"
	}
	return "↑↓ choose · enter starts · / filters · esc closes"
}
