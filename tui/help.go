package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// helpMaxWidth is the widest the help box grows: wider, a sentence is harder
// to read than to scroll.
const helpMaxWidth = 100

// helpScreen is what ? opens over the panels: every key, then what each sign
// on the screen means, panel by panel, in a viewport that scrolls.
type helpScreen struct {
	open bool
	w, h int // the box, border included
	vp   viewport.Model
	// parts are the lines where the parts of the text begin (the keys, then
	// each panel's signs): tab and shift+tab jump between them.
	parts []int
	// What the text was laid out for: setSize runs on every frame, and lays the
	// text out again only when one of these changed.
	screenW, screenH int
	st               *styles
}

// newHelpScreen returns the help, closed.
func newHelpScreen() helpScreen {
	vp := viewport.New()
	vp.MouseWheelEnabled = false  // the root routes the wheel
	vp.KeyMap = viewport.KeyMap{} // the root's scroll keys drive it, as in the panels
	return helpScreen{vp: vp}
}

// show opens the help at its top.
func (h helpScreen) show() helpScreen {
	h.open = true
	h.vp.GotoTop()
	return h
}

// closed returns the help closed: old itself when it is, else a new one.
func (old *helpScreen) closed() *helpScreen {
	if !old.open {
		return old
	}
	h := *old
	h.open = false
	return &h
}

// setSize fits the box in a w x ht screen and lays its text out for the box's
// width, in the styles s. It returns old itself when nothing changes, else a
// new one: old is never changed.
func (old *helpScreen) setSize(w, ht int, k keyMap, s *styles) *helpScreen {
	if w == old.screenW && ht == old.screenH && s == old.st {
		return old
	}
	h := *old
	h.screenW, h.screenH, h.st = w, ht, s
	h.w = max(min(w-4, helpMaxWidth), 20)
	lines, parts := helpLines(k, s, h.w-2)
	h.parts = parts
	h.h = max(min(ht-2, len(lines)+2), 3)
	off := h.vp.YOffset()
	h.vp.SetWidth(h.w - 2)
	h.vp.SetHeight(h.h - 2)
	h.vp.SetContentLines(lines)
	h.vp.SetYOffset(off)
	return &h
}

// update takes a key while the help is open: ? and esc close it, the scroll
// keys scroll it, tab and shift+tab jump to the next or previous part. It reports whether the key was the help's; any other key
// goes on to the viewer, so space still pauses behind the help.
func (h helpScreen) update(msg tea.KeyPressMsg, k keyMap) (helpScreen, bool) {
	switch {
	case key.Matches(msg, k.Help), key.Matches(msg, k.Close):
		h.open = false
	case key.Matches(msg, k.Up):
		h.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		h.vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		h.vp.PageUp()
	case key.Matches(msg, k.PageDown):
		h.vp.PageDown()
	case key.Matches(msg, k.Top):
		h.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		h.vp.GotoBottom()
	case key.Matches(msg, k.Focus):
		h = h.jump(1)
	case key.Matches(msg, k.FocusBack):
		h = h.jump(-1)
	default:
		return h, false
	}
	return h, true
}

// jump scrolls to the start of the next part (dir 1) or the previous one (-1).
func (h helpScreen) jump(dir int) helpScreen {
	off := h.vp.YOffset()
	target := 0
	for _, p := range h.parts {
		if dir > 0 && p > off {
			target = p
			break
		}
		if dir < 0 && p < off {
			target = p
		}
	}
	if dir > 0 && target == 0 {
		h.vp.GotoBottom()
		return h
	}
	h.vp.SetYOffset(target)
	return h
}

// scroll moves the text by n lines (up when n < 0), for the mouse wheel.
func (h helpScreen) scroll(n int) helpScreen {
	if n < 0 {
		h.vp.ScrollUp(-n)
	} else {
		h.vp.ScrollDown(n)
	}
	return h
}

// view draws the box: the visible part of the text, and in the border where it
// is and how to move.
func (h helpScreen) view(s *styles) []string {
	total, shown := h.vp.TotalLineCount(), h.vp.VisibleLineCount()
	info := "? or esc closes"
	if total > shown {
		from := h.vp.YOffset() + 1
		info = fmt.Sprintf("lines %d-%d of %d · tab next part · esc closes", from, from+shown-1, total)
	}
	body := strings.Split(h.vp.View(), "\n")
	return s.box(rect{W: h.w, H: h.h}, "Help", info, true, body)
}

// helpLines is the help's text for an inner width w (a cell of it left free
// at the right, so that no word touches the border): how to move in it, the
// keys, a few words on how they work, then the legend. It returns the lines
// and the first line of each part.
func helpLines(k keyMap, s *styles, w int) ([]string, []int) {
	w--
	hm := help.New()
	hm.Styles = s.help
	hm.SetWidth(w - 2)
	out := wrapIndent(s.dim.s("↑↓ pgup pgdn home end scroll · tab jumps to the next part · esc closes"), w, 1)
	parts := []int{len(out) + 1} // the heading, after a blank line
	out = append(out, "", " "+s.strong.s("Keys"), "")
	for _, l := range strings.Split(hm.FullHelpView(k.FullHelp()), "\n") {
		out = append(out, "  "+l)
	}
	out = append(out, "")
	for _, note := range []string{
		"Left and right always step the run, whichever panel has the focus.",
		"The mouse wheel scrolls the panel under the pointer; a click gives it the focus.",
	} {
		out = append(out, wrapIndent(s.dim.s(note), w, 2)...)
	}
	out = append(out, "", " "+s.strong.s("What you see"))
	for _, g := range legendGroups(s) {
		parts = append(parts, len(out)+1)
		out = append(out, groupLines(g, s, w)...)
	}
	return out, parts
}

// groupLines lays a sign group out for an inner width w: a heading, then each
// sign in a column of its own with its meaning beside it. A sign wider than
// the column goes on a line of its own, its meaning below.
func groupLines(g signGroup, s *styles, w int) []string {
	const indent, gap = 2, 2
	col := signColumn(w)
	pad := spaces(indent + col + gap)
	out := []string{"", " " + s.bold.s(g.title) + " " + s.faint.s(repeat("─", max(w-width(g.title)-2, 0)))}
	for _, sg := range g.signs {
		means := wrapIndent(sg.means, w, len(pad))
		lw := width(sg.look)
		if lw > col {
			out = append(out, spaces(indent)+sg.look)
			out = append(out, means...)
			continue
		}
		means[0] = spaces(indent) + sg.look + spaces(col-lw+gap) + means[0][len(pad):]
		out = append(out, means...)
	}
	return out
}

// signColumn is the width of the signs' column for an inner width w: 22 cells,
// fewer on a narrow screen. Most signs fit, so most meanings sit beside their
// sign; a longer sign, a whole line of a panel, takes a line of its own.
func signColumn(w int) int { return min(max(w/3, 12), 22) }

// wrapIndent wraps text to fit width w after an indent of n spaces, and
// indents every line by n.
func wrapIndent(text string, w, n int) []string {
	lines := strings.Split(ansi.Wrap(text, max(w-n, 10), " "), "\n")
	for i := range lines {
		lines[i] = spaces(n) + lines[i]
	}
	return lines
}
