package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fullWriter fails every write, as stdout on a full disk does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestAFailedStdoutExitsOne runs the commands that print to stdout with a
// stdout that fails: each exits 1 and says so on stderr.
func TestAFailedStdoutExitsOne(t *testing.T) {
	saved := filepath.Join(t.TempDir(), "run.jsonl")
	poolviz("export", "lock", "--events", saved).ok(t, "export")
	for _, args := range [][]string{
		{"list"},
		{"help"},
		{"-h"},
		{"run", "lock", "--headless"},
		{"replay", "--headless", saved},
		{"frame", "lock", "--at", "1s"},
		{"export", "lock", "--events", "-"},
		{"record", "lock", "--duration", "1s", "-o", "-"},
	} {
		var stderr strings.Builder
		code := Main(args, fullWriter{}, &stderr)
		if code != exitFailure || !strings.Contains(stderr.String(), "no space left on device") {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 and the write's error", args, code, stderr.String())
		}
	}
}

// TestListOnAFullDevice prints the list to /dev/full, as a shell would: the
// command exits 1.
func TestListOnAFullDevice(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		skipSaying(t, "no /dev/full on this system")
	}
	defer full.Close()
	cmd := child(t, "main", "list")
	cmd.Stdout = full
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); cmd.ProcessState.ExitCode() != exitFailure {
		t.Errorf("list > /dev/full: %v, stderr %q; want exit 1", err, stderr.String())
	}
}
