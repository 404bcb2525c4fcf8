package cli

import (
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// names returns the names in dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestOutputTargets writes record's -o and export's --events and --trace to
// each kind of path: a folder, a device, a named pipe, a socket, a read-only
// file, / and /proc/version are refused with exit 2, naming the flag, the path
// and why, and nothing is written; a symbolic link is written where it points;
// --force replaces a read-only file.
func TestOutputTargets(t *testing.T) {
	type target struct {
		name  string
		make  func(t *testing.T, dir string) string
		force bool
		says  string // "" when the write must succeed
	}
	for _, tc := range []target{
		{"a folder", func(t *testing.T, dir string) string { return dir }, false, ": it is a folder" + onlyFiles},
		{"the root folder", func(t *testing.T, dir string) string { return "/" }, false, ": it is a folder" + onlyFiles},
		{"a device", func(t *testing.T, dir string) string { return "/dev/null" }, false, ": it is a device" + onlyFiles},
		{"a named pipe", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "fifo")
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}, false, ": it is a named pipe (FIFO)" + onlyFiles},
		{"a socket", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "sock")
			l, err := net.Listen("unix", p)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Close() })
			return p
		}, false, ": it is a socket" + onlyFiles},
		{"a read-only file", readOnlyFile, false, ": it is read-only; --force replaces it"},
		{"a read-only file, forced", readOnlyFile, true, ""},
		{"/proc/version", procVersion, false, ": it is read-only; --force replaces it"},
		{"/proc/version, forced", procVersion, true, ": the folder /proc takes no new files"},
		{"a symbolic link", func(t *testing.T, dir string) string {
			if err := os.WriteFile(filepath.Join(dir, "real"), []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, "link")
			if err := os.Symlink("real", p); err != nil {
				t.Fatal(err)
			}
			return p
		}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, cmd := range [][]string{
				{"record", "lock", "--duration", "1s", "-o"},
				{"export", "lock", "--events"},
				{"export", "lock", "--trace"},
			} {
				dir := t.TempDir()
				path := tc.make(t, dir)
				before := names(t, dir)
				args := append(slices.Clone(cmd), path)
				if tc.force {
					args = append(args, "--force")
				}
				o := poolviz(args...)
				flag := cmd[len(cmd)-1]
				if tc.says != "" {
					want := "poolviz: " + flag + " " + path + tc.says
					if o.code != exitUsage || o.stdout != "" || !strings.HasPrefix(o.stderr, want) {
						t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", args, o.code, o.stderr, want)
					}
					if after := names(t, dir); !slices.Equal(after, before) {
						t.Errorf("%v: the folder holds %v after the refusal, want %v", args, after, before)
					}
					continue
				}
				o.ok(t, args...)
				written, err := filepath.EvalSymlinks(path)
				if err != nil {
					t.Fatal(err)
				}
				if b, _ := os.ReadFile(written); len(b) < 10 || string(b) == "old" {
					t.Errorf("%v: %s holds %q, want the new output", args, written, b)
				}
				if fi, err := os.Lstat(path); tc.name == "a symbolic link" && (err != nil || fi.Mode()&os.ModeSymlink == 0) {
					t.Errorf("%v: the link was replaced (%v)", args, err)
				}
				if tc.force {
					if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o444 {
						t.Errorf("%v: mode %v after --force, want 0444 kept", args, fi.Mode())
					}
				}
			}
		})
	}
}

func readOnlyFile(t *testing.T, dir string) string {
	p := filepath.Join(dir, "ro")
	if err := os.WriteFile(p, []byte("old"), 0o444); err != nil {
		t.Fatal(err)
	}
	return p
}

func procVersion(t *testing.T, _ string) string {
	if _, err := os.Stat("/proc/version"); err != nil {
		skipSaying(t, "no /proc/version on this system")
	}
	return "/proc/version"
}

// TestDashIsStdout writes record's -o and export's --events and --trace to
// '-': the output goes to stdout, the same bytes as to a file.
func TestDashIsStdout(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range [][]string{
		{"record", "lock", "--duration", "1s", "-o"},
		{"export", "lock", "--events"},
		{"export", "lock", "--trace"},
	} {
		file := filepath.Join(dir, "out")
		poolviz(append(slices.Clone(cmd), file)...).ok(t, cmd...)
		o := poolviz(append(slices.Clone(cmd), "-")...).ok(t, cmd...)
		if want := string(readFile(t, file)); o.stdout != want {
			t.Errorf("%v -: stdout differs from the file (%d bytes, want %d)", cmd, len(o.stdout), len(want))
		}
	}
	o := poolviz("export", "lock", "--events", "-", "--trace", "-")
	if o.code != exitUsage || o.stdout != "" || !strings.Contains(o.stderr, "--events - and --trace - both write to stdout") {
		t.Errorf("export with two outputs on stdout: exit %d, stdout %d bytes, stderr %q", o.code, len(o.stdout), o.stderr)
	}
}

// TestExportChecksEveryOutputFirst gives export outputs that clash with each
// other or with the saved run it reads, or one that cannot be written: it
// exits 2 and writes nothing, not even the outputs that were fine.
func TestExportChecksEveryOutputFirst(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "a.jsonl")
	poolviz("export", "lock", "--events", saved).ok(t, "export")
	original := readFile(t, saved)
	if err := os.Symlink("a.jsonl", filepath.Join(dir, "alias.jsonl")); err != nil {
		t.Fatal(err)
	}
	ok := filepath.Join(dir, "ok.jsonl")
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"export", "lock", "--events", ok, "--trace", filepath.Join(dir, "missing", "t.json")}, "--trace " + filepath.Join(dir, "missing", "t.json") + ": the folder"},
		{[]string{"export", "lock", "--events", ok, "--trace", ok}, "--trace " + ok + " is --events too"},
		{[]string{"export", "lock", "--events", ok, "--trace", dir + "/./ok.jsonl"}, "is --events too"},
		{[]string{"export", "--from", saved, "--trace", saved}, "--trace " + saved + " is the saved run --from reads too"},
		{[]string{"export", "--from", saved, "--events", filepath.Join(dir, "alias.jsonl")}, "is the saved run --from reads too"},
		{[]string{"export", "--from", saved, "--events", ok, "--trace", filepath.Join(dir, "a.jsonl")}, "is the saved run --from reads too"},
		{[]string{"export", "lock", "--events", ok, "--trace", dir}, "--trace " + dir + ": it is a folder"},
	} {
		o := poolviz(tc.args...)
		if o.code != exitUsage || o.stdout != "" || !strings.Contains(o.stderr, tc.says) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", tc.args, o.code, o.stderr, tc.says)
		}
		if got := names(t, dir); !slices.Equal(got, []string{"a.jsonl", "alias.jsonl"}) {
			t.Fatalf("%v: the folder holds %v: something was written", tc.args, got)
		}
		if !slices.Equal(readFile(t, saved), original) {
			t.Fatalf("%v: the saved run was changed", tc.args)
		}
	}
}

// skipSaying skips t, saying why on stderr too: a skip shows only with -v,
// and a case left untested must not go unseen.
func skipSaying(t *testing.T, why string) {
	t.Helper()
	os.Stderr.WriteString(t.Name() + " skipped: " + why + "\n")
	t.Skip(why)
}
