//go:build linux

package cli

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// The sequences the viewer's terminal setup writes, and those that undo it.
const (
	altScreenOn   = "\x1b[?1049h"
	altScreenOff  = "\x1b[?1049l"
	cursorShown   = "\x1b[?25h"
	mouseOff      = "\x1b[?1003l"
	ptyWaitLonger = 20 * time.Second
)

// ptyViewer is the viewer running in the test binary (as poolviz) on a pty:
// what it wrote so far, and the pty, to type on and to read the terminal's
// modes from.
type ptyViewer struct {
	cmd  *exec.Cmd
	tty  *os.File // the pty's controlling side
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{} // closed when the output ends
}

func startPtyViewer(t *testing.T) *ptyViewer {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "run", "shared-queue", "--no-color")
	cmd.Env = append(os.Environ(), envChild+"=main", "TERM=xterm-256color", "NO_COLOR=1")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		t.Skipf("no pty here: %v", err)
	}
	v := &ptyViewer{cmd: cmd, tty: tty, done: make(chan struct{})}
	go func() {
		defer close(v.done)
		buf := make([]byte, 1<<16)
		for {
			n, err := tty.Read(buf)
			v.mu.Lock()
			v.out.Write(buf[:n])
			v.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		tty.Close()
		<-v.done
	})
	v.waitFor(t, altScreenOn, 1)
	return v
}

// output returns what the viewer wrote so far.
func (v *ptyViewer) output() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.out.String()
}

// waitFor waits until the viewer wrote s at least n times.
func (v *ptyViewer) waitFor(t *testing.T, s string, n int) {
	t.Helper()
	deadline := time.Now().Add(ptyWaitLonger)
	for strings.Count(v.output(), s) < n {
		if time.Now().After(deadline) {
			t.Fatalf("the viewer never wrote %q %d times; it wrote:\n%q", s, n, outTail(v.output()))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// wait waits for the viewer to exit, or to stop (stopped), and returns its status.
func (v *ptyViewer) wait(t *testing.T, stopped bool) syscall.WaitStatus {
	t.Helper()
	var ws syscall.WaitStatus
	opts := 0
	if stopped {
		opts = syscall.WUNTRACED
	}
	if _, err := syscall.Wait4(v.cmd.Process.Pid, &ws, opts, nil); err != nil {
		t.Fatal(err)
	}
	return ws
}

// checkUsable checks that the terminal is as a shell wants it: in line mode
// with echo, out of the alternate screen, the cursor shown, the mouse off.
func (v *ptyViewer) checkUsable(t *testing.T, when string) {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(v.tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if tio.Lflag&unix.ICANON == 0 || tio.Lflag&unix.ECHO == 0 {
		t.Errorf("%s: the terminal is left raw (lflag %#x)", when, tio.Lflag)
	}
	// What the viewer wrote before it stopped may still be on its way through the pty.
	restored := func(out string) []string {
		on := strings.LastIndex(out, altScreenOn)
		var missing []string
		for _, seq := range []string{altScreenOff, cursorShown, mouseOff} {
			if strings.LastIndex(out, seq) < on {
				missing = append(missing, seq)
			}
		}
		return missing
	}
	deadline := time.Now().Add(ptyWaitLonger)
	for len(restored(v.output())) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	out := v.output()
	if missing := restored(out); len(missing) > 0 {
		t.Errorf("%s: %q not written after the viewer's setup; the end of the output:\n%q", when, missing, outTail(out))
	}
	if strings.Contains(out, "goroutine ") {
		t.Errorf("%s: goroutine stacks were dumped on the terminal", when)
	}
}

func outTail(s string) string { return s[max(0, len(s)-600):] }

// TestSignalsLeaveTheTerminalUsable runs the viewer on a pty and ends it
// with SIGHUP, SIGQUIT, SIGTERM and SIGINT: each time the terminal is back
// in line mode, out of the alternate screen, with the cursor shown and the
// mouse off, and the exit code is 128 plus the signal's number.
func TestSignalsLeaveTheTerminalUsable(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			v := startPtyViewer(t)
			v.cmd.Process.Signal(sig)
			ws := v.wait(t, false)
			<-v.done
			if !ws.Exited() || ws.ExitStatus() != 128+int(sig) {
				t.Errorf("exit status %v, want exit %d", ws, 128+int(sig))
			}
			v.checkUsable(t, sig.String())
		})
	}
}

// TestSuspendAndResume suspends the viewer, with ctrl+z and with SIGTSTP:
// it stops with the terminal usable; continued, it sets the terminal up
// again and takes keys at once (q quits, with no Enter), and exits 0 with
// the terminal usable.
func TestSuspendAndResume(t *testing.T) {
	for _, how := range []string{"ctrl+z", "SIGTSTP"} {
		t.Run(how, func(t *testing.T) {
			v := startPtyViewer(t)
			if how == "ctrl+z" {
				v.tty.Write([]byte{0x1a})
			} else {
				v.cmd.Process.Signal(syscall.SIGTSTP)
			}
			if ws := v.wait(t, true); !ws.Stopped() {
				t.Fatalf("status %v: the viewer did not stop", ws)
			}
			v.checkUsable(t, "suspended")
			v.cmd.Process.Signal(syscall.SIGCONT)
			v.waitFor(t, altScreenOn, 2)
			time.Sleep(200 * time.Millisecond) // the input reader starts again after the screen
			v.tty.Write([]byte("q"))
			ws := v.wait(t, false)
			<-v.done
			if !ws.Exited() || ws.ExitStatus() != 0 {
				t.Errorf("exit status %v after q, want 0", ws)
			}
			v.checkUsable(t, "after q")
		})
	}
}
