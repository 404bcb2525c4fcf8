package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"poolviz/classroom"
)

// serveFlags are the flags of serve.
type serveFlags struct {
	listen, teachers, learners, hostKey string
	open                                bool
	maxSessions                         int
	idle                                string
}

func (f *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.listen, "listen", "127.0.0.1:2222", "address to listen on (any other than this machine's only when given)")
	fs.StringVar(&f.teachers, "teachers", "", "file of the teachers' public keys (authorized_keys format): they lead")
	fs.StringVar(&f.learners, "learners", "", "file of the learners' public keys (authorized_keys format)")
	fs.BoolVar(&f.open, "open", false, "let any key in as a learner (instead of --learners)")
	fs.IntVar(&f.maxSessions, "max-sessions", classroom.DefaultMaxSessions, "sessions at once, 1 to 1000")
	fs.StringVar(&f.idle, "idle", classroom.DefaultIdle.String(), "end a session after this long without a key, 1s to 24h")
	fs.StringVar(&f.hostKey, "host-key", "", "the server's host key, created the first time (default: poolviz's config folder)")
}

// cmdServe serves the viewer over SSH for a class until SIGTERM or SIGINT,
// which tells every session that the class is over and exits 0.
func cmdServe(args []string, stdout, stderr io.Writer) (int, error) {
	var sf serveFlags
	fs := newFlagSet("serve", &sf)
	pos, _, err := parse(fs, args)
	if err != nil {
		return exitUsage, err
	}
	if len(pos) > 0 {
		return exitUsage, usagef("serve takes no arguments, got %q: the learners choose what to run", pos[0])
	}
	cfg, err := sf.config()
	if err != nil {
		return exitUsage, err
	}
	// The signals are caught before the port opens: a SIGTERM from then on
	// ends the class cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", sf.listen)
	if err != nil {
		return exitFailure, fmt.Errorf("cannot listen on %s: %w", sf.listen, err)
	}
	cfg.Log = slog.New(slog.NewTextHandler(stderr, nil))
	srv, err := classroom.New(cfg)
	if err != nil {
		ln.Close()
		return exitFailure, err
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	fmt.Fprintf(stdout, "poolviz serve: the class is open on %s\n", ln.Addr())
	fmt.Fprintf(stdout, "  learners:     ssh -t -p %s %s\n", port, hostWord(host))
	fmt.Fprintf(stdout, "  following:    ssh -t -p %s %s follow\n", port, hostWord(host))
	fmt.Fprintln(stdout, "  SIGTERM or ctrl+c ends the class.")
	if err := srv.Serve(ctx, ln); err != nil {
		return exitFailure, err
	}
	fmt.Fprintln(stdout, "poolviz serve: the class is over.")
	return exitOK, nil
}

// hostWord is the host a learner types: this machine's address when the
// server listens on every interface.
func hostWord(host string) string {
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return "THIS-MACHINE"
	}
	return host
}

// config checks the flags and reads the files they name.
func (f *serveFlags) config() (classroom.Config, error) {
	var cfg classroom.Config
	if err := checkListen(f.listen); err != nil {
		return cfg, err
	}
	if f.maxSessions < 1 || f.maxSessions > 1000 {
		return cfg, usagef("--max-sessions %d is out of range: use 1 to 1000", f.maxSessions)
	}
	idle, err := time.ParseDuration(f.idle)
	if err != nil || idle < time.Second || idle > 24*time.Hour {
		return cfg, usagef("--idle %q: use a duration from 1s to 24h, such as 30m", f.idle)
	}
	switch {
	case f.open && f.learners != "":
		return cfg, usagef("--open lets any key in, so --learners would not be used: give one of them")
	case !f.open && f.learners == "":
		return cfg, usagef("say who may come in as a learner: --learners FILE (their public keys) or --open (any key)")
	}
	cfg = classroom.Config{Open: f.open, MaxSessions: f.maxSessions, Idle: idle}
	if f.teachers != "" {
		if cfg.Teachers, err = classroom.ReadKeys(f.teachers); err != nil {
			return cfg, usagef("--teachers: %v", err)
		}
	}
	if f.learners != "" {
		if cfg.Learners, err = classroom.ReadKeys(f.learners); err != nil {
			return cfg, usagef("--learners: %v", err)
		}
	}
	path := f.hostKey
	if path == "" {
		if path, err = classroom.DefaultHostKey(); err != nil {
			return cfg, err
		}
	}
	cfg.HostKey, err = classroom.LoadHostKey(path)
	return cfg, err
}

// checkListen checks an address to listen on: a host (or IP) and a port.
func checkListen(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	n, perr := strconv.Atoi(port)
	if err != nil || perr != nil || n < 0 || n > 65535 {
		return usagef("--listen %q: use HOST:PORT, such as 127.0.0.1:2222, or 0.0.0.0:2222 for every network", addr)
	}
	if host == "" {
		return usagef("--listen %q: name the address, such as 127.0.0.1:%s, or 0.0.0.0:%s for every network", addr, port, port)
	}
	return nil
}
