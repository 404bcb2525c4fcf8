package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"poolviz/pool"
	"poolviz/pool/trace"
)

// savedTrace writes a traced program's saved run of evs, with its listing
// text, and returns its path.
func savedTrace(t *testing.T, h trace.Header, evs []pool.Event) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "run.jsonl")
	if err := trace.WriteFile(path, h, evs); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReplayOfATracedDeadlockExitsThree(t *testing.T) {
	main := pool.Actor{Kind: pool.ActorMain}
	evs := []pool.Event{
		{Seq: 1, Actor: main, Kind: pool.KindMainStarted, Value: "stuck.py"},
		{Seq: 2, Time: time.Second, Actor: main, Kind: pool.KindDeadlock, Label: "stall", Value: "main waits for a result no worker will make"},
	}
	path := savedTrace(t, tracedHeader("stuck.py", "import multiprocessing\n", "3.12.3"), evs)
	got := poolviz("replay", "--headless", path)
	if got.code != exitDeadlock || !strings.Contains(got.stdout, "stuck.py: a real Python program, traced") ||
		!strings.Contains(got.stdout, "(Python 3.12.3)") {
		t.Errorf("exit %d, want 3 and the account of the traced program:\n%s%s", got.code, got.stdout, got.stderr)
	}
}

func TestReplayRefusesAChangedListing(t *testing.T) {
	h := tracedHeader("job.py", "print('hi')\n", "3.12.3")
	h.Listing = "print('bye')\n"
	path := savedTrace(t, h, []pool.Event{{Seq: 1, Kind: pool.KindMainStarted}})
	got := poolviz("replay", "--headless", path)
	if got.code != exitUsage || !strings.Contains(got.stderr, "does not match its script_sha256") {
		t.Errorf("exit %d, stderr %q: want 2 and the listing refused", got.code, got.stderr)
	}
}

func TestTraceSaveIntoAMissingFolderRunsNothing(t *testing.T) {
	dir := t.TempDir()
	script := writeScript(t, "touch.py", "open(__file__ + '.ran', 'w').close()\n")
	got := poolviz("trace", "--headless", "--save", filepath.Join(dir, "no", "run.jsonl"), script)
	if got.code != exitUsage || !strings.Contains(got.stderr, "does not exist") {
		t.Errorf("exit %d, stderr %q: want 2 and the folder named", got.code, got.stderr)
	}
	if _, err := os.Stat(script + ".ran"); err == nil {
		t.Error("the script ran although the command line was refused")
	}
}
