package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"poolviz/picture"
)

// brokenHint says what is left to do with a broken pool's run.
const brokenHint = "the run is over: fix the initializer or its initargs · ← steps back · r restarts · q quits"

// brokenExecutorHint says what is left to do once an executor's worker died.
const brokenExecutorHint = "the run is over: ← steps back through how it broke · r restarts · q quits"

// brokenText is what the stop panel says of a broken pool: what failed, what
// CPython would do instead, and what poolviz does. CPython answers a failing
// initializer by starting a new worker, which fails the same way, forever: a
// class that runs the Python twin sees tracebacks scroll and main hang, and
// this is the screen that says why poolviz does not. An executor breaks in
// CPython too (executorBrokenText).
func brokenText(st *picture.State, calls *callBook) []string {
	if st.Pool.Executor {
		return executorBrokenText(st, calls)
	}
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

// executorBrokenText is what the stop panel says of a broken executor, as
// Python's ProcessPoolExecutor breaks: a worker's process that ended
// abruptly, or an initializer that failed, fails every running or pending
// future with BrokenProcessPool. It says what a multiprocessing.Pool would
// have done instead.
func executorBrokenText(st *picture.State, calls *callBook) []string {
	what := namedTasks(st, calls, strings.TrimPrefix(st.Pool.Err, "BrokenProcessPool: "))
	pool := "A multiprocessing.Pool would start a new worker in its place, and the task would be lost: " +
		"its result never comes, and main's get() waits for it forever."
	if !st.Pool.Abrupt {
		pool = "A multiprocessing.Pool would start a new worker in its place, which fails the same way, " +
			"again and again, forever: no task ever runs."
	}
	return []string{
		"✗ " + what + ": the executor is broken.",
		pool,
		"concurrent.futures fails every running or pending future at once with BrokenProcessPool (the failed " +
			"results), stops the other workers and refuses new submits; main gets the error from result() " +
			"(Main output). poolviz does the same.",
	}
}

// brokenShown reports whether the stop panel shows a broken pool: there is no
// deadlock to show, and an initializer, or an executor's worker that died,
// broke the pool.
func brokenShown(st *picture.State) bool {
	return st.Deadlock == nil && st.Pool.Status == picture.PoolBroken
}

// brokenLines is the broken pool's text wrapped to inner cells, painted
// when s is not nil (the layout measures it without).
func brokenLines(st *picture.State, calls *callBook, inner int, s *styles) []string {
	var out []string
	for i, para := range brokenText(st, calls) {
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
	if st.Pool.Executor {
		hint = brokenExecutorHint
	}
	if s != nil {
		hint = s.dim.s(hint)
	}
	return append(out, " "+hint)
}

// brokenTitle is the stop panel's title for a broken pool.
func brokenTitle(st *picture.State) string {
	if st.Pool.Executor {
		return "✗ EXECUTOR BROKEN · BrokenProcessPool"
	}
	return "✗ POOL BROKEN · CPython would loop forever"
}

// brokenInfo is the stop panel's title info for a broken pool: which worker
// broke it, and when.
func brokenInfo(st *picture.State) string {
	at := func(t float64) string { return strconv.FormatFloat(t, 'f', 3, 64) + "s" }
	if p := &st.Pool; p.Executor && p.BrokenBy > 0 {
		verb := " died at "
		if !p.Abrupt {
			verb = " failed at "
		}
		return "W" + strconv.Itoa(p.BrokenBy) + verb + at(p.BrokenAt.Seconds())
	}
	for i := range st.Workers {
		if w := &st.Workers[i]; w.Status == picture.WorkerFailed {
			return "W" + strconv.Itoa(w.ID) + " failed at " + at(w.Since.Seconds())
		}
	}
	return "no worker is started again"
}
