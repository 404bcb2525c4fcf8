package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"poolviz/pool"
)

func TestLine(t *testing.T) {
	for _, c := range []struct{ in, line, text string }{
		{"plain", "plain", "plain"},
		{"", "", ""},
		{"héllo ✓ 世界", "héllo ✓ 世界", "héllo ✓ 世界"},
		{`a\x1b stays`, `a\x1b stays`, `a\x1b stays`},
		{"title\x1b]0;pwned\x07", `title\x1b]0;pwned\x07`, `title\x1b]0;pwned\x07`},
		{"clip\x1b]52;c;aGk=\x1b\\", `clip\x1b]52;c;aGk=\x1b\`, `clip\x1b]52;c;aGk=\x1b\`},
		{"alt\x1b[?1049h\x1b[?25l", `alt\x1b[?1049h\x1b[?25l`, `alt\x1b[?1049h\x1b[?25l`},
		{"a\tb\nc\r\nd\re", `a\tb\nc\r\nd\re`, "a\tb\nc\nd\\re"},
		{"del\x7f nul\x00", `del\x7f nul\x00`, `del\x7f nul\x00`},
		{"c1\u009b31m next\u0085", `c1\u009b31m next\u0085`, `c1\u009b31m next\u0085`},
		{"bidi\u202eevil\u2066", `bidi\u202eevil\u2066`, `bidi\u202eevil\u2066`},
		{"sep\u2028x", `sep\u2028x`, `sep\u2028x`},
		{"bad\xff\xfeutf8", "bad\uFFFD\uFFFDutf8", "bad\uFFFD\uFFFDutf8"},
	} {
		if got := Line(c.in); got != c.line {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.line)
		}
		if got := Text(c.in); got != c.text {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.text)
		}
		if got := string(AppendLine([]byte("> "), []byte(c.in))); got != "> "+c.line {
			t.Errorf("AppendLine(%q) = %q, want %q", c.in, got, "> "+c.line)
		}
		if Safe(c.in) != (c.in == c.line) {
			t.Errorf("Safe(%q) = %v, want %v", c.in, Safe(c.in), c.in == c.line)
		}
	}
}

func TestLineSafeDoesNotAllocate(t *testing.T) {
	s := strings.Repeat("worker 3 ran task 17 → 289 ", 4)
	if n := testing.AllocsPerRun(100, func() { _ = Line(s) }); n != 0 {
		t.Errorf("Line of a safe string allocates %v times, want 0", n)
	}
	ev := pool.Event{Kind: pool.KindGlobalSet, Object: "queue", Value: "<Queue>", Vars: []pool.Var{{Name: "q", Value: "1"}}}
	if n := testing.AllocsPerRun(100, func() { _ = Event(ev) }); n != 0 {
		t.Errorf("Event of a safe event allocates %v times, want 0", n)
	}
}

func TestEvent(t *testing.T) {
	vars := []pool.Var{{Name: "ok", Value: "1"}, {Name: "n\x1b", Value: "v\x07"}}
	ev := Event(pool.Event{Kind: pool.KindOutput, Object: "o\x1b", Other: "x\x1b", Label: "l\x1b", Value: "v\x1b", Err: "e\x1b", Vars: vars})
	for _, s := range []string{ev.Object, ev.Other, ev.Label, ev.Value, ev.Err, ev.Vars[1].Name, ev.Vars[1].Value} {
		if !Safe(s) || !strings.Contains(s, `\x`) {
			t.Errorf("Event left %q", s)
		}
	}
	if ev.Vars[0] != vars[0] || vars[1].Name != "n\x1b" {
		t.Errorf("Event changed the caller's Vars or a safe var: %+v, %+v", ev.Vars, vars)
	}
}

// FuzzLine checks that Line's and Text's results hold no byte a terminal
// obeys, are valid UTF-8, and are their own results.
func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "a\x1b[31mb", "\r\n\t", "\xff\u202e\u0085", `\x1b`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, fn := range map[string]func(string) string{"Line": Line, "Text": Text} {
			got := fn(s)
			if !utf8.ValidString(got) || fn(got) != got {
				t.Fatalf("%s(%q) = %q: invalid UTF-8 or not stable", name, s, got)
			}
			for _, r := range got {
				ok := r >= 0x20 && r != 0x7f && !unsafeRune(r) || name == "Text" && (r == '\n' || r == '\t')
				if !ok {
					t.Fatalf("%s(%q) = %q holds %U", name, s, got, r)
				}
			}
		}
		if !Safe(Line(s)) {
			t.Fatalf("Safe(Line(%q)) = false", s)
		}
	})
}

func TestAppendJSON(t *testing.T) {
	in := []byte("{\"v\":\"a\u009bb\u202ec é ✓\"}")
	want := `{"v":"a\u009bb\u202ec é ✓"}`
	if got := string(AppendJSON(nil, in)); got != want {
		t.Errorf("AppendJSON = %q, want %q", got, want)
	}
}
