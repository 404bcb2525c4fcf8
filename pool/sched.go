package pool

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"time"
)

// forever is the limit of a run with no time limit.
const forever = time.Duration(math.MaxInt64)

// scheduler runs a Simulated engine's actors one at a time. Each actor is a real
// goroutine, but only the holder of the baton runs; an actor gives the baton away
// when it blocks or ends, and the scheduler picks who runs next: a runnable actor
// drawn with the seeded RNG, and when nobody can run, virtual time jumps to the
// next timer. A run yields to its controller only at a hand-off, never mid-actor. All fields are
// touched only by the baton holder (an actor or the controller), so no lock guards
// them: the channel hand-offs order every access.
type scheduler struct {
	now      time.Duration
	rng      *rand.Rand
	runnable []*actor
	timers   timerHeap
	tseq     uint64

	ctrl   chan struct{} // the baton's way back to the controller
	limit  time.Duration // virtual time the current run may reach
	budget int           // events left before the run yields; negative: no limit
	live   int           // actors started and not yet ended

	choice chooser // who runs next, where a person or a schedule picks

	// current is the actor that holds the baton, nil while the controller does.
	// held is an actor that stopped in the middle of its run, in hold, until
	// the next run control; holds is whether the controller asked for that
	// (Engine.HoldToDrain), and shutdown stops it.
	current     *actor
	held        *actor
	holds       bool
	dispatching bool // the baton holder is in dispatch, picking who runs next

	steps   uint64 // baton hand-offs (Engine.HandOffs), not the viewer's steps, which are events
	stalled bool   // the current stall was reported
	onStall func() // called once when every live actor is blocked and no timer is pending
}

func newScheduler(seed uint64) *scheduler {
	return &scheduler{
		rng:    rand.New(rand.NewPCG(seed, 0x706f6f6c76697a)), // "poolviz"
		ctrl:   make(chan struct{}, 1),
		choice: chooser{answer: -1},
	}
}

// run gives the baton to the actors until time would pass limit or budget events
// were emitted or nobody can run; it returns when the baton is back.
func (s *scheduler) run(limit time.Duration, budget int) {
	s.limit, s.budget = limit, budget
	s.dispatch()
	<-s.ctrl
}

// dispatch hands the baton to whoever runs next; the caller must then wait for its
// own baton or end. Called only by the baton holder.
func (s *scheduler) dispatch() {
	s.dispatching = true // until the baton leaves: handTo and toController clear it
	if a := s.held; a != nil {
		// An actor held in the middle of its run goes on first: nothing was
		// drawn or fired since it stopped, so the run is the uninterrupted one.
		s.held = nil
		s.handTo(a)
		return
	}
	for {
		if s.budget == 0 {
			// The run logged the events it was asked for: yield at this hand-off, where
			// the next pick has not been drawn yet, so the sequence is the same as an
			// uninterrupted run's.
			s.toController()
			return
		}
		if s.choice.choosing() {
			if cands := s.candidates(); len(cands) > 1 {
				i, ok := s.choice.pick(cands, s.rng.IntN)
				if !ok {
					s.toController() // stop at the choice point, before any pick: Choose answers it
					return
				}
				s.runCandidate(cands[i])
				return
			}
		}
		if n := len(s.runnable); n > 0 {
			i := 0
			if n > 1 {
				i = s.rng.IntN(n)
			}
			a := s.runnable[i]
			copy(s.runnable[i:], s.runnable[i+1:])
			s.runnable[n-1] = nil
			s.runnable = s.runnable[:n-1]
			s.handTo(a)
			return
		}
		if s.fireNextTimers() {
			continue
		}
		if len(s.timers) > 0 && s.limit != forever && s.limit > s.now {
			// Nothing happens before the limit: the clock still moves, so the view shows time passing.
			s.now = s.limit
		}
		if len(s.timers) == 0 && s.live > 0 && !s.stalled && s.onStall != nil {
			s.stalled = true
			s.onStall()
			if len(s.runnable) > 0 {
				continue
			}
		}
		s.toController()
		return
	}
}

