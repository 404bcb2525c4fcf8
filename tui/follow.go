package tui

import (
	"fmt"
	"strconv"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"poolviz/scenarios"
	"poolviz/session"
)

// Class links a viewer to a classroom (poolviz serve): a teacher's viewer
// tells the class where its run stands after every operation, and a learner's
// viewer may follow it. Runs in Simulated mode are deterministic, so a cue is
// all that travels: each follower replays the same run to the same event at
// its own size. The classroom runs every viewer on its own goroutine, so the
// methods must be safe for concurrent use, and quick: the viewer calls them
// from its Update.
type Class interface {
	// Teaches reports whether this viewer is a teacher's.
	Teaches() bool
	// Leads reports whether this viewer is the teacher's the class follows now.
	Leads() bool
	// Publish tells the class where this teacher's run stands. A classroom
	// passes it on only while this viewer leads, and then sends a CueMsg to
	// every follower's program.
	Publish(Cue)
	// Cue returns the latest cue of the teacher who leads, and false when none
	// has published one.
	Cue() (Cue, bool)
	// Follow counts this viewer among the followers (on) or no longer.
	Follow(on bool)
	// Followers returns how many viewers follow the teacher now.
	Followers() int
}

// Cue is where a teacher's run stands: what runs, and how far it has gone.
type Cue struct {
	Scenario scenarios.Scenario
	Params   scenarios.Params // as asked: the seed, sizes and mode of the run
	// Run counts the teacher's restarts: a new number is a new run, even with
	// the same params.
	Run    int
	Shown  int           // events shown
	Now    time.Duration // the clock
	Speed  float64
	Paused bool
}

// CueMsg tells a viewer that the class changed: a following viewer goes to the
// teacher's latest cue, a teacher's redraws how many follow. A classroom sends
// it to the program; the viewer reads the cue itself, so a burst of them
// costs one move.
type CueMsg struct{}

// classState is a viewer's side of a class.
type classState struct {
	following bool
	// run is a teacher's count of restarts; for a follower, the number of the
	// teacher's run it replays (-1 before the first cue).
	run int
	at  Cue  // the cue a follower last went to
	sat bool // at is set: the follower went to a cue of this run
}

// joinClass sets up the class side of a new viewer: a teacher counts its
// runs from 0, and a viewer opened following counts among the followers and
// does not wait for space (the teacher's run moves it).
func (m Model) joinClass() Model {
	m.cls = classState{run: -1}
	c := m.opts.Class
	if c == nil {
		return m
	}
	if c.Teaches() {
		m.cls.run = 0
	}
	if m.opts.Follow && !c.Leads() {
		m.cls.following = true
		c.Follow(true)
		m.note = m.opts.Note
	}
	m.header.class = m.classLabel()
	return m
}

// classInit is what Init adds for a class: a teacher publishes where its run
// stands at once, a follower asks for the teacher's cue.
func (m Model) classInit() tea.Cmd {
	if m.opts.Class == nil {
		return nil
	}
	m.publish()
	if m.cls.following {
		return func() tea.Msg { return CueMsg{} }
	}
	return nil
}

// publish tells the class where a teacher's run stands.
func (m Model) publish() {
	if m.opts.Class == nil || !m.opts.Class.Teaches() {
		return
	}
	m.opts.Class.Publish(Cue{Scenario: m.sc, Params: m.prm, Run: m.cls.run,
		Shown: m.view.Shown, Now: m.view.Now, Speed: m.view.Speed, Paused: m.paused})
}

// onCue handles a CueMsg: the header's word on the class is drawn again, and a
// follower goes to the teacher's latest cue, and starts its frame clock again
// at the pace the cue asks for (a run that starts playing needs frames).
func (m Model) onCue() (Model, tea.Cmd) {
	m.header.class = m.classLabel()
	if !m.cls.following {
		return m, nil
	}
	m.tickGen++
	next, cmd := m.followTick()
	return next.(Model), cmd
}

