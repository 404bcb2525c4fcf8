package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"poolviz/picture"
)

// brokenHint says what is left to do with a broken pool's run.
const brokenHint = "the run is over: fix the initializer or its initargs · ← steps back · r restarts · q quits"

// brokenText is what the stop panel says of a pool its initializer broke:
// what failed, what CPython would do instead, and what poolviz does. CPython
// answers a failing initializer by starting a new worker, which fails the same
// way, forever: a class that runs the Python twin sees tracebacks scroll and
// main hang, and this is the screen that says why poolviz does not.
func brokenText(st *picture.State) []string {
	failed := "the pending tasks fail"
	if n := st.Counts.Failed; n > 0 {
		failed = "its " + plural(n, "pending task fails", "pending tasks fail")
	}
	return []string{
		"✗ " + strings.TrimPrefix(st.Pool.Err, "pool is broken: ") + " (the ✗ line of the code), before any task ran.",
		"CPython would start a new worker in its place, which fails the same way, again and again, forever: " +
			"no task ever runs, and main waits for a result that never comes.",
		"poolviz stops at the first failure: the pool is broken, no worker is started again, " +
			failed + " with that error, and main gets it (Main output).",
	}
}

// brokenShown reports whether the stop panel shows a broken pool: there is no
// deadlock to show, and an initializer broke the pool.
func brokenShown(st *picture.State) bool {
	return st.Deadlock == nil && st.Pool.Status == picture.PoolBroken
}

// brokenLines is the broken pool's text wrapped to inner cells, painted
// when s is not nil (the layout measures it without).
func brokenLines(st *picture.State, inner int, s *styles) []string {
	var out []string
	for i, para := range brokenText(st) {
		for k, l := range strings.Split(ansi.Wrap(para, max(inner-3, 8), " "), "\n") {
			if k > 0 {
				l = "  " + l
			}
			if s != nil {
				switch i {
				case 0:
					l = s.bad.s(l)
				case 1:
					l = s.warn.s(l)
				default:
					l = s.ok.s(l)
				}
			}
			out = append(out, " "+l)
		}
	}
	hint := brokenHint
	if s != nil {
		hint = s.dim.s(hint)
	}
	return append(out, " "+hint)
}

// brokenInfo is the stop panel's title info for a broken pool: when the
// first initializer failed.
func brokenInfo(st *picture.State) string {
	for i := range st.Workers {
		if w := &st.Workers[i]; w.Status == picture.WorkerFailed {
			return "W" + strconv.Itoa(w.ID) + " failed at " + strconv.FormatFloat(w.Since.Seconds(), 'f', 3, 64) + "s"
		}
	}
	return "no worker is started again"
}
