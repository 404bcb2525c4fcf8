package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"poolviz/tui"
)

// exported returns the lines of a saved run of scenario name.
func exported(t testing.TB, name string) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "run.jsonl")
	if o := poolviz("export", name, "--events", path); o.code != exitOK {
		t.Fatalf("export %s: %s", name, o.stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.SplitAfter(string(b), "\n")
}

// TestBadSavedRunsAreRefused gives replay and export --from files that are
// corrupt, cut short, of a newer version or not runs at all: each exits 2
// naming the file and the line, prints nothing, and writes nothing.
func TestBadSavedRunsAreRefused(t *testing.T) {
	good := exported(t, "shared-queue")
	edit := func(line int, from, to string) string {
		l := append([]string(nil), good...)
		l[line-1] = strings.Replace(l[line-1], from, to, 1)
		return strings.Join(l, "")
	}
	whole := strings.Join(good, "")
	last := len(good) - 1 // the end line's number: SplitAfter leaves "" after the final newline
	for _, tc := range []struct {
		name, data, says string
	}{
		{"corrupt kind", edit(7, `"kind":"`, `"kind":"foo`), "line 7: unknown"},
		{"corrupt json", edit(12, `}`, ``), "line 12: truncated or invalid JSON"},
		{"truncated", whole[:len(whole)-25], fmt.Sprintf("line %d: truncated", last)},
		{"cut at a line's end", strings.Join(good[:150], ""), "line 151: cut short: the file ends after line 150 without its end line"},
		{"a line deleted", strings.Join(slices.Concat(good[:29], good[30:]), ""),
			fmt.Sprintf("line %d: the end line counts %d events, but %d came before it", last-1, last-2, last-3)},
		{"cut mid-file", strings.Join(good[:40], "") + good[40][:10], "line 41: truncated"},
		{"future version", edit(1, `"version":2`, `"version":4`), "line 1: version 4 is newer than this poolviz understands (3)"},
		{"not a saved run", "{\"version\":2,\"width\":100}\n", "line 1: missing header"},
		{"empty", "", "line 1: empty file"},
		{"unknown scenario", edit(1, `"shared-queue"`, `"no-such-preset"`), `line 1: unknown scenario "no-such-preset"`},
		{"no scenario", edit(1, `"scenario":"shared-queue",`, ``), "line 1: the header names no scenario"},
		{"bad workers", edit(1, `"workers":4`, `"workers":999`), "line 1: workers 999 is out of range"},
		{"bad mode", edit(1, `"simulated"`, `"turbo"`), `line 1: unknown mode "turbo"`},
		{"seq backwards", edit(30, `"seq":29`, `"seq":2`), "line 30: seq 2 does not follow 28"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "bad.jsonl")
			if err := os.WriteFile(in, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			want := "poolviz: " + in + " " + tc.says
			for _, args := range [][]string{
				{"replay", "--headless", in},
				{"replay", in},
				{"export", "--from", in, "--events", filepath.Join(dir, "out.jsonl"), "--trace", filepath.Join(dir, "out.json")},
			} {
				o := poolviz(args...)
				if o.code != exitUsage || o.stdout != "" || !strings.HasPrefix(o.stderr, want) {
					t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", args[:2], o.code, o.stdout, o.stderr, want)
				}
			}
			if files, _ := os.ReadDir(dir); len(files) != 1 {
				t.Errorf("%d files in the directory, want only the input: something was written", len(files))
			}
		})
	}
	o := poolviz("replay", "--headless", filepath.Join(t.TempDir(), "missing.jsonl"))
	if o.code != exitUsage || !strings.Contains(o.stderr, "missing.jsonl: no such file") {
		t.Errorf("a missing file: exit %d, stderr %q", o.code, o.stderr)
	}
}