// afterOp is what a class does once an operation is done: a teacher publishes
// where the run now stands, a follower goes on to the next cue.
func (m Model) afterOp(d opDone) (Model, tea.Cmd) {
	if m.opts.Class == nil {
		return m, nil
	}
	if d.kind == opRestart && d.err != nil && m.cls.following {
		m = m.stopFollowing() // the teacher's run cannot start here: stop rather than try again
		m.note = "cannot follow: " + d.err.Error()
		return m, nil
	}
	if d.kind == opRestart && m.opts.Class.Teaches() {
		m.cls.run++
	}
	m.publish()
	m.header.class = m.classLabel()
	return m.syncCue()
}

// syncCue moves a follower to the teacher's latest cue, once the operations
// already queued are done: a restart when the teacher runs something else,
// then a seek to the teacher's event and clock.
func (m Model) syncCue() (Model, tea.Cmd) {
	return m.moveToCue(false)
}

// moveToCue is syncCue; on a frame (the follower's frame tick), a seek that
// only moves on the run the follower plays already is done at once, in
// Update, rather than in a command. Why: Bubble Tea draws after every
// message, so a frame is then one message and one drawing, not two (the tick,
// then the seek's result), and a class of fifty draws half as often. Such a
// seek is a frame's work of the engine, as the viewer's own frame is; a
// control (a pause, a step, a new speed or run) still goes through the queue.
func (m Model) moveToCue(frame bool) (Model, tea.Cmd) {
	if !m.cls.following || m.play.closing || !m.play.idle() {
		return m, nil
	}
	c, ok := m.opts.Class.Cue()
	if !ok {
		return m, nil
	}
	sameRun := c.Scenario.Name == m.sc.Name && sameParams(c.Params, m.prm)
	if !sameRun || (m.cls.run >= 0 && c.Run != m.cls.run) {
		m.cls.run, m.cls.sat = c.Run, false
		return m.restart(c.Scenario, c.Params)
	}
	m.cls.run = c.Run
	if m.cls.sat && c.Shown == m.cls.at.Shown && c.Now == m.cls.at.Now &&
		c.Speed == m.cls.at.Speed && c.Paused == m.cls.at.Paused {
		return m, nil
	}
	now := frame && m.cls.sat && playing(m.cls.at, c) && c.Shown >= m.cls.at.Shown
	m.cls.at, m.cls.sat = c, true
	m.paused, m.speed = c.Paused, c.Speed
	o := op{kind: opSeek, cue: c}
	if !now {
		return m.push(o)
	}
	d := runOp(m.play.sess, o, m.story())().(opDone) // the player is idle: nothing else drives the session
	next, cmd := m.onDone(d)
	return next.(Model), cmd
}

// playing reports whether cue next only moves on the run that cue prev
// plays: neither paused, at the same speed.
func playing(prev, next Cue) bool {
	return !prev.Paused && !next.Paused && prev.Speed == next.Speed
}

// sameParams reports whether two runs' params give the same events: the
// speed only changes how fast they come.
func sameParams(a, b scenarios.Params) bool {
	return a.Workers == b.Workers && a.Tasks == b.Tasks && a.Seed == b.Seed && a.Mode == b.Mode
}

// followInterval is a follower's frame period while the teacher's run plays:
// the follower goes to the teacher's latest cue on each of its own frames.
// Half the viewer's rate: a class of fifty then costs half as much, and the
// run still moves smoothly. A control (a pause, a step, a new run) is not
// paced: the classroom sends it at once (CueMsg).
const followInterval = 2 * frameInterval

