package tui

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"poolviz/pool"
	"poolviz/scenarios"
)

// streamAllRows is how the stream list drew before it drew only the rows
// shown: every row, then the window; the test's reference.
func streamAllRows(sn *scene, p listBox) ([]string, int) {
	l := streamList{}
	cols := l.columns(sn, p.w-2)
	var rows []string
	queues := 0
	for i := range sn.v.State.Objects {
		if isQueue(sn.v.State.Objects[i].Kind) {
			queues++
		}
	}
	for i := range sn.v.State.Objects {
		o := &sn.v.State.Objects[i]
		if !isQueue(o.Kind) {
			continue
		}
		if queues > 1 {
			rows = append(rows, " "+sn.s.accent.s(kindGlyphs[o.Kind])+" "+sn.s.bold.s(o.Name))
		}
		waiting := "on queue"
		if o.Kind == "pipe" {
			waiting = "in pipe"
		}
		for k := range o.Stream {
			rows = append(rows, cols.row(sn, &o.Stream[k], waiting))
		}
	}
	if len(rows) == 0 {
		if queues == 0 {
			return []string{sn.s.faint.s(" no queue created yet")}, 0
		}
		nothing := " nothing put yet"
		if pipeOnly(sn) {
			nothing = " nothing sent yet"
		}
		return []string{cols.header(sn), sn.s.faint.s(nothing)}, 1
	}
	body := listBox{w: p.w, h: p.h - 1, list: p.list}
	from, to := body.window(len(rows))
	return append([]string{cols.header(sn)}, rows[from:to]...), len(rows) + 1
}

// TestListsDrawOnlyTheRowsShown checks, for every scenario at several
// moments, panel sizes and scroll positions, that the stream list drawing
// only its window draws what drawing every row showed, and that the output
// list's tail (what it draws while following) is its view at the bottom.
func TestListsDrawOnlyTheRowsShown(t *testing.T) {
	listers := []lister{{follow: true}, {}, {top: 1}, {top: 7}, {top: 10_000}}
	sizes := [][2]int{{20, 3}, {40, 5}, {60, 12}, {90, 40}}
	checked := map[string]int{}
	for _, sc := range scenarios.All() {
		if sc.Traced() {
			continue
		}
		m, err := NewModel(Options{ManualFrames: true, Scenario: sc.Name, Params: scenarios.Params{Seed: 1, Workers: 3, Tasks: 30}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(m.Close)
		m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 36})
		for range 6 {
			m = drive(t, m, frames(40)...)
			sn := m.scene()
			scenes := []*scene{sn}
			// No preset has two queues: a second, made of the first, draws the
			// queues' names between their items.
			v := *sn.v
			v.State = v.State.Clone()
			for i := range v.State.Objects {
				if o := v.State.Objects[i]; isQueue(o.Kind) {
					o.Name += "2"
					v.State.Objects = append(v.State.Objects, o)
					two := *sn
					two.v = &v
					scenes = append(scenes, &two)
					checked["several queues"]++
					break
				}
			}
			for _, sn := range scenes {
				for _, size := range sizes {
					for _, l := range listers {
						p := listBox{w: size[0], h: size[1], list: l}
						got, n := streamList{}.view(sn, p)
						want, wn := streamAllRows(sn, p)
						if !slices.Equal(got, want) || n != wn {
							t.Fatalf("%s at %v, %v, %+v: the stream shows\n%q (%d rows)\nwant\n%q (%d rows)", sc.Name, m.view.Now, size, l, got, n, want, wn)
						}
						if n > size[1] {
							checked["stream scrolled"]++
						}
						if !l.follow {
							continue
						}
						tail := outputList{}.tail(sn, p)
						shown, rows := outputList{}.view(sn, p)
						if !slices.Equal(tail, shown) {
							t.Fatalf("%s at %v, %v: the output's tail is\n%q\nits view\n%q", sc.Name, m.view.Now, size, tail, shown)
						}
						if rows > size[1] {
							checked["output scrolled"]++
						}
					}
				}
			}
		}
	}
	if checked["stream scrolled"] == 0 || checked["output scrolled"] == 0 || checked["several queues"] == 0 {
		t.Fatalf("no list longer than its panel was checked: %v", checked)
	}
}

// TestTheLogShowsWhatItsWholeContentShows drives an event log through
// events, scrolls and resizes, beside a log whose viewport is given every line
// after each (as the log did before a log that follows gave its viewport only
// the last page), and checks that the two show the same.
func TestTheLogShowsWhatItsWholeContentShows(t *testing.T) {
	s := newStyles(true)
	sn := &scene{s: s}
	p := newLogPanel().setSize(60, 12, sn).(logPanel)
	ref := p
	// every gives ref's viewport every line, as the log's refill did.
	every := func(q logPanel) logPanel {
		q.vp.SetContentLines(q.lastLines(-1))
		if q.follow {
			q.vp.GotoBottom()
		}
		q.whole = true
		return q
	}
	at := 0
	addSome := func(n int) {
		var es []logEntry
		for range n {
			text := "worker 1 runs task(" + strconv.Itoa(at) + ")"
			if at%3 == 0 { // some sentences wrap
				text += " and then it waits a long while for the lock that main holds, as it must"
			}
			es = append(es, logEntry{at: at, t: time.Duration(at) * time.Millisecond, kind: pool.KindTaskStarted,
				actor: pool.Actor{Kind: pool.ActorWorker, ID: 1}, text: text})
			at++
		}
		p, ref = p.add(es, s), every(ref.add(es, s))
	}
	scroll := func(n nav) func() {
		return func() { p, ref = p.update(n, sn).(logPanel), ref.update(n, sn).(logPanel) }
	}
	steps := []struct {
		what string
		do   func()
	}{
		{"a few events", func() { addSome(3) }},
		{"many events", func() { addSome(40) }},
		{"up 3", scroll(nav{lines: -3})},
		{"events while scrolled", func() { addSome(5) }},
		{"page up", scroll(nav{pages: -1})},
		{"down 2", scroll(nav{lines: 2})},
		{"end", scroll(nav{bottom: true})},
		{"events while following", func() { addSome(7) }},
		{"up 1", scroll(nav{lines: -1})},
		{"end again", scroll(nav{bottom: true})},
		{"a resize", func() { p, ref = p.setSize(44, 9, sn).(logPanel), every(ref.setSize(44, 9, sn).(logPanel)) }},
		{"down at the bottom", scroll(nav{lines: 1})},
		{"more events", func() { addSome(700) }},
		{"page up again", scroll(nav{pages: -1})},
		{"home", scroll(nav{top: true})},
		{"a step back", func() { p, ref = p.truncate(at-20), every(ref.truncate(at-20)) }},
		{"end once more", scroll(nav{bottom: true})},
		{"a step back while following", func() { p, ref = p.truncate(at-40), every(ref.truncate(at-40)) }},
		{"a sentence with a tab", func() {
			es := []logEntry{{at: at, kind: pool.KindOutput, text: "main prints: a\tb"}}
			at++
			p, ref = p.add(es, s), every(ref.add(es, s))
		}},
	}
	for _, st := range steps {
		st.do()
		// The panel's box: what reaches the screen.
		r := rect{W: p.w, H: p.h}
		got := s.box(r, "Event log", p.info(sn, false), false, p.view(sn))
		want := s.box(r, "Event log", ref.info(sn, false), false, strings.Split(ref.vp.View(), "\n"))
		if !sameCells(got, want, p.w) || p.follow != ref.follow {
			t.Fatalf("after %s (following %v, want %v): the log shows\n%s\nwant\n%s", st.what, p.follow, ref.follow,
				strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// sameCells reports whether two screens of w cells wide lines show the same
// cells: the same characters in the same styles, however the escape
// sequences that style them are written.
func sameCells(a, b []string, w int) bool {
	if len(a) != len(b) {
		return false
	}
	draw := func(lines []string) uv.ScreenBuffer {
		buf := uv.NewScreenBuffer(w, len(lines))
		uv.NewStyledString(strings.Join(lines, "\n")).Draw(buf, buf.Bounds())
		return buf
	}
	ba, bb := draw(a), draw(b)
	for y := range len(a) {
		for x := range w {
			if !ba.CellAt(x, y).Equal(bb.CellAt(x, y)) {
				return false
			}
		}
	}
	return true
}
