package tui

// listPanel is a panel that lists rows and scrolls through them: the task
// queue, the results, the shared objects and main's output. What it lists,
// and how, is its kind's; sizing, scrolling and restarting are the same for
// every list.
type listPanel[K listKind] struct {
	listBox
	kind K
	// follows says the list starts at its newest row, the bottom, and keeps
	// to it until the user scrolls up.
	follows bool
}

// The list panels.
type (
	queuePanel   = listPanel[queueList]  // the pool's task queue
	resultsPanel = listPanel[resultList] // the results, as they arrived
	objectsPanel = listPanel[objectList] // the shared objects, with holders and waiters
	outputPanel  = listPanel[outputList] // what the main program printed
)

// listKind is what a list panel lists, with no state of its own: the panel
// gives it the box to draw in.
type listKind interface {
	// info is the right part of the panel's title.
	info(sn *scene) string
	// view returns the rows shown in p, scrolled as p says, and how many
	// rows the list scrolls through.
	view(sn *scene, p listBox) (shown []string, length int)
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

// newListPanel returns a list panel at the start of its list: the bottom
// when it follows the newest row.
func newListPanel[K listKind](follows bool) listPanel[K] {
	p := listPanel[K]{follows: follows}
	p.list.follow = follows
	return p
}

func (p listPanel[K]) setSize(w, h int, _ *scene) panel { p.w, p.h = w, h; return p }

func (p listPanel[K]) update(n nav, sn *scene) panel {
	_, length := p.kind.view(sn, p.listBox)
	p.list = p.list.nav(n, length, p.h-2)
	return p
}

func (p listPanel[K]) restart(*scene) panel { p.list = lister{follow: p.follows}; return p }

func (p listPanel[K]) info(sn *scene, _ bool) string { return p.kind.info(sn) }

func (p listPanel[K]) view(sn *scene) []string {
	if t, ok := any(p.kind).(tailer); ok && p.list.follow {
		return t.tail(sn, p.listBox)
	}
	shown, _ := p.kind.view(sn, p.listBox)
	return shown
}

// tailer is a list kind that draws the rows shown at the bottom of its list
// without drawing every row: what the panel shows while it follows the
// newest, on every frame. tail returns what view shows there.
type tailer interface {
	tail(sn *scene, p listBox) []string
}

func (p listPanel[K]) signs(sn *scene) []signGroup { return p.kind.signs(sn) }

// title is the kind's title, if it has one of its own, else "" for the
// panel's name.
func (p listPanel[K]) title(sn *scene) string {
	if t, ok := any(p.kind).(titled); ok {
		return t.title(sn)
	}
	return ""
}
