package tui

import (
	"strings"
)

var pyKeywords = map[string]bool{
	"and": true, "as": true, "assert": true, "break": true, "class": true, "continue": true,
	"def": true, "del": true, "elif": true, "else": true, "except": true, "finally": true,
	"for": true, "from": true, "global": true, "if": true, "import": true, "in": true,
	"is": true, "lambda": true, "nonlocal": true, "not": true, "or": true, "pass": true,
	"raise": true, "return": true, "try": true, "while": true, "with": true, "yield": true,
	"None": true, "True": true, "False": true,
}

// highlightPython colours a listing's lines: keywords, strings (docstrings
// included), comments and numbers. It is a small lexer for what the listings
// use, run once per scenario, not per frame. Tabs become four spaces.
func highlightPython(src string, s *styles) []string {
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	out := make([]string, len(lines))
	inDoc := "" // the quote of an open triple-quoted string
	for i, line := range lines {
		line = strings.ReplaceAll(line, "\t", "    ")
		var b strings.Builder
		j := 0
		for j < len(line) {
			if inDoc != "" {
				end := strings.Index(line[j:], inDoc)
				if end < 0 {
					b.WriteString(s.pyString.s(line[j:]))
					j = len(line)
					break
				}
				b.WriteString(s.pyString.s(line[j : j+end+3]))
				j += end + 3
				inDoc = ""
				continue
			}
			c := line[j]
			switch {
			case c == '#':
				b.WriteString(s.pyComment.s(line[j:]))
				j = len(line)
			case c == '"' || c == '\'':
				q := string(c)
				if strings.HasPrefix(line[j:], q+q+q) {
					inDoc = q + q + q
					b.WriteString(s.pyString.s(inDoc))
					j += 3
					continue
				}
				k := j + 1
				for k < len(line) && line[k] != c {
					if line[k] == '\\' {
						k++
					}
					k++
				}
				k = min(k+1, len(line))
				b.WriteString(s.pyString.s(line[j:k]))
				j = k
			case isIdentStart(c):
				k := j
				for k < len(line) && isIdent(line[k]) {
					k++
				}
				word := line[j:k]
				// An f-string prefix belongs to its string.
				if (word == "f" || word == "r" || word == "b") && k < len(line) && (line[k] == '"' || line[k] == '\'') {
					b.WriteString(s.pyString.s(word))
				} else if pyKeywords[word] {
					b.WriteString(s.pyKeyword.s(word))
				} else {
					b.WriteString(word)
				}
				j = k
			case c >= '0' && c <= '9':
				k := j
				for k < len(line) && (isIdent(line[k]) || line[k] == '.') {
					k++
				}
				b.WriteString(s.pyNumber.s(line[j:k]))
				j = k
			default:
				b.WriteByte(c)
				j++
			}
		}
		out[i] = b.String()
	}
	return out
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdent(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }
