package classroom

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"go.uber.org/goleak"
)

// TestThirtySessionsAndNothingLeft checks that 30 sessions at once all get
// their frames, and that once they are closed and the server stopped, no
// goroutine is left: no program, no engine, no forwarder, no connection.
func TestThirtySessionsAndNothingLeft(t *testing.T) {
	if testing.Short() {
		t.Skip("30 SSH sessions")
	}
	before := goleak.IgnoreCurrent()
	ts := startServer(t, Config{Open: true})
	terms := make([]*term, 30)
	var wg sync.WaitGroup
	for i := range terms {
		terms[i] = ts.open(t, newSigner(t), 80+i, 24+i%8, "")
	}
	for _, tm := range terms {
		wg.Go(func() { tm.waitText(title) })
	}
	wg.Wait()
	if n := ts.s.Sessions(); n != 30 {
		t.Fatalf("the server counts %d sessions, want 30", n)
	}
	for _, tm := range terms {
		tm.close()
	}
	ts.shutdown(t)
	goleak.VerifyNone(t, before, tickEnds)
}

// TestStoppingEndsEverySession checks what a SIGTERM does to the command (its
// signal handling cancels Serve's context): every session, teacher, follower
// and learner, is told that the class is over and ends with status 0, and
// Serve returns nil.
func TestStoppingEndsEverySession(t *testing.T) {
	teacher := newSigner(t)
	ts := startServer(t, Config{Teachers: NewKeys(teacher.PublicKey()), Open: true})
	lead := ts.open(t, teacher, 100, 30, "")
	lead.waitText(title)
	follower := ts.open(t, newSigner(t), 100, 30, "follow")
	learner := ts.open(t, newSigner(t), 100, 30, "")
	follower.waitText("following the teacher")
	learner.waitText(title)
	ts.shutdown(t)
	for name, tm := range map[string]*term{"teacher": lead, "follower": follower, "learner": learner} {
		if code := tm.wait(); code != 0 {
			t.Errorf("the %s's session ended with status %d, want 0", name, code)
		}
		if out := tm.output(); !strings.Contains(out, "the class is over") {
			t.Errorf("the %s was not told that the class is over", name)
		}
	}
	if n := ts.s.Sessions(); n != 0 {
		t.Fatalf("%d sessions left after the server stopped", n)
	}
}

// TestQuitEndsOnlyThatSession checks that q and ctrl+c end the session that
// pressed them, with status 0, and no other.
func TestQuitEndsOnlyThatSession(t *testing.T) {
	ts := startServer(t, Config{Open: true})
	a, b, c := ts.open(t, newSigner(t), 100, 30, ""), ts.open(t, newSigner(t), 100, 30, ""), ts.open(t, newSigner(t), 100, 30, "")
	for _, tm := range []*term{a, b, c} {
		tm.waitText(title)
	}
	a.send("q")
	b.send("\x03")
	for _, tm := range []*term{a, b} {
		if code := tm.wait(); code != 0 {
			t.Errorf("a session that quit ended with status %d, want 0", code)
		}
	}
	c.send(keyRight)
	c.waitFor("a step in the session that stayed", func(s string) bool { return events(s) == 1 })
}

// panicky is a viewer that panics on "!", as a bug in Update would.
type panicky struct{ tea.Model }

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.Text == "!" {
		panic("a bug in the viewer")
	}
	next, cmd := p.Model.Update(msg)
	return panicky{next}, cmd
}

// TestAPanicEndsOnlyItsSession checks that a panic in one session's viewer
// is recovered: that session is told and ends with status 1, its run is
// closed (the package's goleak check sees its engine end), and another
// session goes on.
func TestAPanicEndsOnlyItsSession(t *testing.T) {
	s, err := New(Config{HostKey: newSigner(t), Open: true})
	if err != nil {
		t.Fatal(err)
	}
	s.wrap = func(m tea.Model) tea.Model { return panicky{m} }
	ts := serve(t, s)
	bad, good := ts.open(t, newSigner(t), 100, 30, ""), ts.open(t, newSigner(t), 100, 30, "")
	bad.waitText(title)
	good.waitText(title)
	bad.send("!")
	if code := bad.wait(); code != 1 {
		t.Fatalf("the session that panicked ended with status %d, want 1", code)
	}
	if out := bad.output(); !strings.Contains(out, "this session failed") {
		t.Fatal("the session that panicked was not told")
	}
	good.send(keyRight)
	good.waitFor("a step in the other session", func(s string) bool { return events(s) == 1 })
}

