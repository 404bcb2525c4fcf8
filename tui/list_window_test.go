package tui

import (
	"slices"
	"testing"

	tea "charm.land/bubbletea/v2"

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
		for k := range o.Stream {
			rows = append(rows, cols.row(sn, &o.Stream[k]))
		}
	}
	if len(rows) == 0 {
		if queues == 0 {
			return []string{sn.s.faint.s(" no queue created yet")}, 0
		}
		return []string{cols.header(sn), sn.s.faint.s(" nothing put yet")}, 1
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
