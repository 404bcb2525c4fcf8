package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"poolviz/internal/atomicfile"
)

// stdoutName is the file name that means standard output, for record -o and
// export's --events and --trace.
const stdoutName = "-"

// output is a file a command writes, named by a flag.
type output struct {
	flag string // as the help writes it: -o, --events, --trace
	path string // stdoutName for standard output
}

// sink is an output being written: to a temporary file until commit renames
// it into place, or to stdout.
type sink interface {
	io.Writer
	commit() error
	abort()
}

// stdoutSink writes to standard output, buffered; commit flushes it.
type stdoutSink struct{ *bufio.Writer }

func (s stdoutSink) commit() error {
	if err := s.Flush(); err != nil {
		return fmt.Errorf("writing to stdout: %w", err)
	}
	return nil
}
func (stdoutSink) abort() {}

// fileSink is an atomicfile.File as a sink.
type fileSink struct{ *atomicfile.File }

func (f fileSink) commit() error { return f.Commit() }
func (f fileSink) abort()        { f.Abort() }

// checkOutputs checks every output before any is written: each path may be
// written (atomicfile.Target: a regular file or a new path; force replaces a
// read-only one), at most one is stdout, and none is another output or one
// of inputs (export --from a.jsonl --trace a.jsonl would destroy the saved
// run). What is wrong is a usage error naming the flag and the path.
func checkOutputs(outs []output, inputs []string, force bool) error {
	seen := map[string]string{} // a file's identity -> the flag that names it
	for _, in := range inputs {
		seen[identity(in)] = "the saved run --from reads"
	}
	stdoutBy := ""
	for _, o := range outs {
		if o.path == stdoutName {
			if stdoutBy != "" {
				return usagef("%s - and %s - both write to stdout: only one output can be -", stdoutBy, o.flag)
			}
			stdoutBy = o.flag
			continue
		}
		target, err := atomicfile.Target(o.path, atomicfile.Force(force))
		if err != nil {
			if errors.Is(err, atomicfile.ErrNotRegular) {
				return usagef("%v (%s - writes to stdout)", pathError(o.flag, err), o.flag)
			}
			return pathError(o.flag, err)
		}
		id := identity(target)
		if other, ok := seen[id]; ok {
			return usagef("%s %s is %s too: one would overwrite the other; name another file", o.flag, o.path, other)
		}
		seen[id] = o.flag
	}
	return nil
}

// identity names the file at path so that two spellings of it (a relative
// path, a symbolic link, a hard link) compare equal: its device and inode
// where it exists, else its absolute path with links resolved.
func identity(path string) string {
	if fi, err := os.Stat(path); err == nil {
		if id, ok := fileID(fi); ok {
			return id
		}
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		path = filepath.Join(dir, filepath.Base(path)) // a new file: its folder's links resolved
	}
	if p, err := filepath.Abs(path); err == nil {
		path = p
	}
	return "path " + path
}

// createOutputs opens every output, checked by checkOutputs: nothing is at
// their paths until each sink commits. If one cannot be created, those
// already created are aborted. guard learns of each temporary file, to remove
// it if a signal ends the command.
func createOutputs(outs []output, stdout io.Writer, force bool, guard *tempGuard) ([]sink, error) {
	var sinks []sink
	for _, o := range outs {
		if o.path == stdoutName {
			sinks = append(sinks, stdoutSink{bufio.NewWriterSize(stdout, 1<<16)})
			continue
		}
		f, err := guard.create(o.path, atomicfile.Force(force))
		if err != nil {
			abortAll(sinks)
			return nil, pathError(o.flag, err)
		}
		sinks = append(sinks, fileSink{f})
	}
	return sinks, nil
}

// pathError words an atomicfile error for the flag that named the path, as
// "-o /: it is a folder; ...", as a usage error: the user is to fix the path.
func pathError(flag string, err error) error {
	if pe, ok := errors.AsType[*atomicfile.PathError](err); ok {
		return usagef("%s %s: %s", flag, pe.Path, pe.Why)
	}
	return fmt.Errorf("%s: %w", flag, err)
}

func abortAll(sinks []sink) {
	for _, s := range sinks {
		s.abort()
	}
}

// commitAll commits every sink, in order; after an error the rest are aborted.
func commitAll(sinks []sink) error {
	for i, s := range sinks {
		if err := s.commit(); err != nil {
			abortAll(sinks[i+1:])
			return err
		}
	}
	return nil
}

// writeOutputs creates outs (checked by checkOutputs), has write fill them,
// one writer per output in order, and commits them together: on an error,
// or a signal, none is left at its path and no temporary file is left.
func writeOutputs(outs []output, stdout, stderr io.Writer, force bool, write func(ws []io.Writer) error) error {
	guard := guardTemps(stderr)
	defer guard.stop()
	sinks, err := createOutputs(outs, stdout, force, guard)
	if err != nil {
		return err
	}
	defer abortAll(sinks) // after a commit, nothing
	ws := make([]io.Writer, len(sinks))
	for i, s := range sinks {
		ws[i] = s
	}
	if err := write(ws); err != nil {
		return err
	}
	return guard.commit(func() error { return commitAll(sinks) })
}
