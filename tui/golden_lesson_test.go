package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"poolviz/scenarios"
	"poolviz/session"
)

// openScenario opens the named preset at seed 1 at w x h, without its own
// clock, and closes its session when the test ends.
func openScenario(t *testing.T, name string, w, h int) Model {
	t.Helper()
	m, err := NewModel(Options{ManualFrames: true, Scenario: name, Params: scenarios.Params{Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.play.sess.Close)
	return drive(t, m, tea.WindowSizeMsg{Width: w, Height: h})
}

// TestGoldenBrokenInitializer: once the initializer breaks the pool, the
// screen says what CPython would do instead (respawn forever) and what
// poolviz does, the code pane marks the line that raised, and Main output
// ends with the error main got.
func TestGoldenBrokenInitializer(t *testing.T) {
	tm := program(t, 120, 36, Options{Scenario: "broken-initializer"})
	send(tm, frames(60)...)
	fm := finish(t, tm)
	screen := ansi.Strip(fm.render())
	for _, want := range []string{
		"CPython would start a new worker in its place",
		"poolviz stops at the first failure",
		`18 ✗     factor = settings["factor"]`,
		"W1 W2 raised here",
		"✗ main ended with an",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen lacks %q", want)
		}
	}
}

// TestStopPanelSaysMore: at 80 x 24 the stop panel has no room for all its
// lines: its last row says how many more there are, rather than cutting them
// silently; zoomed, it shows them all.
func TestStopPanelSaysMore(t *testing.T) {
	for _, name := range []string{"broken-initializer", "deadlock-starvation"} {
		m := openScenario(t, name, 80, 24)
		m = drive(t, m, frames(60)...)
		if !screenHas(m, "more line") {
			t.Errorf("%s at 80x24: no \"more\" mark on the cut stop panel:\n%s", name, ansi.Strip(m.render()))
		}
		m.focus = pDeadlock
		m = drive(t, m, press("z"))
		if screenHas(m, "more line") || !screenHas(m, "← steps back") {
			t.Errorf("%s zoomed: the stop panel is still cut:\n%s", name, ansi.Strip(m.render()))
		}
	}
}

// TestGoldenLockRace: lock-race mid-race at its default speed: every
// worker shows the value its task read (its local copy), and the shared
// objects panel counts the updates lost so far.
func TestGoldenLockRace(t *testing.T) {
	tm := program(t, 120, 36, Options{Scenario: "lock-race"})
	send(tm, frames(105)...) // 3.5 s at 0.25x: 0.875 s of the run, the second round of reads
	fm := finish(t, tm)
	screen := ansi.Strip(fm.render())
	for _, want := range []string{"read counter = 2", "✗ 6 of 8 updates lost", "speed 0.25×"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen lacks %q", want)
		}
	}
}

// TestGoldenImapOrder: imap-order in its second phase: a divider parts
// imap's results from imap_unordered's; the header counts the tasks as the
// listing makes them (2×8); and earlier, in the first phase, the results imap
// holds back for task(0) say so.
func TestGoldenImapOrder(t *testing.T) {
	m := openScenario(t, "imap-order", 120, 36)
	m = drive(t, m, frames(78)...) // 2.6 s: tasks 1 to 4 arrived, task 0 still sleeps
	if got := strings.Count(ansi.Strip(m.render()), "‖ held"); got != 4 || !screenHas(m, "── imap(task, …): 4 held for task(0)") {
		t.Errorf("%d results held, want 4 held for task(0):\n%s", got, ansi.Strip(m.render()))
	}
	tm := program(t, 120, 36, Options{Scenario: "imap-order"})
	send(tm, frames(230)...) // 7.67 s: the second phase has begun
	fm := finish(t, tm)
	screen := ansi.Strip(fm.render())
	for _, want := range []string{"── imap_unordered(task, …)", "tasks 11/2×8 done", "11/2×8 arrived"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen lacks %q", want)
		}
	}
	if strings.Contains(screen, "held") {
		t.Error("a result is still held back once task(0) arrived")
	}
}