// followTick is a follower's frame tick: it goes to the teacher's latest cue,
// and comes back at followInterval while the teacher's run plays, else at the
// idle rate.
// With ManualFrames there is no clock: whoever drives the viewer sends the
// ticks.
func (m Model) followTick() (tea.Model, tea.Cmd) {
	var next tea.Cmd
	if !m.opts.ManualFrames {
		every := idleInterval
		if c, ok := m.opts.Class.Cue(); ok && !c.Paused {
			every = followInterval
		}
		next = tick(m.tickGen, every)
	}
	m, cmd := m.moveToCue(true)
	return m, tea.Batch(next, cmd)
}

// onClassKey handles the follow key, and a run control pressed while
// following: the viewer breaks away from the teacher, from where the run
// stands, and the key then acts on the viewer's own run. It reports whether
// the key was taken.
func (m Model) onClassKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	if m.opts.Class == nil {
		return m, nil, false
	}
	if key.Matches(msg, m.keys.Follow) {
		switch {
		case m.cls.following:
			m = m.stopFollowing()
			m.note = "left the teacher: f follows again"
			return m, nil, true
		case m.opts.Class.Leads():
			m.note = "you lead the class: the others follow you"
			return m, nil, true
		}
		m.cls.following, m.cls.sat = true, false
		m.opts.Class.Follow(true)
		m.header.class = m.classLabel()
		m.note = "following the teacher: f or any run key leaves"
		if _, ok := m.opts.Class.Cue(); !ok {
			m.note = "waiting for the teacher: f leaves"
		}
		m, cmd := m.syncCue()
		return m, cmd, true
	}
	if m.cls.following && breaksAway(msg, m.keys) {
		m = m.stopFollowing()
	}
	return m, nil, false
}

// breaksAway reports whether msg is a key of the run: pressed while following,
// it leaves the teacher.
func breaksAway(msg tea.KeyPressMsg, k keyMap) bool {
	for _, b := range []key.Binding{k.Pause, k.Step, k.Back, k.Faster, k.Slower,
		k.Restart, k.NewSeed, k.Scenarios, k.Workers, k.Tasks} {
		if key.Matches(msg, b) {
			return true
		}
	}
	return false
}

// stopFollowing leaves the teacher; the run stays where the teacher's was.
func (m Model) stopFollowing() Model {
	if !m.cls.following {
		return m
	}
	m.cls.following = false
	m.opts.Class.Follow(false)
	m.header.class = m.classLabel()
	return m
}

// classLabel is the header's word on the class: how many follow a teacher,
// or that this viewer follows.
func (m Model) classLabel() string {
	c := m.opts.Class
	switch {
	case c == nil:
		return ""
	case c.Teaches() && c.Leads():
		return "leading · " + strconv.Itoa(c.Followers()) + " follow"
	case c.Teaches():
		return "teacher · another leads"
	case m.cls.following:
		if _, ok := c.Cue(); !ok {
			return "waiting for the teacher"
		}
		return "following the teacher"
	}
	return ""
}

// capped checks prm against the sizes Options allow (over SSH, so that one
// client cannot take the server's CPUs), saying what is allowed.
func (o Options) capped(prm scenarios.Params) error {
	if o.MaxWorkers > 0 && prm.Workers > o.MaxWorkers {
		return fmt.Errorf("here a run has at most %d workers", o.MaxWorkers)
	}
	if o.MaxTasks > 0 && prm.Tasks > o.MaxTasks {
		return fmt.Errorf("here a run has at most %d tasks", o.MaxTasks)
	}
	return nil
}

// Following reports whether the viewer follows a teacher now.
func (m Model) Following() bool { return m.cls.following }

// Close ends the viewer's run: its session is closed, terminating its pool. A
// program's owner calls it on the final model, however the program ended. It
// is idempotent.
func (m Model) Close() {
	if m.play.sess != nil {
		m.play.sess.Close()
	}
}

// seek moves s to a teacher's cue: its speed, its event and clock, its pause.
func seek(s *session.Session, c Cue) {
	s.SetSpeed(c.Speed)
	s.Seek(c.Shown, c.Now)
	s.SetPaused(c.Paused)
}
