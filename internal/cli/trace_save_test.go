package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"poolviz/pool"
	"poolviz/pool/trace"
	"poolviz/tui"
)

// readerScript maps over a pool after reading its standard input to the
// end: it runs until the test closes the pipe.
const readerScript = `import multiprocessing as mp, sys

def double(x):
    return 2 * x

if __name__ == "__main__":
    with mp.Pool(2) as pool:
        print("first:", pool.map(double, range(4)))
        sys.stdin.read()
        print("then:", pool.map(double, range(4, 8)))
`

// TestTraceSaveAppearsWhole traces a program that waits for its standard
// input halfway: while it runs, --save's events go to a temporary file and
// nothing is at the path; once it ended, the path holds the whole run and no
// temporary file is left.
func TestTraceSaveAppearsWhole(t *testing.T) {
	needPython3(t)
	script := writeScript(t, "reader.py", readerScript)
	dir := t.TempDir()
	saved := filepath.Join(dir, "run.jsonl")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	done := make(chan outcome, 1)
	go func() { done <- traceHeadless(t, testContext(t), r, "--save", saved, script) }()
	var during []string
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if during = names(t, dir); len(during) > 0 {
			break
		}
	}
	w.Close()
	got := <-done
	if got.code != exitOK || !strings.Contains(got.stdout, "then: [8, 10, 12, 14]") {
		t.Fatalf("exit %d, err %q:\n%s", got.code, got.stderr, got.stdout)
	}
	if len(during) != 1 || !strings.HasPrefix(during[0], ".run.jsonl.tmp-") {
		t.Errorf("while the program ran the folder held %q; want only the temporary file", during)
	}
	if after := names(t, dir); !slices.Equal(after, []string{"run.jsonl"}) {
		t.Errorf("after the run the folder holds %q; want run.jsonl alone", after)
	}
	_, evs, err := trace.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	// Main's end is in it; events the workers send after it (their exits) may
	// follow, since a traced run ends when the tracer says so.
	if !slices.ContainsFunc(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindMainEnded }) {
		t.Errorf("the saved run has %d events and not main's end", len(evs))
	}
}

// TestTraceSaveInterrupted stops poolviz (as SIGINT would) while the program
// runs: the run so far is saved whole, and no temporary file is left.
func TestTraceSaveInterrupted(t *testing.T) {
	needPython3(t)
	script := writeScript(t, "forever.py", pidScript)
	pids := filepath.Join(t.TempDir(), "pids")
	dir := t.TempDir()
	saved := filepath.Join(dir, "run.jsonl")
	ctx, cancel := context.WithCancel(testContext(t))
	go func() {
		defer cancel()
		for ctx.Err() == nil {
			if _, err := os.Stat(pids + ".ready"); err == nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	got := traceHeadless(t, ctx, nil, "--save", saved, script, pids)
	if got.code != exitFailure || !strings.Contains(got.stdout, "interrupted") {
		t.Fatalf("exit %d, want 1 and the interruption told:\n%s", got.code, got.stdout)
	}
	if after := names(t, dir); !slices.Equal(after, []string{"run.jsonl"}) {
		t.Errorf("the folder holds %q; want run.jsonl alone", after)
	}
	if _, evs, err := trace.ReadFile(saved); err != nil || len(evs) == 0 {
		t.Errorf("the saved run of an interrupted program: %d events, %v", len(evs), err)
	}
}

// TestTraceSaveNothingWithoutTheViewer asks for the viewer without a
// terminal: the command fails, and --save leaves nothing, not even a
// temporary file.
func TestTraceSaveNothingWithoutTheViewer(t *testing.T) {
	needPython3(t)
	if tui.CheckTerminal(os.Stdout) == nil {
		t.Skip("stdout is a terminal: the viewer would open")
	}
	script := writeScript(t, "doubler.py", poolScript)
	dir := t.TempDir()
	o, err := parseTrace([]string{"--save", filepath.Join(dir, "run.jsonl"), script})
	if err != nil {
		t.Fatal(err)
	}
	code, err := traceRun(testContext(t), o, nil, &strings.Builder{})
	if code == exitOK || err == nil {
		t.Fatalf("exit %d, err %v: want the viewer refused", code, err)
	}
	if left := names(t, dir); len(left) != 0 {
		t.Errorf("the folder holds %q; want nothing", left)
	}
}
