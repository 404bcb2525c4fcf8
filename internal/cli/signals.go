package cli

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"poolviz/internal/atomicfile"
)

// exitSignal is the exit code of a command a signal ended: 128 plus the
// signal's number, as a shell reports it.
func exitSignal(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return exitFailure
}

// tempGuard removes a command's temporary files when SIGINT, SIGTERM or
// SIGHUP ends it, and exits with 128 plus the signal: without it the process
// would die with the files left behind (a long recording's, megabytes). It
// acts at once, whatever the command is doing (simulating a long run, writing
// a frame), since nothing the command does after the signal would be kept.
type tempGuard struct {
	mu     sync.Mutex
	temps  []string
	sig    chan os.Signal
	done   chan struct{}
	wg     sync.WaitGroup
	stderr io.Writer
}

// guardTemps starts a tempGuard; stop must be called once the files are
// committed or aborted.
func guardTemps(stderr io.Writer) *tempGuard {
	g := &tempGuard{sig: make(chan os.Signal, 1), done: make(chan struct{}), stderr: stderr}
	signal.Notify(g.sig, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	g.wg.Go(g.watch)
	return g
}

func (g *tempGuard) watch() {
	select {
	case s := <-g.sig:
		g.mu.Lock() // held until exit: no file is added or committed after this
		for _, t := range g.temps {
			os.Remove(t)
		}
		fmt.Fprintf(g.stderr, "poolviz: stopped by %s; no file was left half-written\n", s)
		os.Exit(exitSignal(s))
	case <-g.done:
	}
}

// create creates path's temporary file (atomicfile.Create) and records it,
// to remove it if a signal comes: both at once, so that no signal finds a
// file created and not yet recorded.
func (g *tempGuard) create(path string, opts ...atomicfile.Option) (*atomicfile.File, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f, err := atomicfile.Create(path, opts...)
	if err == nil {
		g.temps = append(g.temps, f.TempName())
	}
	return f, err
}

// commit runs fn, which renames the files into place, with no signal acting
// in the middle of it.
func (g *tempGuard) commit(fn func() error) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return fn()
}

// stop stops watching for signals; they act as before again.
func (g *tempGuard) stop() {
	signal.Stop(g.sig)
	close(g.done)
	g.wg.Wait()
}
