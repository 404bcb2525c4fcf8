package pytrace

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPackageParsesAsPython39 parses every file of the embedded package with
// Python's own parser at the grammar of 3.9, the oldest version tracing
// supports, so that a newer construct (a match statement, a parenthesised
// with) cannot slip in while the tests run on a newer Python.
func TestPackageParsesAsPython39(t *testing.T) {
	needPython(t)
	dir := t.TempDir()
	if err := writePackage(dir); err != nil {
		t.Fatal(err)
	}
	const check = `import ast, pathlib, sys
bad = []
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.py")):
    try:
        ast.parse(f.read_text(), str(f), feature_version=(3, 9))
    except SyntaxError as e:
        bad.append("%s:%s: %s" % (f.name, e.lineno, e.msg))
print("\n".join(bad))
`
	out, err := exec.Command("python3", "-c", check, dir+"/"+packageName).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	if text := strings.TrimSpace(string(out)); text != "" {
		t.Errorf("not Python 3.9:\n%s", text)
	}
}