// TestGoldenDeadlockStarvation: the deadlock panel names the tasks as the
// listing calls them, and ties the queued subtask() to the event it alone
// would set.
func TestGoldenDeadlockStarvation(t *testing.T) {
	tm := program(t, 120, 36, Options{Scenario: "deadlock-starvation"})
	send(tm, frames(40)...) // the deadlock comes at 0.6 s; the run stops there
	fm := finish(t, tm)
	screen := ansi.Strip(fm.render())
	for _, want := range []string{"subtask() is still queued in the pool", "result of parent_task(0)",
		"subtask() is the only code that calls subtask_done.set()"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the deadlock panel lacks %q", want)
		}
	}
}

// TestGoldenDeadlockQueue: the deadlock panel says the None end marker is
// what is missing.
func TestGoldenDeadlockQueue(t *testing.T) {
	tm := program(t, 120, 36, Options{Scenario: "deadlock-queue"})
	send(tm, frames(150)...) // the deadlock comes at 4.6 s
	fm := finish(t, tm)
	screen := strings.Join(strings.Fields(strings.ReplaceAll(ansi.Strip(fm.render()), "│", " ")), " ") // wrapped rows read on
	for _, want := range []string{"no task ever puts None", "the end marker is missing", "shared_queue.put(None)"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the deadlock panel lacks %q", want)
		}
	}
}

// TestSpaceForThePoint: at 120 columns a semaphore's holders are named whole
// in the workers panel; at 200 x 60 the timeline sits under the workers; at
// 80 x 24 imap-order's listing shows the imap call main is on, not only its
// "for i in".
func TestSpaceForThePoint(t *testing.T) {
	m := drive(t, openScenario(t, "semaphore", 120, 36), frames(90)...)
	if !screenHas(m, "held by W2, W4 ") || screenHas(m, "held by wor…") || screenHas(m, "W2,…") {
		t.Errorf("semaphore at 120x36: the holders are cut:\n%s", ansi.Strip(m.render()))
	}
	m = drive(t, openScenario(t, "lock-race", 200, 60), frames(10)...)
	if l := m.layout; l.Panels[pTimeline].Empty() || l.Panels[pWorkers].Empty() {
		t.Errorf("lock-race at 200x60: workers %+v, timeline %+v: want both", l.Panels[pWorkers], l.Panels[pTimeline])
	}
	m = drive(t, openScenario(t, "imap-order", 80, 24), frames(78)...)
	if !screenHas(m, "pool.imap(task,") {
		t.Errorf("imap-order at 80x24: the imap call is cut from the listing:\n%s", ansi.Strip(m.render()))
	}
}

// TestReplaySaysSo: a saved run replayed says so in the header, with its
// file's name; a restart runs the preset anew and the label goes.
func TestReplaySaysSo(t *testing.T) {
	sc, err := scenarios.Get("lock")
	if err != nil {
		t.Fatal(err)
	}
	live, err := session.New(sc, sc.Defaults)
	if err != nil {
		t.Fatal(err)
	}
	live.RunToEnd(0)
	_, evs := live.History()
	live.Close()
	m, err := NewModel(Options{ManualFrames: true, Session: session.NewReplay(sc, sc.Defaults, evs), Label: "replay of lock.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.play.sess.Close)
	m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 36})
	if !screenHas(m, "(lock · replay of lock.jsonl)") || !screenHas(m, " replay │") {
		t.Errorf("the header does not say the run is a replay:\n%s", strings.Join(plain(m)[:2], "\n"))
	}
	m = drive(t, m, press("r"))
	if screenHas(m, "replay") {
		t.Errorf("after a restart the header still says replay:\n%s", strings.Join(plain(m)[:2], "\n"))
	}
}
