package tui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"poolviz/scenarios"
)

// program runs the whole viewer as Bubble Tea runs it, on a fake terminal of
// w x h, with the frame clock in the test's hands.
func program(t *testing.T, w, h int, opts Options) *teatest.TestModel {
	t.Helper()
	opts.ManualFrames = true
	if opts.Params.Seed == 0 {
		opts.Params.Seed = 1
	}
	m, err := NewModel(opts)
	if err != nil {
		t.Fatal(err)
	}
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
}

// send sends messages to the program in order.
func send(tm *teatest.TestModel, msgs ...tea.Msg) {
	for _, m := range msgs {
		tm.Send(m)
	}
}

// finish quits with q and compares the last screen, without colour, to the
// test's golden file (go test ./tui -run Golden -update rewrites them).
func finish(t *testing.T, tm *teatest.TestModel) Model {
	t.Helper()
	tm.Send(press("q"))
	fm, ok := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(Model)
	if !ok {
		t.Fatal("the program did not end with the viewer's model")
	}
	if !fm.play.closing {
		t.Fatal("the program ended without closing its session")
	}
	golden.RequireEqual(t, []byte(ansi.Strip(fm.render())+"\n"))
	return fm
}

// waitFor waits until the program has written s to the terminal.
func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

func TestGoldenRunning(t *testing.T) {
	tm := program(t, 120, 36, Options{})
	send(tm, frames(70)...) // 2.33 s of the run at 1x
	finish(t, tm)
}

func TestGoldenFinished(t *testing.T) {
	tm := program(t, 120, 36, Options{})
	send(tm, press("+"), press("+")) // 5x
	send(tm, frames(60)...)
	fm := finish(t, tm)
	if !strings.Contains(ansi.Strip(fm.render()), "FINISHED") {
		t.Error("the run has not finished")
	}
}

func TestGoldenPauseStepBack(t *testing.T) {
	tm := program(t, 120, 36, Options{})
	send(tm, frames(45)...)
	send(tm, keys("space", "right", "right", "right", "left")...)
	send(tm, frames(20)...) // paused: nothing moves
	finish(t, tm)
}

func TestGoldenSpeedRestart(t *testing.T) {
	tm := program(t, 120, 36, Options{})
	send(tm, keys("+", "+", "-")...) // 2x
	send(tm, frames(40)...)
	send(tm, press("r"))
	send(tm, frames(30)...)
	finish(t, tm)
}

func TestGoldenSmallest(t *testing.T) {
	tm := program(t, 80, 24, Options{})
	send(tm, frames(80)...)
	finish(t, tm)
}

func TestGoldenLarge(t *testing.T) {
	tm := program(t, 200, 60, Options{Params: scenarios.Params{Workers: 8, Tasks: 24}})
	send(tm, frames(80)...)
	finish(t, tm)
}

func TestGoldenTimeline(t *testing.T) {
	tm := program(t, 120, 36, Options{})
	send(tm, frames(100)...)
	send(tm, press("v"))
	finish(t, tm)
}

func TestGoldenManyWorkers(t *testing.T) {
	tm := program(t, 120, 36, Options{Params: scenarios.Params{Workers: 64, Tasks: 200}})
	send(tm, frames(40)...)
	finish(t, tm)
}

func TestGoldenPicker(t *testing.T) {
	if len(scenarios.All()) < 2 {
		t.Skip("one scenario only")
	}
	tm := program(t, 120, 36, Options{})
	send(tm, frames(10)...)
	send(tm, keys("s", "down", "enter")...) // the second preset, which opens paused
	waitFor(t, tm, "press space to start")
	send(tm, press("space"))
	send(tm, frames(45)...)
	finish(t, tm)
}

func TestGoldenPickerOpen(t *testing.T) {
	tm := program(t, 120, 36, Options{})
	send(tm, frames(10)...)
	send(tm, press("s"))
	tm.Send(press("ctrl+c")) // ctrl+c quits from anywhere, the picker open
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(Model)
	golden.RequireEqual(t, []byte(ansi.Strip(fm.render())+"\n"))
}

func TestGoldenDeadlock(t *testing.T) {
	if _, err := scenarios.Get("deadlock-lock-order"); err != nil {
		t.Skip(err)
	}
	tm := program(t, 120, 36, Options{Scenario: "deadlock-lock-order"})
	send(tm, frames(90)...) // the deadlock comes at 1.6 s; the run stops there
	finish(t, tm)
}

func TestGoldenResize(t *testing.T) {
	tm := program(t, 120, 36, Options{})
	send(tm, frames(30)...)
	tm.Send(tea.WindowSizeMsg{Width: 60, Height: 15})
	waitFor(t, tm, "this is 60 x 15")
	send(tm, frames(30)...)
	tm.Send(tea.WindowSizeMsg{Width: 120, Height: 36})
	waitFor(t, tm, "Event log")
	finish(t, tm)
}

func TestNoColor(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("")
	m, err := NewModel(Options{ManualFrames: true, NoColor: true, Params: scenarios.Params{Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	p := tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(&out), tea.WithWindowSize(120, 36),
		tea.WithColorProfile(colorprofile.Ascii), tea.WithoutSignals())
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	for _, msg := range frames(40) {
		p.Send(msg)
	}
	p.Send(press("q"))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(&out)
	if bytes.Contains(b, []byte("38;2;")) || bytes.Contains(b, []byte("48;2;")) || bytes.Contains(b, []byte("[3")) && bytes.Contains(b, []byte(";5;")) {
		t.Fatal("colour escape codes in the no-colour output")
	}
	if !bytes.Contains(b, []byte("Workers")) {
		t.Fatal("nothing drawn")
	}
}

// syncBuffer is an output the program writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) contains(sub string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Contains(s.b.Bytes(), []byte(sub))
}

func TestRunEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Input: strings.NewReader(""), Output: out, NoColor: true})
	}()
	for i := 0; !out.contains("poolviz · shared-queue"); i++ { // the window title: the program is up
		if i > 1000 {
			t.Fatal("the program never started")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run = %v after its context ended", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not end with its context")
	}
}
