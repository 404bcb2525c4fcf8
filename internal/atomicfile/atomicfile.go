// Package atomicfile writes a file so that it is never seen half-written: the
// data goes to a temporary file in the same folder, which is flushed to disk
// and then renamed over the path. The path holds either its old content or the
// whole new file.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrCannotCreate is wrapped by the error of a Write whose file could not be
// created at all: a folder that does not exist or may not be written, or a
// path that is a folder. Nothing was written then: the path, not the data, is
// at fault, so a command line can tell its user to fix the path.
var ErrCannotCreate = errors.New("cannot create the file")

// Write writes the file at path through write, which gets a buffered writer
// into a temporary file in path's folder. When write and the flush to disk
// succeed, the temporary file is renamed over path, with mode 0644; otherwise
// it is removed and path is left as it was. An error of write is returned
// wrapped, after the path.
func Write(path string, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	// Renaming over a folder fails only at the end, and names the temporary
	// file: say so first, naming the path.
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%w %s: it is a folder", ErrCannotCreate, path)
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return createError(path, dir, err)
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

// createError says why the temporary file for path could not be created in
// dir, naming path: the temporary file's name means nothing to the user.
func createError(path, dir string, err error) error {
	why := err
	if pe, ok := errors.AsType[*os.PathError](err); ok {
		why = pe.Err
	}
	if errors.Is(why, os.ErrNotExist) {
		return fmt.Errorf("%w %s: the folder %s does not exist", ErrCannotCreate, path, filepath.Clean(dir))
	}
	return fmt.Errorf("%w %s: %w", ErrCannotCreate, path, why)
}
