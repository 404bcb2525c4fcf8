package tui

import (
	"cmp"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
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
	t := newTiler(m.height)
	t.put(l.Header, m.header.view(sn))

	order := l.visible()
	slices.SortStableFunc(order, func(a, b panelID) int { return l.Panels[a].X - l.Panels[b].X })
	for _, id := range order {
		t.put(l.Panels[id], m.drawPanel(id, sn))
	}
	t.put(l.Footer, []string{m.footer.view(m.note, m.st)})
	base := strings.Join(t.lines(), "\n")
	if box := m.dialog(); len(box) > 0 {
		return m.center(base, box)
	}
	return base
}

// dialog returns the lines of the open dialog's box, or none.
func (m Model) dialog() []string {
	switch {
	case m.predict.open:
		return m.predict.view(m.st, m.width)
	case m.solved:
		return m.solutionView()
	case m.whatIf.open:
		return m.whatIf.view(m.scene(), m.width)
	case m.picker.open:
		return m.picker.view(m.st)
	case m.prompt.open:
		return m.prompt.view(m.st)
	case m.help.open:
		return m.help.view(m.st)
	case m.sched.asked():
		return m.sched.view(m.scene(), m.width)
	}
	return nil
}

// drawPanel draws panel id's body in its border, with its title and info.
func (m Model) drawPanel(id panelID, sn *scene) []string {
	p := m.panels[id]
	title := id.String()
	if t, ok := p.(titled); ok {
		title = cmp.Or(t.title(sn), title)
	}
	focused := id == m.focus
	return m.st.box(m.layout.Panels[id], title, p.info(sn, focused), focused, p.view(sn))
}

// center draws a dialog's box over the middle of the base screen, with
// lipgloss's compositor: the screen and the box are layers, cut into cells on a canvas,
// so the box covers whole cells and never half a wide character or an escape
// sequence.
//
// Only a screen with a dialog open is composed so: the panels tile the screen
// exactly, and joining their lines costs a fifth of drawing them on a canvas.
func (m Model) center(base string, box []string) string {
	w := width(box[0])
	x, y := max((m.width-w)/2, 0), max((m.height-len(box))/2, 0)
	c := lipgloss.NewCanvas(m.width, m.height)
	c.Compose(lipgloss.NewCompositor(
		lipgloss.NewLayer(base),
		lipgloss.NewLayer(strings.Join(box, "\n")).X(x).Y(y).Z(1),
	))
	return canvasLines(c)
}

// canvasLines renders c with every line c.Width() cells wide. A canvas trims
// each line's trailing blank cells; the screen keeps them, so that each line
// covers the terminal's whole row, as the lines of a screen without a dialog do.
func canvasLines(c *lipgloss.Canvas) string {
	lines := strings.Split(c.Render(), "\n")
	for y := range lines {
		blank := 0
		for x := c.Width() - 1; x >= 0; x-- {
			cell := c.CellAt(x, y)
			if cell == nil || cell.Content != " " || !cell.Style.IsZero() || !cell.Link.IsZero() {
				break
			}
			blank++
		}
		lines[y] += spaces(blank)
	}
	return strings.Join(lines, "\n")
}
