// Package atomicfile writes a file so that it is never seen half-written: the
// data goes to a temporary file in the same folder, which is flushed to disk
// and then renamed over the path. The path holds either its old content or the
// whole new file.
//
// Renaming replaces whatever is at the path, so a path is first checked: only
// a regular file or a new path is written. A folder, a device, a named pipe or
// a socket is refused (renaming would replace the node itself: /dev/full would
// become a regular file); a symbolic link is followed, and the file it points
// to is written; a read-only file, or one with other names (hard links, which
// would keep the old content), is replaced only when forced.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// ErrCannotCreate is wrapped by the error of a Write or a Create whose file
// could not be created at all: a folder that does not exist or may not be
// written, or a path that is not a regular file or a new one. Nothing was
// written then: the path, not the data, is at fault, so a command line can
// tell its user to fix the path.
var ErrCannotCreate = errors.New("cannot write")

// ErrNotRegular is wrapped by the error of a path that is neither a regular
// file nor a new path: a folder, a device, a named pipe or a socket.
var ErrNotRegular = errors.New("not a regular file")

// Option changes how a file is written.
type Option func(*options)

type options struct{ force bool }

// Force lets Write and Create replace a read-only file (it keeps its mode) or
// a file with other names (they keep the old content), when force is true.
func Force(force bool) Option { return func(o *options) { o.force = force } }

// File is a file being written: its data goes to a temporary file until
// Commit renames it over the path, or Abort removes it. Writes are buffered.
// Several Files can be created first and committed together, so that none is
// written unless every one could be created.
type File struct {
	path   string // as the caller named it
	target string // where it is written: path, or where its symbolic link points
	mode   os.FileMode
	f      *os.File
	w      *bufio.Writer
	done   bool
}

// Target returns where a write to path goes (path, or the file its symbolic
// links point to) and checks that it may be written there: a regular file or
// a new path in a folder that exists. Its error wraps ErrCannotCreate, names
// path and says why.
func Target(path string, opts ...Option) (string, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	// What the kernel finds at path, through every link (the magic ones of
	// /proc too: /dev/stdout may be a pipe), must be a regular file.
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return "", &PathError{path, notRegular(fi.Mode()) + "; only a regular file or a new path can be written", ErrNotRegular}
	}
	target, fi, err := follow(path)
	if err != nil {
		return "", refuse(path, err.Error())
	}
	if fi == nil {
		return target, checkFolder(path, filepath.Dir(target))
	}
	if why := notRegular(fi.Mode()); why != "" {
		return "", &PathError{path, why + "; only a regular file or a new path can be written", ErrNotRegular}
	}
	if fi.Mode().Perm()&0o200 == 0 && !o.force {
		return "", refuse(path, "it is read-only; --force replaces it")
	}
	if n := links(fi); n > 1 && !o.force {
		return "", refuse(path, fmt.Sprintf("it has %d other names (hard links), which would keep the old content; --force replaces it", n-1))
	}
	return target, nil
}

// maxLinks bounds the symbolic links followed from one path, as the kernel does.
const maxLinks = 40

// follow follows path's symbolic links to the path they end at, and returns it
// with what is there (nil when nothing is: a new path).
func follow(path string) (string, os.FileInfo, error) {
	for range maxLinks {
		fi, err := os.Lstat(path)
		switch {
		case errors.Is(err, os.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
			return path, nil, nil // a new path: checkFolder says what is wrong with its folder
		case err != nil:
			return "", nil, errors.Unwrap(err)
		case fi.Mode()&os.ModeSymlink == 0:
			return path, fi, nil
		}
		to, err := os.Readlink(path)
		if err != nil {
			return "", nil, errors.Unwrap(err)
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		path = to
	}
	return "", nil, errors.New("too many symbolic links")
}

// notRegular says what a mode is when it is not a regular file's.
func notRegular(m os.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "it is a folder"
	case m&os.ModeDevice != 0:
		return "it is a device"
	case m&os.ModeNamedPipe != 0:
		return "it is a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "it is a socket"
	}
	return "it is not a regular file"
}

// checkFolder says why a new file cannot be made in dir, if it cannot.
func checkFolder(path, dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return refuse(path, "the folder "+filepath.Clean(dir)+" does not exist")
	case err != nil:
		return refuse(path, errors.Unwrap(err).Error())
	case !fi.IsDir():
		return refuse(path, filepath.Clean(dir)+" is not a folder")
	}
	return nil
}

// PathError is why a path may not be written. It wraps ErrCannotCreate.
type PathError struct {
	Path string // as the caller named it
	Why  string // "it is a folder; ..."
	Err  error  // the system's error, if one was the cause
}

// Error reads as "cannot write /dev/null: it is a device; ...".
func (e *PathError) Error() string { return "cannot write " + e.Path + ": " + e.Why }

// Unwrap returns ErrCannotCreate and the system's error.
func (e *PathError) Unwrap() []error { return []error{ErrCannotCreate, e.Err} }

func refuse(path, why string) error { return &PathError{Path: path, Why: why} }

// Create checks path as Target does and starts writing it: a temporary file
// in the target's folder, which Commit renames over the target. Nothing is at
// path until then.
func Create(path string, opts ...Option) (*File, error) {
	target, err := Target(path, opts...)
	if err != nil {
		return nil, err
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(target); err == nil {
		mode = fi.Mode().Perm() // a replaced file keeps its mode
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, createError(path, dir, err)
	}
	return &File{path: path, target: target, mode: mode, f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

// Write writes p to the temporary file, buffered.
func (f *File) Write(p []byte) (int, error) { return f.w.Write(p) }

// TempName returns the temporary file's name, which Commit renames.
func (f *File) TempName() string { return f.f.Name() }

// Commit flushes the data to disk and renames the temporary file over the
// target, with the target's old mode (0644 for a new file). On an error the
// temporary file is removed and the target left as it was.
func (f *File) Commit() (err error) {
	if f.done {
		return errors.New("atomicfile: " + f.path + " was committed or aborted already")
	}
	defer func() {
		if err != nil {
			f.Abort()
		}
	}()
	steps := []func() error{f.w.Flush, func() error { return f.f.Chmod(f.mode) }, f.f.Sync, f.f.Close}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("%s: %w", f.path, err)
		}
	}
	if err := os.Rename(f.f.Name(), f.target); err != nil {
		return fmt.Errorf("%s: %w", f.path, err)
	}
	f.done = true
	return nil
}

// Abort removes the temporary file; the target is left as it was. It does
// nothing after Commit, so it can be deferred.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.f.Close()
	os.Remove(f.f.Name())
}

// Write writes the file at path through write, which gets a buffered writer
// into a temporary file (see Create). When write and the flush to disk
// succeed, the temporary file is renamed over the target; otherwise it is
// removed and path is left as it was. An error of write is returned wrapped,
// after the path.
func Write(path string, write func(w io.Writer) error, opts ...Option) error {
	f, err := Create(path, opts...)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}

// createError says why the temporary file for path could not be created in
// dir, naming path: the temporary file's name means nothing to the user.
func createError(path, dir string, err error) error {
	why := err
	if pe, ok := errors.AsType[*os.PathError](err); ok {
		why = pe.Err
	}
	switch {
	case errors.Is(why, os.ErrNotExist): // the folder exists: Target saw it
		return &PathError{path, fmt.Sprintf("the folder %s takes no new files (%v)", filepath.Clean(dir), why), why}
	case errors.Is(why, os.ErrPermission):
		return &PathError{path, fmt.Sprintf("the folder %s may not be written (%v)", filepath.Clean(dir), why), why}
	}
	return &PathError{path, why.Error(), why}
}
