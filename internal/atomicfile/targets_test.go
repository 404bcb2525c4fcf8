package atomicfile_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"poolviz/internal/atomicfile"
)

// skip skips t, saying why on stderr too: a skip shows only with -v, and a
// case left untested must not go unseen.
func skip(t *testing.T, why string) {
	t.Helper()
	fmt.Fprintf(os.Stderr, "%s skipped: %s\n", t.Name(), why)
	t.Skip(why)
}

// target is one path a write may be asked to go to, made in dir.
type target struct {
	name  string
	make  func(t *testing.T, dir string) string // returns the path to write
	force bool
	says  string // "" when the write must succeed; else what the refusal says after the path
	wrote string // on success, the file (relative to dir) that must hold the data; "" for the path itself
	mode  os.FileMode
}

func file(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, to, link string) {
	t.Helper()
	if err := os.Symlink(to, link); err != nil {
		t.Fatal(err)
	}
}

var targets = []target{
	{name: "a new path", make: func(t *testing.T, dir string) string { return filepath.Join(dir, "new.txt") }, mode: 0o644},
	{name: "a regular file keeps its mode", make: func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "old.txt")
		file(t, p, "old", 0o600)
		return p
	}, mode: 0o600},
	{name: "a folder", make: func(t *testing.T, dir string) string { return dir }, says: "it is a folder"},
	{name: "a folder with a slash", make: func(t *testing.T, dir string) string { return dir + "/" }, says: "it is a folder"},
	{name: "the root folder", make: func(t *testing.T, dir string) string { return "/" }, says: "it is a folder"},
	{name: "a missing folder", make: func(t *testing.T, dir string) string { return filepath.Join(dir, "nope", "a.txt") },
		says: "the folder %s/nope does not exist"},
	{name: "a file as the folder", make: func(t *testing.T, dir string) string {
		file(t, filepath.Join(dir, "f"), "", 0o644)
		return filepath.Join(dir, "f", "a.txt")
	}, says: "%s/f is not a folder"},
	{name: "a device", make: func(t *testing.T, dir string) string { return "/dev/null" }, says: "it is a device"},
	{name: "a named pipe", make: func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "fifo")
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}, says: "it is a named pipe (FIFO)"},
	{name: "a socket", make: func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "sock")
		l, err := net.Listen("unix", p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		return p
	}, says: "it is a socket"},
	{name: "a symbolic link to a file", make: func(t *testing.T, dir string) string {
		file(t, filepath.Join(dir, "real.txt"), "old", 0o640)
		symlink(t, "real.txt", filepath.Join(dir, "link"))
		return filepath.Join(dir, "link")
	}, wrote: "real.txt", mode: 0o640},
	{name: "a symbolic link to a new path", make: func(t *testing.T, dir string) string {
		symlink(t, "made.txt", filepath.Join(dir, "link"))
		return filepath.Join(dir, "link")
	}, wrote: "made.txt", mode: 0o644},
	{name: "a symbolic link to a folder", make: func(t *testing.T, dir string) string {
		symlink(t, dir, filepath.Join(dir, "link"))
		return filepath.Join(dir, "link")
	}, says: "it is a folder"},
	{name: "a symbolic link to a device", make: func(t *testing.T, dir string) string {
		symlink(t, "/dev/null", filepath.Join(dir, "link"))
		return filepath.Join(dir, "link")
	}, says: "it is a device"},
	{name: "a loop of symbolic links", make: func(t *testing.T, dir string) string {
		symlink(t, "b", filepath.Join(dir, "a"))
		symlink(t, "a", filepath.Join(dir, "b"))
		return filepath.Join(dir, "a")
	}, says: "too many symbolic links"},
	{name: "a read-only file", make: readOnly, says: "it is read-only; --force replaces it"},
	{name: "a read-only file, forced", make: readOnly, force: true, mode: 0o444},
	{name: "a file with two names", make: linked, says: "it has 1 other names (hard links), which would keep the old content; --force replaces it"},
	{name: "a file with two names, forced", make: linked, force: true, mode: 0o644},
	{name: "/proc/version", make: proc, says: "it is read-only; --force replaces it"},
	{name: "/proc/version, forced", make: proc, force: true, says: "the folder /proc takes no new files"},
}

