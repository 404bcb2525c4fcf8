package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// tagRoom is the room, in cells, a line that actors can be on keeps free at the
// right of one of its rows for their tags (" ◀ main +4"), so that the tags never
// cover code.
const tagRoom = 10

// nbsp binds a comment's # to its first word while a line is wrapped, so that a
// row never ends in a lone #.
const nbsp = "\u00a0"

// codeRow is one screen row of the listing: a source line, a piece of one, or
// the extra row a marked line needs for its tags.
type codeRow struct {
	line int    // the source line, from 0
	cont bool   // not the line's first row
	text string // highlighted text, at the line's indentation; empty on a tags row
}

// continued reports whether the row carries the rest of a line's code, so it
// shows the continuation sign.
func (r codeRow) continued() bool { return r.cont && r.text != "" }

// codeWrap is the listing soft-wrapped at a text width: its rows, where each
// line starts, and the row of each line that carries its actors' tags. It is a
// function of the listing and the width only, so the same size always gives the
// same rows, whoever is on which line.
type codeWrap struct {
	width int // the text width, gutter excluded; 0 before the first wrap
	rows  []codeRow
	first []int // the first row of each line
	tagAt []int // the row of each line that carries its tags
}

// wrapListing wraps highlighted lines at text width w. A line actors can be on
// (marked) keeps tagRoom cells free on its first row that has them, or gets an
// extra row for its tags.
func wrapListing(lines []string, marked map[int]bool, w int) codeWrap {
	cw := codeWrap{width: w, first: make([]int, len(lines)), tagAt: make([]int, len(lines))}
	for i, line := range lines {
		start := len(cw.rows)
		cw.first[i], cw.tagAt[i] = start, start
		for j, text := range wrapLine(line, w) {
			cw.rows = append(cw.rows, codeRow{line: i, cont: j > 0, text: text})
		}
		if marked[i] {
			cw.tagAt[i] = cw.roomFor(start, w)
		}
	}
	return cw
}

// roomFor returns the first row from start (the rows of the last line) with
// tagRoom free cells, adding a row for the tags when none has them.
func (cw *codeWrap) roomFor(start, w int) int {
	for r := start; r < len(cw.rows); r++ {
		if width(cw.rows[r].text)+tagRoom <= w {
			return r
		}
	}
	cw.rows = append(cw.rows, codeRow{line: cw.rows[start].line, cont: true})
	return len(cw.rows) - 1
}

// last returns the last row of line i (0-based), its tags row included.
func (cw codeWrap) last(i int) int {
	if i+1 < len(cw.first) {
		return cw.first[i+1] - 1
	}
	return len(cw.rows) - 1
}

// lineStart returns the first row from r on that starts a line, or the number
// of rows if none does.
func (cw codeWrap) lineStart(r int) int {
	for r = max(r, 0); r < len(cw.rows) && cw.rows[r].cont; r++ {
	}
	return r
}

// wrapLine breaks a highlighted line into rows of at most w cells: at spaces
// where it can, inside a word where it must. Continuation rows start at the
// line's indentation (at most half the row, so a deep line keeps room for its
// text), and colours carry over from row to row.
func wrapLine(line string, w int) []string {
	lw := width(line)
	if lw <= w || w < 2 {
		return []string{line}
	}
	plain := ansi.Strip(line)
	indent := min(len(plain)-len(strings.TrimLeft(plain, " ")), w/2)
	body := strings.ReplaceAll(ansi.Cut(line, indent, lw), "# ", "#"+nbsp)
	rows := strings.Split(lipgloss.Wrap(body, w-indent, ""), "\n")
	pad := spaces(indent)
	for i, r := range rows {
		rows[i] = pad + strings.ReplaceAll(r, nbsp, " ")
	}
	return rows
}
