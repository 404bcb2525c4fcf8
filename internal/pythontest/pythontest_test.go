package pythontest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFindRefusesAPythonThatDoesNotRun puts fake interpreters first on PATH:
// a shim that exits 127 and a Python 3.6 are not found usable.
func TestFindRefusesAPythonThatDoesNotRun(t *testing.T) {
	for name, script := range map[string]string{
		"does not run": "#!/bin/sh\necho 'pyenv: python3: command not found' >&2\nexit 127\n",
		"older than":   "#!/bin/sh\necho '3.6 False'\n",
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "python3"), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		t.Setenv("PATH", dir)
		if _, err := Find(); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("Find with a python3 that %s: %v", name, err)
		}
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := Find(); err == nil || !strings.Contains(err.Error(), "not on PATH") {
		t.Errorf("Find with no python3: %v", err)
	}
}
