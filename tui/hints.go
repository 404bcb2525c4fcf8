package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// keyHints is the footer's keys line in every form it can take, from the
// widest to the narrowest, drawn once per size and style: the footer picks the
// widest that leaves room for its note, so a frame only compares widths.
type keyHints struct {
	forms []string // each starts with a space; the last is the ? key alone
}

// footerHint is a key the footer may show: its binding with a shorter label
// for narrow screens, and its rank (the higher, the sooner it gives way).
type footerHint struct {
	full, short key.Binding
	rank        int
}

// footerHints are the footer's keys in the order they are shown. Left and right
// share one short label ("←/→ step"); ? is last to go, after q.
func footerHints(k keyMap) []footerHint {
	short := func(b key.Binding, keys, desc string) key.Binding {
		b.SetHelp(keys, desc)
		return b
	}
	noKey := key.NewBinding(key.WithDisabled())
	return []footerHint{
		{k.Pause, k.Pause, 2},
		{k.Step, short(k.Step, "←/→", "step"), 3},
		{k.Back, noKey, 3}, // told by the short label of →
		{k.Speed, k.Speed, 4},
		{k.Restart, k.Restart, 5},
		{k.Scenarios, short(k.Scenarios, "s", "scenario"), 6},
		{k.Help, k.Help, 0},
		{k.Quit, k.Quit, 1},
		{k.Timeline, k.Timeline, 7},
		{k.Focus, short(k.Focus, "tab", "panel"), 8},
	}
}

// newKeyHints draws every form of the keys line: all keys with their full
// labels, then with short labels, then dropping keys by rank (those of a rank
// together) down to ? alone.
func newKeyHints(h help.Model, k keyMap) keyHints {
	h.SetWidth(0) // never cut: each form is whole, and the footer picks one
	hints := footerHints(k)
	view := func(maxRank int, full bool) string {
		var bs []key.Binding
		for _, fh := range hints {
			switch {
			case fh.rank > maxRank:
			case full:
				bs = append(bs, fh.full)
			default:
				bs = append(bs, fh.short)
			}
		}
		return " " + h.ShortHelpView(bs)
	}
	top := 0
	for _, fh := range hints {
		top = max(top, fh.rank)
	}
	forms := []string{view(top, true)}
	for r := top; r >= 0; r-- {
		forms = append(forms, view(r, false))
	}
	return keyHints{forms: forms}
}

// fit returns the widest form of at most w cells, or the narrowest if none is.
func (kh keyHints) fit(w int) string {
	for _, f := range kh.forms {
		if ansi.StringWidth(f) <= w {
			return f
		}
	}
	return kh.narrowest()
}

// narrowest is the form that always shows: the ? key.
func (kh keyHints) narrowest() string {
	if len(kh.forms) == 0 {
		return ""
	}
	return kh.forms[len(kh.forms)-1]
}