// TestAnIdleSessionEnds checks the idle bound: a session without a key is
// told and closed.
func TestAnIdleSessionEnds(t *testing.T) {
	ts := startServer(t, Config{Open: true, Idle: 300 * time.Millisecond})
	tm := ts.open(t, newSigner(t), 100, 30, "")
	if code := tm.wait(); code != 0 {
		t.Fatalf("the idle session ended with status %d, want 0", code)
	}
	if out := tm.output(); !strings.Contains(out, "without a key") {
		t.Fatal("the idle session was not told why it ended")
	}
}

// TestAFullClassSaysSo checks the bound on sessions: one more is refused with
// a sentence, and gets in once a place is free.
func TestAFullClassSaysSo(t *testing.T) {
	ts := startServer(t, Config{Open: true, MaxSessions: 2})
	a := ts.open(t, newSigner(t), 100, 30, "")
	b := ts.open(t, newSigner(t), 100, 30, "")
	a.waitText(title)
	b.waitText(title)
	c := ts.open(t, newSigner(t), 100, 30, "")
	if code := c.wait(); code != 1 {
		t.Fatalf("the session over the bound ended with status %d, want 1", code)
	}
	if out := c.output(); !strings.Contains(out, "the class is full (2 sessions)") {
		t.Fatalf("the session over the bound read %q", out)
	}
	a.send("q")
	a.wait()
	// The client sees its session end a moment before the server counts it
	// gone: the next one gets in once the server has.
	deadline := time.Now().Add(20 * time.Second)
	for ts.s.Sessions() >= 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	ts.open(t, newSigner(t), 100, 30, "").waitText(title)
}

// TestTheHostKeyIsMadeOnceAndKept checks the host key: created with mode 0600
// in a folder of mode 0700, the same key the next time, and refused when
// others may read it.
func TestTheHostKeyIsMadeOnceAndKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "poolviz", "host_ed25519")
	first, err := LoadHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("the host key has mode %04o, want 0600", fi.Mode().Perm())
	}
	if di, _ := os.Stat(filepath.Dir(path)); di.Mode().Perm() != 0o700 {
		t.Fatalf("the host key's folder has mode %04o, want 0700", di.Mode().Perm())
	}
	again, err := LoadHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(again.PublicKey().Marshal()) != string(first.PublicKey().Marshal()) {
		t.Fatal("the host key changed on the second start")
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadHostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a host key others may read gave %v, want a refusal saying chmod 600", err)
	}
}

// TestKeyListsSayWhatIsWrong checks the key files: comments and blank lines
// are skipped, a bad line is named, an empty list is refused.
func TestKeyListsSayWhatIsWrong(t *testing.T) {
	dir := t.TempDir()
	k := newSigner(t)
	line := strings.TrimSpace(string(marshalAuthorized(k)))
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	keys, err := ReadKeys(write("good", "# the teachers\n\n"+line+" teacher@laptop\n"))
	if err != nil || !keys.Has(k.PublicKey()) || keys.Len() != 1 {
		t.Fatalf("a good list read as %v, %v", keys, err)
	}
	if _, err := ReadKeys(write("bad", line+"\nnot a key\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("a bad line gave %v, want it named", err)
	}
	if _, err := ReadKeys(write("empty", "# nobody\n")); err == nil || !strings.Contains(err.Error(), "no public key") {
		t.Fatalf("an empty list gave %v", err)
	}
	if _, err := ReadKeys(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("a missing list gave no error")
	}
}
