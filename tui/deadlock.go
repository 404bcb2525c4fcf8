package tui

import (
	"regexp"
	"strconv"
	"strings"

	"poolviz/picture"

	"github.com/charmbracelet/x/ansi"
)

// deadlockPanel draws a found deadlock: the sentence that explains it and the
// wait-for cycle, one member per line, each pointing at the next. A pool its
// initializer broke stops the run too: then the panel says what failed and
// what CPython would have done instead (broken.go).
type deadlockPanel struct {
	w, h   int
	broken string // the title of the broken pool it shows, "" for a deadlock
}

func (p deadlockPanel) setSize(w, h int, sn *scene) panel {
	p.w, p.h, p.broken = w, h, ""
	if brokenShown(&sn.v.State) {
		p.broken = brokenTitle(&sn.v.State)
	}
	return p
}

// update does nothing: the panel is as tall as its lines, it does not scroll.
func (p deadlockPanel) update(nav, *scene) panel { return p }

func (p deadlockPanel) restart(*scene) panel { return p }

// title is the panel's name in the colour of trouble.
func (p deadlockPanel) title(sn *scene) string {
	s := sn.s
	if p.broken != "" {
		return s.bad.s(p.broken)
	}
	return s.bad.s("✗ DEADLOCK")
}

// deadlockHint says what can still be done.
const deadlockHint = "the run is stopped: ← steps back through how it happened · r restarts · q quits"

// deadlockLines is how many body lines the deadlock panel needs for st's
// deadlock at outer width w, or 0 when there is none.
func deadlockLines(st *picture.State, calls *callBook, lesson string, w int) int {
	d := st.Deadlock
	if brokenShown(st) {
		return len(brokenLines(st, calls, w-2, nil))
	}
	if d == nil {
		return 0
	}
	inner := w - 2
	n := strings.Count(ansi.Wrap(namedTasks(st, calls, d.Sentence), inner-1, " "), "\n") + 1
	n += len(lessonLines(lesson, inner, nil))
	for i := range d.Members {
		n += len(memberLines(nil, calls, st, i, inner))
	}
	return n + 1
}

func (p deadlockPanel) info(sn *scene, _ bool) string {
	d := sn.v.State.Deadlock
	if brokenShown(&sn.v.State) {
		return brokenInfo(&sn.v.State)
	}
	if d == nil {
		return ""
	}
	return d.Kind + " found at " + strconv.FormatFloat(d.Time.Seconds(), 'f', 3, 64) + "s"
}

func (p deadlockPanel) view(sn *scene) []string {
	st := &sn.v.State
	d := st.Deadlock
	if brokenShown(st) {
		return p.fit(brokenLines(st, sn.calls, p.w-2, sn.s), sn.s)
	}
	if d == nil {
		return nil
	}
	s := sn.s
	inner := p.w - 2
	var out []string
	for _, l := range strings.Split(ansi.Wrap(namedTasks(st, sn.calls, d.Sentence), inner-1, " "), "\n") {
		out = append(out, " "+s.bold.s(l))
	}
	out = append(out, lessonLines(sn.sc.Lesson, inner, s)...)
	for i := range d.Members {
		out = append(out, memberLines(sn, sn.calls, st, i, inner)...)
	}
	return p.fit(append(out, " "+s.dim.s(deadlockHint)), s)
}

// fit cuts lines to the panel's height, saying on the last row how many
// more there are and how to see them, so a cut diagram never reads as whole.
func (p deadlockPanel) fit(lines []string, s *styles) []string {
	room := p.h - 2
	if len(lines) <= room || room < 1 {
		return lines
	}
	more := len(lines) - room + 1
	return append(lines[:room-1:room-1], " "+s.warn.s("↓ "+plural(more, "more line", "more lines")+": tab here, then z zooms"))
}

// signs are the arrows of a deadlock's cycle.
func (deadlockPanel) signs(sn *scene) []signGroup {
	s := sn.s
	arrow := func(label string) string { return s.dim.s(" ─" + label + "─▶ ") }
	return []signGroup{{title: pDeadlock.String(), signs: []sign{
		{s.dim.s("┌ ") + actorName(sn, "worker 1") + arrow("holds") + s.accent.s("lock A"), "each member of the deadlock, and what it holds"},
		{arrow("waits for") + s.accent.s("lock B") + arrow("held by") + actorName(sn, "worker 2"), "what it waits for, and who holds that"},
		{s.dim.s("└ … ↑ back to ") + actorName(sn, "worker 1"), "the last waits for the first: a cycle nobody can leave"},
	}}}
}

