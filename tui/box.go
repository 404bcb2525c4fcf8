package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// fit makes a line exactly w cells wide: cut (with an ellipsis, never inside a
// wide character or an escape sequence) or padded with spaces.
func fit(line string, w int) string {
	if w <= 0 {
		return ""
	}
	n := width(line)
	switch {
	case n == w:
		return line
	case n < w:
		return line + spaces(w-n)
	}
	return ansi.Truncate(line, w, "…")
}

// spaces returns n spaces without allocating for common widths.
func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	if n <= len(blank) {
		return blank[:n]
	}
	return strings.Repeat(" ", n)
}

// repeat returns s repeated n times (s is one cell wide).
func repeat(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(s, n)
}

const blank = "                                                                                                                                                                                                                                                                "

// padLeft right-aligns a plain string in w cells.
func padLeft(s string, w int) string {
	n := width(s)
	if n >= w {
		return s
	}
	return spaces(w-n) + s
}

// box draws a panel of r's size: a rounded border with the title set into its
// top edge (and info at the right of it), around body lines cut or padded to
// the inner width. A focused panel has a thick border, so focus shows without
// colour. It returns exactly r.H lines of exactly r.W cells.
func (s *styles) box(r rect, title, info string, focused bool, body []string) []string {
	if r.Empty() {
		return nil
	}
	b, bp, tp := lipgloss.RoundedBorder(), s.border, s.title
	if focused {
		b, bp, tp = lipgloss.ThickBorder(), s.borderFocus, s.titleFocus
	}
	inner := r.W - 2
	out := make([]string, 0, r.H)

	// Top edge: ╭─ Title ───── info ─╮
	title = ansi.Truncate(title, max(inner-4, 0), "…")
	tw := width(title)
	iw := width(info)
	if iw > inner-tw-7 { // an info that does not fit whole is left out, never cut
		info, iw = "", 0
	}
	var top strings.Builder
	top.WriteString(bp.s(b.TopLeft + b.Top))
	used := 1
	if tw > 0 {
		top.WriteString(" " + tp.s(title) + " ")
		used += tw + 2
	}
	fill := inner - used
	if iw > 0 {
		fill -= iw + 3
	}
	top.WriteString(bp.s(repeat(b.Top, fill)))
	if iw > 0 {
		top.WriteString(" " + s.dim.s(info) + " " + bp.s(b.Top))
	}
	top.WriteString(bp.s(b.TopRight))
	out = append(out, top.String())

	left, right := bp.s(b.Left), bp.s(b.Right)
	for i := 0; i < r.H-2; i++ {
		line := ""
		if i < len(body) {
			line = body[i]
		}
		out = append(out, left+fit(line, inner)+right)
	}
	if r.H >= 2 {
		out = append(out, bp.s(b.BottomLeft+repeat(b.Bottom, inner)+b.BottomRight))
	}
	return out
}

// tiler joins panels into the lines of a w x h screen. Each panel's lines
// must be exactly its rectangle's width, and the rectangles must tile the
// screen; panels are joined left to right on every row.
type tiler struct {
	rows []strings.Builder
}

// newTiler starts an empty screen of h rows.
func newTiler(h int) *tiler { return &tiler{rows: make([]strings.Builder, h)} }

// put appends a panel's lines to the rows it covers. Call put in order of
// increasing x for panels that share rows.
func (t *tiler) put(r rect, lines []string) {
	for i, line := range lines {
		if y := r.Y + i; y >= 0 && y < len(t.rows) && i < r.H {
			t.rows[y].WriteString(line)
		}
	}
}

// lines returns the rows.
func (t *tiler) lines() []string {
	out := make([]string, len(t.rows))
	for i := range t.rows {
		out[i] = t.rows[i].String()
	}
	return out
}

// borderSigns are the panels' borders and the footer's note.
func borderSigns(s *styles) signGroup {
	return signGroup{title: "Borders and footer", signs: []sign{
		{s.borderFocus.s("┏━ ") + s.titleFocus.s("Workers") + s.borderFocus.s(" ━┓"), "the panel with the focus: ↑↓ pgup pgdn scroll it, z zooms it"},
		{s.border.s("╭─ ") + s.title.s("Code") + s.border.s(" ─╮"), "another panel: tab moves the focus to it"},
		{s.dim.s("4 workers"), "at the right of a border: what the panel shows, or where it is scrolled"},
		{s.warn.s("new seed 7"), "at the right of the footer: what the last key did"},
	}}
}
