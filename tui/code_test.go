package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"poolviz/picture"
	"poolviz/scenarios"
	"poolviz/session"
)

// listing is a small Python listing with a long comment line, a long call and
// a line too long for any row, for the wrap tests.
const listing = `def task(i):
    current = counter.value
    sleep(0.1)  # another worker can read the same old value now, and lose it
    counter.value = current + 1
    result = some_function_with_a_name_far_too_long_for_one_row_of_the_listing(i)
    return result
`

// testCodePanel is the listing with steps on lines 2, 3 and 5, sized w x h.
func testCodePanel(w, h int) codePanel {
	p := codePanel{file: "test.py", follow: true, lines: highlightPython(listing, newStyles(true)),
		steps: map[string]int{"read": 2, "sleep": 3, "call": 5}}
	return p.resize(w, h)
}

// codeScene is a scene whose State has main and the workers on the given steps.
func codeScene(mainStep string, workerSteps ...string) *scene {
	v := &session.View{}
	if mainStep != "" {
		v.State.Main = picture.MainView{Started: true, Step: mainStep}
	}
	for i, st := range workerSteps {
		v.State.Workers = append(v.State.Workers, picture.WorkerView{ID: i + 1, Status: picture.WorkerRunning, Step: st})
	}
	return &scene{s: newStyles(true), v: v}
}

func TestWrapLine(t *testing.T) {
	s := newStyles(true)
	line := highlightPython(listing, s)[2] // the sleep line and its comment
	for _, w := range []int{20, 28, 46} {
		rows := wrapLine(line, w)
		if len(rows) < 2 {
			t.Fatalf("width %d: %d rows, want the line wrapped", w, len(rows))
		}
		var words []string
		for i, r := range rows {
			plain := ansi.Strip(r)
			if got := ansi.StringWidth(r); got > w {
				t.Errorf("width %d: row %d is %d cells: %q", w, i, got, plain)
			}
			if !strings.HasPrefix(plain, "    ") || strings.HasPrefix(plain, "     ") {
				t.Errorf("width %d: row %d is not at the line's indentation: %q", w, i, plain)
			}
			if strings.HasSuffix(plain, "#") {
				t.Errorf("width %d: row %d ends in a lone #: %q", w, i, plain)
			}
			words = append(words, strings.Fields(plain)...)
		}
		if got, want := strings.Join(words, " "), strings.Join(strings.Fields(ansi.Strip(line)), " "); got != want {
			t.Errorf("width %d: the rows say %q, want %q", w, got, want)
		}
		// The comment's colour goes on past the break: the last row, all
		// comment, starts in it.
		if last := rows[len(rows)-1]; !strings.Contains(last, s.pyComment.pre) {
			t.Errorf("width %d: the last row lost the comment's colour: %q", w, last)
		}
	}
}

func TestWrapLineBreaksALongWord(t *testing.T) {
	line := highlightPython(listing, newStyles(true))[4]
	rows := wrapLine(line, 30)
	for i, r := range rows {
		if got := ansi.StringWidth(r); got > 30 {
			t.Errorf("row %d is %d cells: %q", i, got, ansi.Strip(r))
		}
	}
	joined := ""
	for _, r := range rows {
		joined += strings.TrimSpace(ansi.Strip(r))
	}
	if want := strings.ReplaceAll(strings.TrimSpace(ansi.Strip(line)), " ", ""); strings.ReplaceAll(joined, " ", "") != want {
		t.Errorf("rows %q, want the whole line", joined)
	}
}

func TestWrapLineKeepsAShortLine(t *testing.T) {
	line := highlightPython(listing, newStyles(true))[1]
	if rows := wrapLine(line, 40); len(rows) != 1 || rows[0] != line {
		t.Errorf("rows %q, want the line untouched", rows)
	}
}

