package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSmallerMistakes checks the command-line mistakes that once passed
// silently: each exits 2, says what is wrong, and writes nothing.
func TestSmallerMistakes(t *testing.T) {
	dir := t.TempDir()
	cast := filepath.Join(dir, "a.cast")
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"frame", "lock", "--at", "1s", "--size", "100x30x5"}, `--size "100x30x5": use WIDTHxHEIGHT`},
		{[]string{"record", "lock", "-o", cast, "--size", "100x30junk"}, `--size "100x30junk": use WIDTHxHEIGHT`},
		{[]string{"frame", "lock", "--at", "1s", "--keys", "5s:space"}, "--keys: space at 5s comes after the frame (--at 1s)"},
		{[]string{"frame", "lock", "--at", "5s", "--keys", "1s:q"}, "--keys: a key quit the viewer at 1s, before the frame (--at) at 5s"},
		{[]string{"record", "lock", "-o", cast, "--duration", "5s", "--keys", "1s:q"}, "--keys: a key quit the viewer at 1s, before the end of the recording (--duration) at 5s"},
		{[]string{"record", "lock", "-o", cast, "--duration", "5s", "--keys", "1s:ctrl+c"}, "--keys: a key quit the viewer at 1s"},
		{[]string{"run", "lock", "--headless", "--speed", "0.001"}, "speed 0.001 is out of range: use 0.01 to 1000"},
		{[]string{"replay", dir}, dir + " is not a regular file (a folder)"},
	} {
		o := poolviz(tc.args...)
		if o.code != exitUsage || o.stdout != "" || !strings.Contains(o.stderr, tc.says) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 saying %q", tc.args, o.code, o.stdout, o.stderr, tc.says)
		}
	}
	if left := names(t, dir); len(left) != 0 {
		t.Errorf("the mistakes wrote %v", left)
	}
	// A q typed into the picker's filter does not quit: the recording is made.
	poolviz("record", "lock", "-o", cast, "--duration", "3s", "--keys", "0.5s:s,1s:/,1.5s:q,2s:esc").ok(t, "record")
}

// TestReplayOfANamedPipeIsRefused replays a named pipe that nobody writes
// to: it is refused at once, not read forever.
func TestReplayOfANamedPipeIsRefused(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "run.jsonl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"replay", "--headless", fifo}, {"export", "--from", fifo, "--events", "-"}} {
		done := make(chan outcome, 1)
		go func() { done <- poolviz(args...) }()
		select {
		case o := <-done:
			if want := fifo + " is not a regular file (a named pipe)"; o.code != exitUsage || !strings.Contains(o.stderr, want) {
				t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", args, o.code, o.stderr, want)
			}
		case <-time.After(time.Minute): // a guard against the hang, not a measure
			// Open the pipe for writing so that the blocked read ends.
			if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
				f.Close()
			}
			<-done
			t.Fatalf("%v blocked on the named pipe", args)
		}
	}
}

// TestTraceSaveOntoAReadOnlyFile refuses a read-only --save target before
// the program runs, unless --force is given.
func TestTraceSaveOntoAReadOnlyFile(t *testing.T) {
	dir := t.TempDir()
	ro := filepath.Join(dir, "run.jsonl")
	if err := os.WriteFile(ro, []byte("old"), 0o444); err != nil {
		t.Fatal(err)
	}
	o := poolviz("trace", "--headless", "--save", ro, filepath.Join(dir, "job.py"))
	if want := "--save " + ro + ": it is read-only; --force replaces it"; o.code != exitUsage || !strings.Contains(o.stderr, want) {
		t.Errorf("exit %d, stderr %q; want exit 2 saying %q", o.code, o.stderr, want)
	}
}