// fireNextTimers fires every live timer due at the earliest pending time, if that
// time is within the limit. Firing them all before picking makes simultaneous
// wake-ups a fair draw of the RNG rather than a matter of timer order.
func (s *scheduler) fireNextTimers() bool {
	for len(s.timers) > 0 && s.timers[0].dead {
		heap.Pop(&s.timers)
	}
	if len(s.timers) == 0 || s.timers[0].when > s.limit {
		return false
	}
	when := s.timers[0].when
	if when > s.now {
		s.now = when
	}
	for len(s.timers) > 0 && s.timers[0].when == when {
		t := heap.Pop(&s.timers).(*simTimer)
		if !t.dead {
			t.dead = true
			t.fire()
		}
	}
	return true
}

func (s *scheduler) handTo(a *actor) {
	s.steps++
	s.stalled = false
	s.current, s.dispatching = a, false
	a.baton <- struct{}{}
}

// toController hands the baton back to the controller, ending its run control.
func (s *scheduler) toController() {
	s.current, s.dispatching = nil, false
	s.ctrl <- struct{}{}
}

// maxUndrained bounds the events a Simulated engine logs between drains. An
// actor that logs events without ever blocking (main printing a million
// lines, or submitting a million tasks) would otherwise fill the log with all
// of them before the controller could drain it.
const maxUndrained = 16 << 10

// hold stops a, which has just logged an event and holds the baton outside
// dispatch, and hands the baton back to the controller, so that the run
// control returns and the log is drained; the next run control lets a go on
// exactly where it stopped. It does nothing for another actor, nor in
// dispatch (a timer's callback), where a's run is not at a point to stop.
func (s *scheduler) hold(a *actor) {
	if !s.holds || a == nil || a != s.current || s.dispatching {
		return
	}
	s.held = a
	s.toController()
	<-a.baton
}

// finishHeld lets a held actor run on to its next hand-off, and holds no
// actor from then on: the engine is shutting down, and stops nothing in the
// middle of its work.
func (s *scheduler) finishHeld() {
	s.holds = false
	if s.held != nil {
		s.run(forever, 0)
	}
}

// block parks the calling actor until something makes it runnable again.
func (s *scheduler) block(a *actor) {
	s.dispatch()
	<-a.baton
}

// ready makes a blocked actor runnable.
func (s *scheduler) ready(a *actor) {
	s.runnable = append(s.runnable, a)
}

// after schedules fire at now+d and returns the timer, which may be stopped.
func (s *scheduler) after(d time.Duration, fire func()) *simTimer {
	if d < 0 {
		d = 0
	}
	s.tseq++
	t := &simTimer{when: s.now + d, seq: s.tseq, fire: fire}
	heap.Push(&s.timers, t)
	return t
}

// pendingTimers counts live timers.
func (s *scheduler) pendingTimers() int {
	n := 0
	for _, t := range s.timers {
		if !t.dead {
			n++
		}
	}
	return n
}

// nextTimer returns the time of the earliest live timer.
func (s *scheduler) nextTimer() (time.Duration, bool) {
	for len(s.timers) > 0 && s.timers[0].dead {
		heap.Pop(&s.timers)
	}
	if len(s.timers) == 0 {
		return 0, false
	}
	return s.timers[0].when, true
}

type simTimer struct {
	when time.Duration
	seq  uint64
	fire func()
	dead bool
	idx  int
	// sleeper is the actor a sleep's timer wakes, nil for other timers: when a
	// person schedules, a sleeping actor may be picked to run next.
	sleeper *actor
}

type timerHeap []*simTimer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when != h[j].when {
		return h[i].when < h[j].when
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i]; h[i].idx = i; h[j].idx = j }
func (h *timerHeap) Push(x any)   { t := x.(*simTimer); t.idx = len(*h); *h = append(*h, t) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return t
}