func TestWrapListingRoomForTags(t *testing.T) {
	lines := highlightPython(listing, newStyles(true))
	marked := map[int]bool{1: true, 2: true, 4: true, 5: true}
	cw := wrapListing(lines, marked, 30)
	for i := range lines {
		tr := cw.tagAt[i]
		if tr < cw.first[i] || tr > cw.last(i) {
			t.Fatalf("line %d: tags on row %d, outside its rows %d-%d", i+1, tr, cw.first[i], cw.last(i))
		}
		if marked[i] && ansi.StringWidth(cw.rows[tr].text)+tagRoom > 30 {
			t.Errorf("line %d: no room for tags on row %d: %q", i+1, tr, ansi.Strip(cw.rows[tr].text))
		}
	}
	// Line 6 fits with room to spare: one row, tags on it.
	if cw.last(5) != cw.first[5] || cw.tagAt[5] != cw.first[5] {
		t.Errorf("line 6: rows %d-%d, tags on %d", cw.first[5], cw.last(5), cw.tagAt[5])
	}
	// Line 2 (27 cells) fits, but without room for tags: a row of its own for them.
	if cw.last(1) != cw.first[1]+1 || cw.tagAt[1] != cw.last(1) || cw.rows[cw.last(1)].text != "" {
		t.Errorf("line 2: rows %d-%d, tags on %d", cw.first[1], cw.last(1), cw.tagAt[1])
	}
	// Unmarked, line 4 (31 cells) takes two rows and no tags row.
	if n := cw.last(3) - cw.first[3] + 1; n != 2 || cw.rows[cw.last(3)].text == "" {
		t.Errorf("line 4: %d rows, last %q", n, ansi.Strip(cw.rows[cw.last(3)].text))
	}
	// The same input always gives the same rows.
	again := wrapListing(lines, marked, 30)
	if len(again.rows) != len(cw.rows) {
		t.Fatalf("%d rows, then %d", len(cw.rows), len(again.rows))
	}
	for i := range cw.rows {
		if cw.rows[i] != again.rows[i] {
			t.Fatalf("row %d differs: %+v, then %+v", i, cw.rows[i], again.rows[i])
		}
	}
}

func TestCodeMarkersOnWrappedLines(t *testing.T) {
	p := testCodePanel(40, 30) // 38 inner, 32 for the code
	sn := codeScene("sleep", "sleep", "read", "call")
	out := p.view(sn)
	if len(out) != len(p.wrap.rows) {
		t.Fatalf("%d rows drawn, want all %d", len(out), len(p.wrap.rows))
	}
	for i, line := range out {
		if w := ansi.StringWidth(line); w > 38 {
			t.Errorf("row %d is %d cells: %q", i, w, ansi.Strip(line))
		}
		cr := p.wrap.rows[i]
		plain := ansi.Strip(line)
		if !strings.Contains(plain, strings.TrimSpace(ansi.Strip(cr.text))) {
			t.Errorf("row %d hides its code %q: %q", i, ansi.Strip(cr.text), plain)
		}
		switch {
		case cr.continued() && !strings.HasPrefix(plain, "   ↪ "):
			t.Errorf("continuation row %d has no sign in a blank gutter: %q", i, plain)
		case !cr.cont && strings.Contains(plain, "↪"):
			t.Errorf("first row %d has the continuation sign: %q", i, plain)
		}
	}
	// The sleep line: the marker on its first row, main and W1 on its tags row.
	sleep := p.wrap.first[2]
	if !strings.HasPrefix(ansi.Strip(out[sleep]), " 3 ▶ ") {
		t.Errorf("line 3's first row: %q", ansi.Strip(out[sleep]))
	}
	if got := ansi.Strip(out[p.wrap.tagAt[2]]); !strings.HasSuffix(got, "◀ main W1") {
		t.Errorf("line 3's tags row: %q", got)
	}
	if got := ansi.Strip(out[p.wrap.tagAt[1]]); !strings.HasSuffix(got, "◀ W2") {
		t.Errorf("line 2's tags: %q", got)
	}
	if got := ansi.Strip(out[p.wrap.tagAt[4]]); !strings.HasSuffix(got, "◀ W3") {
		t.Errorf("line 5's tags: %q", got)
	}
	// Actors move; the rows stay where they were.
	moved := p.view(codeScene("", "call", "call", "call", "call", "call"))
	if len(moved) != len(out) {
		t.Fatalf("%d rows, then %d", len(out), len(moved))
	}
	if got := ansi.Strip(moved[p.wrap.tagAt[4]]); !strings.HasSuffix(got, "◀ W1 W2 W3 W4 W5") {
		t.Errorf("five workers on line 5: %q", got)
	}
}

func TestCodeTagsUseAllTheirRoom(t *testing.T) {
	// Line 6 ("    return result", 17 cells) after a 5-cell gutter in 36 cells
	// leaves 14: " ◀ " and exactly "W1 W2 W3 W4".
	p := codePanel{lines: highlightPython(listing, newStyles(true)), steps: map[string]int{"return": 6}}
	p = p.resize(38, 30)
	out := p.view(codeScene("", "return", "return", "return", "return"))
	if got := ansi.Strip(out[p.wrap.tagAt[5]]); !strings.HasSuffix(got, "◀ W1 W2 W3 W4") || ansi.StringWidth(got) != 36 {
		t.Errorf("line 6: %q", got)
	}
}

func TestTagListFitsItsRoom(t *testing.T) {
	s := newStyles(true)
	tags := []tag{{"main", s.strong, false}, {"W1", s.bold, false}, {"W2", s.bold, false}, {"W12", s.bold, false}}
	for _, tt := range []struct {
		w    int
		want string
	}{
		{40, "main W1 W2 W12"},
		{12, "main W1 +2"},
		{7, "main +3"},
		{5, "+4"},
	} {
		if got := ansi.Strip(tagList(tags, tt.w, s)); got != tt.want {
			t.Errorf("tagList in %d = %q, want %q", tt.w, got, tt.want)
		}
	}
}

