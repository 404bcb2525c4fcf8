package tui

import "github.com/charmbracelet/x/ansi"

// width returns how many cells line takes, as ansi.StringWidth measures it,
// but without segmenting it into grapheme clusters when it needs none: a line
// of printable ASCII, SGR sequences (ESC [ … m, and the other CSI sequences)
// and the one-cell symbols the panels draw with (see oneCell) is measured by
// counting. Anything else (a control, another escape sequence, a character
// outside those ranges, which might join its neighbour into one cluster) is
// measured by ansi.StringWidth. Why: every panel line is measured on every
// frame (fit), and segmenting was a third of drawing a follower's screen.
func width(line string) int {
	n := 0
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c == 0x1b && i+1 < len(line) && line[i+1] == '[':
			j := i + 2
			for j < len(line) && line[j] >= 0x30 && line[j] <= 0x3f { // parameters
				j++
			}
			for j < len(line) && line[j] >= 0x20 && line[j] <= 0x2f { // intermediates
				j++
			}
			if j >= len(line) || line[j] < 0x40 || line[j] > 0x7e { // no final byte
				return ansi.StringWidth(line)
			}
			i = j + 1
		case c >= 0xc2 && c <= 0xef: // the lead byte of a 2- or 3-byte UTF-8 sequence
			r, size := decodeRune(line[i:])
			if size == 0 || !oneCell(r) {
				return ansi.StringWidth(line)
			}
			n++
			i += size
		default:
			return ansi.StringWidth(line)
		}
	}
	return n
}

// decodeRune decodes the 2- or 3-byte UTF-8 sequence s starts with, or
// returns size 0 when it is not a well-formed one.
func decodeRune(s string) (rune, int) {
	c := s[0]
	cont := func(b byte) bool { return b&0xc0 == 0x80 }
	switch {
	case c < 0xe0:
		if len(s) < 2 || !cont(s[1]) {
			return 0, 0
		}
		return rune(c&0x1f)<<6 | rune(s[1]&0x3f), 2
	case len(s) < 3 || !cont(s[1]) || !cont(s[2]):
		return 0, 0
	}
	r := rune(c&0x0f)<<12 | rune(s[1]&0x3f)<<6 | rune(s[2]&0x3f)
	if r < 0x800 || (r >= 0xd800 && r <= 0xdfff) { // overlong, or a surrogate
		return 0, 0
	}
	return r, 3
}

// oneCell reports whether r is one of the symbols counted as one cell
// without segmenting: in these ranges every character is one cell wide and
// none joins a neighbour into a cluster (no combining mark, joiner, variation
// selector or emoji shown as a picture by default); TestWidthRanges checks
// each against ansi.StringWidth.
func oneCell(r rune) bool {
	switch {
	case r >= 0xa1 && r <= 0xff && r != 0xad: // Latin-1: ·, ×, é… (not the soft hyphen)
		return true
	case r >= 0x2010 && r <= 0x2027: // dashes, quotes, bullets, …
		return true
	case r >= 0x2030 && r <= 0x205e: // ‰, ‹›, ‼…
		return true
	case r >= 0x2190 && r <= 0x21ff: // arrows
		return true
	case r >= 0x2200 && r <= 0x22ff: // mathematical operators: ≡, ⊡…
		return true
	case r >= 0x2500 && r <= 0x25ff: // box drawing, blocks, geometric shapes
		return r != 0x25fd && r != 0x25fe // ◽ ◾ are emoji, two cells
	case r == 0x2713 || r == 0x2717: // ✓ ✗
		return true
	}
	return false
}
