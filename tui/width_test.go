package tui

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"poolviz/scenarios"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestWidthRanges checks every character oneCell counts: one cell wide, as
// ansi.StringWidth measures it alone, beside ASCII and beside each other.
func TestWidthRanges(t *testing.T) {
	counted := 0
	for r := rune(0x80); r < 0x10000; r++ {
		if !oneCell(r) {
			continue
		}
		counted++
		s := string(r)
		if w := ansi.StringWidth(s); w != 1 {
			t.Errorf("%U %s: ansi.StringWidth %d, oneCell counts 1", r, s, w)
		}
		if unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc, unicode.Cf, unicode.Cc) {
			t.Errorf("%U: a mark or a format character, which joins a cluster", r)
		}
		for _, pair := range []string{"a" + s, s + "a", s + s, s + "─", "▶" + s} {
			if got, want := width(pair), ansi.StringWidth(pair); got != want {
				t.Errorf("%U in %q: width %d, ansi.StringWidth %d", r, pair, got, want)
			}
		}
	}
	if counted < 500 {
		t.Fatalf("oneCell counts only %d characters", counted)
	}
}

// TestWidthAgreesWithAnsi compares width with ansi.StringWidth on the
// screens of every scenario and on random strings of ASCII, the symbols,
// escape sequences and characters outside the ranges (emoji, combining marks,
// joiners, wide characters, controls).
func TestWidthAgreesWithAnsi(t *testing.T) {
	for _, name := range []string{"shared-queue", "lock", "deadlock-queue", "imap-order", "worker-globals", "barrier"} {
		m, err := NewModel(Options{ManualFrames: true, Scenario: name, Params: scenarios.Params{Seed: 1}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(m.Close)
		m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 36})
		m = drive(t, m, frames(200)...)
		for _, line := range strings.Split(m.render(), "\n") {
			if got, want := width(line), ansi.StringWidth(line); got != want {
				t.Fatalf("%s: width %d, ansi.StringWidth %d: %q", name, got, want, line)
			}
		}
	}
	parts := []string{"a", "Z", " ", "~", "·", "×", "é", "…", "→", "↪", "↔", "≡", "─", "│", "╭", "█", "▶", "◀", "✓", "✗",
		"\x1b[1;38;2;1;2;3m", "\x1b[m", "\x1b[0m", "\x1b[38;5;12m", "\x1b]8;;http://x\x1b\\", "\x1b[", "\x1b", "\x1b[1",
		"\t", "\n", "\x7f", "\u0301", "\u200d", "\ufe0f", "\u00ad", "👍", "👨\u200d👩", "中", "ｱ", "🇫🇷", "\xff", "\xe2\x94", "\xc3"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		if got, want := width(s), ansi.StringWidth(s); got != want {
			t.Fatalf("width %d, ansi.StringWidth %d: %q", got, want, s)
		}
	}
}

// FuzzWidth compares width with ansi.StringWidth on any string.
func FuzzWidth(f *testing.F) {
	for _, s := range []string{"", "abc", "\x1b[1mW1\x1b[m ▸ task(3) · sleep", "╭─ Code ─╮", "e\u0301", "▶\ufe0f", "a\x1b[", "✓ 22"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := width(s), ansi.StringWidth(s); got != want {
			t.Fatalf("width %d, ansi.StringWidth %d: %q", got, want, s)
		}
	})
}
