package tui

import (
	"poolviz/picture"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// deadlockPanel draws a found deadlock: the sentence that explains it and the
// wait-for cycle, one member per line, each pointing at the next.
type deadlockPanel struct{ w, h int }

func (p deadlockPanel) setSize(w, h int) deadlockPanel { p.w, p.h = w, h; return p }

// deadlockHint says what can still be done.
const deadlockHint = "the run is stopped: ← steps back through how it happened · r restarts · q quits"

// want is how many body lines the panel needs for d at outer width w.
func (deadlockPanel) want(st *picture.State, w int) int {
	d := st.Deadlock
	if d == nil {
		return 0
	}
	inner := w - 2
	n := strings.Count(ansi.Wrap(d.Sentence, inner-1, " "), "\n") + 1
	for i := range d.Members {
		n += len(memberLines(nil, st, i, inner))
	}
	return n + 1
}

func (p deadlockPanel) info(f *frame) string {
	d := f.v.State.Deadlock
	if d == nil {
		return ""
	}
	return d.Kind + " found at " + strconv.FormatFloat(d.Time.Seconds(), 'f', 3, 64) + "s"
}

func (p deadlockPanel) view(f *frame) []string {
	st := &f.v.State
	d := st.Deadlock
	if d == nil {
		return nil
	}
	s := f.s
	inner := p.w - 2
	var out []string
	for _, l := range strings.Split(ansi.Wrap(d.Sentence, inner-1, " "), "\n") {
		out = append(out, " "+s.bold.s(l))
	}
	for i := range d.Members {
		out = append(out, memberLines(f, st, i, inner)...)
	}
	return append(out, " "+s.dim.s(deadlockHint))
}

// memberLines draws member i of the deadlock: "worker 1 ─holds─▶ lock_a
// ─waits to acquire─▶ lock_b ─held by─▶ worker 2", on two lines if one is too
// narrow. The last member of a cycle points back to the first. With f nil it only
// measures (the lines are plain).
func memberLines(f *frame, st *picture.State, i, inner int) []string {
	d := st.Deadlock
	m := d.Members[i]
	verb, on, by := blockedOf(st, m.Name)
	paintName := func(n string) string {
		if f == nil {
			return n
		}
		return actorName(f, n)
	}
	plain := func(t string) string { return t }
	dim, obj := plain, plain
	if f != nil {
		dim = f.s.dim.s
		obj = f.s.accent.s
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
	if ansi.StringWidth(first+second) <= inner {
		return []string{first + second}
	}
	pad := " " + dim("│ ") + spaces(ansi.StringWidth(m.Name))
	if i == len(d.Members)-1 && len(d.Members) > 1 {
		pad = "   " + spaces(ansi.StringWidth(m.Name))
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
