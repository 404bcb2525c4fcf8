package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"

	"poolviz/tui"
)

// openViewer opens the interactive viewer; without a terminal it says to use
// --headless and exits with the usage code.
func openViewer(opts tui.Options) (int, error) {
	// SIGHUP is the terminal going away (a closed window, a killed tmux pane, a
	// dropped SSH link): the run must end as cleanly as on ctrl+c, its program
	// and every process it started with it.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	err := tui.Run(ctx, opts)
	if errors.Is(err, tui.ErrNoTerminal) {
		return exitUsage, usageError{err.Error()}
	}
	if err != nil {
		return exitFailure, err
	}
	return exitOK, nil
}
