package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"poolviz/scenarios"
)

// TestGoldenQueueStream: shared-queue mid-run, stepped to the moment an item
// sits on the queue (main takes each the instant it lands): the shared queue
// panel lists every item in arrival order, its task's submission order beside
// it, who put it, how long it sat, who took it.
func TestGoldenQueueStream(t *testing.T) {
	tm := program(t, 120, 36, Options{})
	send(tm, frames(140)...) // 4.67 s: six results arrived
	send(tm, keys("space", "right", "right")...)
	fm := finish(t, tm)
	screen := ansi.Strip(fm.render())
	if !strings.Contains(screen, "on queue") {
		t.Error("no item shows on the queue")
	}
	// The rows, in arrival order: "1st  1st  (0, 1.70) W1 ...".
	row := regexp.MustCompile(`│ (\d+(?:st|nd|rd|th)) +(\d+(?:st|nd|rd|th)) +\((\d+), `)
	var got []string
	for _, m := range row.FindAllStringSubmatch(screen, -1) {
		got = append(got, m[1]+"/"+m[2]+"/"+m[3])
	}
	want := []string{"1st/1st/0", "2nd/5th/4", "3rd/3rd/2", "4th/6th/5", "5th/2nd/1", "6th/9th/8", "7th/7th/6"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the stream's rows (arrived/submitted/item) are %v, want %v", got, want)
	}
}

// TestResultsOnlyWhereUsed: the pool's results panel is shown where the
// program reads the results (imap-order), not where it drops them and reads
// a queue instead (shared-queue), which shows its queue's items instead.
func TestResultsOnlyWhereUsed(t *testing.T) {
	for _, c := range []struct {
		name            string
		results, stream bool
	}{{"shared-queue", false, true}, {"imap-order", true, false}, {"lock-race", false, false}, {"deadlock-queue", false, true}} {
		m, err := NewModel(Options{ManualFrames: true, Scenario: c.name, Params: scenarios.Params{Seed: 1}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(m.play.sess.Close)
		m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 36})
		m = drive(t, m, frames(60)...)
		if screenHas(m, "─ Results ─") != c.results || screenHas(m, "─ Shared queue ─") != c.stream {
			t.Errorf("%s: results panel %v (want %v), shared queue panel %v (want %v)", c.name,
				screenHas(m, "─ Results ─"), c.results, screenHas(m, "─ Shared queue ─"), c.stream)
		}
		if strings.Contains(ansi.Strip(m.render()), " None") && !c.results {
			t.Errorf("%s: a None shows as if it were a result", c.name)
		}
	}
}

// TestGoldenCodeCarriesParams: run with --workers 6 --tasks 20, the listing
// says WORKERS = 6 and TASKS = 20, as the run does; changing the tasks with t
// changes the listing too.
func TestGoldenCodeCarriesParams(t *testing.T) {
	tm := program(t, 120, 36, Options{Params: scenarios.Params{Workers: 6, Tasks: 20}})
	send(tm, frames(10)...)
	send(tm, keys("tab", "home")...) // the code pane, scrolled to its top
	fm := finish(t, tm)
	for _, want := range []string{"WORKERS = 6", "TASKS = 20"} {
		if !screenHas(fm, want) {
			t.Errorf("the code pane lacks %q", want)
		}
	}
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, keys("t", "backspace", "backspace", "1", "2", "enter", "tab", "home")...)
	if !screenHas(m, "TASKS = 12") || !screenHas(m, "WORKERS = 4") {
		t.Errorf("after t 12: the code pane says\n%s", ansi.Strip(m.render()))
	}
}

// TestOneNamePerTask: deadlock-starvation's tasks are called as the listing
// calls them, parent_task(0) and subtask(), in the workers, the task queue
// (the event log's sentences are narrate's tests'); no unlabelled pool number.
func TestOneNamePerTask(t *testing.T) {
	m, err := NewModel(Options{ManualFrames: true, Scenario: "deadlock-starvation", Params: scenarios.Params{Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.play.sess.Close)
	m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 36})
	m = drive(t, m, frames(40)...)
	screen := ansi.Strip(m.render())
	for _, want := range []string{"▸ parent_task(0)", "▸ parent_task(1)", "│ subtask() apply_async"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen lacks %q:\n%s", want, screen)
		}
	}
	odd := regexp.MustCompile(`[^l] task \d|task\(\(\)\)|#\d`)
	for _, line := range strings.Split(screen, "\n")[:20] { // the workers and the task queue, above the deadlock
		left := string([]rune(line)[:66])
		if odd.MatchString(left) {
			t.Errorf("a task is named by an unlabelled pool number, or oddly: %q", line)
		}
	}
}
