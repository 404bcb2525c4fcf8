package tui

// listPanel is a panel that lists rows and scrolls through them: the task
// queue, the results, the shared objects and main's output. What it lists,
// and how, is its kind's; sizing, scrolling and restarting are the same for
// every list.
type listPanel[K listKind] struct {
	listBox
	kind K
}

// listKind is what a list panel lists, with no state of its own: the panel
// gives it the box to draw in.
type listKind interface {
	// follows reports whether the list starts at its newest row, the bottom,
	// and keeps to it until the user scrolls up.
	follows() bool
	// length is how many rows the list scrolls through.
	length(sn *scene, p listBox) int
	// info is the right part of the panel's title.
	info(sn *scene) string
	// view returns the rows shown in p, scrolled as p says.
	view(sn *scene, p listBox) []string
	// signs are what the list draws, for the legend.
	signs(sn *scene) []signGroup
}

// listBox is a list panel's size and where its list is scrolled.
type listBox struct {
	w, h int
	list lister
}

// window returns the indexes [from, to) of the rows shown of length.
func (b listBox) window(length int) (int, int) { return b.list.window(length, b.h-2) }

// newListPanel returns a list panel at the start of its list.
func newListPanel[K listKind]() listPanel[K] {
	var p listPanel[K]
	p.list.follow = p.kind.follows()
	return p
}

func (p listPanel[K]) setSize(w, h int, _ *scene) panel { p.w, p.h = w, h; return p }

func (p listPanel[K]) update(n nav, sn *scene) panel {
	p.list = p.list.nav(n, p.kind.length(sn, p.listBox), p.h-2)
	return p
}

func (p listPanel[K]) restart(*scene) panel { p.list = lister{follow: p.kind.follows()}; return p }

func (p listPanel[K]) info(sn *scene, _ bool) string { return p.kind.info(sn) }

func (p listPanel[K]) view(sn *scene) []string { return p.kind.view(sn, p.listBox) }

func (p listPanel[K]) signs(sn *scene) []signGroup { return p.kind.signs(sn) }
