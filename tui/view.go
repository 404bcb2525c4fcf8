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
	f := m.frame()
	l := &m.layout
	sc := newScreen(m.height)
	sc.put(l.Header, m.header.view(f))

	order := l.visible()
	slices.SortStableFunc(order, func(a, b panel) int { return l.Panels[a].X - l.Panels[b].X })
	for _, p := range order {
		sc.put(l.Panels[p], m.panel(p, f))
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

// panel draws panel p in its frame.
func (m Model) panel(p panel, f *frame) []string {
	r := m.layout.Panels[p]
	var body []string
	info := ""
	switch p {
	case pWorkers:
		body, info = m.workers.view(f), m.workers.info(f, m.focus == pWorkers)
	case pTimeline:
		body, info = m.tline.view(f), m.tline.info(f)
	case pCode:
		body, info = m.code.view(f), m.code.info()
	case pQueue:
		body, info = m.queue.view(f), m.queue.info(f)
	case pResults:
		body, info = m.results.view(f), m.results.info(f)
	case pObjects:
		body, info = m.objects.view(f), m.objects.info(f)
	case pOutput:
		body, info = m.output.view(f), m.output.info(f)
	case pLog:
		body, info = m.log.view(m.st), m.log.info()
	case pDeadlock:
		body, info = m.deadlock.view(f), m.deadlock.info(f)
	}
	title := p.String()
	if p == pDeadlock {
		title = m.st.bad.s("✗ DEADLOCK")
	}
	return m.st.box(r, title, info, p == m.focus, body)
}

// center draws a dialog's lines over the middle of the screen.
func (m Model) center(lines, box []string) {
	if len(box) == 0 {
		return
	}
	w := ansi.StringWidth(box[0])
	overlay(lines, max((m.width-w)/2, 0), max((m.height-len(box))/2, 0), box, m.width)
}
