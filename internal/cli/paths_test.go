package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// TestBadOutputPathsExitTwo gives the commands that write files paths that
// cannot be created: each exits 2 naming the path, and writes nothing.
func TestBadOutputPathsExitTwo(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "no-such-folder", "out")
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"record", "lock", "--duration", "1s", "-o", folder}, "-o " + folder + ": it is a folder" + onlyFiles + " (-o - writes to stdout)"},
		{[]string{"record", "lock", "--duration", "1s", "-o", folder + "/"}, "-o " + folder + "/: it is a folder" + onlyFiles + " (-o - writes to stdout)"},
		{[]string{"export", "lock", "--events", folder}, "--events " + folder + ": it is a folder" + onlyFiles + " (--events - writes to stdout)"},
		{[]string{"export", "lock", "--trace", folder}, "--trace " + folder + ": it is a folder" + onlyFiles + " (--trace - writes to stdout)"},
		{[]string{"record", "lock", "--duration", "1s", "-o", missing}, "-o " + missing + ": the folder " + filepath.Dir(missing) + " does not exist"},
		{[]string{"export", "lock", "--trace", missing}, "--trace " + missing + ": the folder " + filepath.Dir(missing) + " does not exist"},
	} {
		o := poolviz(tc.args...)
		if want := "poolviz: " + tc.says + "\n"; o.code != exitUsage || o.stdout != "" || o.stderr != want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, o.code, o.stdout, o.stderr, want)
		}
	}
	if files, _ := os.ReadDir(folder); len(files) != 0 {
		t.Errorf("the folder holds %d files after the refused writes", len(files))
	}
	if files, _ := os.ReadDir(dir); len(files) != 1 {
		t.Errorf("%d files beside the folder, want none", len(files)-1)
	}
}

// onlyFiles ends the refusal of a path that is not a file.
const onlyFiles = "; only a regular file or a new path can be written"
