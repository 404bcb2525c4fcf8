package tui

// nav is a scroll request for the focused panel: some lines or pages, or a jump
// to the top or the bottom.
type nav struct {
	lines, pages int
	top, bottom  bool
}

// apply moves cur by the request, within 0..last; page is a page's length.
func (n nav) apply(cur, last, page int) int {
	switch {
	case n.top:
		return 0
	case n.bottom:
		return max(last, 0)
	}
	return min(max(cur+n.lines+n.pages*max(page, 1), 0), max(last, 0))
}

// lister scrolls a list of rows: it follows the newest row (the bottom) until the
// user scrolls up, and again once they scroll back to the bottom.
type lister struct {
	top    int
	follow bool
}

// start returns the first row shown of length rows in a window of height rows.
func (l lister) start(length, height int) int {
	last := max(length-height, 0)
	if l.follow {
		return last
	}
	return min(l.top, last)
}

// nav scrolls the list.
func (l lister) nav(n nav, length, height int) lister {
	last := max(length-height, 0)
	l.top = n.apply(l.start(length, height), last, height)
	l.follow = l.top >= last && (n.bottom || n.lines > 0 || n.pages > 0 || l.follow)
	return l
}

// window returns the indexes [from, to) shown.
func (l lister) window(length, height int) (int, int) {
	from := l.start(length, height)
	return from, min(from+height, length)
}
