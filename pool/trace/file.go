package trace

import (
	"bufio"
	"errors"
	"io"
	"os"

	"poolviz/internal/atomicfile"
	"poolviz/pool"
)

// WriteFile writes an event log to path atomically: it writes a temporary file in
// the same directory, flushes it to disk and renames it over path, so that path
// holds either the old file or the whole new one, never half of it.
func WriteFile(path string, h Header, evs []pool.Event) error {
	return atomicfile.Write(path, func(w io.Writer) error { return Write(w, h, evs) })
}

// WriteChromeTraceFile writes a Chrome trace to path atomically, as WriteFile does.
func WriteChromeTraceFile(path string, h Header, evs []pool.Event) error {
	return atomicfile.Write(path, func(w io.Writer) error { return WriteChromeTrace(w, h, evs) })
}

// ReadFile reads the event log at path; a *ParseError names the file and line.
func ReadFile(path string) (Header, []pool.Event, error) {
	f, err := os.Open(path)
	if err != nil {
		return Header{}, nil, err
	}
	defer f.Close()
	return ReadNamed(path, bufio.NewReaderSize(f, 1<<20))
}

// ReadNamed reads an event log from r as Read does, for a log known by name,
// such as a file already open: a *ParseError names it and the line, as
// ReadFile's do.
func ReadNamed(name string, r io.Reader) (Header, []pool.Event, error) {
	h, evs, err := Read(r)
	if pe, ok := errors.AsType[*ParseError](err); ok {
		pe.File = name
	}
	return h, evs, err
}
