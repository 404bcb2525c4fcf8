package classroom

import (
	"slices"
	"sync"
	"time"

	"poolviz/tui"
)

// class is what the sessions share: the teachers in the order they came (the
// first one leads), the lead's latest cue, and who follows. One lock guards
// it; every call is short, and none waits on a session: a member is woken
// through a channel of one, which coalesces a burst of cues into one message.
type class struct {
	mu        sync.Mutex
	teachers  []*member // connected, in order of arrival: teachers[0] leads
	members   map[*member]bool
	cue       tui.Cue
	hasCue    bool
	followers int
}

func newClass() *class { return &class{members: map[*member]bool{}} }

// member is one session's side of the class; it is the tui.Class its viewer
// holds.
type member struct {
	c       *class
	teacher bool
	wake    chan struct{} // a CueMsg is due; capacity one

	// Under c.mu.
	following bool
	cue       tui.Cue // a teacher's latest cue, led or not
	hasCue    bool

	active activity // the last key or resize of this session
}

// join adds a session to the class.
func (c *class) join(teacher bool) *member {
	m := &member{c: c, teacher: teacher, wake: make(chan struct{}, 1)}
	m.active.touch()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.members[m] = true
	if teacher {
		c.teachers = append(c.teachers, m)
	}
	return m
}

// leave removes a session from the class. When the lead leaves, the next
// teacher leads, from where that teacher's run stands; with no teacher left,
// followers wait where they are.
func (c *class) leave(m *member) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.members, m)
	if m.following {
		m.following = false
		c.followers--
	}
	if !m.teacher {
		c.wakeTeachersLocked()
		return
	}
	led := len(c.teachers) > 0 && c.teachers[0] == m
	c.teachers = slices.DeleteFunc(c.teachers, func(t *member) bool { return t == m })
	if !led {
		return
	}
	c.hasCue = false
	if len(c.teachers) > 0 && c.teachers[0].hasCue {
		c.cue, c.hasCue = c.teachers[0].cue, true
	}
	c.wakeAllLocked()
}

// leadLocked returns the teacher who leads, or nil.
func (c *class) leadLocked() *member {
	if len(c.teachers) == 0 {
		return nil
	}
	return c.teachers[0]
}

// wakeAllLocked wakes every member: the lead changed.
func (c *class) wakeAllLocked() {
	for m := range c.members {
		m.poke()
	}
}

// wakeTeachersLocked wakes the teachers: how many follow changed.
func (c *class) wakeTeachersLocked() {
	for _, t := range c.teachers {
		t.poke()
	}
}

// poke marks a CueMsg due for m, unless one already is.
func (m *member) poke() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// Teaches reports whether m is a teacher's session.
func (m *member) Teaches() bool { return m.teacher }

// Leads reports whether m is the teacher the class follows.
func (m *member) Leads() bool {
	m.c.mu.Lock()
	defer m.c.mu.Unlock()
	return m.c.leadLocked() == m
}

// Publish records a teacher's cue, and passes it on to the followers when m
// leads and the cue says something new.
func (m *member) Publish(cue tui.Cue) {
	if !m.teacher {
		return
	}
	c := m.c
	c.mu.Lock()
	defer c.mu.Unlock()
	m.cue, m.hasCue = cue, true
	if c.leadLocked() != m || (c.hasCue && sameCue(c.cue, cue)) {
		return
	}
	frame := c.hasCue && playing(c.cue, cue)
	c.cue, c.hasCue = cue, true
	if frame {
		return // followers pace a playing run with their own frames
	}
	for f := range c.members {
		if f.following {
			f.poke()
		}
	}
}

// sameCue reports whether two cues put a follower in the same place.
func sameCue(a, b tui.Cue) bool {
	return a.Scenario.Name == b.Scenario.Name && a.Params == b.Params && a.Run == b.Run &&
		a.Shown == b.Shown && a.Now == b.Now && a.Speed == b.Speed && a.Paused == b.Paused
}

// playing reports whether next only moves on the run that prev plays: a
// frame of a playing run, not a control. Followers read such a cue on their
// own frame; a control (pause, step, speed, a new run) wakes them at once.
func playing(prev, next tui.Cue) bool {
	return !prev.Paused && !next.Paused && prev.Speed == next.Speed && prev.Run == next.Run &&
		prev.Scenario.Name == next.Scenario.Name && prev.Params == next.Params
}

// Cue returns the lead's latest cue.
func (m *member) Cue() (tui.Cue, bool) {
	m.c.mu.Lock()
	defer m.c.mu.Unlock()
	return m.c.cue, m.c.hasCue
}

// Follow counts m among the followers, or no longer.
func (m *member) Follow(on bool) {
	c := m.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if m.following == on {
		return
	}
	m.following = on
	if on {
		c.followers++
	} else {
		c.followers--
	}
	c.wakeTeachersLocked()
}

// Followers returns how many sessions follow the teacher.
func (m *member) Followers() int {
	m.c.mu.Lock()
	defer m.c.mu.Unlock()
	return m.c.followers
}

// idleFor returns how long m has been idle at now: since its last key, or,
// while it follows, since the lead's last key (a class watching its teacher is
// not idle).
func (m *member) idleFor(now time.Time) time.Duration {
	last := m.active.last()
	c := m.c
	c.mu.Lock()
	if lead := c.leadLocked(); m.following && lead != nil {
		last = max(last, lead.active.last())
	}
	c.mu.Unlock()
	return now.Sub(time.Unix(0, last))
}
