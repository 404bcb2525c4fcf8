//go:build unix

package tui

import (
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"

	tea "charm.land/bubbletea/v2"
)

// suspender suspends the viewer on the terminal, for ctrl+z (a key, in the
// terminal's raw mode, which the viewer answers with tea.Suspend) and for
// SIGTSTP (kill -TSTP): Bubble Tea restores the terminal, stops the process,
// and sets the terminal up again, the screen redrawn, when SIGCONT continues
// it (fg). Without it, SIGTSTP would stop the process with the terminal raw
// and on the viewer's screen, and fg would bring it back in line mode.
//
// Once a Go program has caught SIGTSTP, the signal no longer stops it, even
// when nothing catches it any more: so the SIGTSTP Bubble Tea sends to stop
// the process group, once the terminal is restored, is caught here too, and
// answered with SIGSTOP, which does.
type suspender struct {
	tstp, cont chan os.Signal
	done       chan struct{}
	wg         sync.WaitGroup
	suspending atomic.Bool // the program took a suspension: the terminal is being restored
}

// newSuspender catches SIGTSTP and SIGCONT; the program must be made with
// tea.WithFilter(s.filter), then started with start; stop ends it.
func newSuspender() *suspender {
	s := &suspender{tstp: make(chan os.Signal, 1), cont: make(chan os.Signal, 1), done: make(chan struct{})}
	signal.Notify(s.tstp, syscall.SIGTSTP)
	signal.Notify(s.cont, syscall.SIGCONT)
	return s
}

// start turns each SIGTSTP into a suspension of p, until stop.
func (s *suspender) start(p *tea.Program) {
	s.wg.Go(func() {
		for {
			select {
			case <-s.tstp:
				if s.suspending.Load() {
					_ = syscall.Kill(os.Getpid(), syscall.SIGSTOP) // the terminal is restored: stop
				} else {
					go p.Send(tea.SuspendMsg{}) // Send waits for the program to read it, or to end
				}
			case <-s.cont:
				s.suspending.Store(false)
			case <-s.done:
				return
			}
		}
	})
}

// filter notes that the program takes a suspension.
func (s *suspender) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	if _, ok := msg.(tea.SuspendMsg); ok {
		s.suspending.Store(true)
	}
	return msg
}

// stop stops catching the signals.
func (s *suspender) stop() {
	close(s.done)
	s.wg.Wait()
	signal.Stop(s.tstp)
	signal.Stop(s.cont)
}
