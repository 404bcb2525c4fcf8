package tui

import (
	"fmt"
	"strconv"
	"strings"

	"poolviz/picture"

	"github.com/charmbracelet/x/ansi"
)

// outputList lists what the main program printed, newest at the bottom, and
// follows the newest.
type outputList struct{}

func (outputList) info(sn *scene) string {
	return plural(len(sn.v.State.Output), "line", "lines")
}

func (l outputList) view(sn *scene, p listBox) ([]string, int) {
	if len(sn.v.State.Output) == 0 && !mainFailed(sn) {
		return []string{sn.s.faint.s(" main printed nothing yet")}, 0
	}
	rows := l.rows(sn, p)
	from, to := p.window(len(rows))
	return rows[from:to], len(rows)
}

// tail draws the rows shown while the list follows the newest: the last
// ones, wrapped from the newest line back until they fill the panel, so that
// a long output (up to picture.MaxOutput lines) is not wrapped whole on
// every frame. It shows what view shows at the bottom.
func (outputList) tail(sn *scene, p listBox) []string {
	if len(sn.v.State.Output) == 0 && !mainFailed(sn) {
		return []string{sn.s.faint.s(" main printed nothing yet")}
	}
	height := max(p.h-2, 0)
	failed := mainError(sn, max(p.w-2, 1))
	lines := sn.v.State.Output
	var back [][]string // the lines' rows, the newest first
	n := len(failed)
	for i := len(lines) - 1; i >= 0 && n < height; i-- {
		rows := outputRows(sn, p, &lines[i])
		back = append(back, rows)
		n += len(rows)
	}
	out := make([]string, 0, n)
	for k := len(back) - 1; k >= 0; k-- {
		out = append(out, back[k]...)
	}
	out = append(out, failed...)
	return out[max(len(out)-height, 0):]
}

// rows is every line the main program printed, wrapped to the panel's width
// under its time stamp: what a program prints last is often the point of the
// lesson ("expected 24, got 6"), so no line is cut.
func (outputList) rows(sn *scene, p listBox) []string {
	lines := sn.v.State.Output
	out := make([]string, 0, len(lines))
	for i := range lines {
		out = append(out, outputRows(sn, p, &lines[i])...)
	}
	return append(out, mainError(sn, max(p.w-2, 1))...)
}

// outputRows is one printed line's rows: wrapped under its time stamp.
func outputRows(sn *scene, p listBox, l *picture.OutputLine) []string {
	s := sn.s
	stamp := p.w >= 30
	inner := max(p.w-2, 1)
	prefix := " "
	if stamp {
		prefix = s.faint.s(fmt.Sprintf("%6.2f ", l.Time.Seconds()))
	}
	if l.Writer != "" && l.Writer != "main" {
		prefix += s.dim.s(l.Writer + ": ")
	}
	// Continued rows hang under the text, two cells further in where no time
	// stamp sets them apart, so they do not read as lines of their own.
	hang := width(prefix)
	if !stamp {
		hang += 2
	}
	room := max(inner-hang, 8)
	rows := strings.Split(ansi.Wrap(l.Line, room, " "), "\n")
	for k, row := range rows {
		if k == 0 {
			rows[k] = prefix + row
		} else {
			rows[k] = spaces(hang) + row
		}
	}
	return rows
}

// mainFailed reports whether the main program ended with an error.
func mainFailed(sn *scene) bool { return sn.v.State.Main.Ended && sn.v.State.Main.Err != "" }

// mainError is the last thing a failed program writes, as Python's traceback
// ends with the exception: what failed, in red, under what main printed.
func mainError(sn *scene, inner int) []string {
	if !mainFailed(sn) {
		return nil
	}
	m := &sn.v.State.Main
	rows := strings.Split(ansi.Wrap("✗ main ended with an error: "+m.Err, max(inner-3, 8), " "), "\n")
	for k, row := range rows {
		if k > 0 {
			row = "  " + row
		}
		rows[k] = " " + sn.s.bad.s(row)
	}
	return rows
}

// signs are main's output lines and the colours of the event log.
func (outputList) signs(sn *scene) []signGroup {
	s := sn.s
	return []signGroup{{title: pOutput.String() + " and " + pLog.String(), signs: []sign{
		{s.faint.s("  2.30 ") + "task 0 slept 1.70 s", "a line main printed, after the virtual time it printed it"},
		{s.dim.s("worker 2: ") + "hello", "a line a worker printed"},
		{s.faint.s("  2.301s"), "the virtual time of an event in the log"},
		{s.bad.s("DEADLOCK: main waits…"), "red: trouble (a deadlock, a failed task, a broken pool)"},
		{s.ok.s("task(0) finished"), "green: a task finished, its result is ready"},
		{s.warn.s("main waits to get"), "yellow: someone begins to wait, or asks for a lock"},
		{s.info.s("put (0, 1.70) on results"), "blue: a task submitted, or an item put on or got from a queue"},
		{s.bold.s("main prints: task 0 …"), "bold: what main printed"},
		{s.dim.s("scrolled · end follows"), "you scrolled the log back: end follows the newest event again"},
	}}}
}

// plural writes "1 task", "3 tasks".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
