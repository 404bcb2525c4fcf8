package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"poolviz/exercise"
	"poolviz/narrate"
	"poolviz/pool"
	"poolviz/scenarios"
	"poolviz/session"
)

// opKind is something the viewer asks of the session.
type opKind uint8

// The session operations. Each runs in a tea.Cmd, off the Update loop.
const (
	opAdvance    opKind = iota // move the run on by a frame of wall time
	opStep                     // show one more event
	opBack                     // show one event less
	opPause                    // pause or resume
	opSpeed                    // set the speed
	opRestart                  // start a new session (same or new scenario and params)
	opChoose                   // pick who runs next, where the run asks (you are the scheduler)
	opStopAsking               // let the seeded draw pick who runs next again
	opWhatIf                   // a teacher's what-if on a worker
	opClose                    // close the session, then quit
	opSeek                     // go to a teacher's cue (a follower's move)
)

// op is one queued session operation.
type op struct {
	kind   opKind
	wall   time.Duration      // opAdvance
	paused bool               // opPause; opRestart: the new run opens paused
	speed  float64            // opSpeed
	sc     scenarios.Scenario // opRestart
	prm    scenarios.Params   // opRestart
	// remake makes the session of an opRestart instead of the scenario's
	// engine: a traced exercise's program, run again after it was saved.
	remake func() (*session.Session, error)
	choice int    // opChoose: the actor's index in the session's Choice
	ask    bool   // opRestart: the new engine asks who runs next
	whatIf string // opWhatIf: "kill", "slow" or "delay"
	worker int    // opWhatIf: the worker's id
	cue    Cue    // opSeek
	// opts are the options of a session an opRestart opens (not one remake makes).
	opts []session.Option
}

// opDone is the result of an op: the session (new after a restart), what to
// draw, and the events shown since the log's last one, already narrated.
type opDone struct {
	kind   opKind
	paused bool               // opRestart: the new run opened paused
	sc     scenarios.Scenario // opRestart: what now runs
	prm    scenarios.Params
	sess   *session.Session
	view   session.View
	lines  []logEntry
	narr   narrate.Narrator // the narrator after the last event shown
	marks  []narrMark       // the narrator's new checkpoints
	// goals are an exercise's goals as the run proved them so far; settled
	// says the run ended and each is met or failed.
	goals   []exercise.Result
	settled bool
	check   *goalCheck // opRestart: the new run's check
	// choice is who could run next when the run stopped for the user to pick
	// (a run started with the scheduler key), and schedule the picks so far.
	choice   []pool.Actor
	schedule []pool.Actor
	asking   bool // opRestart: the new run asks who runs next
	err      error
}

// narrMark is a checkpoint of the narrator: its state before the event at
// index at. The log resumes from one after a step back, telling again the few
// events between it and the event now shown, so the log's sentences (a task's
// call, "5th to finish") are those of a run never stepped back, however far
// back the step went.
type narrMark struct {
	at   int
	narr narrate.Narrator
}

// markEvery is how many events apart the narrator's checkpoints are: a step
// back narrates at most this many events again. maxMarks keeps enough of them
// to cover the session's whole history, which bounds how far back one can step.
const (
	markEvery = 1024
	maxMarks  = session.MaxHistory/markEvery + 2
)

// logEntry is one narrated event of the log.
type logEntry struct {
	at    int // the event's index in the run
	t     time.Duration
	kind  pool.Kind
	actor pool.Actor
	text  string
}

// player serialises the session operations: one runs at a time, the others wait
// in order. So the engine is never driven from two places, and the result of a
// sequence of keys does not depend on how fast each step ran (tests rely on it).
type player struct {
	sess    *session.Session
	opts    []session.Option // of the sessions a restart opens
	queue   []op
	busy    bool
	closing bool
}

// story is where the log stands: the index of the first event it has not
// narrated, the narrator to continue with, and the narrator's checkpoints.
type story struct {
	from  int
	narr  narrate.Narrator
	marks []narrMark
	check *goalCheck // an exercise's goals, or nil
}

// push queues o and starts it if nothing runs; the op goes on with st.
func (p player) push(o op, st story) (player, tea.Cmd) {
	if p.closing {
		return p, nil
	}
	if o.kind == opClose {
		p.closing = true
	}
	p.queue = append(p.queue, o)
	return p.next(st)
}

// preempt drops the queued frames and puts o first: the run stops now, not
// after the frames that were already waiting.
func (p player) preempt(o op) player {
	q := []op{o}
	for _, w := range p.queue {
		if w.kind != opAdvance {
			q = append(q, w)
		}
	}
	p.queue = q
	return p
}

// idle reports whether no op is running or waiting.
func (p player) idle() bool { return !p.busy && len(p.queue) == 0 }

// next starts the first queued op if none is running.
func (p player) next(st story) (player, tea.Cmd) {
	if p.busy || len(p.queue) == 0 {
		return p, nil
	}
	o := p.queue[0]
	p.queue = append(p.queue[:0:0], p.queue[1:]...)
	p.busy = true
	o.opts = p.opts
	return p, runOp(p.sess, o, st)
}

