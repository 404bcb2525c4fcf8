package atomicfile_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"poolviz/internal/atomicfile"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// entries returns the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteReplacesTheFileWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	for _, content := range []string{"first\n", "second, longer\n", ""} {
		if err := atomicfile.Write(path, writeString(content)); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil || string(b) != content {
			t.Fatalf("the file holds %q (%v), want %q", b, err, content)
		}
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v (%v), want 0644", fi.Mode(), err)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("the folder holds %v, want only out.txt", names)
	}
}

func TestAFailedWriteLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := atomicfile.Write(path, writeString("old\n")); err != nil {
		t.Fatal(err)
	}
	failure := errors.New("the data ran out")
	err := atomicfile.Write(path, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return failure
	})
	if !errors.Is(err, failure) || !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("error %v, want the write's error after the path", err)
	}
	if errors.Is(err, atomicfile.ErrCannotCreate) {
		t.Error("a failed write says the path cannot be created")
	}
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Errorf("the file holds %q after a failed write, want the old content", b)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("the folder holds %v: the temporary file was left", names)
	}
}

func TestAFolderThatMayNotBeWritten(t *testing.T) {
	if os.Geteuid() == 0 {
		skip(t, "root may write any folder")
	}
	dir := filepath.Join(t.TempDir(), "locked")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "a.txt")
	err := atomicfile.Write(path, writeString("x"))
	if !errors.Is(err, atomicfile.ErrCannotCreate) || !errors.Is(err, os.ErrPermission) || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v, want ErrCannotCreate and a permission error naming %s", err, path)
	}
}

func TestAPathWithoutAFolderIsInTheWorkingFolder(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := atomicfile.Write("here.txt", writeString("here\n")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "here.txt")); err != nil || string(b) != "here\n" {
		t.Errorf("here.txt holds %q (%v)", b, err)
	}
}