// TestBadFlagsOfTheNewCommands checks that every mistake exits 2 with a message
// saying what is allowed, prints nothing and writes no file.
func TestBadFlagsOfTheNewCommands(t *testing.T) {
	dir := t.TempDir()
	cast := filepath.Join(dir, "a.cast")
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"record", "shared-queue"}, "record needs -o FILE"},
		{[]string{"record", "-o", cast, "--size", "0x0"}, `--size "0x0": use WIDTHxHEIGHT, for example 100x30`},
		{[]string{"record", "-o", cast, "--size", "100"}, `--size "100": use WIDTHxHEIGHT`},
		{[]string{"record", "-o", cast, "--size", "5000x30"}, "--size 5000x30 is too large: use at most 500x200"},
		{[]string{"record", "-o", cast, "--mode", "parallel"}, "record draws simulated runs only"},
		{[]string{"record", "-o", cast, "--duration", "0s"}, "--duration 0s is out of range"},
		{[]string{"record", "-o", cast, "--duration", "2h"}, "--duration 2h is out of range"},
		{[]string{"record", "-o", cast, "--fps", "0"}, "--fps 0 is out of range: use 1 to 120"},
		{[]string{"record", "-o", cast, "--keys", "2s:spacebar"}, `--keys: in "2s:spacebar": unknown key "spacebar"`},
		{[]string{"record", "-o", cast, "--keys", "soon:space"}, `--keys: in "soon:space", "soon" is not a time`},
		{[]string{"record", "-o", cast, "--keys", "space"}, `--keys: "space" is not TIME:KEY`},
		{[]string{"record", "-o", cast, "--duration", "5s", "--keys", "6s:space"}, "space at 6s comes after the end of the recording"},
		{[]string{"record", "-o", cast, "no-such-preset"}, `unknown scenario "no-such-preset"`},
		{[]string{"record", "-o", cast, "--workers", "0"}, "workers 0 is out of range"},
		{[]string{"frame", "shared-queue"}, "frame needs --at TIME"},
		{[]string{"frame", "--at", "-1s"}, `--at "-1s": use a duration such as 3.5s`},
		{[]string{"frame", "--at", "soon"}, `--at "soon": use a duration`},
		{[]string{"frame", "--at", "1s", "--size", "0x0"}, `--size "0x0"`},
		{[]string{"frame", "--at", "1s", "--size", "10x5"}, "--size 10x5 is too small: the screen needs at least 80x24"},
		{[]string{"frame", "--at", "1s", "--seed", "abc"}, `--seed "abc": use a whole number, 0 or more`},
		{[]string{"frame", "--at", "1s", "--speed", "fast"}, `--speed "fast": use a number`},
		{[]string{"record", "-o", filepath.Join(dir, "no-such-folder", "a.cast")}, "the folder " + filepath.Join(dir, "no-such-folder") + " does not exist"},
		{[]string{"export", "--events", filepath.Join(dir, "no-such-folder", "a.jsonl")}, "--events " + filepath.Join(dir, "no-such-folder", "a.jsonl") + ": the folder"},
		{[]string{"frame", "--at", "1s", "--mode", "parallel"}, "frame draws simulated runs only"},
		{[]string{"frame", "--at", "1s", "lock", "event"}, "frame takes one scenario name, got 2"},
		{[]string{"export", "shared-queue"}, "export needs --events FILE, --trace FILE or both"},
		{[]string{"export", "--events", filepath.Join(dir, "a.jsonl"), "--mode", "parallel"}, "export runs simulated runs only"},
		{[]string{"export", "--from", "x.jsonl", "--events", filepath.Join(dir, "a.jsonl"), "lock"}, "export --from takes no scenario name"},
		{[]string{"export", "--from", "x.jsonl", "--events", filepath.Join(dir, "a.jsonl"), "--seed", "3"}, "--seed cannot change it"},
		{[]string{"replay"}, "replay takes one saved run"},
		{[]string{"replay", "a.jsonl", "b.jsonl"}, "replay takes one saved run"},
	} {
		o := poolviz(tc.args...)
		if o.code != exitUsage || o.stdout != "" || !strings.Contains(o.stderr, tc.says) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 saying %q", tc.args, o.code, o.stdout, o.stderr, tc.says)
		}
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("bad command lines wrote %d files", len(files))
	}
}

// FuzzReplay feeds the replay's loader anything: it never panics, refuses with
// an error naming the line, or gives a run that plays headless and in the
// viewer (offscreen) to its end. Its seeds run in every plain go test.
func FuzzReplay(f *testing.F) {
	for _, name := range []string{"shared-queue", "deadlock-lock-order", "broken-initializer"} {
		lines := exported(f, name)
		f.Add([]byte(strings.Join(lines, "")))
		f.Add([]byte(strings.Join(lines[:len(lines)/2], "")))
	}
	hd := `{"poolviz":"events","version":1,"scenario":"lock","seed":1,"workers":2,"tasks":3}` + "\n"
	f.Add([]byte(hd))
	f.Add([]byte(hd + `{"seq":1,"t":-5,"actor":{"kind":"worker","id":300},"kind":"task-started","task":-1}` + "\n"))
	f.Add([]byte(hd + `{"seq":1,"t":5000000000000,"actor":{"kind":"worker","id":1},"kind":"pool-created","count":100000}` + "\n"))
	f.Add([]byte(hd + `{"seq":7,"t":0,"actor":{"kind":"main"},"kind":"deadlock","label":"cycle","vars":[{"name":"a","value":"b"}]}` + "\n"))
	f.Add([]byte(`{"poolviz":"events","version":3}` + "\n"))
	f.Add([]byte("\xff\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		run, err := readRun("fuzz.jsonl", bytes.NewReader(data))
		if err != nil {
			var u usageError
			if !errors.As(err, &u) || !strings.HasPrefix(err.Error(), "fuzz.jsonl line ") {
				t.Fatalf("error %q is not a usage error naming the line", err)
			}
			return
		}
		switch code, _ := run.tell(io.Discard); code {
		case exitOK, exitFailure, exitDeadlock:
		default:
			t.Fatalf("the replay's account exits %d", code)
		}
		o, err := tui.NewOffscreen(tui.Options{Session: run.session()}, tui.Screen{Width: 80, Height: 24})
		if err != nil {
			t.Fatal(err)
		}
		defer o.Close()
		keys := []tui.KeyAt{{At: 200 * time.Millisecond, Key: "right"}, {At: 300 * time.Millisecond, Key: "left"}, {At: 400 * time.Millisecond, Key: "v"}}
		if err := o.Play(tui.Script{FPS: 10, Duration: time.Second, Keys: keys}, func(int, time.Duration) error {
			o.Render()
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})
}