// done records that the running op finished.
func (p player) done(d opDone) player {
	p.busy = false
	if d.sess != nil {
		p.sess = d.sess
	}
	return p
}

// runOp returns the command that performs o on s. It is the only code that
// calls the session's controls; it runs on a command goroutine, never two at once.
func runOp(s *session.Session, o op, st story) tea.Cmd {
	return func() tea.Msg {
		d := opDone{kind: o.kind}
		switch o.kind {
		case opAdvance:
			s.Advance(o.wall)
		case opStep:
			s.Step()
		case opBack:
			s.Back()
		case opPause:
			s.SetPaused(o.paused)
		case opSpeed:
			s.SetSpeed(o.speed)
		case opRestart:
			ns, err := restartSession(o)
			if err != nil {
				d.err = err
				break
			}
			s.Close()
			s, d.sess, st = ns, ns, story{check: st.check.fresh()}
			d.sc, d.prm, d.check, d.asking = ns.Scenario(), ns.Params(), st.check, o.ask
			if o.paused {
				ns.SetPaused(true)
				d.paused = true
			}
		case opChoose:
			d.err = s.Choose(o.choice)
		case opStopAsking:
			s.StopAsking()
		case opWhatIf:
			d.err = s.WhatIf(o.whatIf, o.worker)
		case opSeek:
			seek(s, o.cue)
		case opClose:
			s.Close()
			return d
		}
		d.view = s.View()
		d.choice, d.schedule = s.Choice(), s.Schedule()
		if d.view.Shown < st.from { // stepped back
			d.narr = narrateBack(s, d.view.Shown, st.marks)
			return d
		}
		d.lines, d.narr, d.marks = narrateFrom(s, d.view, st.from, st.narr)
		if st.check != nil {
			d.goals, d.settled = st.check.fold(s, d.view)
		}
		return d
	}
}

// restartSession makes the session an opRestart starts.
func restartSession(o op) (*session.Session, error) {
	switch {
	case o.remake != nil:
		return o.remake()
	case o.ask:
		run, err := o.sc.Resolve(o.prm, scenarios.GivenAll)
		if err != nil {
			return nil, err
		}
		return session.OpenEngine(run, []pool.EngineOption{pool.AskChoices()}, o.opts...), nil
	}
	return session.New(o.sc, o.prm, o.opts...)
}

// narrateFrom narrates the shown events from index from. The result keeps at most
// maxLog entries (the narrator still hears every event, so its counts stay
// right), and a checkpoint of the narrator every markEvery events.
func narrateFrom(s *session.Session, v session.View, from int, narr narrate.Narrator) ([]logEntry, narrate.Narrator, []narrMark) {
	if v.Shown <= from {
		return nil, narr, nil
	}
	var out []logEntry
	var marks []narrMark
	for i, ev := range s.Shown(from) {
		if i%markEvery == 0 {
			marks = append(marks, narrMark{at: i, narr: narr.Snapshot()})
		}
		text := narr.Line(*ev)
		if text == "" {
			continue
		}
		if len(out) == maxLog {
			out = append(out[:0], out[maxLog/2:]...)
		}
		out = append(out, logEntry{at: i, t: ev.Time, kind: ev.Kind, actor: ev.Actor, text: text})
	}
	return out, narr, marks
}

// narrateBack returns the narrator as it was before the event at index shown:
// the last checkpoint at or before it, told the events in between again.
func narrateBack(s *session.Session, shown int, marks []narrMark) narrate.Narrator {
	var narr narrate.Narrator
	from := 0
	for i := len(marks) - 1; i >= 0; i-- {
		if marks[i].at <= shown {
			narr, from = marks[i].narr.Snapshot(), marks[i].at
			break
		}
	}
	for _, ev := range s.Shown(from) { // the session shows events up to shown
		narr.Line(*ev)
	}
	return narr
}

// keepMarks appends the new checkpoints to marks, dropping those at or after
// index after first (they belong to a future a step back undid) and the
// oldest beyond maxMarks.
func keepMarks(marks []narrMark, after int, added []narrMark) []narrMark {
	n := len(marks)
	for n > 0 && marks[n-1].at > after {
		n--
	}
	out := append(marks[:n:n], added...) // a new array: an op may still read the old one
	if over := len(out) - maxMarks; over > 0 {
		out = out[over:]
	}
	return out
}

// speedSteps are the speeds + and - move between.
var speedSteps = [...]float64{0.1, 0.25, 0.5, 1, 2, 5, 10, 20}

// nextSpeed returns the next speed step above (dir > 0) or below cur.
func nextSpeed(cur float64, dir int) float64 {
	if dir > 0 {
		for _, s := range speedSteps {
			if s > cur+1e-9 {
				return s
			}
		}
		return speedSteps[len(speedSteps)-1]
	}
	for i := len(speedSteps) - 1; i >= 0; i-- {
		if speedSteps[i] < cur-1e-9 {
			return speedSteps[i]
		}
	}
	return speedSteps[0]
}

// newSeed derives the next seed from the current one (splitmix64), kept short
// enough for a teacher to read it out: the same sequence of n presses gives the
// same seeds, so a recorded demo stays reproducible.
func newSeed(seed uint64) uint64 {
	z := seed + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return z%99_999 + 1
}
