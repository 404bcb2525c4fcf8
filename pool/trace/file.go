package trace

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"poolviz/pool"
)

// WriteFile writes an event log to path atomically: it writes a temporary file in
// the same directory, flushes it to disk and renames it over path, so that path
// holds either the old file or the whole new one, never half of it.
func WriteFile(path string, h Header, evs []pool.Event) (err error) {
	return WriteFileAtomic(path, func(w io.Writer) error { return Write(w, h, evs) })
}

// WriteChromeTraceFile writes a Chrome trace to path atomically, as WriteFile does.
func WriteChromeTraceFile(path string, h Header, evs []pool.Event) error {
	return WriteFileAtomic(path, func(w io.Writer) error { return WriteChromeTrace(w, h, evs) })
}

// ReadFile reads the event log at path; a *ParseError names the file and line.
func ReadFile(path string) (Header, []pool.Event, error) {
	f, err := os.Open(path)
	if err != nil {
		return Header{}, nil, err
	}
	defer f.Close()
	h, evs, err := Read(bufio.NewReaderSize(f, 1<<20))
	if pe, ok := errors.AsType[*ParseError](err); ok {
		pe.File = path
	}
	return h, evs, err
}

// ErrCannotCreate is wrapped by the error of a write whose file could not be
// created at all: a folder that does not exist, one that may not be written.
// Nothing was written then; the path, not the data, is at fault.
var ErrCannotCreate = errors.New("cannot create the file")

// WriteFileAtomic writes a file through write: into a temporary file in the same
// directory, renamed over path when all went well, so that path holds either
// its old content or the whole new file, never half of it.
func WriteFileAtomic(path string, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		// The temporary file's name means nothing to the user: say which path.
		why := err
		if pe, ok := errors.AsType[*os.PathError](err); ok {
			why = pe.Err
		}
		if errors.Is(why, os.ErrNotExist) {
			return fmt.Errorf("%w %s: the folder %s does not exist", ErrCannotCreate, path, filepath.Clean(dir))
		}
		return fmt.Errorf("%w %s: %w", ErrCannotCreate, path, why)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	if err := write(w); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
