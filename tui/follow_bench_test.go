package tui

import (
	"bytes"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"

	"poolviz/scenarios"
)

// BenchmarkFollowerFrame measures one frame of a follower as a classroom
// session runs it, the SSH channel aside: the frame tick (Update, and the View
// Bubble Tea draws after every message), the seek to the teacher's cue (the
// session operation, on its command goroutine), the operation's result
// (Update and View again), and the renderer's flush of the changed screen
// (cells parsed from the View, diffed against the last screen, written out),
// as the program's renderer does it. The teacher plays shared-queue with
// 1000 tasks at 1x, and the follower is 100x30, as in
// scripts/bench-classroom.sh; the follower joins two minutes into the run, and
// each frame goes to the teacher's cue two of the teacher's frames on.
//
// Besides the wall time it reports cpu-ns/op, the process's CPU time (the
// garbage collector's included) per frame, which a busy machine inflates less.
//
//	go test ./tui -run '^$' -bench FollowerFrame -benchmem
func BenchmarkFollowerFrame(b *testing.B) {
	c := &oneClass{}
	lead := benchClassModel(b, c, true, false)
	lead = drive(b, lead, press("space"))
	// Two minutes into the run, when a class has been watching a while (the
	// lists are long), then 200 s of it: more than a benchmark's frames.
	lead = drive(b, lead, frames(30*120)...)
	const count = 3000
	cues := make([]Cue, count)
	for i := range cues {
		lead = drive(b, lead, FrameMsg{Wall: frameInterval}, FrameMsg{Wall: frameInterval})
		cues[i], _ = seat{c: c}.Cue()
	}
	f := benchClassModel(b, c, false, true)
	f = drive(b, f, CueMsg{})
	scr := newTermScreen(100, 30)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		c.mu.Lock()
		c.cue = cues[i%count] // past the last, back to the first: one long seek, rarely
		c.mu.Unlock()
		i++
		f = followerFrame(b, f, scr)
	}
	b.StopTimer()
	if d := cpuTime() - cpu; d > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(i), "cpu-ns/op")
	}
	if !f.Following() || f.view.Shown == 0 {
		b.Fatalf("the follower did not follow: following %v at event %d", f.Following(), f.view.Shown)
	}
}

// followerFrame runs one frame of follower f as its program does: each
// message's Update, then View, and the screen's flush; the commands run
// synchronously (with ManualFrames the viewer returns no timer).
func followerFrame(b *testing.B, f Model, scr *termScreen) Model {
	queue := []tea.Msg{tickMsg{gen: f.tickGen}}
	for len(queue) > 0 {
		next, cmd := f.Update(queue[0])
		queue = queue[1:]
		f = next.(Model)
		scr.flush(f.View().Content)
		queue = append(queue, runSync(cmd)...)
	}
	return f
}

// termScreen is a terminal's screen as Bubble Tea's renderer keeps it: a View
// that differs from the last one is parsed into cells, and the cells that
// changed are written out (here into a buffer, dropped).
type termScreen struct {
	cells uv.ScreenBuffer
	scr   *uv.TerminalRenderer
	out   bytes.Buffer
	last  string
}

func newTermScreen(w, h int) *termScreen {
	t := &termScreen{cells: uv.NewScreenBuffer(w, h)}
	t.scr = uv.NewTerminalRenderer(&t.out, []string{"TERM=xterm-256color"})
	t.scr.SetColorProfile(colorprofile.ANSI256)
	t.scr.Resize(w, h)
	t.scr.EnterAltScreen()
	return t
}

// flush draws content unless it is the screen already shown.
func (t *termScreen) flush(content string) {
	if content == t.last {
		return
	}
	t.last = content
	t.cells.Clear()
	uv.NewStyledString(content).Draw(t.cells, t.cells.Bounds())
	t.scr.Render(t.cells.RenderBuffer)
	_ = t.scr.Flush()
	t.out.Reset()
}

// benchClassModel opens a viewer in class c as a classroom does (paused,
// Simulated, sizes capped as the server's defaults), on shared-queue with
// 1000 tasks at seed 1, without its own clock, at 100x30.
func benchClassModel(b *testing.B, c *oneClass, teacher, follow bool) Model {
	b.Helper()
	m, err := NewModel(Options{ManualFrames: true, Params: scenarios.Params{Tasks: 1000, Seed: 1},
		Class: seat{c, teacher}, Follow: follow, StartPaused: true, MaxWorkers: 16, MaxTasks: 1000})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(m.Close)
	return drive(b, m, tea.WindowSizeMsg{Width: 100, Height: 30})
}
