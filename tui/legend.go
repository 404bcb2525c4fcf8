package tui

import (
	"poolviz/scenarios"
	"poolviz/session"
)

// sign is one thing the screen draws, as it is drawn, and what it means.
type sign struct {
	look  string // drawn in its real style
	means string // plain words, wrapped to the help's width
}

// signGroup is the signs of one panel (or one part of the screen).
type signGroup struct {
	title string
	signs []sign
}

// legendGroups returns every sign the screen draws, grouped by panel: the
// header's, each panel's in tab order, then the borders'. Where a panel has a
// function that draws a sign (a worker's state, a badge, an object's state),
// its signs call it, so the two cannot drift apart.
func legendGroups(s *styles) []signGroup {
	sn := &scene{s: s, spin: initSpinner.Frames[3], v: &session.View{}}
	groups := []signGroup{headerSigns(s)}
	for _, p := range newPanels(scenarios.Scenario{}, scenarios.Params{}, s) {
		groups = append(groups, p.signs(sn)...)
	}
	return append(groups, borderSigns(s))
}
