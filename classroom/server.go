// Package classroom serves poolviz over SSH, for a workshop: every learner runs
// the viewer in their own terminal with nothing installed, on their own or
// following the teacher. Each SSH session gets its own viewer, sized and
// coloured from that session's terminal; a follower replays the teacher's run
// (Simulated runs are deterministic), so only the teacher's cues travel, never
// a screen. Nothing a client sends makes the server run code: there is no
// tracing over SSH.
package classroom

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	tea "charm.land/bubbletea/v2"
)

// Defaults of a Config's zero fields.
const (
	DefaultMaxSessions = 64
	DefaultIdle        = 30 * time.Minute
	// DefaultMaxWorkers and DefaultMaxTasks cap a run's sizes over SSH: a
	// Simulated run works one task at a time, and these keep a frame's work
	// small, so one client cannot take the server's CPUs.
	DefaultMaxWorkers = 16
	DefaultMaxTasks   = 1000
)

// handshakeTimeout bounds a connection that never finishes logging in.
const handshakeTimeout = 30 * time.Second

// shutdownGrace is how long a stopping server waits for clients to hang up
// once every session has ended, before it closes their connections.
const shutdownGrace = time.Second

// Config configures a classroom server.
type Config struct {
	// HostKey is the server's key (LoadHostKey reads or creates one).
	HostKey gossh.Signer
	// Teachers are the keys whose sessions lead the class.
	Teachers Keys
	// Learners are the other keys let in; with Open, any key is.
	Learners Keys
	Open     bool
	// MaxSessions bounds the sessions open at once (DefaultMaxSessions when 0).
	MaxSessions int
	// Idle ends a session after this long without a key from its client, or,
	// while it follows, from the teacher (DefaultIdle when 0).
	Idle time.Duration
	// MaxWorkers and MaxTasks cap the sizes a session may ask for (the
	// defaults when 0).
	MaxWorkers, MaxTasks int
	// Log receives a line for each session and each refusal; nil discards them.
	Log *slog.Logger
}

// withDefaults returns c with its zero fields set.
func (c Config) withDefaults() Config {
	if c.MaxSessions <= 0 {
		c.MaxSessions = DefaultMaxSessions
	}
	if c.Idle <= 0 {
		c.Idle = DefaultIdle
	}
	if c.MaxWorkers <= 0 {
		c.MaxWorkers = DefaultMaxWorkers
	}
	if c.MaxTasks <= 0 {
		c.MaxTasks = DefaultMaxTasks
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return c
}

// Server is a classroom: an SSH server with a viewer in each session.
type Server struct {
	cfg   Config
	srv   *ssh.Server
	class *class

	ctx    context.Context // the class: cancelled when the server stops
	cancel context.CancelCauseFunc

	mu      sync.Mutex
	closing bool
	open    int            // sessions open
	conns   int            // connections open, logged in or not
	running sync.WaitGroup // the open sessions' handlers

	// wrap, when set, wraps each session's model (tests inject a panic).
	wrap func(tea.Model) tea.Model
}

// errClassOver is the cause a stopping server gives its sessions.
var errClassOver = errors.New("the class is over")

// New returns a classroom server for cfg; Serve starts it.
func New(cfg Config) (*Server, error) {
	if cfg.HostKey == nil {
		return nil, errors.New("classroom: no host key")
	}
	cfg = cfg.withDefaults()
	s := &Server{cfg: cfg, class: newClass()}
	s.ctx, s.cancel = context.WithCancelCause(context.Background())
	// The host key goes in first: a server given none writes a new key to
	// id_ed25519 in the current folder.
	withHostKey := func(srv *ssh.Server) error { srv.AddHostKey(cfg.HostKey); return nil }
	srv, err := wish.NewServer(
		withHostKey,
		wish.WithPublicKeyAuth(s.allowed),
		wish.WithBanner(s.banner()),
		wish.WithMiddleware(s.middleware),
	)
	if err != nil {
		return nil, err
	}
	// Password and keyboard-interactive logins are off: no handler is set
	// for them, and the server offers only public keys.
	srv.HandshakeTimeout = handshakeTimeout
	srv.ConnCallback = s.admitConn
	srv.ConnectionCloseCallback = func(net.Conn) { s.mu.Lock(); s.conns--; s.mu.Unlock() }
	s.srv = srv
	return s, nil
}

// banner is what a client shows before logging in: why a key may be refused.
func (s *Server) banner() string {
	if s.cfg.Open {
		return ""
	}
	return "poolviz classroom: only listed keys get in. Refused? Send your public key (~/.ssh/id_ed25519.pub) to the teacher.\n"
}

// allowed decides a login: a teacher's key, a listed learner's key, or any
// key when the class is open.
func (s *Server) allowed(ctx ssh.Context, key ssh.PublicKey) bool {
	if s.cfg.Open || s.cfg.Teachers.Has(key) || s.cfg.Learners.Has(key) {
		return true
	}
	s.cfg.Log.Info("refused a key", "key", gossh.FingerprintSHA256(key), "user", ctx.User(), "from", ctx.RemoteAddr().String())
	return false
}

// admitConn bounds the connections, logged in or not, to twice the sessions:
// a flood of half-open logins cannot exhaust the server, and a full class can
// still say so to one more client.
func (s *Server) admitConn(_ ssh.Context, c net.Conn) net.Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing || s.conns >= 2*s.cfg.MaxSessions {
		return nil
	}
	s.conns++
	return c
}

// middleware is the session's handler chain: the viewer, guarded by the
// session's own recovery (see handle).
func (s *Server) middleware(ssh.Handler) ssh.Handler { return s.handle }

// Serve serves the class on ln until ctx is done. Then it tells every session
// that the class is over, ends them, waits for the clients to hang up (a
// short while, then it closes their connections) and returns nil. An error is
// returned only when serving failed.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.cfg.Log.Info("serving the class", "address", ln.Addr().String(),
		"teachers", s.cfg.Teachers.Len(), "learners", s.learnersWord())
	served := make(chan error, 1)
	go func() { served <- s.srv.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
	}
	s.stop()
	ln.Close() // in case the server had not taken it yet when it stopped
	if err == nil {
		err = <-served
	}
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return fmt.Errorf("serving the class: %w", err)
}

// stop ends the class: no new session, every open one told and ended, the
// connections closed.
func (s *Server) stop() {
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	s.cancel(errClassOver)
	s.running.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		s.srv.Close()
	}
}

// learnersWord says who may come in as a learner, for the log.
func (s *Server) learnersWord() string {
	if s.cfg.Open {
		return "any key"
	}
	return fmt.Sprintf("%d listed keys", s.cfg.Learners.Len())
}

// enter takes a session's place in the class, or reports that there is none.
func (s *Server) enter() (ok bool, full bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return false, false
	case s.open >= s.cfg.MaxSessions:
		return false, true
	}
	s.open++
	s.running.Add(1)
	return true, false
}

// leave gives a session's place back.
func (s *Server) leave() {
	s.mu.Lock()
	s.open--
	s.mu.Unlock()
	s.running.Done()
}

// Sessions returns how many sessions are open.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.open
}
