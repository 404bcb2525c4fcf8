package classroom

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"

	"poolviz/exercise"
	"poolviz/pool"
	"poolviz/scenarios"
	"poolviz/session"
	"poolviz/tui"
)

// Why a session ended, besides its user quitting.
var (
	errIdle     = errors.New("idle")
	errHungUp   = errors.New("the client hung up")
	errCrashed  = errors.New("the viewer failed")
	errNoViewer = errors.New("the viewer could not start")
)

// handle runs one SSH session: it refuses what it must (no terminal, an
// unknown command, a full class, a stopping server), else runs a viewer until
// the user quits, the session idles, the client hangs up or the class ends,
// and says which. A panic in the session is recovered here and ends only this
// session.
func (s *Server) handle(sess ssh.Session) {
	defer func() {
		if r := recover(); r != nil {
			s.cfg.Log.Error("a session panicked", "panic", r, "stack", string(debug.Stack()))
			wish.Println(sess, "\npoolviz: this session failed and was closed; the class goes on.")
			_ = sess.Exit(1)
		}
	}()
	pty, winCh, hasPTY := sess.Pty()
	if !hasPTY {
		s.refuse(sess, "no terminal", "poolviz needs a terminal: connect with ssh -t, for example ssh -t "+sshTarget(sess.LocalAddr()))
		return
	}
	follow, ex, err := sessionCommand(sess.Command())
	if err != nil {
		s.refuse(sess, "bad command", err.Error())
		return
	}
	ok, full := s.enter()
	if !ok {
		msg := "poolviz: the class is over."
		if full {
			msg = fmt.Sprintf("poolviz: the class is full (%d sessions): try again in a moment.", s.cfg.MaxSessions)
		}
		s.refuse(sess, "no room", msg)
		return
	}
	defer s.leave()
	teacher := s.cfg.Teachers.Has(sess.PublicKey())
	m := s.class.join(teacher)
	defer s.class.leave(m)
	log := s.cfg.Log.With("user", sess.User(), "from", sess.RemoteAddr().String(), "teacher", teacher)
	log.Info("session opened", "sessions", s.Sessions())

	why := s.run(sess, pty.Term, winCh, m, follow, ex)
	log.Info("session closed", "why", whyWord(why))
	code := 0
	switch {
	case errors.Is(why, errClassOver):
		wish.Println(sess, "\npoolviz: the class is over. Thank you!")
	case errors.Is(why, errIdle):
		wish.Printf(sess, "\npoolviz: closed after %s without a key.\n", s.cfg.Idle)
	case errors.Is(why, errCrashed), errors.Is(why, errNoViewer):
		wish.Println(sess, "\npoolviz: this session failed and was closed; the class goes on.")
		code = 1
	}
	_ = sess.Exit(code)
}

// refuse ends a session that gets no viewer, saying why on its error stream.
func (s *Server) refuse(sess ssh.Session, why, msg string) {
	s.cfg.Log.Info("session refused", "user", sess.User(), "from", sess.RemoteAddr().String(), "why", why)
	wish.Fatalln(sess, msg)
}

// sessionCommand reads what the client asked to run: nothing (the viewer),
// follow (the viewer, following the teacher), or exercise NAME (an exercise of
// the built-in course that runs a preset: one on a Python program would run
// that program, which a server never does for its clients).
func sessionCommand(cmd []string) (follow bool, ex *exercise.Exercise, err error) {
	switch {
	case len(cmd) == 0:
		return false, nil, nil
	case len(cmd) == 1 && cmd[0] == "follow":
		return true, nil, nil
	case cmd[0] == "trace":
		return false, nil, errors.New("poolviz: trace is not offered over SSH: it runs a program, and this server runs none for its clients")
	case cmd[0] == "exercise" && len(cmd) == 2:
		ex, err := exercise.Find(cmd[1], "")
		switch {
		case err != nil:
			return false, nil, fmt.Errorf("poolviz: %v", err)
		case ex.Run.Traced():
			return false, nil, fmt.Errorf("poolviz: exercise %s runs your own Python program: do it with poolviz on your machine (poolviz exercise %s); over SSH only the exercises on a preset run", ex.Name, ex.Name)
		}
		return false, ex, nil
	}
	return false, nil, fmt.Errorf("poolviz: unknown command %q: connect without one to explore on your own, with follow to follow the teacher, or with exercise NAME", strings.Join(cmd, " "))
}

