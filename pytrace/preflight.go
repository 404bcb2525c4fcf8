package pytrace

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// MinPython is the oldest Python the tracer supports.
const MinPython = "3.9"

// SyntaxError is a script Python cannot compile: its message and line.
type SyntaxError struct {
	Script string
	Line   int
	Msg    string
}

// Error renders the error as "script.py, line 3: invalid syntax".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s, line %d: %s", e.Script, e.Line, e.Msg)
}

// preflightCode prints Python's version and, on a new enough Python, whether the
// script compiles. It is written to run on any Python, old ones included, so
// that the error can say which one was found.
const preflightCode = `import sys
v = sys.version_info
sys.stdout.write("%d.%d.%d\n" % (v[0], v[1], v[2]))
if tuple(v[:2]) >= (3, 9):
    try:
        compile(open(sys.argv[1], "rb").read(), sys.argv[1], "exec")
        sys.stdout.write("ok\n")
    except SyntaxError as e:
        sys.stdout.write("syntax\t%s\t%s\n" % (e.lineno or 0, e.msg))
`

// resolveScript returns the script's absolute path, checking it is a file.
func resolveScript(dir, script string) (string, error) {
	if script == "" {
		return "", errors.New("pytrace: no script given")
	}
	path := script
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("pytrace: %s: %w", script, err)
	}
	info, err := os.Stat(abs)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", fmt.Errorf("pytrace: %s: no such script", script)
	case err != nil:
		return "", fmt.Errorf("pytrace: %s: %w", script, err)
	case info.IsDir():
		return "", fmt.Errorf("pytrace: %s is a folder, not a Python script", script)
	}
	return abs, nil
}

// preflight finds python, checks its version and that the script compiles.
func preflight(ctx context.Context, python, script string) (string, error) {
	exe, err := exec.LookPath(python)
	if err != nil {
		return "", fmt.Errorf("pytrace: %s not found: tracing needs Python %s or newer", python, MinPython)
	}
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, exe, "-c", preflightCode, script)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("pytrace: %s did not run: %v: %s", python, err, strings.TrimSpace(errOut.String()))
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	version := strings.TrimSpace(lines[0])
	if !newEnough(version) {
		return "", fmt.Errorf("pytrace: %s is Python %s; tracing needs Python %s or newer", python, version, MinPython)
	}
	if len(lines) > 1 && strings.HasPrefix(lines[1], "syntax\t") {
		parts := strings.SplitN(lines[1], "\t", 3)
		line, _ := strconv.Atoi(parts[1])
		msg := ""
		if len(parts) == 3 {
			msg = parts[2]
		}
		return "", &SyntaxError{Script: filepath.Base(script), Line: line, Msg: msg}
	}
	return exe, nil
}

// newEnough reports whether version ("3.11.7") is MinPython or newer.
func newEnough(version string) bool {
	var major, minor int
	if _, err := fmt.Sscanf(version, "%d.%d", &major, &minor); err != nil {
		return false
	}
	return major > 3 || (major == 3 && minor >= 9)
}
