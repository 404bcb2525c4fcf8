package classroom

import (
	"context"
	"io"
	"sync"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// A session reads its client's input itself and hands each decoded event to
// its program with Program.Send, rather than letting the program read it.
// Why: Bubble Tea's input loop sends a decoded event on a channel that only
// the running program reads, without watching for the program's end, so a key
// that arrives as the program ends leaves that goroutine blocked for good; on
// a server that runs for hours, that is a slow leak. Program.Send gives up
// once the program has ended.

// forwardInput decodes the terminal input r (a terminal of type term) and
// sends each event to p, until r ends (the session's channel closes). Events
// that come after the program ended are dropped. It owns the decoder's
// goroutine and returns once that has ended.
func forwardInput(r io.Reader, term string, p *tea.Program) {
	evc := make(chan uv.Event)
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for ev := range evc {
			p.Send(ev) // the program turns a decoded event into its message, as its own reader's
		}
	}()
	_ = uv.NewTerminalReader(r, term).StreamEvents(context.Background(), evc)
	close(evc)
	<-sent
}

// heldInput is the input the program itself is given: it yields nothing, and
// ends (io.EOF) once closed. The program still sends its queries to the
// terminal (they need an input), and their answers reach it through
// forwardInput.
type heldInput struct {
	once   sync.Once
	closed chan struct{}
}

func newHeldInput() *heldInput { return &heldInput{closed: make(chan struct{})} }

// Read waits until the input is closed, then reports io.EOF.
func (h *heldInput) Read([]byte) (int, error) {
	<-h.closed
	return 0, io.EOF
}

// Close ends the input; it is idempotent.
func (h *heldInput) Close() error {
	h.once.Do(func() { close(h.closed) })
	return nil
}