func TestCodeScrollsInRows(t *testing.T) {
	p := testCodePanel(40, 6) // a page of 4 rows
	rows := len(p.wrap.rows)
	if rows <= len(p.lines) {
		t.Fatalf("%d rows for %d lines: nothing wrapped", rows, len(p.lines))
	}
	last := rows - 4
	for _, tt := range []struct {
		n    nav
		want int
	}{
		{nav{lines: 1}, 1},
		{nav{pages: 1}, 4},
		{nav{lines: 100}, last},
		{nav{bottom: true}, last},
		{nav{top: true}, 0},
		{nav{lines: -1}, 0},
	} {
		if got := p.scroll(tt.n).offset; got != tt.want {
			t.Errorf("%+v from row 0: offset %d, want %d", tt.n, got, tt.want)
		}
	}
	q := p.scroll(nav{lines: 1})
	if q.follow {
		t.Error("scrolling by hand still follows the markers")
	}
	// A page that grows keeps the offset inside the rows.
	q.offset = last
	if got := q.resize(40, 10).offset; got != rows-8 {
		t.Errorf("offset %d after growing, want %d", got, rows-8)
	}
}

func TestCodeFollowsMarkersInRows(t *testing.T) {
	p := testCodePanel(40, 6) // a page of 4 rows
	st := codeScene("", "call").v.State
	q := p.sync(&st)
	lo, hi := q.wrap.first[4], q.wrap.last(4)
	if q.offset > lo || q.offset+4 <= hi {
		t.Errorf("offset %d shows rows %d-%d, want line 5's rows %d-%d in view", q.offset, q.offset, q.offset+3, lo, hi)
	}
	if again := q.sync(&st); again.offset != q.offset {
		t.Errorf("the same State moved the listing from %d to %d", q.offset, again.offset)
	}
	// Whatever the page and the step, the window starts at the top of a line
	// (unless it is at the end of the listing) and shows the marked line's first row.
	for h := 4; h <= 12; h++ {
		for _, step := range []string{"read", "sleep", "call"} {
			st := codeScene(step, "call").v.State
			q := testCodePanel(40, h).sync(&st)
			page, rows := h-2, len(q.wrap.rows)
			if q.offset < rows-page && q.wrap.rows[q.offset].cont {
				t.Errorf("height %d, %s: the window starts inside line %d", h, step, q.wrap.rows[q.offset].line+1)
			}
			if n := q.steps[step] - 1; q.wrap.first[n] < q.offset || q.wrap.first[n] >= q.offset+page {
				t.Errorf("height %d, %s: line %d's first row %d is out of rows %d-%d", h, step, n+1, q.wrap.first[n], q.offset, q.offset+page-1)
			}
		}
	}
	// Scrolled by hand, the panel no longer follows.
	r := q.scroll(nav{top: true}).sync(&st)
	if r.offset != 0 {
		t.Errorf("a scrolled panel followed the markers to %d", r.offset)
	}
}

func TestCodeWrapKeepsTheTopLine(t *testing.T) {
	p := testCodePanel(40, 6)
	p.offset = p.wrap.first[4]
	q := p.resize(30, 6)
	if got := q.wrap.rows[q.offset].line; got != 4 {
		t.Errorf("after a resize the top row is of line %d, want line 5", got+1)
	}
}

func TestLayoutCountsWrappedRows(t *testing.T) {
	// At 120 x 36 the whole of a short listing is in view: the code panel is as
	// tall as its wrapped rows, not its lines.
	sc, err := scenarios.Get("imap-order")
	if err != nil {
		t.Skip(err)
	}
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m.panels[pCode] = newCodePanel(sc, sc.Defaults, m.st)
	m = m.relayout()
	rows := len(codeOf(m).wrap.rows)
	if rows <= len(codeOf(m).lines) {
		t.Fatalf("%d rows for %d lines: nothing wrapped", rows, len(codeOf(m).lines))
	}
	body := 36 - headerHeight - footerHeight
	if got, want := m.layout.Panels[pCode].H, min(rows+2, body*3/5); got != want {
		t.Errorf("code panel %d rows high, want %d", got, want)
	}
	small := computeLayout(layoutInput{Width: 200, Height: 60, Workers: 4, CodeRows: 10})
	large := computeLayout(layoutInput{Width: 200, Height: 60, Workers: 4, CodeRows: 30})
	if small.Panels[pCode].H != 12 || large.Panels[pCode].H != 32 {
		t.Errorf("code panel %d and %d rows high for 10 and 30 rows", small.Panels[pCode].H, large.Panels[pCode].H)
	}
}
