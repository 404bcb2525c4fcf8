package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"io"

	"poolviz/internal/pythontest"
	"poolviz/pytrace"
	"poolviz/scenarios"
	"poolviz/session"
	"poolviz/tui"
)

// needPython3 skips a test that runs a real python3.
func needPython3(t *testing.T) {
	t.Helper()
	pythontest.Need(t, "tracing a real program needs it")
}

// writeScript writes a Python script named name into a new folder and returns its path.
func writeScript(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// poolScript maps a function over a small pool, every worker set up by an initializer.
const poolScript = `import multiprocessing as mp

tag = None

def setup(name):
    global tag
    tag = name

def double(x):
    return 2 * x

if __name__ == "__main__":
    with mp.Pool(2, initializer=setup, initargs=("w",)) as pool:
        print("doubled:", pool.map(double, range(6)))
`

// traceHeadless runs 'trace --headless' with extra flags on script, reading
// stdin; the generous timeout only guards against a hang.
func traceHeadless(t *testing.T, ctx context.Context, stdin *os.File, args ...string) outcome {
	t.Helper()
	needPython3(t)
	o, err := parseTrace(append([]string{"--headless"}, args...))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	code, err := traceRun(ctx, o, stdin, &out)
	errText := ""
	if err != nil {
		errText = err.Error()
	}
	return outcome{code, out.String(), errText}
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestTraceHeadlessTellsTheRun(t *testing.T) {
	script := writeScript(t, "doubler.py", poolScript)
	got := traceHeadless(t, testContext(t), nil, script)
	if got.code != exitOK {
		t.Fatalf("exit %d, want 0; err %q; out:\n%s", got.code, got.stderr, got.stdout)
	}
	for _, want := range []string{"doubler.py: a real Python program, traced", "pool created with 2 workers",
		"doubled: [0, 2, 4, 6, 8, 10]", "6 tasks succeeded"} {
		if !strings.Contains(got.stdout, want) {
			t.Errorf("the account does not say %q:\n%s", want, got.stdout)
		}
	}
}

func TestTraceStopsAtTheScriptName(t *testing.T) {
	o, err := parseTrace([]string{"--quiet", "5s", "s.py", "--headless", "-x", "1"})
	if err != nil {
		t.Fatal(err)
	}
	if o.headless || o.script != "s.py" || strings.Join(o.args, " ") != "--headless -x 1" || o.quiet != 5*time.Second {
		t.Errorf("parsed %+v: the flags after the script's name are its own", o)
	}
	if o, _ := parseTrace([]string{"s.py"}); o.quiet != 2*time.Second || o.python != "python3" {
		t.Errorf("defaults: --quiet %s, --python %q; want 2s and python3", o.quiet, o.python)
	}
	for _, args := range [][]string{{}, {"--quiet", "0s", "s.py"}, {"--quiet", "soon", "s.py"}, {"--python", "", "s.py"}} {
		if _, err := parseTrace(args); err == nil || !isUsage(err) {
			t.Errorf("parseTrace(%q) = %v, want a usage error", args, err)
		}
	}
}

func TestTraceSavedRunRoundTrips(t *testing.T) {
	script := writeScript(t, "doubler.py", poolScript)
	dir := t.TempDir()
	saved := filepath.Join(dir, "run.jsonl")
	if got := traceHeadless(t, testContext(t), nil, "--save", saved, script); got.code != exitOK {
		t.Fatalf("trace exit %d: %s %s", got.code, got.stderr, got.stdout)
	}
	first, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"version":3`, `"source":"trace"`, `"script":"doubler.py"`, `"script_sha256":"`, `"python":"3.`} {
		if !strings.Contains(string(bytes.SplitN(first, []byte("\n"), 2)[0]), want) {
			t.Errorf("the header does not have %s:\n%.300s", want, first)
		}
	}
	again := filepath.Join(dir, "again.jsonl")
	poolviz("export", "--from", saved, "--events", again, "--trace", filepath.Join(dir, "run.json")).ok(t, "export --from")
	if second, _ := os.ReadFile(again); !bytes.Equal(first, second) {
		t.Error("export --from did not write the traced run's file byte for byte")
	}
	replay := poolviz("replay", "--headless", saved)
	if replay.code != exitOK || !strings.Contains(replay.stdout, "doubled: [0, 2, 4, 6, 8, 10]") {
		t.Errorf("replay --headless exit %d:\n%s%s", replay.code, replay.stdout, replay.stderr)
	}
	if info, err := os.Stat(filepath.Join(dir, "run.json")); err != nil || info.Size() == 0 {
		t.Errorf("export --trace wrote no Chrome trace: %v", err)
	}
}

func TestTraceBadInputExitsTwo(t *testing.T) {
	needPython3(t)
	dir := t.TempDir()
	fake := filepath.Join(dir, "python2")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho 2.7.18\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	notPython := filepath.Join(dir, "notpython")
	if err := os.WriteFile(notPython, []byte("#!/bin/sh\necho hello\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	good := writeScript(t, "good.py", poolScript)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no such script", []string{filepath.Join(dir, "missing.py")}, "missing.py: no such script"},
		{"a folder", []string{dir}, "is a folder, not a Python script"},
		{"syntax error", []string{writeScript(t, "broken.py", "x = 1\ndef f(:\n    pass\n")}, "broken.py, line 2: "},
		{"no python", []string{"--python", filepath.Join(dir, "python9"), good}, "python9 not found: tracing needs Python 3.9 or newer"},
		{"old python", []string{"--python", fake, good}, "is Python 2.7.18; tracing needs Python 3.9 or newer"},
		{"not python", []string{"--python", notPython, good}, "notpython is not a Python interpreter: asked for its version, it answered \"hello\""},
		{"python fails", []string{"--python", "false", good}, "false is not a Python interpreter"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			save := filepath.Join(t.TempDir(), "run.jsonl")
			got := poolviz(append([]string{"trace", "--headless", "--save", save}, c.args...)...)
			if got.code != exitUsage || !strings.Contains(got.stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", got.code, got.stderr, c.want)
			}
			if _, err := os.Stat(save); err == nil {
				t.Error("a bad input left a saved run behind")
			}
		})
	}
}

func TestTraceWithoutAPool(t *testing.T) {
	script := writeScript(t, "plain.py", "print('no pool here')\n")
	got := traceHeadless(t, testContext(t), nil, script)
	if got.code != exitOK || !strings.Contains(got.stdout, "no pool here") || !strings.Contains(got.stdout, "no pool was seen") {
		t.Errorf("exit %d; want 0 and the account to say no pool was seen:\n%s", got.code, got.stdout)
	}
}

func TestTraceHeadlessPassesStdin(t *testing.T) {
	script := writeScript(t, "reader.py", "import sys\nprint('read:', sys.stdin.read().strip())\n")
	in := writeScript(t, "input.txt", "hello from stdin\n")
	f, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := traceHeadless(t, testContext(t), f, script)
	if got.code != exitOK || !strings.Contains(got.stdout, "read: hello from stdin") {
		t.Errorf("exit %d; want the program to read its stdin:\n%s", got.code, got.stdout)
	}
}

// pidScript starts a pool whose workers and main write their pids to
// argv[1], one per line, then argv[1]+".ready" once all have; with "crash" as
// argv[2] main then raises, else it waits for ever.
const pidScript = `import multiprocessing as mp, os, sys, time

never = mp.Event()  # inherited by the forked workers; nobody sets it

def note(path):
    with open(path, "a") as f:
        f.write(str(os.getpid()) + "\n")

def task(path):
    note(path)
    if sys.argv[2:] == ["deadlock"]:
        never.wait()
    time.sleep(3600)

if __name__ == "__main__":
    path = sys.argv[1]
    note(path)
    pool = mp.Pool(2)
    pool.map_async(task, [path, path])
    while open(path).read().count("\n") < 3:
        time.sleep(0.05)
    open(path + ".ready", "w").close()
    if sys.argv[2:] == ["crash"]:
        raise RuntimeError("crashed on purpose")
    if sys.argv[2:] == ["deadlock"]:
        never.wait()
    time.sleep(3600)
`

// tracedPIDs returns the pids a pidScript run wrote.
func tracedPIDs(t *testing.T, path string) []int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, f := range strings.Fields(string(b)) {
		if pid, err := strconv.Atoi(f); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}

// checkNothingOutlives fails if a process of script is still running: a
// process gone, or a zombie whose command line is empty, is not.
func checkNothingOutlives(t *testing.T, script string, pids []int) {
	t.Helper()
	if len(pids) < 3 {
		t.Fatalf("the program wrote %d pids, want main and two workers", len(pids))
	}
	for _, pid := range pids {
		cmd, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
		if err == nil && strings.Contains(string(cmd), script) {
			t.Errorf("process %d of the program outlived poolviz: %q", pid, cmd)
		}
	}
}

func TestTraceCancelledLeavesNoProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc to look for processes in")
	}
	script := writeScript(t, "forever.py", pidScript)
	pids := filepath.Join(t.TempDir(), "pids")
	ctx, cancel := context.WithCancel(testContext(t))
	go func() {
		defer cancel()
		for ctx.Err() == nil {
			if _, err := os.Stat(pids + ".ready"); err == nil {
				return // every process is up: poolviz is stopped as SIGINT would
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	got := traceHeadless(t, ctx, nil, script, pids)
	if got.code != exitFailure || !strings.Contains(got.stdout, "interrupted") {
		t.Errorf("exit %d, want 1 and the account to say it was interrupted:\n%s", got.code, got.stdout)
	}
	checkNothingOutlives(t, script, tracedPIDs(t, pids))
}

func TestTraceCrashLeavesNoProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc to look for processes in")
	}
	script := writeScript(t, "crash.py", pidScript)
	pids := filepath.Join(t.TempDir(), "pids")
	got := traceHeadless(t, testContext(t), nil, script, pids, "crash")
	if got.code != exitFailure || !strings.Contains(got.stdout, "RuntimeError: crashed on purpose") {
		t.Errorf("exit %d, want 1 and the failure:\n%s", got.code, got.stdout)
	}
	checkNothingOutlives(t, script, tracedPIDs(t, pids))
}

func TestTraceDeadlockLeavesNoProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc to look for processes in")
	}
	script := writeScript(t, "stuck.py", pidScript)
	pids := filepath.Join(t.TempDir(), "pids")
	got := traceHeadless(t, testContext(t), nil, "--quiet", "300ms", script, pids, "deadlock")
	if got.code != exitDeadlock || !strings.Contains(got.stdout, "wait for event never") {
		t.Errorf("exit %d, want 3 and the stall:\n%s", got.code, got.stdout)
	}
	checkNothingOutlives(t, script, tracedPIDs(t, pids))
}

// TestTraceHeadlessDeadlockExitsThree traces the preset's own Python twin of
// the starved pool: the account ends at the deadlock, with the --quiet
// threshold it was told with, and exits 3, as a simulated deadlock does.
func TestTraceHeadlessDeadlockExitsThree(t *testing.T) {
	got := traceHeadless(t, testContext(t), nil, "--quiet", "300ms", "../../assets/python/deadlock-starvation.py")
	if got.code != exitDeadlock {
		t.Fatalf("exit %d, want %d; err %q; out:\n%s", got.code, exitDeadlock, got.stderr, got.stdout)
	}
	for _, want := range []string{"deadlock found", "no worker is free to run it", "nothing happened for 300ms"} {
		if !strings.Contains(got.stdout, want) {
			t.Errorf("the account does not say %q:\n%s", want, got.stdout)
		}
	}
}

// TestTraceViewerQuitLeavesNoProcess presses q in the viewer of a traced
// program once every process is up: the viewer closes its session, which
// ends the program's whole tree, as `poolviz trace` does in a terminal.
func TestTraceViewerQuitLeavesNoProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc to look for processes in")
	}
	needPython3(t)
	script := writeScript(t, "viewed.py", pidScript)
	pids := filepath.Join(t.TempDir(), "pids")
	ctx := testContext(t)
	tr, err := pytrace.Start(ctx, pytrace.Options{Python: "python3", Script: script, Args: []string{pids}})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	keys, press := io.Pipe()
	go func() {
		for ctx.Err() == nil {
			if _, err := os.Stat(pids + ".ready"); err == nil {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		_, _ = press.Write([]byte("q"))
	}()
	sess := session.Play(scenarios.TracedRun("viewed.py", pidScript, "a test"), tr.AsSource())
	if err := tui.Run(ctx, tui.Options{Session: sess, Input: keys, Output: io.Discard}); err != nil {
		t.Fatal(err)
	}
	press.Close()
	checkNothingOutlives(t, script, tracedPIDs(t, pids))
}

// brokenPipe is standard output whose reader went away after n bytes.
type brokenPipe struct{ n int }

func (b *brokenPipe) Write(p []byte) (int, error) {
	if b.n -= len(p); b.n < 0 {
		return 0, syscall.EPIPE
	}
	return len(p), nil
}

// TestTraceHeadlessClosedPipeEndsTheProgram: a headless account whose reader
// goes away (poolviz trace --headless x.py | head) ends the program, every
// process of it, and fails, rather than follow a program nobody reads.
func TestTraceHeadlessClosedPipeEndsTheProgram(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc to look for processes in")
	}
	needPython3(t)
	script := writeScript(t, "forever.py", pidScript)
	pids := filepath.Join(t.TempDir(), "pids")
	o := traceOptions{python: "python3", headless: true, quiet: 2 * time.Second, script: script, args: []string{pids}}
	code, err := traceRun(testContext(t), o, nil, &brokenPipe{n: 200})
	if code != exitFailure || err == nil || !strings.Contains(err.Error(), "broken pipe") {
		t.Errorf("exit %d, err %v; want 1 and the broken pipe", code, err)
	}
	checkNothingOutlives(t, script, tracedPIDs(t, pids))
}

// TestTraceHeadlessAfterTheScript: `poolviz trace x.py --headless` hands
// --headless to the program, so the viewer is asked for and, with no terminal,
// refused; the refusal says where the flag went and where it belongs.
func TestTraceHeadlessAfterTheScript(t *testing.T) {
	needPython3(t)
	script := writeScript(t, "plain.py", "print('hello')\n")
	o, err := parseTrace([]string{script, "--headless"})
	if err != nil {
		t.Fatal(err)
	}
	code, err := traceRun(testContext(t), o, nil, io.Discard)
	if code != exitUsage || err == nil || !strings.Contains(err.Error(), "put poolviz's flags before the script") {
		t.Fatalf("exit %d, err %v; want %d and where --headless belongs", code, err, exitUsage)
	}
}
