package classroom

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
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

// Keys as a terminal sends them.
const (
	keyRight = "\x1b[C"
	keyLeft  = "\x1b[D"
	keySpace = " "
	keyDown  = "\x1b[B"
	keyEnter = "\r"
)

// TestKeysChangeTheScreen checks that a learner's keys reach their viewer:
// steps move the header's count of events, space starts the run.
func TestKeysChangeTheScreen(t *testing.T) {
	learner := newSigner(t)
	ts := startServer(t, Config{Learners: NewKeys(learner.PublicKey())})
	tm := ts.open(t, learner, 100, 30, "")
	before := events(tm.waitText(title))
	for range 3 {
		tm.send(keyRight)
	}
	tm.waitFor("three steps in the header", func(s string) bool { return events(s) == before+3 })
	tm.send(keySpace)
	tm.waitText("RUNNING")
}

// TestAWindowChangeRelayouts checks that the viewer follows the client's
// window: too small a window says so, a large one is drawn in full at its
// width.
func TestAWindowChangeRelayouts(t *testing.T) {
	learner := newSigner(t)
	ts := startServer(t, Config{Learners: NewKeys(learner.PublicKey())})
	tm := ts.open(t, learner, 100, 30, "")
	tm.waitText(title)
	tm.resize(60, 20)
	tm.waitText("terminal too small")
	tm.resize(140, 40)
	s := tm.waitFor("the viewer at 140 columns", func(s string) bool {
		first := strings.Split(s, "\n")[0]
		return strings.Contains(first, title) && strings.Index(first, "PAUSED") > 120
	})
	if strings.Contains(s, "too small") {
		t.Fatalf("still too small at 140x40:\n%s", s)
	}
}

// TestASessionWithoutATerminalIsRefused checks that a session with no PTY gets
// a sentence saying to connect with ssh -t, on its error stream, and exit
// status 1.
func TestASessionWithoutATerminalIsRefused(t *testing.T) {
	learner := newSigner(t)
	ts := startServer(t, Config{Learners: NewKeys(learner.PublicKey())})
	client, err := ts.dial(learner)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var stderr strings.Builder
	sess.Stderr = &stderr
	err = sess.Run("")
	var ee *gossh.ExitError
	if !errors.As(err, &ee) || ee.ExitStatus() != 1 {
		t.Fatalf("a session without a PTY ended with %v, want exit status 1", err)
	}
	if !strings.Contains(stderr.String(), "ssh -t") {
		t.Fatalf("the refusal says %q, want how to connect with ssh -t", stderr.String())
	}
}

// TestCommandsOtherThanFollowAreRefused checks that trace is never offered,
// and that an unknown command is named.
func TestCommandsOtherThanFollowAreRefused(t *testing.T) {
	learner := newSigner(t)
	ts := startServer(t, Config{Learners: NewKeys(learner.PublicKey())})
	for cmd, want := range map[string]string{
		"trace x.py":           "trace is not offered over SSH",
		"rm -rf /":             `unknown command "rm -rf /"`,
		"exercise lost-update": "runs your own Python program",
		"exercise nope":        `no exercise "nope"`,
	} {
		tm := ts.open(t, learner, 100, 30, cmd)
		if code := tm.wait(); code != 1 {
			t.Errorf("%s: exit status %d, want 1", cmd, code)
		}
		if out := tm.output(); !strings.Contains(out, want) {
			t.Errorf("%s: the session wrote %q, want %q", cmd, out, want)
		}
	}
}

// TestAnExerciseOverSSH opens an exercise of the built-in course that runs a
// preset: its prediction is asked first, then its goals panel shows, and the
// learner schedules the run.
func TestAnExerciseOverSSH(t *testing.T) {
	learner := newSigner(t)
	ts := startServer(t, Config{Learners: NewKeys(learner.PublicKey())})
	tm := ts.open(t, learner, 120, 36, "exercise schedule-it-right")
	tm.waitText("Predict first")
	tm.send("2")
	tm.waitText("Goals")
	tm.send(keySpace)
	tm.waitText("Who runs next?")
}

// TestAnUnlistedKeyIsRefusedUnlessOpen checks the login: an unlisted key is
// refused, listed learners and teachers get in, and with Open anyone does.
func TestAnUnlistedKeyIsRefusedUnlessOpen(t *testing.T) {
	teacher, learner, stranger := newSigner(t), newSigner(t), newSigner(t)
	closed := startServer(t, Config{Teachers: NewKeys(teacher.PublicKey()), Learners: NewKeys(learner.PublicKey())})
	if c, err := closed.dial(stranger); err == nil {
		c.Close()
		t.Fatal("an unlisted key got in")
	}
	for name, k := range map[string]gossh.Signer{"teacher": teacher, "learner": learner} {
		c, err := closed.dial(k)
		if err != nil {
			t.Fatalf("the listed %s's key was refused: %v", name, err)
		}
		c.Close()
	}
	open := startServer(t, Config{Open: true})
	tm := open.open(t, stranger, 100, 30, "")
	tm.waitText(title)
}

// TestPasswordsAreRefused checks that a password (or keyboard-interactive)
// login is not offered, even on an open class.
func TestPasswordsAreRefused(t *testing.T) {
	ts := startServer(t, Config{Open: true})
	c, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
		User: "learner",
		Auth: []gossh.AuthMethod{gossh.Password("secret"),
			gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })},
		HostKeyCallback: gossh.FixedHostKey(ts.host),
	})
	if err == nil {
		c.Close()
		t.Fatal("a password login got in")
	}
}

// TestNoColorComesFromTheClient checks that a client's NO_COLOR turns colours
// off for its session only: another session's screen is coloured.
func TestNoColorComesFromTheClient(t *testing.T) {
	ts := startServer(t, Config{Open: true})
	plain := ts.open(t, newSigner(t), 100, 30, "", "NO_COLOR=1")
	coloured := ts.open(t, newSigner(t), 100, 30, "")
	plain.waitText(title)
	coloured.waitText(title)
	isColour := regexp.MustCompile(`\x1b\[[0-9;]*(38;5;|38;2;|3[0-7]m|3[0-7];)`)
	if isColour.MatchString(plain.output()) {
		t.Fatal("the NO_COLOR session got colours")
	}
	if !isColour.MatchString(coloured.output()) {
		t.Fatal("the session without NO_COLOR got no colours")
	}
}
