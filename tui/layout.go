package tui

import "poolviz/scenarios"

// MinWidth and MinHeight are the smallest screen the viewer draws in full.
const (
	MinWidth  = 80
	MinHeight = 24
)

// rect is a rectangle of terminal cells: its top-left corner and its size.
type rect struct{ X, Y, W, H int }

// Empty reports whether the rectangle has no cells: its panel is not shown.
func (r rect) Empty() bool { return r.W <= 0 || r.H <= 0 }

// contains reports whether the cell (x, y) is inside r.
func (r rect) contains(x, y int) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// panelID names a panel of the screen: its place in the Model's panels, its
// rectangle in the layout, and its turn in the tab order.
type panelID int

// The panels, in the order tab visits them.
const (
	pWorkers panelID = iota
	pTimeline
	pCode
	pQueue
	pStream
	pResults
	pObjects
	pOutput
	pLog
	pDeadlock
	pGoals
	numPanels
)

var panelNames = [numPanels]string{"Workers", "Timeline", "Code", "Task queue", "Shared queue", "Results", "Shared objects", "Main output", "Event log", "Deadlock", "Goals"}

// String names the panel as its title does.
func (p panelID) String() string { return panelNames[p] }

// newPanels builds every panel, at its id, for a run of sc with prm: the one place
// besides its own file that a new panel is added to, with computeLayout.
func newPanels(sc scenarios.Scenario, prm scenarios.Params, s *styles) [numPanels]panel {
	return [numPanels]panel{
		pWorkers:  newWorkersPanel(s),
		pTimeline: timelinePanel{},
		pCode:     newCodePanel(sc, prm, s),
		pQueue:    newListPanel[queueList](false),
		pStream:   newListPanel[streamList](true),
		pResults:  newListPanel[resultList](true),
		pObjects:  newListPanel[objectList](false),
		pOutput:   newListPanel[outputList](true),
		pLog:      newLogPanel(),
		pDeadlock: deadlockPanel{},
		pGoals:    goalsPanel{},
	}
}

// The smallest screen drawn in full; below it the app says the terminal is too small.
const (
	minWidth     = MinWidth
	minHeight    = MinHeight
	headerHeight = 2
	footerHeight = 1
)

// workerMode is how the workers panel draws its workers.
type workerMode uint8

// The workers panel's modes, from the most detailed to the most compact.
const (
	workersDetail workerMode = iota // two lines per worker: state, then globals
	workersLine                     // one line per worker, scrolling if needed
	workersGrid                     // one cell per worker, in rows of groups of ten
)

// gridCols is how many workers a grid row of the given inner width holds: a
// four-cell label, then groups of ten cells, each group followed by a space.
func gridCols(inner int) int { return max((inner-4)/11, 1) * 10 }

// gridExtra is the lines the grid draws besides its rows: the legend and the
// selected worker's two lines.
const gridExtra = 3

// layoutInput is everything the layout depends on.
type layoutInput struct {
	Width, Height int
	Workers       int     // worker slots to draw
	CodeRows      int     // rows of the Python listing, wrapped at the right column's inner width
	DeadlockLines int     // lines the deadlock panel wants; 0 when there is none
	Focus         panelID // the zoomed panel, when Zoom is set
	Zoom          bool    // the focused panel takes the whole body
	Timeline      bool    // the timeline replaces the workers panel, full width
	// HideResults leaves out the pool's results: the program never reads them.
	HideResults bool
	// Stream shows the items passing through the program's own queue.
	Stream bool
	// GoalsRows is the height the goals panel wants, border included, or 0
	// when no exercise runs.
	GoalsRows int
	// NoObjects says the program makes no shared object: main's output
	// takes the objects panel's place.
	NoObjects bool
}

// layout places every panel. Panels that are not shown have an empty rect; the
// shown ones tile the screen exactly, so the screen is drawn by joining them.
type layout struct {
	TooSmall bool // below minWidth x minHeight: draw only the too-small message
	Width    int
	Height   int
	Header   rect
	Footer   rect
	Panels   [numPanels]rect
	Workers  workerMode
}

