package tui

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// View draws the screen: header, panels, footer, and any dialog over them.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "poolviz · " + m.sc.Name
	return v
}

// render returns the screen's content.
func (m Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.layout.TooSmall {
		return tooSmall(m.st, m.width, m.height)
	}
	sn := m.scene()
	l := &m.layout
	sc := newScreen(m.height)
	sc.put(l.Header, m.header.view(sn))

	order := l.visible()
	slices.SortStableFunc(order, func(a, b panelID) int { return l.Panels[a].X - l.Panels[b].X })
	for _, id := range order {
		sc.put(l.Panels[id], m.drawPanel(id, sn))
	}
	sc.put(l.Footer, []string{m.footer.view(m.note, m.st)})
	lines := sc.lines()

	switch {
	case m.picker.open:
		m.center(lines, m.picker.view(m.st))
	case m.prompt.open:
		m.center(lines, m.prompt.view(m.st))
	case m.help.open:
		m.center(lines, m.help.view(m.st))
	}
	return strings.Join(lines, "\n")
}

// drawPanel draws panel id's body in its border, with its title and info.
func (m Model) drawPanel(id panelID, sn *scene) []string {
	p := m.panels[id]
	title := id.String()
	if t, ok := p.(titled); ok {
		title = t.title(m.st)
	}
	focused := id == m.focus
	return m.st.box(m.layout.Panels[id], title, p.info(sn, focused), focused, p.view(sn))
}

// center draws a dialog's lines over the middle of the screen.
func (m Model) center(lines, box []string) {
	if len(box) == 0 {
		return
	}
	w := ansi.StringWidth(box[0])
	overlay(lines, max((m.width-w)/2, 0), max((m.height-len(box))/2, 0), box, m.width)
}
