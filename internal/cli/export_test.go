package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"poolviz/pool/trace"
)

// TestExportReplayExportIsByteIdentical exports runs, replays each saved run
// and exports it again: the same bytes. The replay's headless account is the
// live run's, byte for byte, with the same exit code.
func TestExportReplayExportIsByteIdentical(t *testing.T) {
	for _, flags := range [][]string{
		{"shared-queue"},
		{"shared-queue", "--workers", "3", "--tasks", "25", "--seed", "7", "--speed", "2"},
		{"deadlock-lock-order"},
		{"broken-initializer"},
		{"maxtasksperchild"},
	} {
		t.Run(strings.Join(flags, " "), func(t *testing.T) {
			dir := t.TempDir()
			first, again, chrome := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl"), filepath.Join(dir, "a.json")
			poolviz(append([]string{"export", "--events", first, "--trace", chrome}, flags...)...).ok(t, "export")
			poolviz("export", "--from", first, "--events", again).ok(t, "export --from")
			a, b := readFile(t, first), readFile(t, again)
			if !bytes.Equal(a, b) {
				t.Fatal("export --from of an export differs from it")
			}

			// Through a replay session, as replay plays it.
			run, err := loadRun(first)
			if err != nil {
				t.Fatal(err)
			}
			sess := run.session()
			defer sess.Close()
			sess.RunToEnd(0)
			n, evs := sess.History()
			var replayed bytes.Buffer
			if err := trace.Write(&replayed, run.h, evs); err != nil || n != 0 {
				t.Fatalf("write the replay's events: %v (history from %d)", err, n)
			}
			if !bytes.Equal(replayed.Bytes(), a) {
				t.Fatal("the replay's events, exported again, differ from the export")
			}

			live := poolviz(append([]string{"run", "--headless"}, flags...)...)
			replay := poolviz("replay", "--headless", first)
			if replay.code != live.code || replay.stdout != live.stdout || replay.stderr != "" {
				t.Errorf("replay --headless: exit %d, run --headless: exit %d; accounts equal: %v; stderr %q",
					replay.code, live.code, replay.stdout == live.stdout, replay.stderr)
			}

			var ct struct {
				TraceEvents []map[string]any `json:"traceEvents"`
			}
			if err := json.Unmarshal(readFile(t, chrome), &ct); err != nil || len(ct.TraceEvents) == 0 {
				t.Errorf("the Chrome trace is not a trace: %v, %d events", err, len(ct.TraceEvents))
			}
		})
	}
}

// TestExportHeaderDescribesTheRun checks the saved run's first line.
func TestExportHeaderDescribesTheRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.jsonl")
	poolviz("export", "lock", "--workers", "2", "--tasks", "5", "--seed", "9", "--events", path).ok(t, "export")
	h, evs, err := trace.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := trace.Header{Poolviz: "events", Version: 2, Scenario: "lock", Seed: 9, Mode: "simulated", Workers: 2, Tasks: 5, Speed: h.Speed}
	if h.Speed <= 0 || !reflect.DeepEqual(h, want) {
		t.Errorf("header %+v, want %+v", h, want)
	}
	if len(evs) == 0 || evs[0].Seq != 1 {
		t.Error("the run's events do not start at seq 1")
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
