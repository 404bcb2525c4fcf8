// Package safetext makes text that comes from outside poolviz safe to print
// on a terminal. A saved run, a traced program or an exercise file can hold
// any bytes, and a terminal obeys the control sequences among them: it sets
// its title, writes the clipboard, switches screens or hides the cursor. So
// every such string is escaped once where it enters (the saved-run reader,
// the tracer's converter) and again where it is printed, as a defence: a
// control character is shown as a visible escape (\x1b, \t, \u0085), never
// sent as itself.
package safetext

import (
	"strings"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// Line returns s made safe to print as one line: every control character
// (C0, DEL, C1), line or paragraph separator and bidirectional formatting
// character is shown as an escape such as \x1b, \n or \u202e, and invalid
// UTF-8 becomes U+FFFD. A backslash is left as it is, so Python's reprs stay
// readable; Line of Line's result is that result. Cost: one pass over s, and
// no allocation when s is safe already.
func Line(s string) string { return escape(s, false) }

// Text is Line for text of several lines, such as a listing or an error with
// a traceback: newlines and tabs are kept, and "\r\n" becomes "\n".
func Text(s string) string { return escape(s, true) }

// Safe reports whether s prints as itself on one line: Line(s) == s.
func Safe(s string) bool { return safeUpTo(s, false) == len(s) }

// AppendLine appends Line(string(b)) to dst, for a caller that builds lines in
// a reused buffer.
func AppendLine(dst, b []byte) []byte {
	i := safeUpTo(string(b), false) // the conversion does not allocate
	dst = append(dst, b[:i]...)
	if i == len(b) {
		return dst
	}
	return appendEscaped(dst, string(b[i:]), false)
}

func escape(s string, multiline bool) string {
	i := safeUpTo(s, multiline)
	if i == len(s) {
		return s
	}
	b := make([]byte, 0, len(s)+16)
	b = append(b, s[:i]...)
	return string(appendEscaped(b, s[i:], multiline))
}

// safeUpTo returns the length of the longest prefix of s that prints as itself.
func safeUpTo(s string, multiline bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			if multiline && (c == '\n' || c == '\t') {
				i++
				continue
			}
			return i
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r) {
			return i
		}
		i += n
	}
	return len(s)
}

// appendEscaped appends s to dst with what cannot print as itself escaped.
func appendEscaped(dst []byte, s string, multiline bool) []byte {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			dst = utf8.AppendRune(dst, utf8.RuneError)
		case multiline && (r == '\n' || r == '\t'):
			dst = append(dst, byte(r))
		case multiline && r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			// a Windows line end: the newline that follows is kept
		case r == '\n':
			dst = append(dst, `\n`...)
		case r == '\t':
			dst = append(dst, `\t`...)
		case r == '\r':
			dst = append(dst, `\r`...)
		case r < 0x20 || r == 0x7f:
			dst = append(dst, '\\', 'x', hexDigits[r>>4], hexDigits[r&0xf])
		case unsafeRune(r):
			dst = append(dst, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
		default:
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

// unsafeRune reports whether a rune at or above U+0080 must not reach a
// terminal as itself: a C1 control (U+0085 and U+009B start sequences on some
// terminals), a line or paragraph separator, or a bidirectional formatting
// character, which reorders what follows it on the screen.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f:
		return true
	case r >= 0x2028 && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// AppendJSON appends JSON text b to dst with every rune at or above U+0080
// that Line escapes (C1 controls, separators, bidirectional formatting)
// written as a \u escape, which a JSON reader reads as the same rune:
// encoding/json escapes the C0 controls itself but writes these as they are,
// and a terminal that shows the file (cat run.jsonl) would obey them.
func AppendJSON(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			dst = append(dst, b[i])
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if unsafeRune(r) {
			dst = append(dst, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
		} else {
			dst = append(dst, b[i:i+n]...)
		}
		i += n
	}
	return dst
}
