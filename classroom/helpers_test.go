package classroom

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// waitLimit bounds every wait for a screen: generous, for a loaded machine
// under the race detector; a wait that succeeds returns at once.
const waitLimit = 20 * time.Second

// newSigner returns a fresh Ed25519 key.
func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testServer is a classroom serving on 127.0.0.1 at a free port.
type testServer struct {
	s      *Server
	addr   string
	host   gossh.PublicKey
	stop   context.CancelFunc
	served chan error
	once   sync.Once
}

// startServer starts a classroom for cfg (its host key made here) and stops it
// when the test ends.
func startServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	if cfg.HostKey == nil {
		cfg.HostKey = newSigner(t)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, s)
}

// serve serves s on a free port of 127.0.0.1.
func serve(t testing.TB, s *Server) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{s: s, addr: ln.Addr().String(), host: s.cfg.HostKey.PublicKey(), stop: cancel, served: make(chan error, 1)}
	go func() { ts.served <- s.Serve(ctx, ln) }()
	t.Cleanup(func() { ts.shutdown(t) })
	return ts
}

// shutdown stops the server, as a SIGTERM does the command's, and checks
// that Serve returned nil. It may be called again.
func (ts *testServer) shutdown(t testing.TB) {
	t.Helper()
	ts.stop()
	ts.once.Do(func() {
		if err := <-ts.served; err != nil {
			t.Errorf("Serve returned %v", err)
		}
	})
}

// dial logs in with key.
func (ts *testServer) dial(key gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
		User:            "learner",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.FixedHostKey(ts.host),
		Timeout:         waitLimit,
	})
}

// term is a client's terminal: an SSH session with a PTY whose output is
// drawn by a terminal emulator, which also answers the program's queries (its
// background colour, its modes) as a real terminal does.
type term struct {
	t      testing.TB
	client *gossh.Client
	sess   *gossh.Session

	mu  sync.Mutex
	emu *vt.Emulator
	raw bytes.Buffer // everything the server wrote

	in     sync.Mutex
	stdin  io.WriteCloser
	copies sync.WaitGroup
	exit   chan error    // the session's end
	drawn  chan struct{} // closed when the session's output has all been read
}

// open logs in with key and opens a w x h terminal running cmd ("" for the
// viewer), with env set in the session.
func (ts *testServer) open(t testing.TB, key gossh.Signer, w, h int, cmd string, env ...string) *term {
	t.Helper()
	client, err := ts.dial(key)
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if err := sess.Setenv(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, client: client, sess: sess, emu: vt.NewEmulator(w, h), exit: make(chan error, 1), drawn: make(chan struct{})}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if tm.stdin, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	sess.Stderr = stderrOf{tm}
	if cmd == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(cmd)
	}
	if err != nil {
		t.Fatal(err)
	}
	tm.copies.Go(func() {
		defer close(tm.drawn)
		tm.drawFrom(stdout)
	})
	tm.copies.Go(func() { tm.answer() })
	go func() { tm.exit <- sess.Wait() }()
	t.Cleanup(tm.close)
	return tm
}

// drawFrom feeds the session's output to the emulator.
func (tm *term) drawFrom(r io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			tm.mu.Lock()
			tm.raw.Write(buf[:n])
			_, _ = tm.emu.Write(buf[:n])
			tm.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// stderrOf keeps a session's error stream with its output (the emulator does
// not draw it: a refusal comes before any screen).
type stderrOf struct{ tm *term }

func (w stderrOf) Write(p []byte) (int, error) {
	w.tm.mu.Lock()
	defer w.tm.mu.Unlock()
	return w.tm.raw.Write(p)
}

// answer sends the emulator's replies to the program's queries.
func (tm *term) answer() {
	buf := make([]byte, 1024)
	for {
		n, err := tm.emu.Read(buf)
		if n > 0 {
			tm.send(string(buf[:n]))
		}
		if err != nil {
			return
		}
	}
}

// send types s.
func (tm *term) send(s string) {
	tm.in.Lock()
	defer tm.in.Unlock()
	_, _ = io.WriteString(tm.stdin, s)
}

// screen returns the emulator's screen as plain text.
func (tm *term) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.emu.String()
}

// output returns everything the server wrote so far.
func (tm *term) output() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.raw.String()
}

// waitFor polls the screen until ok holds, failing the test after waitLimit
// with the screen it last saw.
func (tm *term) waitFor(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		s := tm.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waited %v for %s; the screen:\n%s", waitLimit, what, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitText waits for text on the screen.
func (tm *term) waitText(text string) string {
	tm.t.Helper()
	return tm.waitFor(strings.TrimSpace(text), func(s string) bool { return strings.Contains(s, text) })
}

// resize changes the terminal's size, as a client's window change does.
func (tm *term) resize(w, h int) {
	tm.t.Helper()
	tm.mu.Lock()
	tm.emu.Resize(w, h)
	tm.mu.Unlock()
	if err := tm.sess.WindowChange(h, w); err != nil {
		tm.t.Fatal(err)
	}
}

// wait waits for the session to end, and for its last output to be read
// (Wait does not wait for a pipe's reader), and returns its exit status (-1
// when it ended without one).
func (tm *term) wait() int {
	tm.t.Helper()
	select {
	case err := <-tm.exit:
		tm.exit <- err
		select {
		case <-tm.drawn:
		case <-time.After(waitLimit):
			tm.t.Fatalf("the session's output did not end in %v after its exit", waitLimit)
		}
		var ee *gossh.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			return ee.ExitStatus()
		}
		return -1
	case <-time.After(waitLimit):
		tm.t.Fatalf("the session did not end in %v; the screen:\n%s", waitLimit, tm.screen())
		return -1
	}
}

// close hangs up and waits for the copies to end.
func (tm *term) close() {
	tm.sess.Close()
	tm.client.Close()
	// Closing the emulator's reply pipe ends answer; Emulator.Close would
	// race with its Read.
	_ = tm.emu.InputPipe().(io.Closer).Close()
	tm.copies.Wait()
}

// eventRE finds the header's count of events shown.
var eventRE = regexp.MustCompile(`\bev(?:ent)? (\d+)/\d+`)

// events returns the count of events the screen's header shows, or -1.
func events(screen string) int {
	m := eventRE.FindStringSubmatch(screen)
	if m == nil {
		return -1
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	return n
}

// marshalAuthorized writes k's public key as an authorized_keys line.
func marshalAuthorized(k gossh.Signer) []byte { return gossh.MarshalAuthorizedKey(k.PublicKey()) }
