// Command classload measures a classroom server under load, for
// scripts/bench-classroom.sh: it starts 'poolviz serve' as a process of its
// own, connects a teacher who plays shared-queue with 1000 tasks at 1x, then
// 1, 10 and 50 following learners (each an SSH session with a 100x30 PTY whose
// output is read, counted and dropped), and reads the server's CPU time and
// resident memory from /proc around timed windows. Only the server process is
// measured; this program's own work is not. The output each follower receives
// a second shows whether the followers got their frames: a level where it
// falls was short of CPU.
//
// Usage: go run ./scripts/classload POOLVIZ-BINARY [WINDOW]
package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Levels of followers, and the windows measured at each after one dropped
// warm-up window.
var levels = []int{0, 1, 10, 50}

const windows = 3

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: classload POOLVIZ-BINARY [WINDOW]")
		os.Exit(2)
	}
	window := 5 * time.Second
	if len(os.Args) > 2 {
		d, err := time.ParseDuration(os.Args[2])
		check(err)
		window = d
	}
	check(run(os.Args[1], window))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "classload:", err)
		os.Exit(1)
	}
}

func run(binary string, window time.Duration) error {
	dir, err := os.MkdirTemp("", "classload")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	teacher, err := newKey()
	if err != nil {
		return err
	}
	keys := filepath.Join(dir, "teachers")
	if err := os.WriteFile(keys, gossh.MarshalAuthorizedKey(teacher.PublicKey()), 0o600); err != nil {
		return err
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	srv := exec.Command(binary, "serve", "--listen", addr, "--teachers", keys, "--open",
		"--max-sessions", "100", "--host-key", filepath.Join(dir, "host"))
	srv.Stdout, srv.Stderr = io.Discard, io.Discard
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { _ = srv.Process.Signal(os.Interrupt); _ = srv.Wait() }()
	pid := srv.Process.Pid

	var lead *client
	for try := 0; ; try++ { // until the server listens
		if lead, err = connect(addr, teacher, ""); err == nil || try == 100 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	defer lead.Close()
	// 1000 tasks: the run plays at 1x for about ten minutes, longer than
	// the measurement.
	for _, k := range []string{"t", "1000", "\r"} {
		if err := lead.send(k); err != nil {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Printf("server pid %d, teacher playing shared-queue (1000 tasks) at 1x; windows of %v, %d per level after a dropped warm-up\n",
		pid, window, windows)
	fmt.Printf("%-10s %-26s %-12s %-14s %-16s %s\n", "followers", "server CPU, cores min/med/max", "RSS MiB", "per follower", "RSS per session", "KiB/s to each follower")
	var base struct{ cpu, rss float64 }
	var learners []*client
	defer func() {
		for _, c := range learners {
			c.Close()
		}
	}()
	for _, n := range levels {
		for len(learners) < n {
			k, err := newKey()
			if err != nil {
				return err
			}
			c, err := connect(addr, k, "follow")
			if err != nil {
				return fmt.Errorf("follower %d: %w", len(learners)+1, err)
			}
			learners = append(learners, c)
		}
		time.Sleep(2 * time.Second) // every follower on its first cue
		var cpus []float64
		var got int64 // bytes the followers received over the measured windows
		var measured time.Duration
		for w := 0; w <= windows; w++ {
			before, start := received(learners), time.Now()
			c, err := cpuCores(pid, window)
			if err != nil {
				return err
			}
			if w > 0 {
				cpus = append(cpus, c)
				got += received(learners) - before
				measured += time.Since(start)
			}
		}
		slices.Sort(cpus)
		rss, err := rssMiB(pid)
		if err != nil {
			return err
		}
		med := cpus[len(cpus)/2]
		per, perRSS, rate := "-", "-", "-"
		if n == 0 {
			base.cpu, base.rss = med, rss
		} else {
			per = fmt.Sprintf("%.4f cores", (med-base.cpu)/float64(n))
			perRSS = fmt.Sprintf("%.2f MiB", (rss-base.rss)/float64(n))
			rate = fmt.Sprintf("%.1f", float64(got)/1024/measured.Seconds()/float64(n))
		}
		fmt.Printf("%-10d %.3f / %.3f / %.3f        %-12.1f %-14s %-16s %s\n", n, cpus[0], med, cpus[len(cpus)-1], rss, per, perRSS, rate)
	}
	return nil
}

// client is one SSH session with a PTY; its output is read, counted and
// dropped.
type client struct {
	conn *gossh.Client
	sess *gossh.Session
	in   io.WriteCloser
	got  atomic.Int64 // bytes of output read
}

// Write counts output read.
func (c *client) Write(p []byte) (int, error) {
	c.got.Add(int64(len(p)))
	return len(p), nil
}

// received returns the bytes of output the clients have read so far. A
// follower short of CPU skips frames and so is sent less: a level whose rate
// per follower falls below the others' was measured with its followers
// starved, and its CPU is not what they would take.
func received(cs []*client) int64 {
	var n int64
	for _, c := range cs {
		n += c.got.Load()
	}
	return n
}

func connect(addr string, key gossh.Signer, cmd string) (*client, error) {
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "learner",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		return nil, err
	}
	sess, err := conn.NewSession()
	if err != nil {
		conn.Close()
		return nil, err
	}
	c := &client{conn: conn, sess: sess}
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		c.Close()
		return nil, err
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		c.Close()
		return nil, err
	}
	if c.in, err = sess.StdinPipe(); err != nil {
		c.Close()
		return nil, err
	}
	if cmd == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(cmd)
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	go func() { _, _ = io.Copy(c, out) }()
	return c, nil
}

func (c *client) send(s string) error { _, err := io.WriteString(c.in, s); return err }

func (c *client) Close() { c.sess.Close(); c.conn.Close() }

func newKey() (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return gossh.NewSignerFromKey(priv)
}

// freeAddr returns a free port of 127.0.0.1.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// cpuCores returns the CPU time process pid used over d, in cores.
func cpuCores(pid int, d time.Duration) (float64, error) {
	t0, err := cpuTime(pid)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	time.Sleep(d)
	t1, err := cpuTime(pid)
	if err != nil {
		return 0, err
	}
	return (t1 - t0).Seconds() / time.Since(start).Seconds(), nil
}

// cpuTime reads a process's user and system time from /proc/PID/stat.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The fields after the command's name, which is in parentheses.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("cannot read /proc/%d/stat", pid)
	}
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticks, nil
}

// rssMiB reads a process's resident memory from /proc/PID/status.
func rssMiB(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}