// run runs the viewer for one session until it ends, and returns why it
// ended: nil when the user quit. The goroutines it starts end before it
// returns, but for the one reading the session's input, which ends when the
// session's channel closes, just after.
func (s *Server) run(sess ssh.Session, term string, winCh <-chan ssh.Window, m *member, follow bool, ex *exercise.Exercise) error {
	model, err := tui.NewModel(s.viewerOptions(sess, m, follow, ex))
	if err != nil {
		s.cfg.Log.Error("viewer", "err", err)
		return errNoViewer
	}
	latest := model
	defer func() { latest.Close() }() // the run's engine ends with the session, however it ends

	ctx, cancel := context.WithCancelCause(s.ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel(nil)
	stop := context.AfterFunc(sess.Context(), func() { cancel(errHungUp) })
	defer stop()
	held := newHeldInput()
	defer held.Close() // once the program has ended: its own reader then ends

	var root tea.Model = viewer{m: model, latest: &latest, active: &m.active}
	if s.wrap != nil {
		root = s.wrap(root)
	}
	p := tea.NewProgram(root, append(s.programOptions(ctx, sess), tea.WithInput(held))...)
	go forwardInput(sess, term, p)
	wg.Go(func() { forwardWindow(ctx, p, winCh) })
	wg.Go(func() { forwardCues(ctx, p, m.wake) })
	wg.Go(func() { watchIdle(ctx, cancel, m, s.cfg.Idle) })
	_, err = p.Run()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		s.cfg.Log.Error("a session's viewer panicked", "err", err)
		return errCrashed
	case context.Cause(ctx) != nil && err != nil:
		return context.Cause(ctx)
	case err != nil:
		s.cfg.Log.Error("a session's viewer failed", "err", err)
		return errCrashed
	}
	return nil
}

// viewerOptions are a session's viewer: the default preset, Simulated (the
// mode followers can replay, and one task at a time), paused until space,
// sizes capped.
func (s *Server) viewerOptions(sess ssh.Session, m *member, follow bool, ex *exercise.Exercise) tui.Options {
	name, asked, given := scenarios.Default, scenarios.Params{}, scenarios.Fields(0)
	if ex != nil {
		name = ex.Run.Preset
		asked = scenarios.Params{Workers: ex.Run.Workers, Tasks: ex.Run.Tasks, Seed: ex.Run.Seed}
		given = asked.NonZero()
		if ex.Run.Seed != 0 {
			given |= scenarios.GivenSeed
		}
	}
	asked.Mode, given = pool.Simulated, given|scenarios.GivenMode
	run, err := scenarios.Resolve(name, asked, given)
	opts := tui.Options{StartPaused: true, Class: m, Follow: follow && ex == nil, Exercise: ex,
		MaxWorkers: s.cfg.MaxWorkers, MaxTasks: s.cfg.MaxTasks, NoColor: noColor(sess.Environ())}
	switch {
	case err != nil:
	case ex != nil && ex.Run.YouSchedule:
		opts.Session, opts.Asking = session.OpenEngine(run, []pool.EngineOption{pool.AskChoices()}), true
	default:
		opts.Run = &run
	}
	if ex != nil {
		opts.Note = "exercise " + ex.Name + ": the goals panel says what the run must show"
		return opts
	}
	switch {
	case m.teacher:
		opts.Note = "you teach: learners press f to follow you"
	case follow:
		opts.Note = "following the teacher: f or any run key leaves"
	default:
		opts.Note = "f follows the teacher"
	}
	return opts
}

// programOptions are the Bubble Tea program's: the session's input and
// output, its terminal size and its client's environment (wish's
// MakeOptions); the client's NO_COLOR; no signal handling, which belongs to
// the server; and the class's context.
func (s *Server) programOptions(ctx context.Context, sess ssh.Session) []tea.ProgramOption {
	opts := append(bubbletea.MakeOptions(sess),
		tea.WithContext(ctx), tea.WithoutSignalHandler(), tea.WithFPS(30))
	if noColor(sess.Environ()) {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	return opts
}

// noColor reports whether the client's environment sets NO_COLOR to anything
// (no-color.org: any value but the empty one).
func noColor(env []string) bool {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok && v != "" {
			return true
		}
	}
	return false
}

// forwardWindow sends the client's window changes to the program.
func forwardWindow(ctx context.Context, p *tea.Program, winCh <-chan ssh.Window) {
	for {
		select {
		case <-ctx.Done():
			return
		case w, ok := <-winCh:
			if !ok {
				return
			}
			p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
		}
	}
}

// forwardCues sends a CueMsg to the program each time the class wakes the
// session: a burst of cues while the program was busy costs one message.
func forwardCues(ctx context.Context, p *tea.Program, wake <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
			p.Send(tui.CueMsg{})
		}
	}
}

// watchIdle ends the session (cause errIdle) once m has been idle for idle.
func watchIdle(ctx context.Context, cancel context.CancelCauseFunc, m *member, idle time.Duration) {
	t := time.NewTimer(idle)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			left := idle - m.idleFor(now)
			if left <= 0 {
				cancel(errIdle)
				return
			}
			t.Reset(left)
		}
	}
}

// whyWord names why a session ended, for the log.
func whyWord(err error) string {
	if err == nil {
		return "quit"
	}
	return err.Error()
}

// sshTarget writes the port and host a client reached, as ssh takes them:
// "-p 2222 10.0.0.5".
func sshTarget(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "-p PORT HOST"
	}
	return "-p " + port + " " + host
}