// memberLines draws member i of the deadlock: "worker 1 ─holds─▶ lock_a
// ─waits to acquire─▶ lock_b ─held by─▶ worker 2", on two lines if one is too
// narrow. The last member of a cycle points back to the first. With sn nil it only
// measures (the lines are plain); calls names the tasks.
func memberLines(sn *scene, calls *callBook, st *picture.State, i, inner int) []string {
	d := st.Deadlock
	m := d.Members[i]
	verb, on, by := blockedOf(st, m.Name)
	on = namedTasks(st, calls, on) // "result of task 1": of parent_task(0)
	paintName := func(n string) string {
		if sn == nil {
			return n
		}
		return actorName(sn, n)
	}
	plain := func(t string) string { return t }
	dim, obj := plain, plain
	if sn != nil {
		dim = sn.s.dim.s
		obj = sn.s.accent.s
	}
	arrow := func(label string) string { return dim(" ─" + label + "─▶ ") }

	lead := " " + dim("│ ")
	if i == 0 {
		lead = " " + dim("┌ ")
	}
	if i == len(d.Members)-1 && len(d.Members) > 1 {
		lead = " " + dim("└ ")
	}
	first := lead + paintName(m.Name)
	if held := holdings(st, m.Name); held != "" {
		first += arrow("holds") + obj(held)
	}
	var second string
	if on == "" { // not in the State (a quiet wait): use the detector's words
		second = dim(" " + m.Value)
	} else {
		second = arrow(verb) + obj(on)
		if by != "" {
			second += arrow("held by") + paintName(by)
		}
	}
	if d.Kind == "cycle" && i == len(d.Members)-1 {
		second += dim("  ↑ back to ") + paintName(d.Members[0].Name)
	}
	if width(first+second) <= inner {
		return []string{first + second}
	}
	pad := " " + dim("│ ") + spaces(width(m.Name))
	if i == len(d.Members)-1 && len(d.Members) > 1 {
		pad = "   " + spaces(width(m.Name))
	}
	return []string{first, pad + second}
}

// blockedOf returns what the named actor waits for and who holds it.
func blockedOf(st *picture.State, name string) (verb, on, by string) {
	if name == "main" {
		return st.Main.BlockedVerb, st.Main.BlockedOn, st.Main.BlockedBy
	}
	if rest, ok := strings.CutPrefix(name, "worker "); ok {
		if id, err := strconv.Atoi(rest); err == nil && id >= 1 && id <= len(st.Workers) {
			w := &st.Workers[id-1]
			return w.BlockedVerb, w.BlockedOn, w.BlockedBy
		}
	}
	return "", "", ""
}

// holdings lists the objects the named actor holds.
func holdings(st *picture.State, name string) string {
	var held []string
	for i := range st.Objects {
		for _, h := range st.Objects[i].Holders {
			if h == name {
				held = append(held, st.Objects[i].Name)
				break
			}
		}
	}
	return strings.Join(held, ", ")
}

// lessonLines is the scenario's lesson wrapped to inner cells under the
// engine's sentence: the engine names tasks and objects, the lesson names the
// lines of the listing that made the deadlock. Painted when s is not nil.
func lessonLines(lesson string, inner int, s *styles) []string {
	if lesson == "" {
		return nil
	}
	rows := strings.Split(ansi.Wrap("In the code: "+lesson, max(inner-1, 8), " "), "\n")
	for i, r := range rows {
		if s != nil {
			r = s.warn.s(r)
		}
		rows[i] = " " + r
	}
	return rows
}

// poolTask finds "task 3" in the engine's sentences: a task by the pool's
// number.
var poolTask = regexp.MustCompile(`\btask (\d+)\b`)

// namedTasks writes the tasks a sentence names by the pool's numbers as the
// listing calls them ("task 3 is still queued" becomes "subtask() is still
// queued"), where the picture knows the task: queued, running or finished.
func namedTasks(st *picture.State, calls *callBook, sentence string) string {
	return poolTask.ReplaceAllStringFunc(sentence, func(m string) string {
		id, err := strconv.Atoi(strings.TrimPrefix(m, "task "))
		if err != nil {
			return m
		}
		if name, ok := taskCall(st, calls, id); ok {
			return name
		}
		return m
	})
}

// taskCall names the task the pool numbers id as the listing calls it, if
// the picture has it in the queue, on a worker or among the results.
func taskCall(st *picture.State, calls *callBook, id int) (string, bool) {
	for i := range st.Workers {
		w := &st.Workers[i]
		if w.Task == id && w.TaskCount <= 1 {
			return calls.call(w.Job.Via, w.Job.ViaLine, w.TaskArg, w.Job.Index+(id-w.Job.Task), id), true
		}
	}
	for _, j := range st.Queue {
		if id >= j.Task && id < j.Task+max(j.Count, 1) {
			return calls.call(j.Via, j.ViaLine, "", j.Index+(id-j.Task), id), true
		}
	}
	for i := range st.Results {
		if r := &st.Results[i]; r.Task == id && r.Count <= 1 {
			return calls.call(r.Via, r.ViaLine, r.Arg, r.Index, id), true
		}
	}
	return "", false
}
