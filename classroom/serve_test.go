package classroom

import (
	"strings"
	"testing"
)

const title = "Share a queue with every worker through the initializer"

// TestALearnerSeesTheFirstFrame checks that a listed learner gets a viewer in
// a PTY, drawn at the terminal's size: the title, and the badge at the right
// edge of the first line.
func TestALearnerSeesTheFirstFrame(t *testing.T) {
	learner := newSigner(t)
	ts := startServer(t, Config{Learners: NewKeys(learner.PublicKey())})
	tm := ts.open(t, learner, 100, 30, "")
	s := tm.waitText(title)
	first := strings.Split(s, "\n")[0]
	if !strings.Contains(first, "PAUSED") {
		t.Fatalf("the first line has no PAUSED badge:\n%s", s)
	}
}
