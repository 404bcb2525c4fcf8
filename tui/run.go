// Package tui is poolviz's terminal viewer: a Bubble Tea program that plays a
// scenario through a session and draws, at about 30 frames a second, the
// workers, their globals, the task queue, the results in arrival order, the
// Python listing with each worker's line, the shared objects, the event log, a
// timeline and, when it happens, the deadlock.
//
// The screen is drawn only from the session's View (a State folded from
// events), never from the engine. Every call that drives the session runs in a
// tea.Cmd, one at a time, so the engine never waits for the screen and the
// screen never waits for the engine.
package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"poolviz/exercise"
	"poolviz/scenarios"
	"poolviz/session"
)

// Options configure the viewer.
type Options struct {
	// Run, when set, is the run to start, resolved by the caller; Scenario and
	// Params are then not used.
	Run *scenarios.Run
	// Scenario is the preset's name; empty means scenarios.Default.
	Scenario string
	// Params are the run's parameters. Zero Workers, Tasks or Speed take the
	// scenario's defaults; the seed and the mode are used as given.
	Params scenarios.Params
	// NoColor draws without colour (so does a NO_COLOR environment variable):
	// states still read from glyphs, and focus from the border's shape.
	NoColor bool
	// Input and Output replace the terminal, for tests; nil means the terminal.
	Input  io.Reader
	Output io.Writer
	// ManualFrames stops the viewer's own frame clock: the run then moves only
	// on keys and on FrameMsg messages sent to the program, so a test or a
	// recorder gets the same screens every time.
	ManualFrames bool
	// Session, when set, is the run to show instead of starting Scenario with
	// Params: a saved run replayed with session.NewReplay, for example. The
	// viewer takes it over and closes it when it quits.
	Session *session.Session
	// StartPaused opens the viewer paused, waiting for space: the command line
	// does, so a teacher starts the run when the class is looking.
	StartPaused bool
	// Theme is "light" or "dark" to draw for that background whatever the
	// terminal says, or "" to ask the terminal (dark when it does not answer,
	// as some projectors' and multiplexers' do not).
	Theme string
	// Label, when set, says in the header where the run comes from, such as
	// "replay of run.jsonl": a saved run must not pass for a live one. A
	// restart runs the preset anew, and the label goes.
	Label string
	// Note, when set, is a word for the footer at the start, such as that a
	// traced program's standard input is not available in the viewer.
	Note string
	// Exercise, when set, is the exercise the run is for: a goals panel shows
	// each goal turning green or red as the run proves it, the prediction is
	// asked before the run starts, and hints come one by one after a failed
	// attempt (H shows the next; S the solution, once an attempt ended).
	Exercise *exercise.Exercise
	// Attempted, when set, is told each attempt's end: whether every goal
	// was met, for the learner's progress.
	Attempted func(passed bool)
	// Remake, when set, makes the session a restart runs (r, or the watched
	// file saved): a traced exercise's program, run again.
	Remake func() (*session.Session, error)
	// Watch, when set, is a file whose saving restarts the run through Remake:
	// the learner's program, as they edit it.
	Watch string
	// Asking says Session was opened with pool.AskChoices: the user is the
	// scheduler from the start (c hands the picks back), and r keeps it so.
	Asking bool
	// Class, when set, links the viewer to a classroom (poolviz serve): a
	// teacher's viewer publishes its run's cues, a learner's may follow them
	// (the f key).
	Class Class
	// Follow opens a learner's viewer following the teacher.
	Follow bool
	// MaxWorkers and MaxTasks, when above zero, cap the sizes the viewer's
	// prompts accept: over SSH, so that one client cannot take the server's CPUs.
	MaxWorkers, MaxTasks int
	// NoSnapshots opens the viewer's sessions (the first, unless Session is
	// given, and those a restart opens) with session.NoSnapshots: for a
	// recording or a frame whose keys never step back (see StepsBack), which
	// then draws the same screens in less memory.
	NoSnapshots bool
}

// FrameMsg moves the run on by Wall of wall-clock time (times the speed), as one
// tick of the frame clock does. Send it to a program started with
// Options.ManualFrames to drive the frames yourself.
type FrameMsg struct{ Wall time.Duration }

// frameInterval is the frame clock's period: about 30 frames a second.
const frameInterval = time.Second / 30

// ErrNoTerminal is returned (wrapped) by CheckTerminal and Run when the output is
// not a terminal.
var ErrNoTerminal = errors.New("the viewer needs a terminal")

// CheckTerminal returns an error suggesting --headless when f is not a terminal
// (a pipe, a file, a CI log).
func CheckTerminal(f *os.File) error {
	if f != nil && term.IsTerminal(f.Fd()) {
		return nil
	}
	name := "the output"
	switch {
	case f == os.Stdout:
		name = "standard output"
	case f != nil:
		name = f.Name()
	}
	return fmt.Errorf("%w: %s is not one; use --headless to print the run as text", ErrNoTerminal, name)
}

// Run shows the viewer until the user quits or ctx is done, then closes the
// session (terminating the pool) and restores the terminal. Without
// Options.Output it first checks that standard output is a terminal.
//
// Signals that end a program are the caller's to handle, by cancelling ctx
// (Bubble Tea's own handler is off, so the caller alone knows which signal
// ended the run). On the terminal, ctrl+z and SIGTSTP suspend the viewer:
// the terminal is restored first, and set up again, the screen redrawn, when
// the shell continues it (fg).
func Run(ctx context.Context, opts Options) error {
	if opts.Output == nil {
		if err := CheckTerminal(os.Stdout); err != nil {
			return err
		}
	}
	m, err := NewModel(opts)
	if err != nil {
		return err
	}
	// The renderer need not look for changes more often than frames come.
	popts := []tea.ProgramOption{tea.WithFPS(int(time.Second / frameInterval)), tea.WithoutSignalHandler()}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	if opts.Output != nil {
		popts = append(popts, tea.WithOutput(opts.Output))
	}
	if opts.NoColor || os.Getenv("NO_COLOR") != "" {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	var susp *suspender
	if opts.Output == nil { // the terminal: it can be suspended to the shell
		susp = newSuspender()
		defer susp.stop()
		popts = append(popts, tea.WithFilter(susp.filter))
	}
	p := tea.NewProgram(m, popts...)
	if susp != nil {
		susp.start(p)
	}
	finished := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { quitWhenDone(ctx, p, finished) })
	final, err := p.Run()
	close(finished)
	wg.Wait()
	if fm, ok := final.(Model); ok {
		fm.play.sess.Close() // idempotent: already closed when the user quit
	} else {
		m.play.sess.Close()
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // the caller cancelled: not a failure of the viewer
	}
	return err
}

// quitGrace is how long a program told to quit has before it is killed.
const quitGrace = 2 * time.Second

// quitWhenDone quits p when ctx is done, as q would, until finished: the
// program then restores the terminal once its input reader has stopped.
// (Killing it, as tea.WithContext does, closes the input while it is still
// being read.) A program that does not quit within quitGrace is killed.
func quitWhenDone(ctx context.Context, p *tea.Program, finished <-chan struct{}) {
	select {
	case <-ctx.Done():
	case <-finished:
		return
	}
	go p.Quit() // Send waits for the program to read it, or to end
	t := time.NewTimer(quitGrace)
	defer t.Stop()
	select {
	case <-t.C:
		p.Kill()
	case <-finished:
	}
}
