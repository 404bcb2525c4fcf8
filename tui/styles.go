package tui

import (
	"image/color"
	"strings"

	"poolviz/picture"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/list"
	"charm.land/lipgloss/v2"
)

// paint is a style reduced to the escape codes around its text. Styling a string
// with a paint is a concatenation, so the panels can colour thousands of cells
// per frame without running lipgloss's layout engine for each one.
type paint struct{ pre, post string }

// newPaint renders a marker through the style once and keeps what surrounds it.
// The style must have no padding, margin, width or border.
func newPaint(st lipgloss.Style) paint {
	out := st.Render("\x01")
	i := strings.IndexByte(out, '\x01')
	if i < 0 {
		return paint{}
	}
	return paint{pre: out[:i], post: out[i+1:]}
}

// s paints str.
func (p paint) s(str string) string {
	if p.pre == "" || str == "" {
		return str
	}
	return p.pre + str + p.post
}

// styles is every style the screen uses, built once from the terminal's
// background (dark or light). No View code creates a style: it picks one here.
type styles struct {
	dark bool

	// Text.
	dim, bold, faint, accent, ok, warn, bad, info, key paint
	strong                                             paint // bold accent, for headings in panels
	selected                                           paint // the selected row of a list
	marked                                             paint // a code line an actor is on

	// Panel borders.
	border, borderFocus, title, titleFocus paint

	// Header badges for the run state.
	badge [4]paint // session.Running, Paused, Finished, Deadlocked

	// Workers.
	worker            []paint                         // one colour per worker id, cycling
	status            [picture.WorkerFailed + 1]paint // one per worker state
	barFull, barEmpty color.Color

	// Timeline spans.
	span      [4]paint // picture.SpanInit, SpanTask, SpanBlocked, SpanSleep
	spanLabel paint    // a task id written on its span

	// Python listing.
	pyKeyword, pyString, pyComment, pyNumber, lineNo paint

	// Components.
	help     help.Styles
	listItem list.DefaultItemStyles
	list     list.Styles
	overlay  paint // the border of a dialog drawn over the panels
}

// workerPalette is the workers' colours, one for each of eight workers in
// turn, in c's light or dark variant.
func workerPalette(c func(light, dark string) color.Color) []paint {
	var ps []paint
	for _, h := range [][2]string{
		{"#1f56c4", "#7aa2f7"}, {"#2e7d32", "#9ece6a"}, {"#9a6700", "#e0af68"}, {"#7e3fbf", "#bb9af7"},
		{"#00768a", "#7dcfff"}, {"#b34700", "#ff9e64"}, {"#ad1457", "#f7768e"}, {"#00796b", "#73daca"},
	} {
		ps = append(ps, newPaint(lipgloss.NewStyle().Foreground(c(h[0], h[1])).Bold(true)))
	}
	return ps
}

// newStyles builds the styles for a dark or light background. With noColor the
// colours are still set, and the renderer's colour profile drops them: the
// screen then relies on glyphs and border shapes, never on colour alone.
func newStyles(dark bool) *styles {
	ld := lipgloss.LightDark(dark)
	c := func(light, darkHex string) color.Color {
		return ld(lipgloss.Color(light), lipgloss.Color(darkHex))
	}
	fg := func(col color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(col) }

	dimC := c("#6c6f85", "#8b8fa8")
	accentC := c("#7c3aed", "#c4a7ff")
	okC := c("#2e7d32", "#9ece6a")
	warnC := c("#9a6700", "#e0af68")
	badC := c("#c62828", "#ff7a93")
	infoC := c("#0b6aa2", "#7dcfff")
	borderC := c("#a6a9bd", "#4a4d63")
	focusC := c("#2451b7", "#7aa2f7")

	s := &styles{dark: dark}
	s.dim = newPaint(fg(dimC))
	s.faint = newPaint(fg(c("#9ea1b5", "#5c5f77")))
	s.bold = newPaint(lipgloss.NewStyle().Bold(true))
	s.accent = newPaint(fg(accentC))
	s.strong = newPaint(fg(accentC).Bold(true))
	s.ok = newPaint(fg(okC))
	s.warn = newPaint(fg(warnC))
	s.bad = newPaint(fg(badC).Bold(true))
	s.info = newPaint(fg(infoC))
	s.key = newPaint(fg(focusC).Bold(true))
	s.selected = newPaint(lipgloss.NewStyle().Reverse(true))
	s.marked = newPaint(lipgloss.NewStyle().Background(c("#e4e7f5", "#262a3d")))

	s.border = newPaint(fg(borderC))
	s.borderFocus = newPaint(fg(focusC).Bold(true))
	s.title = newPaint(fg(c("#3b3f58", "#c0c4dc")).Bold(true))
	s.titleFocus = newPaint(fg(focusC).Bold(true))
	s.overlay = newPaint(fg(accentC).Bold(true))

	onBadge := c("#ffffff", "#16161e")
	badge := func(bg color.Color) paint {
		return newPaint(lipgloss.NewStyle().Foreground(onBadge).Background(bg).Bold(true))
	}
	s.badge = [4]paint{badge(okC), badge(warnC), badge(infoC), badge(badC)}

	s.worker = workerPalette(c)
	s.status = [...]paint{
		picture.WorkerNone:         s.faint,
		picture.WorkerStarting:     s.dim,
		picture.WorkerInitializing: s.warn,
		picture.WorkerIdle:         s.dim,
		picture.WorkerRunning:      s.ok,
		picture.WorkerBlocked:      s.warn, // waiting is normal; statusText turns a deadlocked one red
		picture.WorkerReplaced:     s.info,
		picture.WorkerExited:       s.faint,
		picture.WorkerFailed:       s.bad,
	}
	s.barFull, s.barEmpty = okC, c("#d5d8e6", "#343850")

	s.span = [4]paint{
		picture.SpanInit:    newPaint(fg(warnC)),
		picture.SpanTask:    newPaint(fg(okC)),
		picture.SpanBlocked: newPaint(fg(badC)),
		picture.SpanSleep:   newPaint(fg(infoC)),
	}

	s.spanLabel = newPaint(lipgloss.NewStyle().Foreground(onBadge).Background(okC).Bold(true))

	s.pyKeyword = newPaint(fg(c("#8839ef", "#bb9af7")))
	s.pyString = newPaint(fg(c("#40802a", "#a6d189")))
	s.pyComment = newPaint(fg(dimC).Italic(true))
	s.pyNumber = newPaint(fg(c("#b34700", "#ff9e64")))
	s.lineNo = s.faint

	s.help = help.DefaultStyles(dark)
	s.help.ShortKey = fg(focusC).Bold(true)
	s.help.FullKey = fg(focusC).Bold(true)
	s.listItem = list.NewDefaultItemStyles(dark)
	s.list = list.DefaultStyles(dark)
	s.list.Title = lipgloss.NewStyle().Foreground(onBadge).Background(accentC).Bold(true).Padding(0, 1)
	return s
}

// workerPaint is the colour of worker id (from 1).
func (s *styles) workerPaint(id int) paint {
	if id < 1 {
		return s.bold
	}
	return s.worker[(id-1)%len(s.worker)]
}
