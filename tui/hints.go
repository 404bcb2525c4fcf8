package tui

import (
	"slices"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
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

// hintRank is the order the footer's keys give way in, by key, the highest
// first: ? (which lists every key) stays whatever the width. A key not named
// here gives way before all of these.
func hintRank(name string) int {
	for r, names := range [...][]string{{"?"}, {"q"}, {"space"}, {"→", "←"}, {"+/-"}, {"r"}, {"s"}, {"v"}, {"tab"}} {
		if slices.Contains(names, name) {
			return r
		}
	}
	return 9
}

// shortHint returns b with the footer's shorter label, if it has one; left is
// told by the label of right ("←/→ step"), so it is disabled, which hides it.
func shortHint(b key.Binding) key.Binding {
	switch b.Help().Key {
	case "→":
		b.SetHelp("←/→", "step")
	case "←":
		b.SetEnabled(false)
	case "s":
		b.SetHelp("s", "scenario")
	case "tab":
		b.SetHelp("tab", "panel")
	}
	return b
}

// footerHints are the keys of the keyMap's ShortHelp, in its order, with their
// short labels and ranks.
func footerHints(k keyMap) []footerHint {
	var hs []footerHint
	for _, b := range k.ShortHelp() {
		hs = append(hs, footerHint{full: b, short: shortHint(b), rank: hintRank(b.Help().Key)})
	}
	return hs
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
		if width(f) <= w {
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
