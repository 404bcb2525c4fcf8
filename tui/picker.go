package tui

import (
	"strings"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"poolviz/scenarios"
)

// scenarioItem is a preset in the picker: its title, and what it teaches.
type scenarioItem struct{ sc scenarios.Scenario }

func (i scenarioItem) Title() string       { return i.sc.Title }
func (i scenarioItem) Description() string { return i.sc.Name + " · " + i.sc.Teaches }
func (i scenarioItem) FilterValue() string { return i.sc.Name + " " + i.sc.Title }

// picker is the scenario chooser drawn over the panels: a bubbles list with
// each preset's title and description; enter starts the chosen one.
type picker struct {
	open bool
	list list.Model
}

func newPicker(all []scenarios.Scenario, s *styles) picker {
	items := make([]list.Item, len(all))
	for i, sc := range all {
		items[i] = scenarioItem{sc}
	}
	d := list.NewDefaultDelegate()
	d.Styles = s.listItem
	l := list.New(items, d, 60, 20)
	l.Styles = s.list
	l.SetShowTitle(false) // the dialog's frame carries the title
	l.DisableQuitKeybindings()
	l.SetShowStatusBar(false)
	return picker{list: l}
}

// restyle applies new styles, keeping the selection.
func (p picker) restyle(s *styles) picker {
	d := list.NewDefaultDelegate()
	d.Styles = s.listItem
	p.list.SetDelegate(d)
	p.list.Styles = s.list
	return p
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
				break
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

// view draws the picker in a box of at most w x h cells.
func (p picker) view(s *styles, w, h int) []string {
	bw, bh := min(w-8, 96), min(h-4, 26)
	l := p.list
	l.SetSize(bw-4, bh-2)
	body := strings.Split(l.View(), "\n")
	for i := range body {
		body[i] = " " + body[i]
	}
	return s.box(rect{W: bw, H: bh}, "Choose a scenario", "enter starts · esc closes · / filters", true, body)
}
