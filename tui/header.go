package tui

import (
	"fmt"
	"strconv"
	"strings"

	"poolviz/session"
)

// headerPanel draws the two top lines: what runs and how it is going.
type headerPanel struct {
	w     int
	class string // a word on the classroom, over SSH: how many follow, or following
}

func (p headerPanel) setSize(w int) headerPanel { p.w = w; return p }

// badges label the run states; the glyph carries the meaning without colour.
var badges = [...]string{
	session.Running:    " ▶ RUNNING ",
	session.Paused:     " ‖ PAUSED ",
	session.Finished:   " ✓ FINISHED ",
	session.Deadlocked: " ✗ DEADLOCK ",
}

// failedBadge replaces the finished badge when the main program ended with an
// error: a broken pool must not read as a green success.
const failedBadge = " ✗ FAILED "

// runBadge draws the run state's badge; failed says the main program ended with
// an error.
func runBadge(s *styles, st session.Status, failed bool) string {
	if st == session.Finished && failed {
		return s.badge[session.Deadlocked].s(failedBadge)
	}
	return s.badge[st].s(badges[st])
}

// view returns the header's two lines.
func (p headerPanel) view(sn *scene) []string {
	s, v := sn.s, sn.v

	// Line 1: the app, the scenario's title, the run state at the right.
	badge := runBadge(s, v.Status, v.State.Main.Err != "")
	left := " " + s.strong.s("poolviz") + s.dim.s(" ▸ ") + s.bold.s(sn.sc.Title)
	switch {
	case sn.label != "":
		left += s.dim.s("  ("+sn.sc.Name+" · ") + s.warn.s(sn.label) + s.dim.s(")")
	case sn.sc.Name != "":
		left += s.dim.s("  (" + sn.sc.Name + ")")
	}
	right := badge + " "
	if p.class != "" {
		right = s.strong.s(p.class) + "  " + right
	}
	line1 := spread(left, right, p.w)

	// Line 2: mode, clock, speed, seed, size, progress; numbers at fixed widths.
	// Below about 110 columns the words shorten, never the numbers.
	line2 := p.details(sn, false)
	if width(line2) > p.w {
		line2 = p.details(sn, true)
	}
	return []string{line1, line2}
}

// details is the header's second line, in full words or short ones.
func (p headerPanel) details(sn *scene, short bool) string {
	s, v := sn.s, sn.v
	st := &v.State
	word := func(full, brief string) string {
		if short {
			return brief
		}
		return full
	}
	sep := s.faint.s(" │ ")
	var b strings.Builder
	b.WriteString(" ")
	traced := sn.sc.Traced()
	mode := sn.prm.Mode.String()
	switch {
	case sn.label != "":
		mode = "replay" // of a saved run: the label in the title says which
	case traced:
		mode = "traced"
	}
	b.WriteString(s.dim.s(word(mode, mode[:3])))
	b.WriteString(sep)
	b.WriteString(s.dim.s("t ") + s.bold.s(fmt.Sprintf("%8.3fs", v.Now.Seconds())))
	b.WriteString(sep)
	workers := sn.prm.Workers
	if traced { // the program's own pool: no seed, its workers as they come
		workers = len(st.Workers)
		if v.Speed != 1 { // a saved run of it, replayed faster or slower
			b.WriteString(s.dim.s(word("speed ", "")) + s.bold.s(padLeft(speedText(v.Speed), 5)) + sep)
		}
	} else {
		b.WriteString(s.dim.s(word("speed ", "")) + s.bold.s(padLeft(speedText(v.Speed), 5)))
		b.WriteString(sep)
		b.WriteString(s.dim.s("seed ") + s.bold.s(strconv.FormatUint(sn.prm.Seed, 10)))
		b.WriteString(sep)
	}
	b.WriteString(s.bold.s(strconv.Itoa(workers)) + s.dim.s(" workers"))
	b.WriteString(sep)
	total := max(st.Counts.Submitted, sn.prm.Tasks)
	dw := len(strconv.Itoa(total))
	b.WriteString(s.dim.s(word("tasks ", "")) + s.ok.s(padLeft(strconv.Itoa(st.Counts.Succeeded), dw)) + s.dim.s("/"+tasksTotal(total, sn.prm.Tasks)+" done"))
	if st.Counts.Failed > 0 {
		b.WriteString(" " + s.bad.s(strconv.Itoa(st.Counts.Failed)+" failed"))
	}

	right := s.dim.s(fmt.Sprintf(word("event %d/%d ", "ev %d/%d "), v.Shown, v.Total))
	if sn.rewound && v.Shown < v.Total {
		right = s.warn.s(word("◀ back ", "◀ ")) + right
	}
	if st.Coalesced > 0 {
		right = s.warn.s(fmt.Sprintf("%d coalesced ", st.Coalesced)) + right
	}
	left := b.String()
	if width(left)+width(right)+1 <= p.w {
		return spread(left, right, p.w)
	}
	if short {
		return spread(left, " "+right, p.w) // cut the left short of the right, a space between
	}
	return left + spaces(p.w) // too wide: the caller tries the short words

}

