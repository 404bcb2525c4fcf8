package tui

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"poolviz/scenarios"
)

// oneClass is a class of one teacher, in memory: what a classroom does for
// the viewer, without SSH (the classroom package tests that over SSH).
type oneClass struct {
	mu        sync.Mutex
	cue       Cue
	has       bool
	followers int
}

// seat is one viewer's place in a oneClass.
type seat struct {
	c       *oneClass
	teacher bool
}

func (s seat) Teaches() bool { return s.teacher }
func (s seat) Leads() bool   { return s.teacher }
func (s seat) Publish(c Cue) {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	s.c.cue, s.c.has = c, true
}
func (s seat) Cue() (Cue, bool) {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	return s.c.cue, s.c.has
}
func (s seat) Follow(on bool) {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	if on {
		s.c.followers++
	} else {
		s.c.followers--
	}
}
func (s seat) Followers() int {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	return s.c.followers
}

// classModel opens a viewer in class c, without its own clock, at 100x30.
func classModel(t *testing.T, c *oneClass, teacher, follow bool) Model {
	t.Helper()
	m, err := NewModel(Options{ManualFrames: true, Params: scenarios.Params{Seed: 1},
		Class: seat{c, teacher}, Follow: follow, StartPaused: true, MaxWorkers: 8, MaxTasks: 100})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
}

// TestAFollowerReplaysTheTeachersControls drives a teacher's viewer with every
// control and a follower's with nothing but CueMsg, and checks after each that
// the follower shows the same scenario, event, clock, speed, pause and
// picture.
func TestAFollowerReplaysTheTeachersControls(t *testing.T) {
	c := &oneClass{}
	lead := classModel(t, c, true, false)
	class := classModel(t, c, false, true)
	if got := c.followers; got != 1 {
		t.Fatalf("%d followers, want 1", got)
	}
	steps := [][]tea.Msg{
		keys("right", "right", "right"),
		keys("space"), frames(20),
		keys("+", "+"), frames(10),
		keys("space", "left", "left"),
		keys("r"), frames(5),
		keys("s", "down", "down", "enter"), frames(8),
		keys("n"), keys("right"),
	}
	for i, msgs := range steps {
		lead = drive(t, lead, msgs...)
		class = drive(t, class, CueMsg{})
		lv, cv := lead.view, class.view
		if class.sc.Name != lead.sc.Name || class.prm != lead.prm {
			t.Fatalf("step %d: follower runs %s %+v, teacher %s %+v", i, class.sc.Name, class.prm, lead.sc.Name, lead.prm)
		}
		if cv.Shown != lv.Shown || cv.Now != lv.Now || cv.Speed != lv.Speed || cv.Status != lv.Status {
			t.Fatalf("step %d: follower at event %d, %v, %v×, %v; teacher at %d, %v, %v×, %v",
				i, cv.Shown, cv.Now, cv.Speed, cv.Status, lv.Shown, lv.Now, lv.Speed, lv.Status)
		}
		if !reflect.DeepEqual(cv.State, lv.State) {
			t.Fatalf("step %d: the pictures at event %d differ", i, lv.Shown)
		}
	}
	if !screenHas(lead, "leading · 1 follow") || !screenHas(class, "following the teacher") {
		t.Fatalf("the headers do not say who leads and who follows:\n%s\n\n%s",
			strings.Join(plain(lead), "\n"), strings.Join(plain(class), "\n"))
	}
}

// TestARunKeyBreaksAwayAndFReturns checks that a follower's run key leaves the
// teacher (acting on the follower's own run), and f follows again, back at the
// teacher's event.
func TestARunKeyBreaksAwayAndFReturns(t *testing.T) {
	c := &oneClass{}
	lead := classModel(t, c, true, false)
	class := classModel(t, c, false, true)
	lead = drive(t, lead, keys("right", "right", "right", "right")...)
	class = drive(t, class, CueMsg{})
	at := lead.view.Shown
	class = drive(t, class, press("left"))
	if class.Following() || c.followers != 0 {
		t.Fatal("a run key did not break away")
	}
	if class.view.Shown != at-1 {
		t.Fatalf("the key after breaking away shows event %d, want %d", class.view.Shown, at-1)
	}
	lead = drive(t, lead, keys("right", "right")...)
	class = drive(t, class, CueMsg{}) // not following: the cue is not followed
	if class.view.Shown != at-1 {
		t.Fatalf("a cue moved a learner who broke away, to event %d", class.view.Shown)
	}
	class = drive(t, class, press("f"))
	if !class.Following() || class.view.Shown != lead.view.Shown {
		t.Fatalf("after f: following %v at event %d, want following at %d", class.Following(), class.view.Shown, lead.view.Shown)
	}
	lead = drive(t, lead, press("f"))
	if lead.Following() || !strings.Contains(lead.note, "you lead") {
		t.Fatalf("the teacher's f: following %v, note %q", lead.Following(), lead.note)
	}
}

// TestSizesAreCapped checks that a viewer with MaxWorkers and MaxTasks
// refuses a larger run, saying what is allowed, and keeps its run.
func TestSizesAreCapped(t *testing.T) {
	c := &oneClass{}
	m := classModel(t, c, false, false)
	before := m.prm
	m = drive(t, m, keys("w", "6", "4", "enter")...)
	if !strings.Contains(m.note, "at most 8 workers") || m.prm != before {
		t.Fatalf("64 workers over a cap of 8: note %q, params %+v", m.note, m.prm)
	}
	m = drive(t, m, keys("t", "5", "0", "0", "enter")...)
	if !strings.Contains(m.note, "at most 100 tasks") || m.prm != before {
		t.Fatalf("500 tasks over a cap of 100: note %q, params %+v", m.note, m.prm)
	}
	m = drive(t, m, keys("w", "6", "enter")...)
	if m.prm.Workers != 6 {
		t.Fatalf("6 workers under the cap: the run has %d", m.prm.Workers)
	}
}

// TestAFollowersFrameIsOneMessage checks that a follower's frame of a
// playing run moves to the teacher's cue within the tick's own Update, so
// that the frame is one message and one drawing; and that a control (here a
// pause) still reaches the follower at once, through the queue.
func TestAFollowersFrameIsOneMessage(t *testing.T) {
	c := &oneClass{}
	lead := classModel(t, c, true, false)
	class := classModel(t, c, false, true)
	lead = drive(t, lead, press("space"))
	class = drive(t, class, CueMsg{})
	for frame := range 10 {
		lead = drive(t, lead, FrameMsg{Wall: frameInterval}, FrameMsg{Wall: frameInterval})
		next, cmd := class.Update(tickMsg{gen: class.tickGen})
		class = next.(Model)
		if msgs := runSync(cmd); len(msgs) > 0 {
			t.Fatalf("frame %d: the tick left %d messages (%T), want none", frame, len(msgs), msgs[0])
		}
		if cv, lv := class.view, lead.view; cv.Shown != lv.Shown || cv.Now != lv.Now {
			t.Fatalf("frame %d: after its tick the follower is at event %d, %v; the teacher at %d, %v",
				frame, cv.Shown, cv.Now, lv.Shown, lv.Now)
		}
	}
	lead = drive(t, lead, press("space"))
	class = drive(t, class, CueMsg{})
	if class.view.Status != lead.view.Status || class.view.Shown != lead.view.Shown || !class.paused {
		t.Fatalf("after the teacher's pause the follower is %v at %d, the teacher %v at %d",
			class.view.Status, class.view.Shown, lead.view.Status, lead.view.Shown)
	}
}
