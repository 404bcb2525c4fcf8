package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"poolviz/tui"
)

// viewerSignals are the signals that end the viewer: ctrl+c where the
// terminal sends it as a signal, kill's SIGTERM, SIGHUP (the terminal going
// away: a closed window, a killed tmux pane, a dropped SSH link) and SIGQUIT
// (ctrl+\), which would otherwise dump every goroutine's stack over the
// screen and leave the terminal raw. Each ends the run as cleanly as q does,
// its program and every process it started with it, and restores the
// terminal. (SIGTSTP suspends the viewer instead: tui.Run.)
var viewerSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

// openViewer opens the interactive viewer; without a terminal it says to use
// --headless and exits with the usage code. A signal that ended it exits with
// 128 plus the signal's number, as a shell reports it, once the terminal is
// restored, and says so on stderr.
func openViewer(opts tui.Options) (int, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got atomic.Value // the signal that ended the viewer
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, viewerSignals...)
	defer signal.Stop(sigs)
	go func() {
		select {
		case s := <-sigs:
			got.Store(s)
			cancel()
		case <-ctx.Done():
		}
	}()
	err := tui.Run(ctx, opts)
	if s, ok := got.Load().(os.Signal); ok {
		fmt.Fprintf(os.Stderr, "poolviz: stopped by %s\n", s) // the terminal may be gone: nothing to do if it is
		return exitSignal(s), nil
	}
	if errors.Is(err, tui.ErrNoTerminal) {
		return exitUsage, usageError{err.Error()}
	}
	if err != nil {
		return exitFailure, err
	}
	return exitOK, nil
}