// headerSigns are the run state badges and the figures of the header's second line.
func headerSigns(s *styles) signGroup {
	sep := s.faint.s(" │ ")
	return signGroup{title: "Header", signs: []sign{
		{s.badge[session.Running].s(badges[session.Running]), "the run is going"},
		{s.badge[session.Paused].s(badges[session.Paused]), "paused: space goes on, → steps one event, ← steps back"},
		{runBadge(s, session.Finished, false), "the program has ended: r runs it again"},
		{runBadge(s, session.Finished, true), "the program has ended with an error (Main output says which)"},
		{s.badge[session.Deadlocked].s(badges[session.Deadlocked]), "stopped in a deadlock: the Deadlock panel says why"},
		{s.dim.s("simulated") + sep + s.dim.s("parallel"), "the mode: simulated gives the same run every time, parallel runs the tasks truly at once (sim and par on a narrow screen)"},
		{s.dim.s("t ") + s.bold.s("   2.951s"), "virtual time: the clock the scenario's sleeps and timeouts follow"},
		{s.dim.s("speed ") + s.bold.s("   1×"), "virtual seconds per real second (+ and - change it)"},
		{s.dim.s("seed ") + s.bold.s("1"), "the seed of every random choice: the same seed gives the same run (n picks a new one)"},
		{s.dim.s("tasks ") + s.ok.s(" 3") + s.dim.s("/10 done"), "tasks finished, out of those submitted"},
		{s.bad.s("2 failed"), "tasks that ended with an error"},
		{s.dim.s("event 81/120"), "events shown, out of those recorded so far (ev 81/120 on a narrow screen)"},
		{s.warn.s("◀ back"), "you stepped back: this is an earlier moment (space or → goes forward); a narrow screen shows only ◀"},
		{s.warn.s("12 coalesced"), "parallel mode only: events too many to draw one by one, drawn together; the counts stay exact"},
	}}
}

// speedText writes a speed factor the way the header shows it: "0.25×", "1×".
func speedText(x float64) string {
	return strconv.FormatFloat(x, 'f', -1, 64) + "×"
}

// spread puts left at the start and right at the end of a w-cell line; when both
// do not fit, left is cut.
func spread(left, right string, w int) string {
	rw := width(right)
	if rw >= w {
		return fit(right, w)
	}
	return fit(left, w-rw) + right
}

// tasksTotal writes the run's task count as the listing makes it: a program
// that submits its TASKS twice (imap, then imap_unordered) runs "2×8" tasks,
// not a 16 the listing never says.
func tasksTotal(total, tasks int) string {
	if tasks > 0 && total > tasks && total%tasks == 0 {
		return strconv.Itoa(total/tasks) + "×" + strconv.Itoa(tasks)
	}
	return strconv.Itoa(total)
}
