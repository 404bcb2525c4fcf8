package pytrace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"poolviz/pool"
)

// TestCallsAndChunks traces apply, starmap, map_async and imap_unordered: each
// job is submitted as Python chunks it, labelled with the call, and each item
// starts and finishes once, with its argument and result.
func TestCallsAndChunks(t *testing.T) {
	evs, r := trace(t, "testdata/calls.py")
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	var jobs []string
	for _, ev := range ofKind(evs, pool.KindTaskSubmitted) {
		jobs = append(jobs, fmt.Sprintf("%s:%d@%d", ev.Label, ev.Count, ev.Index))
	}
	want := "apply:1@0 starmap:2@0 starmap:1@2 map_async:2@0 map_async:2@2 map_async:1@4 imap_unordered:2@0 imap_unordered:1@2"
	if got := strings.Join(jobs, " "); got != want {
		t.Errorf("jobs (call:items@index)\n got %s\nwant %s", got, want)
	}
	started := map[int]string{}
	for _, ev := range ofKind(evs, pool.KindTaskStarted) {
		started[ev.Task] = ev.Value
	}
	finished := map[int]string{}
	for _, ev := range ofKind(evs, pool.KindTaskFinished) {
		finished[ev.Task] = ev.Value
	}
	// Tasks are numbered in submission order: apply is 1, starmap 2-4.
	checks := map[int][2]string{1: {"1", "2"}, 2: {"(1, 2)", "3"}, 4: {"(5, 6)", "11"}, 9: {"4", "8"}}
	for id, c := range checks {
		if started[id] != c[0] || finished[id] != c[1] {
			t.Errorf("task %d: started with %q, finished with %q; want %q, %q", id, started[id], finished[id], c[0], c[1])
		}
	}
	var ready []string
	for _, ev := range ofKind(evs, pool.KindResultReady) {
		ready = append(ready, ev.Label)
	}
	slices.Sort(ready)
	wantReady := "imap_unordered task 12,imap_unordered tasks 10-11,map_async task 9,map_async tasks 5-6," +
		"map_async tasks 7-8,starmap task 4,starmap tasks 2-3,task 1"
	if got := strings.Join(ready, ","); got != wantReady {
		t.Errorf("results ready\n got %s\nwant %s", got, wantReady)
	}
	if len(started) != 12 || len(finished) != 12 {
		t.Errorf("%d tasks started, %d finished; want 12", len(started), len(finished))
	}
}

// TestStdin hands the program a file as its standard input.
func TestStdin(t *testing.T) {
	needPython(t)
	path := filepath.Join(t.TempDir(), "in.txt")
	if err := os.WriteFile(path, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	r, err := Start(context.Background(), Options{Script: "testdata/echo.py", Stdin: in})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Wait(); err != nil {
		t.Fatalf("Wait() = %v; stderr:\n%s", err, r.Stderr())
	}
	out := ofKind(r.Drain(nil), pool.KindOutput)
	if len(out) != 1 || out[0].Value != "read hello" {
		t.Errorf("output %v, want one line: read hello", out)
	}
}
