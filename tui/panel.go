package tui

import (
	"poolviz/scenarios"
	"poolviz/session"
)

// panel is one rectangle of the screen's body: the workers, the listing, the
// log and the others, each in a file of its own. A panel is a plain value:
// the methods that change it return the new panel, and only the root Model
// returns a tea.View. The root draws the border around a panel's body lines
// (styles.box), with the panel's name as its title and its info at the right.
//
// The Model holds its panels in an array indexed by panelID and sizes,
// scrolls, restarts and draws them in a loop, and the legend asks each for its
// signs; so a new panel is its own file, its id and its place in the layout
// (layout.go), and nothing else.
type panel interface {
	// setSize gives the panel its rectangle's size, border included, and the
	// scene it will draw: a panel that keeps drawn lines draws them again here
	// when the width or the styles changed.
	setSize(w, h int, sn *scene) panel
	// update scrolls the panel (the focused one, or the one under the mouse).
	update(n nav, sn *scene) panel
	// restart empties the panel for a new run, of sn's scenario.
	restart(sn *scene) panel
	// info is the right part of the panel's title; focused says the panel has
	// the focus.
	info(sn *scene, focused bool) string
	// view returns the panel's body lines, inside its border.
	view(sn *scene) []string
	// signs are what the panel draws and what each sign means, for the legend
	// in the help. A panel may leave its signs to another one's group.
	signs(sn *scene) []signGroup
}

// titled is a panel whose title is not always its name: title returns the
// title, or "" for the name.
type titled interface {
	title(sn *scene) string
}

// scene is what the panels draw from: the View, the styles, the scenario.
type scene struct {
	s    *styles
	v    *session.View
	sc   *scenarios.Scenario
	prm  scenarios.Params
	spin string
	// workers is how the layout fits the workers panel.
	workers workerMode
	// rewound says the view was stepped back: what it shows is a replay.
	rewound bool
	// shortNames writes workers as W2 instead of worker 2, for a narrow panel.
	shortNames bool
	// calls names tasks as the listing calls them.
	calls *callBook
	// goals are the exercise's goals, or nil when no exercise runs.
	goals *goalsView
	// label says where the run comes from (Options.Label), or is empty.
	label string
}
