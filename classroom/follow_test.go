package classroom

import (
	"fmt"
	"strings"
	"testing"
)

const secondTitle = "Each worker has its own globals; a shared Value is one for all"

// settled waits until tm's run is paused (or finished) and returns the count
// of events its header shows: the count no longer moves then. A screen is
// read a few times over, so that a frame drawn in two writes is not taken for
// the final one.
func settled(tm *term) int {
	tm.t.Helper()
	n, same := -1, 0
	tm.waitFor("a paused run", func(s string) bool {
		still := strings.Contains(s, "PAUSED") || strings.Contains(s, "FINISHED")
		switch c := events(s); {
		case !still || c < 1:
			n, same = -1, 0
		case c == n:
			same++
		default:
			n, same = c, 0
		}
		return same >= 3
	})
	return n
}

// headed waits until tm's header names the scenario called title (the
// picker's list names them all).
func headed(tm *term, title string) {
	tm.t.Helper()
	tm.waitFor("the header naming "+title, func(s string) bool {
		first, _, _ := strings.Cut(s, "\n")
		return strings.Contains(first, title)
	})
}

// reaches waits until tm's header shows n events.
func reaches(tm *term, n int, what string) {
	tm.t.Helper()
	tm.waitFor(what, func(s string) bool { return events(s) == n })
}

// TestALearnerFollowsTheTeacher checks following over real SSH: a follower
// shows the teacher's scenario and reaches the teacher's event count after
// each control (steps, a scenario change, playing and pausing); the teacher's
// header counts the followers; a follower breaks away with a run key and
// comes back with f.
func TestALearnerFollowsTheTeacher(t *testing.T) {
	teacher, learner := newSigner(t), newSigner(t)
	ts := startServer(t, Config{Teachers: NewKeys(teacher.PublicKey()), Learners: NewKeys(learner.PublicKey())})
	lead := ts.open(t, teacher, 110, 32, "")
	lead.waitText(title)
	class := ts.open(t, learner, 90, 28, "follow") // its own size: the layout is its own
	class.waitText("following the teacher")
	lead.waitText("leading · 1 follow")

	for range 5 {
		lead.send(keyRight)
	}
	reaches(lead, 5, "five steps on the teacher's screen")
	reaches(class, 5, "the follower at the teacher's fifth event")

	lead.send("s") // the picker: the next scenario
	lead.waitText("Choose a scenario")
	lead.send(keyDown)
	lead.send(keyEnter)
	headed(lead, secondTitle)
	headed(class, secondTitle[:30]) // a narrower screen cuts the title
	// A preset picked opens paused: space plays it, and once it has played a
	// little, space pauses it again, wherever it got to.
	lead.send(keySpace)
	lead.waitFor("the new run playing", func(s string) bool { return events(s) >= 1 })
	lead.send(keySpace)
	n := settled(lead)
	reaches(class, n, fmt.Sprintf("the follower at the teacher's paused event %d; the teacher's screen:\n%s", n, lead.screen()))
	for range 6 {
		lead.send(keyRight)
	}
	n += 6
	reaches(lead, n, "six more steps on the teacher's screen")
	reaches(class, n, "the follower six steps on")

	class.send(keyLeft) // a run key: the learner breaks away
	reaches(class, n-1, "the learner's own step back")
	lead.waitText("leading · 0 follow")
	if s := class.screen(); strings.Contains(s, "following the teacher") {
		t.Fatalf("the learner broke away but still reads as following:\n%s", s)
	}
	lead.send(keyLeft)
	reaches(lead, n-1, "the teacher's step back")
	lead.send(keyLeft)
	reaches(lead, n-2, "the teacher's second step back")
	class.send("f") // back with the class
	class.waitText("following the teacher")
	reaches(class, n-2, "the learner back at the teacher's event")
	lead.waitText("leading · 1 follow")
}

// TestAFollowerWaitsForTheTeacher checks that a follower who comes before the
// teacher waits, and goes to the teacher's run once the teacher comes.
func TestAFollowerWaitsForTheTeacher(t *testing.T) {
	teacher, learner := newSigner(t), newSigner(t)
	ts := startServer(t, Config{Teachers: NewKeys(teacher.PublicKey()), Learners: NewKeys(learner.PublicKey())})
	class := ts.open(t, learner, 100, 30, "follow")
	class.waitText("waiting for the teacher")
	lead := ts.open(t, teacher, 100, 30, "")
	lead.waitText("leading · 1 follow")
	lead.send(keyRight)
	lead.send(keyRight)
	reaches(lead, 2, "the teacher's two steps")
	class.waitText("following the teacher")
	reaches(class, 2, "the follower at the teacher's event")
}
