package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"poolviz/picture"
	"poolviz/pool"
	"poolviz/scenarios"
)

func TestFooterKeysFitEveryWidth(t *testing.T) {
	s := newStyles(true)
	notes := []string{"", "quitting", "paused: press space to start", "restarted with 4 workers, 10 tasks",
		"cannot restart: the scenario needs at least 2 workers and 2 tasks, and this is far too long a note for one line"}
	for w := minWidth; w <= 200; w++ {
		p := ref(newFooterPanel(s)).setSize(w, newKeyMap())
		for _, note := range notes {
			line := p.view(note, s)
			plain := ansi.Strip(line)
			if got := ansi.StringWidth(line); got != w {
				t.Fatalf("width %d, note %q: the footer is %d cells", w, note, got)
			}
			if !strings.Contains(plain, "? help") {
				t.Errorf("width %d, note %q: no ? key: %q", w, note, plain)
			}
			keys := plain
			if note != "" {
				keys, _, _ = strings.Cut(plain, note[:min(len(note), 8)])
			}
			if strings.Contains(keys, "…") {
				t.Errorf("width %d, note %q: a key is cut: %q", w, note, plain)
			}
		}
	}
}

func TestFooterKeysFullWhenWide(t *testing.T) {
	s := newStyles(true)
	for _, w := range []int{120, 200} {
		plain := ansi.Strip(ref(newFooterPanel(s)).setSize(w, newKeyMap()).view("quitting", s))
		for _, want := range []string{"space pause", "→ step", "← back", "+/- speed", "r restart", "s scenarios", "? help", "q quit", "v timeline", "tab focus", "quitting"} {
			if !strings.Contains(plain, want) {
				t.Errorf("width %d: no %q in %q", w, want, plain)
			}
		}
	}
}

func TestFooterKeysNarrowForms(t *testing.T) {
	s := newStyles(true)
	p := ref(newFooterPanel(s)).setSize(80, newKeyMap())
	for _, tt := range []struct{ note, want string }{
		{"", " space pause  ←/→ step  +/- speed  r restart  s scenario  ? help  q quit"},
		{"quitting", " space pause  ←/→ step  +/- speed  r restart  ? help  q quit"},
		{"paused: press space to start", " space pause  ←/→ step  ? help  q quit"},
	} {
		got := strings.TrimRight(ansi.Strip(p.view(tt.note, s)), " ")
		if keys := strings.TrimRight(strings.TrimSuffix(got, tt.note), " │"); keys != tt.want {
			t.Errorf("note %q: keys %q, want %q", tt.note, keys, tt.want)
		}
	}
}

func TestSmallestScreenShowsGlobalsAndKeys(t *testing.T) {
	m := newTestModel(t, minWidth, minHeight, scenarios.Params{})
	m = drive(t, m, frames(40)...) // every worker has run its initializer
	checkScreen(t, m, minWidth, minHeight)
	lines := plain(m)
	if m.layout.Workers != workersDetail {
		t.Errorf("workers drawn in mode %d, want one line of globals each", m.layout.Workers)
	}
	if n := strings.Count(strings.Join(lines, "\n"), "queue = SimpleQueue(results)"); n != len(m.view.State.Workers) {
		t.Errorf("%d workers show their globals, want all %d", n, len(m.view.State.Workers))
	}
	footer := lines[len(lines)-1]
	if !strings.Contains(footer, "? help") || strings.Contains(footer, "…") {
		t.Errorf("footer %q", footer)
	}
}

func TestNarrowGlobalsWrittenCloser(t *testing.T) {
	sn := codeScene("")
	var p workersPanel
	w := picture.WorkerView{ID: 1, Status: picture.WorkerIdle, Globals: []pool.Var{
		{Name: "local_count", Value: "2"}, {Name: "shared_count", Value: "Value(counter)"}}}
	if got := ansi.Strip(p.globalsLine(sn, &w, 64, 1)); got != "        local_count = 2  shared_count = Value(counter)" {
		t.Errorf("wide: %q", got)
	}
	if got := ansi.Strip(p.globalsLine(sn, &w, 42, 1)); got != " local_count=2  shared_count=Value(counter)" {
		t.Errorf("narrow: %q", got)
	}
}
