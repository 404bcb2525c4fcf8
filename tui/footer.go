package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"github.com/charmbracelet/x/ansi"
)

// footerPanel draws the bottom line: a note about the last action (or an error)
// and the main keys.
type footerPanel struct {
	w     int
	help  help.Model
	hints keyHints // the keys line in each of its forms, drawn once per style
}

func newFooterPanel(s *styles) footerPanel {
	h := help.New()
	h.Styles = s.help
	h.ShortSeparator = "  "
	return footerPanel{help: h}
}

// setSize sizes the footer, drawing its keys line the first time. It returns
// q itself when nothing changes, else a new one: q is never changed.
func (q *footerPanel) setSize(w int, k keyMap) *footerPanel {
	if w == q.w && len(q.hints.forms) > 0 {
		return q
	}
	p := *q
	p.w = w
	if len(p.hints.forms) == 0 {
		p.hints = newKeyHints(p.help, k)
	}
	return &p
}

// restyle applies new styles; the next setSize draws the keys in them.
func (p footerPanel) restyle(s *styles) footerPanel {
	p.help.Styles = s.help
	p.hints = keyHints{}
	return p
}

// view draws the footer: the keys, and the note at the right when there is one.
// The keys give way to the note, fewer and shorter, down to ? (which lists
// them all); a note too long for even that is cut.
func (p footerPanel) view(note string, s *styles) string {
	if note == "" {
		return fit(p.hints.fit(p.w), p.w)
	}
	// "│ " keeps the note apart from the keys: "tab focus restarted…" read as one.
	room := p.w - width(p.hints.narrowest()) - 4
	right := " " + s.faint.s("│") + " " + s.warn.s(ansi.Truncate(note, max(room, 0), "…")) + " "
	return spread(p.hints.fit(p.w-width(right)), right, p.w)
}

// tooSmall is the whole screen when the terminal is below the minimum size.
func tooSmall(s *styles, w, h int) string {
	text := "terminal too small (need at least " + strconv.Itoa(minWidth) + " x " + strconv.Itoa(minHeight) +
		", this is " + strconv.Itoa(w) + " x " + strconv.Itoa(h) + ")"
	var msg []string
	for _, l := range strings.Split(ansi.Wrap(text, max(w, 1), " "), "\n") {
		msg = append(msg, s.bad.s(l))
	}
	msg = append(msg, "", s.dim.s("enlarge the window, or press q to quit"))
	lines := make([]string, h)
	for i := range lines {
		lines[i] = spaces(w)
	}
	top := max((h-len(msg))/2, 0)
	for i, m := range msg {
		if top+i >= h {
			break
		}
		mw := width(m)
		if mw > w {
			m = ansi.Truncate(m, w, "…")
			mw = w
		}
		lines[top+i] = fit(spaces((w-mw)/2)+m, w)
	}
	return strings.Join(lines, "\n")
}
