package trace

import (
	"io"

	"poolviz/internal/safetext"
)

// safeJSON writes the JSON an encoder gives it with every rune a terminal
// could obey written as a \u escape (safetext.AppendJSON), so that a saved run
// or a trace is safe to print too (cat run.jsonl): it holds a traced program's
// listing as it was, and encoding/json escapes only the C0 controls. An
// encoder writes each value in one call, so no rune is split between calls.
type safeJSON struct {
	w   io.Writer
	buf []byte
}

func (s *safeJSON) Write(p []byte) (int, error) {
	s.buf = safetext.AppendJSON(s.buf[:0], p)
	if _, err := s.w.Write(s.buf); err != nil {
		return 0, err
	}
	return len(p), nil
}
