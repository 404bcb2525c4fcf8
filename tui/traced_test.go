package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"poolviz/picture"
	"poolviz/pool"
	"poolviz/scenarios"
	"poolviz/session"
)

// tracedListing is a learner's own script, as a traced run shows it.
const tracedListing = `import multiprocessing as mp

def square(x):
    y = x * x
    return y

if __name__ == "__main__":
    with mp.Pool(2) as pool:
        print(pool.map(square, range(4)))
`

// tracedEvents are what the tracer reports: main and two workers, each on a
// line of the script (Label "line", Count the line).
func tracedEvents() []pool.Event {
	main, w1, w2 := pool.Actor{Kind: pool.ActorMain}, pool.Actor{Kind: pool.ActorWorker, ID: 1}, pool.Actor{Kind: pool.ActorWorker, ID: 2}
	evs := []pool.Event{
		{Actor: main, Kind: pool.KindMainStarted, Value: "t.py"},
		{Actor: main, Kind: pool.KindTaskStep, Label: picture.LineStep, Count: 9},
		{Actor: w1, Kind: pool.KindWorkerStarted, Gen: 1},
		{Actor: w2, Kind: pool.KindWorkerStarted, Gen: 1},
		{Actor: w1, Kind: pool.KindTaskStarted, Gen: 1, Task: 1, Value: "0"},
		{Actor: w2, Kind: pool.KindTaskStarted, Gen: 1, Task: 2, Value: "1"},
		{Actor: w1, Kind: pool.KindTaskStep, Gen: 1, Task: 1, Label: picture.LineStep, Count: 4},
		{Actor: w2, Kind: pool.KindTaskStep, Gen: 1, Task: 2, Label: picture.LineStep, Count: 5},
	}
	for i := range evs {
		evs[i].Seq, evs[i].Time = uint64(i+1), time.Duration(i+1)*time.Millisecond
	}
	return evs
}

// tracedModel is the viewer on a replay of tracedEvents, at w x h.
func tracedModel(t *testing.T, w, h int) Model {
	t.Helper()
	run := scenarios.TracedRun("t.py", tracedListing, "the Python program t.py, traced live")
	sess := session.Play(run, session.Replay(tracedEvents()))
	m, err := NewModel(Options{ManualFrames: true, Session: sess, Note: "stdin is not available here"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sess.Close)
	return drive(t, m, tea.WindowSizeMsg{Width: w, Height: h})
}

func TestTracedLinesMarkTheScript(t *testing.T) {
	m := tracedModel(t, 120, 36)
	m = drive(t, m, keys("right", "right", "right", "right", "right", "right", "right", "right")...)
	st := m.view.State
	p := codeOf(m)
	on := p.marks(&st, m.st)
	want := map[int]string{8: "main", 3: "W1", 4: "W2"} // 0-based lines 9, 4 and 5
	for line, tagText := range want {
		if len(on[line]) != 1 || on[line][0].text != tagText {
			t.Errorf("line %d has tags %v, want %s", line+1, on[line], tagText)
		}
	}
	if len(on) != len(want) {
		t.Errorf("marked lines %v, want only %v", on, want)
	}
	screen := ansi.Strip(m.render())
	for _, s := range []string{"y = x * x", "t.py", "traced", "◀ W1"} {
		if !strings.Contains(screen, s) {
			t.Errorf("the screen does not show %q:\n%s", s, screen)
		}
	}
}

func TestTracedLineOutsideTheScriptIsNotMarked(t *testing.T) {
	p := newCodePanel(scenarios.TracedRun("t.py", tracedListing, "").Scenario, scenarios.Params{}, newStyles(true)).resize(60, 20)
	st := picture.State{Workers: []picture.WorkerView{{ID: 1, Status: picture.WorkerRunning, Step: picture.LineStep, StepLine: 99}}}
	if on := p.marks(&st, newStyles(true)); len(on) != 0 {
		t.Errorf("a line past the script's end is marked: %v", on)
	}
}

func TestTracedRunRefusesRestartKeys(t *testing.T) {
	m := tracedModel(t, 120, 36)
	if !strings.Contains(m.note, "stdin is not available here") {
		t.Errorf("the footer's note %q does not carry Options.Note", m.note)
	}
	if screenHas(m, "restart") || screenHas(m, "scenarios") || !screenHas(m, "q quit") {
		t.Errorf("the footer offers keys a traced program refuses:\n%s", strings.Join(plain(m), "\n"))
	}
	first := m.play.sess
	for _, k := range []string{"r", "n", "s", "w", "t"} {
		m = drive(t, m, press(k))
		if m.play.sess != first || m.note != tracedNote {
			t.Errorf("key %s: the note is %q and the session changed: %v", k, m.note, m.play.sess != first)
		}
	}
}

// liveTrace is a live source that yields tracedEvents at once, as a traced
// program does as it runs.
type liveTrace struct{ evs []pool.Event }

func (l *liveTrace) Drain(dst []pool.Event) []pool.Event {
	dst = append(dst, l.evs...)
	l.evs = nil
	return dst
}
func (l *liveTrace) Now() time.Duration { return 10 * time.Millisecond }
func (l *liveTrace) SetPaused(bool)     {}
func (l *liveTrace) SetSpeed(float64)   {}
func (l *liveTrace) Close()             {}

func TestTracedSpeedIsLiveOnly(t *testing.T) {
	replay := tracedModel(t, 120, 36)
	if replay = drive(t, replay, press("+")); replay.speed == 1 || replay.note == tracedNote {
		t.Errorf("a saved traced run replays at any speed: speed %g, note %q", replay.speed, replay.note)
	}
	run := scenarios.TracedRun("t.py", tracedListing, "")
	sess := session.Play(run, &liveTrace{evs: tracedEvents()})
	m, err := NewModel(Options{ManualFrames: true, Session: sess})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sess.Close)
	m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 36}, press("+"))
	if m.speed != 1 || m.note != tracedNote || screenHas(m, "speed") {
		t.Errorf("a live traced program has no speed: speed %g, note %q", m.speed, m.note)
	}
}
