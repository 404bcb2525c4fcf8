package tui

import (
	"errors"
	"image/color"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"poolviz/scenarios"
	"poolviz/session"
)

func TestStartScreen(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	checkScreen(t, m, 120, 36)
	for _, want := range []string{"poolviz", m.sc.Title, "RUNNING", "seed 1", "Workers", "Code", "Task queue", "Shared queue", "Shared objects", "Main output", "Event log"} {
		if !screenHas(m, want) {
			t.Errorf("the screen lacks %q", want)
		}
	}
}

func TestFramesMoveTheClock(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, frames(30)...)
	if got := m.view.Now; got < 900*time.Millisecond || got > 1100*time.Millisecond {
		t.Fatalf("after 30 frames at 1x the clock shows %v, want about 1s", got)
	}
	m = drive(t, m, press("+")) // 2x
	before := m.view.Now
	m = drive(t, m, frames(15)...)
	if got := m.view.Now - before; got < 900*time.Millisecond || got > 1100*time.Millisecond {
		t.Fatalf("15 frames at 2x moved the clock %v, want about 1s", got)
	}
}

func TestPauseStepBack(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, frames(30)...)
	m = drive(t, m, press("space"))
	if m.view.Status != session.Paused || !screenHas(m, "PAUSED") {
		t.Fatalf("space: status %v", m.view.Status)
	}
	now, shown := m.view.Now, m.view.Shown
	m = drive(t, m, frames(30)...)
	if m.view.Now != now || m.view.Shown != shown {
		t.Fatalf("paused, the run moved from %v/%d to %v/%d", now, shown, m.view.Now, m.view.Shown)
	}
	m = drive(t, m, press("right"))
	if m.view.Shown != shown+1 {
		t.Fatalf("step: shown %d, want %d", m.view.Shown, shown+1)
	}
	m = drive(t, m, keys("left", "left")...)
	if m.view.Shown != shown-1 || !m.rewound || !screenHas(m, "◀ back") {
		t.Fatalf("two steps back: shown %d, want %d (rewound %v)", m.view.Shown, shown-1, m.rewound)
	}
	log := len(logOf(m).entries)
	if log > 0 && logOf(m).entries[log-1].at >= m.view.Shown {
		t.Fatalf("the log still shows event %d of %d shown", logOf(m).entries[log-1].at, m.view.Shown)
	}
	// Step forward through the replay to the newest event, then resume. (Resuming in
	// the middle of a replay is left out: session.Advance does not move the clock
	// across a gap in the kept history; see the report.)
	m = drive(t, m, keys("right", "right")...)
	if m.view.Shown != shown+1 {
		t.Fatalf("stepped forward again: shown %d, want %d", m.view.Shown, shown+1)
	}
	now = m.view.Now
	m = drive(t, m, press("space"))
	m = drive(t, m, frames(30)...)
	if m.view.Status != session.Running || m.view.Now <= now {
		t.Fatalf("resumed: status %v, clock %v", m.view.Status, m.view.Now)
	}
}

func TestSpeedSteps(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	want := []float64{2, 5, 10, 20, 20}
	for _, w := range want {
		m = drive(t, m, press("+"))
		if m.view.Speed != w || m.speed != w {
			t.Fatalf("+: speed %v (asked %v), want %v", m.view.Speed, m.speed, w)
		}
	}
	for range 9 {
		m = drive(t, m, press("-"))
	}
	if m.view.Speed != 0.1 {
		t.Fatalf("after many -: speed %v, want 0.1", m.view.Speed)
	}
	if !screenHas(m, "0.1×") {
		t.Error("the header does not show 0.1×")
	}
}

func TestRestartReplaysTheSameRun(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, frames(75)...)
	first := plain(m)
	m = drive(t, m, press("r"))
	if m.view.Shown != 0 || len(logOf(m).entries) != 0 {
		t.Fatalf("restart: %d events shown, %d logged", m.view.Shown, len(logOf(m).entries))
	}
	m = drive(t, m, frames(75)...)
	second := plain(m)
	// The footer says what happened; everything else is the same run, frame for frame.
	if a, b := strings.Join(first[:35], "\n"), strings.Join(second[:35], "\n"); a != b {
		t.Fatalf("the restarted run differs:\n%s\n----\n%s", a, b)
	}
	seed := m.prm.Seed
	m = drive(t, m, press("n"))
	if m.prm.Seed == seed || !screenHas(m, "new seed") {
		t.Fatalf("n kept seed %d", seed)
	}
}

func TestPickerStartsAScenario(t *testing.T) {
	if len(scenarios.All()) < 2 {
		t.Skip("one scenario only")
	}
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, press("s"))
	if !m.picker.open || !screenHas(m, "Choose a scenario") {
		t.Fatal("s does not open the picker")
	}
	checkScreen(t, m, 120, 36)
	m = drive(t, m, keys("down", "enter")...)
	want := scenarios.All()[1]
	if m.picker.open || m.sc.Name != want.Name {
		t.Fatalf("picked %q, want %q", m.sc.Name, want.Name)
	}
	if m.prm.Workers != want.Defaults.Workers || !screenHas(m, want.Title) {
		t.Fatalf("the new run has %d workers, want the scenario's %d", m.prm.Workers, want.Defaults.Workers)
	}
	m = drive(t, m, press("s"), press("esc"))
	if m.picker.open {
		t.Fatal("esc does not close the picker")
	}
}

