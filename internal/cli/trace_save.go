package cli

import (
	"fmt"

	"poolviz/internal/atomicfile"
	"poolviz/pool"
	"poolviz/pool/trace"
)

// saveStream writes a traced run to --save as it goes: each block of events
// goes to a temporary file in the target's folder (atomicfile) as the session
// pulls it, so the run is never held in memory, however long it is; commit
// renames the file into place, whole. A nil saveStream saves nothing.
type saveStream struct {
	path string
	f    *atomicfile.File
	w    *trace.Writer
	err  error // the first error of a write; commit returns it
}

// openSave starts writing the run of h to path, or returns nil for no path.
// Until commit, nothing is at path; abort (or a failed commit) removes the
// temporary file.
func openSave(path string, force bool, h trace.Header) (*saveStream, error) {
	if path == "" {
		return nil, nil
	}
	f, err := atomicfile.Create(path, atomicfile.Force(force))
	if err != nil {
		return nil, pathError("--save", err)
	}
	w, err := trace.NewWriter(f, h)
	if err != nil {
		f.Abort()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &saveStream{path: path, f: f, w: w}, nil
}

// write writes block; after an error it writes nothing more.
func (s *saveStream) write(block []pool.Event) {
	if s == nil || s.err != nil {
		return
	}
	s.err = s.w.Write(block)
}

// commit ends the saved run and renames it into place, or, after an error,
// removes it and returns the error, naming the file.
func (s *saveStream) commit() error {
	if s == nil {
		return nil
	}
	if s.err == nil {
		s.err = s.w.Close()
	}
	if s.err != nil {
		s.f.Abort()
		return fmt.Errorf("%s: %w", s.path, s.err)
	}
	return s.f.Commit()
}

// abort removes the temporary file, unless commit renamed it; it can be deferred.
func (s *saveStream) abort() {
	if s != nil {
		s.f.Abort()
	}
}
