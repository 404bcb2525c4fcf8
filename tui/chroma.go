package tui

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// highlightWithLexer colours a Python program's lines with a real Python
// lexer (chroma's), in the listing's four colours: keywords (the word
// operators "and", "in", "not" included), strings, comments and numbers. A
// traced program is the learner's own, so it may use any of Python's syntax,
// which the small lexer of the presets' listings does not claim to know. It
// runs once per program, not per frame. Tabs become four spaces.
func highlightWithLexer(src string, s *styles) []string {
	src = strings.ReplaceAll(strings.TrimRight(src, "\n"), "\t", "    ")
	lexer := lexers.Get("python")
	if lexer == nil {
		return highlightPython(src, s)
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, src+"\n")
	if err != nil {
		return highlightPython(src, s)
	}
	out := make([]string, 0, strings.Count(src, "\n")+1)
	var b strings.Builder
	for tok := it(); tok != chroma.EOF; tok = it() {
		p, painted := tokenPaint(tok.Type, s)
		for i, part := range strings.Split(tok.Value, "\n") {
			if i > 0 {
				out = append(out, b.String())
				b.Reset()
			}
			if painted && part != "" {
				b.WriteString(p.s(part))
			} else {
				b.WriteString(part)
			}
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// tokenPaint returns the paint a token type is drawn in, and false for plain text.
func tokenPaint(t chroma.TokenType, s *styles) (paint, bool) {
	switch {
	case t.InCategory(chroma.Keyword), t == chroma.OperatorWord:
		return s.pyKeyword, true
	case t.InSubCategory(chroma.LiteralString):
		return s.pyString, true
	case t.InCategory(chroma.Comment):
		return s.pyComment, true
	case t.InSubCategory(chroma.LiteralNumber):
		return s.pyNumber, true
	}
	return paint{}, false
}