func TestPromptChangesWorkersAndTasks(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, keys("w", "backspace", "8", "enter")...)
	if m.prm.Workers != 8 {
		t.Fatalf("workers %d, want 8", m.prm.Workers)
	}
	m = drive(t, m, frames(30)...)
	if len(m.view.State.Workers) != 8 {
		t.Fatalf("the run shows %d workers, want 8", len(m.view.State.Workers))
	}
	m = drive(t, m, keys("t", "up", "enter")...)
	if m.prm.Tasks != 12 {
		t.Fatalf("tasks %d, want 12 (the choice after 10)", m.prm.Tasks)
	}
	m = drive(t, m, keys("w", "backspace", "9", "9", "9", "enter")...)
	if !m.prompt.open || !strings.Contains(m.prompt.err, "out of range") {
		t.Fatalf("999 workers: prompt open %v, error %q", m.prompt.open, m.prompt.err)
	}
	m = drive(t, m, press("esc"))
	if m.prompt.open || m.prm.Workers != 8 {
		t.Fatalf("esc: open %v, workers %d", m.prompt.open, m.prm.Workers)
	}
}

func TestTimelineFocusZoom(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, frames(40)...)
	if m.focus != pWorkers {
		t.Fatalf("initial focus %s", m.focus)
	}
	m = drive(t, m, press("v"))
	if m.layout.Panels[pTimeline].Empty() || m.focus != pTimeline || !screenHas(m, "1 column = ") {
		t.Fatal("v does not show the timeline")
	}
	checkScreen(t, m, 120, 36)
	m = drive(t, m, press("tab"))
	if m.focus != pCode {
		t.Fatalf("tab: focus %s, want %s", m.focus, pCode)
	}
	m = drive(t, m, press("z"))
	if vis := m.layout.visible(); len(vis) != 1 || vis[0] != pCode {
		t.Fatalf("z shows %v", vis)
	}
	checkScreen(t, m, 120, 36)
	m = drive(t, m, keys("z", "v")...)
	if !m.layout.Panels[pTimeline].Empty() || m.layout.Panels[pWorkers].Empty() {
		t.Fatal("v again does not hide the timeline")
	}
}

func TestScrollingTheLog(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, frames(90)...)
	for m.focus != pLog {
		m = drive(t, m, press("tab"))
	}
	m = drive(t, m, keys("up", "up", "up")...)
	if logOf(m).follow {
		t.Fatal("scrolling up still follows")
	}
	at := logVP(m).YOffset()
	m = drive(t, m, frames(30)...)
	if logVP(m).YOffset() != at {
		t.Fatal("new events moved a log scrolled back")
	}
	m = drive(t, m, press("end"))
	if !logOf(m).follow || !logVP(m).AtBottom() {
		t.Fatal("end does not follow again")
	}
	// The wheel scrolls the panel under the pointer.
	r := m.layout.Panels[pLog]
	m = drive(t, m, tea.MouseWheelMsg{X: r.X + 2, Y: r.Y + 2, Button: tea.MouseWheelUp})
	if logOf(m).follow {
		t.Fatal("the wheel does not scroll the log")
	}
}

func TestTooSmallAndBack(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, frames(10)...)
	m = drive(t, m, tea.WindowSizeMsg{Width: 60, Height: 15})
	checkScreen(t, m, 60, 15)
	if !screenHas(m, "terminal too small (need at least 80 x 24, this is 60 x 15)") {
		t.Fatalf("60x15:\n%s", strings.Join(plain(m), "\n"))
	}
	m = drive(t, m, frames(10)...) // the run goes on behind the message
	m = drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	checkScreen(t, m, 80, 24)
	if screenHas(m, "too small") {
		t.Fatal("80x24 is drawn as too small")
	}
}

func TestScreensKeepTheirWidth(t *testing.T) {
	sizes := [][2]int{{80, 24}, {120, 36}, {200, 60}, {97, 31}}
	for _, workers := range []int{1, 4, 8, 64, 256} {
		m := newTestModel(t, 120, 36, scenarios.Params{Workers: workers, Tasks: 4 * workers})
		m = drive(t, m, frames(50)...)
		for _, size := range sizes {
			m = drive(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			checkScreen(t, m, size[0], size[1])
			for _, k := range []string{"v", "?", "?", "s", "esc", "w", "esc", "v"} {
				m = drive(t, m, press(k))
				checkScreen(t, m, size[0], size[1])
			}
		}
	}
}

func TestDeadlockStopsTheRun(t *testing.T) {
	m, err := NewModel(Options{Scenario: "deadlock-lock-order", ManualFrames: true, Params: scenarios.Params{Seed: 1}})
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(m.play.sess.Close)
	m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 36})
	for i := 0; i < 600 && m.view.Status != session.Deadlocked; i++ {
		m = drive(t, m, FrameMsg{Wall: frameInterval})
	}
	if m.view.Status != session.Deadlocked {
		t.Fatalf("no deadlock after 20 s: %v", m.view.Status)
	}
	if !m.paused || m.layout.Panels[pDeadlock].Empty() || !screenHas(m, "DEADLOCK") || !screenHas(m, "↑ back to") {
		t.Fatalf("deadlock not shown:\n%s", strings.Join(plain(m), "\n"))
	}
	checkScreen(t, m, 120, 36)
	now := m.view.Now
	m = drive(t, m, frames(30)...)
	if m.view.Now != now {
		t.Fatal("the clock runs on after the deadlock")
	}
	m = drive(t, m, press("left"))
	if m.view.Status == session.Deadlocked {
		t.Fatal("a step back before the deadlock still shows it")
	}
	m = drive(t, m, press("q"))
	if !m.play.closing {
		t.Fatal("q does not close the session")
	}
}

