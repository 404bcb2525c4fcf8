package cli

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestServeRefusesBadCommandLines checks serve's mistakes: each exits 2 and
// says what is allowed.
func TestServeRefusesBadCommandLines(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad")
	if err := os.WriteFile(bad, []byte("ssh-ed25519 not-base64 someone\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(dir, "host")
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"serve", "--host-key", key}, "--learners FILE (their public keys) or --open"},
		{[]string{"serve", "--open", "--learners", bad, "--host-key", key}, "give one of them"},
		{[]string{"serve", "--open", "--listen", ":2222", "--host-key", key}, "name the address"},
		{[]string{"serve", "--open", "--listen", "127.0.0.1", "--host-key", key}, "use HOST:PORT"},
		{[]string{"serve", "--open", "--max-sessions", "0", "--host-key", key}, "use 1 to 1000"},
		{[]string{"serve", "--open", "--idle", "forever", "--host-key", key}, "from 1s to 24h"},
		{[]string{"serve", "--learners", bad, "--host-key", key}, bad + " line 1 is not a public key"},
		{[]string{"serve", "--open", "--teachers", filepath.Join(dir, "none"), "--host-key", key}, "cannot read the key list"},
		{[]string{"serve", "--open", "trace", "--host-key", key}, "serve takes no arguments"},
	} {
		code, out, errs := runCLI(tc.args...)
		if code != exitUsage || out != "" || !strings.Contains(errs, tc.says) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 saying %q", tc.args, code, out, errs, tc.says)
		}
	}
	if _, err := os.Stat(key); err == nil {
		t.Error("a refused command line created the host key")
	}
}

// syncBuffer is a buffer the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSIGTERMEndsTheClass runs serve as the command line does, opens a real
// SSH session with a terminal, sends the process SIGTERM, and checks that the
// session is told the class is over and ends with status 0, that serve exits
// 0, and that the host key it made is private.
func TestSIGTERMEndsTheClass(t *testing.T) {
	dir := t.TempDir()
	hostKey := filepath.Join(dir, "conf", "host_ed25519")
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main([]string{"serve", "--open", "--listen", "127.0.0.1:0", "--host-key", hostKey}, &stdout, &stderr)
	}()
	addr := waitAddr(t, &stdout, done)

	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "learner",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	seen := make(chan string, 1)
	go func() { b, _ := io.ReadAll(out); seen <- string(b) }()
	waitUntil(t, "the session to open", func() bool { return strings.Contains(stderr.String(), "session opened") })

	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != exitOK {
			t.Fatalf("serve exited %d after SIGTERM, want 0; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not end after SIGTERM")
	}
	if err := sess.Wait(); err != nil {
		t.Fatalf("the session ended with %v, want status 0", err)
	}
	if s := <-seen; !strings.Contains(s, "the class is over") {
		t.Fatalf("the session was not told that the class is over: %q", tail(s))
	}
	fi, err := os.Stat(hostKey)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the host key: %v, mode %v; want mode 0600", err, fi.Mode().Perm())
	}
}

// addrRE finds the address serve prints.
var addrRE = regexp.MustCompile(`the class is open on (\S+)`)

// waitAddr waits for serve to print where it listens.
func waitAddr(t *testing.T, stdout *syncBuffer, done chan int) string {
	t.Helper()
	var addr string
	waitUntil(t, "serve to listen", func() bool {
		select {
		case code := <-done:
			t.Fatalf("serve exited %d before listening", code)
		default:
		}
		sc := bufio.NewScanner(strings.NewReader(stdout.String()))
		for sc.Scan() {
			if m := addrRE.FindStringSubmatch(sc.Text()); m != nil {
				addr = m[1]
				return true
			}
		}
		return false
	})
	return addr
}

// waitUntil polls ok until it holds, failing after a generous deadline.
func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited too long for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