func readOnly(t *testing.T, dir string) string {
	p := filepath.Join(dir, "ro.txt")
	file(t, p, "old", 0o444)
	return p
}

func linked(t *testing.T, dir string) string {
	p := filepath.Join(dir, "one.txt")
	file(t, p, "old", 0o644)
	if err := os.Link(p, filepath.Join(dir, "two.txt")); err != nil {
		t.Fatal(err)
	}
	return p
}

func proc(t *testing.T, dir string) string {
	if _, err := os.Stat("/proc/version"); err != nil {
		skip(t, "no /proc/version on this system")
	}
	return "/proc/version"
}

// TestTargets writes to each kind of path: a regular file or a new path is
// written (a symbolic link where it points), with the old file's mode; every
// other kind is refused before anything is written, naming the path and why.
func TestTargets(t *testing.T) {
	for _, tc := range targets {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tc.make(t, dir)
			before := entries(t, dir)
			called := false
			err := atomicfile.Write(path, func(w io.Writer) error {
				called = true
				_, err := io.WriteString(w, "new")
				return err
			}, atomicfile.Force(tc.force))
			if tc.says != "" {
				want := "cannot write " + path + ": " + strings.ReplaceAll(tc.says, "%s", dir)
				if !errors.Is(err, atomicfile.ErrCannotCreate) || !strings.HasPrefix(err.Error(), want) {
					t.Errorf("error %v, want %q wrapping ErrCannotCreate", err, want)
				}
				if called {
					t.Error("the data was written for a refused path")
				}
				if after := entries(t, dir); !slices.Equal(after, before) {
					t.Errorf("the folder holds %v after the refusal, want %v", after, before)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			written := path
			if tc.wrote != "" {
				written = filepath.Join(dir, tc.wrote)
				if fi, err := os.Lstat(path); err != nil || fi.Mode()&os.ModeSymlink == 0 {
					t.Errorf("the symbolic link %s was replaced (%v)", path, err)
				}
			}
			fi, err := os.Stat(written)
			if b, _ := os.ReadFile(written); err != nil || string(b) != "new" || fi.Mode().Perm() != tc.mode {
				t.Errorf("%s holds %q with mode %v (%v), want %q with mode %v", written, b, fi.Mode(), err, "new", tc.mode)
			}
			for _, name := range entries(t, dir) {
				if strings.Contains(name, ".tmp-") {
					t.Errorf("the temporary file %s was left", name)
				}
			}
		})
	}
}

// TestOtherNamesKeepTheOldContent checks what --force means for a file with
// two names: the path gets the new file, the other name keeps the old one.
func TestOtherNamesKeepTheOldContent(t *testing.T) {
	dir := t.TempDir()
	p := linked(t, dir)
	if err := atomicfile.Write(p, writeString("new"), atomicfile.Force(true)); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "two.txt")); string(b) != "old" {
		t.Errorf("the other name holds %q, want the old content", b)
	}
}

// TestCreateThenAbort checks that files created together and aborted leave
// nothing behind, and that Abort after Commit changes nothing.
func TestCreateThenAbort(t *testing.T) {
	dir := t.TempDir()
	a, err := atomicfile.Create(filepath.Join(dir, "a"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := atomicfile.Create(filepath.Join(dir, "b"))
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(a, "a")
	a.Abort()
	io.WriteString(b, "b")
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	b.Abort()
	if names := entries(t, dir); !slices.Equal(names, []string{"b"}) {
		t.Errorf("the folder holds %v, want only b", names)
	}
}