func TestQuitClosesTheSession(t *testing.T) {
	m := newTestModel(t, 120, 36, scenarios.Params{})
	m = drive(t, m, frames(10)...)
	next, cmd := m.Update(press("q"))
	m = next.(Model)
	if cmd == nil {
		t.Fatal("q returns no command")
	}
	d, ok := cmd().(opDone)
	if !ok || d.kind != opClose {
		t.Fatalf("q runs %v", d.kind)
	}
	next, cmd = m.Update(d)
	if cmd == nil {
		t.Fatal("closing returns no quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("closing does not quit")
	}
	// Keys after quitting queue nothing.
	if _, cmd := next.(Model).Update(press("right")); cmd != nil {
		t.Fatal("a key after quit drives the session")
	}
}

func TestCheckTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	err = CheckTerminal(f)
	if !errors.Is(err, ErrNoTerminal) || !strings.Contains(err.Error(), "--headless") {
		t.Fatalf("CheckTerminal(file) = %v", err)
	}
}

func TestUnknownScenario(t *testing.T) {
	if _, err := NewModel(Options{Scenario: "no-such-thing"}); err == nil {
		t.Fatal("an unknown scenario opens")
	}
	if _, err := NewModel(Options{Params: scenarios.Params{Workers: 1000}}); err == nil {
		t.Fatal("1000 workers open")
	}
}

// TestPromptTypingReplacesTheValue checks that typing a number in the workers
// box replaces the value it opened with rather than appending to it.
func TestPromptTypingReplacesTheValue(t *testing.T) {
	p := newPrompt(newStyles(true))
	p, _ = p.show(fieldWorkers, 4)
	p, _, _ = p.update(tea.KeyPressMsg{Code: '6', Text: "6"}, scenarios.Params{})
	if got := p.in.Value(); got != "6" {
		t.Fatalf("after typing 6 the box holds %q, want \"6\"", got)
	}
	p, _, _ = p.update(tea.KeyPressMsg{Code: '4', Text: "4"}, scenarios.Params{})
	if got := p.in.Value(); got != "64" {
		t.Fatalf("after typing 6 then 4 the box holds %q, want \"64\"", got)
	}
}

// TestStartPaused checks that a viewer opened paused does not move on frames
// and says how to start.
func TestStartPaused(t *testing.T) {
	m, err := NewModel(Options{StartPaused: true, ManualFrames: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.play.sess.Close()
	if m.view.Status != session.Paused || !strings.Contains(m.note, "space") {
		t.Fatalf("status %v, note %q", m.view.Status, m.note)
	}
}

// TestThemeFromTheCommandLine opens the viewer with --theme light: it draws for
// a light background from the start, and the terminal's answer to the
// background query does not change that.
func TestThemeFromTheCommandLine(t *testing.T) {
	m, err := NewModel(Options{Theme: "light", ManualFrames: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.play.sess.Close()
	light, dark := newStyles(false).ok.s("x"), newStyles(true).ok.s("x")
	if got := m.st.ok.s("x"); got != light || light == dark {
		t.Fatalf("theme light: styles draw %q, want the light %q", got, light)
	}
	next, _ := m.Update(tea.BackgroundColorMsg{Color: color.Black})
	if got := next.(Model).st.ok.s("x"); got != light {
		t.Errorf("after the terminal said dark: %q, want still %q", got, light)
	}
}

// TestPromptSaysWhenAPresetAdjusts asks a lock-order deadlock for one worker:
// the preset runs two, and the note says so and why, as the header shows two.
func TestPromptSaysWhenAPresetAdjusts(t *testing.T) {
	m, err := NewModel(Options{Scenario: "deadlock-lock-order", ManualFrames: true, Params: scenarios.Params{Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.play.sess.Close() })
	m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 36})
	m = drive(t, m, keys("w", "backspace", "1", "enter")...)
	if !strings.Contains(m.note, "runs 2 workers (not 1)") || !strings.Contains(m.note, "two workers") {
		t.Errorf("note %q, want it to say the preset runs 2 workers, and why", m.note)
	}
	if !screenHas(m, "2 workers") {
		t.Errorf("the header does not show the 2 workers the run has")
	}
}