// computeLayout is the layout as a pure function of its input: the same input
// gives the same rectangles, and a value that changes every frame (the clock,
// a count) never moves a panel. Moving focus moves nothing either, unless the
// focused panel is zoomed.
func computeLayout(in layoutInput) layout {
	l := layout{Width: in.Width, Height: in.Height}
	if in.Width < minWidth || in.Height < minHeight {
		l.TooSmall = true
		return l
	}
	w, h := in.Width, in.Height
	l.Header = rect{0, 0, w, headerHeight}
	l.Footer = rect{0, h - footerHeight, w, footerHeight}
	body := rect{0, headerHeight, w, h - headerHeight - footerHeight}

	if in.Zoom && zoomable(in) {
		l.Panels[in.Focus] = body
		if in.Focus == pWorkers {
			_, l.Workers = workersFit(in.Workers, body.W-2, body.H)
		}
		return l
	}

	if in.DeadlockLines > 0 {
		// The stop is what the run is about now: up to half the body, so the
		// sentence, the lesson and the diagram are read whole where they fit.
		// A short screen keeps 14 rows for the rest.
		dh := min(in.DeadlockLines+2, max(body.H/3, min(body.H/2, body.H-14)))
		l.Panels[pDeadlock] = rect{0, body.Y + body.H - dh, w, dh}
		body.H -= dh
	}
	if in.Timeline {
		th := min(max(in.Workers+5, 8), body.H/2) // lanes, axis, labels, legend, border
		l.Panels[pTimeline] = rect{0, body.Y, w, th}
		body.Y += th
		body.H -= th
	}

	leftW, rightW := columns(w)

	// Left column: workers, then the task queue beside the results, then the
	// shared objects beside main's output.
	y, rest := body.Y, body.H
	if !in.Timeline {
		// Up to half the body: at 80 x 24 that is what four workers need to
		// show their globals, which are what the initializer leaves behind.
		hw, mode := workersFit(in.Workers, leftW-2, max(body.H/2, 6))
		l.Panels[pWorkers] = rect{0, y, leftW, hw}
		l.Workers = mode
		y += hw
		rest -= hw
		if body.H >= tallBody && mode != workersGrid {
			// A tall screen has room for the workers' story as well as their
			// state: the timeline goes under them, lanes for the same workers.
			th := min(in.Workers+5, rest/3)
			l.Panels[pTimeline] = rect{0, y, leftW, th}
			y += th
			rest -= th
		}
	}
	y, rest = l.queueRows(in, leftW, y, rest)
	ow := leftW * 3 / 5
	if in.NoObjects {
		ow = 0
	}
	l.Panels[pObjects] = rect{0, y, ow, rest}
	l.Panels[pOutput] = rect{ow, y, leftW - ow, rest}

	// Right column: an exercise's goals, the listing, then the event log.
	// The listing takes up to three fifths of the rest, two thirds on a short
	// screen, where three fifths would cut the lines the actors are on.
	ry, rh := body.Y, body.H
	if in.GoalsRows > 0 {
		gh := min(in.GoalsRows, body.H/2) // what the run proved comes before the listing
		l.Panels[pGoals] = rect{leftW, ry, rightW, gh}
		ry += gh
		rh -= gh
	}
	share := rh * 3 / 5
	if body.H < 24 {
		share = rh * 2 / 3
	}
	ch := min(max(in.CodeRows, 3)+2, share)
	l.Panels[pCode] = rect{leftW, ry, rightW, ch}
	l.Panels[pLog] = rect{leftW, ry + ch, rightW, rh - ch}
	return l
}

// queueRows places the task queue and, as the program uses them, the shared
// queue's stream and the pool's results, from row y of the left column with
// rest rows left; it returns where the rows below start and their height.
// A program that shares a queue and drops the pool's results (the tutorial's
// pattern) gives the stream the place of the results, and more of the height:
// it is what the run is about. A program that uses both gets three rows.
func (l *layout) queueRows(in layoutInput, leftW, y, rest int) (int, int) {
	switch {
	case in.Stream && (in.HideResults || rest < 12):
		// Too short for three rows of lists: the stream takes the results'
		// place (zooming still shows them).
		qh := max((rest+1)/2, rest*3/5)
		qw := max(leftW/4, 16) // "task(7)  map" is all a queued task needs; 16 shows the title
		l.Panels[pQueue] = rect{0, y, qw, qh}
		l.Panels[pStream] = rect{qw, y, leftW - qw, qh}
		return y + qh, rest - qh
	case in.Stream:
		qh, sh := rest/3, rest/3
		qw := leftW * 2 / 5
		l.Panels[pQueue] = rect{0, y, qw, qh}
		l.Panels[pResults] = rect{qw, y, leftW - qw, qh}
		l.Panels[pStream] = rect{0, y + qh, leftW, sh}
		return y + qh + sh, rest - qh - sh
	case in.HideResults:
		// No results, no stream: the shared objects below are the story
		// (lock-race's lost updates); the queue takes a third.
		qh := min(max(rest/3, 3), rest-3)
		l.Panels[pQueue] = rect{0, y, leftW, qh}
		return y + qh, rest - qh
	}
	qh := (rest + 1) / 2
	qw := leftW * 2 / 5
	l.Panels[pQueue] = rect{0, y, qw, qh}
	l.Panels[pResults] = rect{qw, y, leftW - qw, qh}
	return y + qh, rest - qh
}

// tallBody is the body height from which the workers panel has the timeline
// under it (200 x 60 has it, 120 x 36 does not): the rows a few workers leave
// would otherwise stretch the lists below into mostly empty panels.
const tallBody = 45

// columns splits the screen's width between the left column (workers, queues,
// objects, output) and the right one (the listing and the event log).
func columns(w int) (left, right int) {
	left = w * 11 / 20
	return left, w - left
}

// zoomable reports whether the focused panel exists in this input, so zooming it
// makes sense.
func zoomable(in layoutInput) bool {
	switch in.Focus {
	case pDeadlock:
		return in.DeadlockLines > 0
	case pGoals:
		return in.GoalsRows > 0
	case pTimeline:
		return in.Timeline || in.Height-headerHeight-footerHeight >= tallBody
	case pStream:
		return in.Stream
	case pResults:
		return !in.HideResults
	case pObjects:
		return !in.NoObjects
	case pWorkers:
		return !in.Timeline
	}
	return in.Focus >= 0 && in.Focus < numPanels
}

// workersFit returns the height of the workers panel for n workers and the mode
// that fits it: two lines per worker if they fit in limit, else one line per
// worker (scrolling if there are at most 16), else the grid.
func workersFit(n, inner, limit int) (int, workerMode) {
	n = max(n, 1)
	switch {
	case 2*n+2 <= limit:
		return 2*n + 2, workersDetail
	case n+2 <= limit || n <= 16:
		return min(n+2, limit), workersLine
	}
	rows := (n + gridCols(inner) - 1) / gridCols(inner)
	return min(rows+gridExtra+2, limit), workersGrid
}

// visible returns the panels shown in this layout, in tab order.
func (l layout) visible() []panelID {
	var ps []panelID
	for p := range numPanels {
		if !l.Panels[p].Empty() {
			ps = append(ps, p)
		}
	}
	return ps
}

// at returns the panel under the cell (x, y), or -1.
func (l layout) at(x, y int) panelID {
	for p := range numPanels {
		if l.Panels[p].contains(x, y) {
			return p
		}
	}
	return -1
}
