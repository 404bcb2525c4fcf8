package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"poolviz/exercise"
)

// TestCourseStarterFailsSolutionPasses checks every exercise of the built-in
// course both ways, with real python3: its starter fails its goals, and its
// solution meets every one.
func TestCourseStarterFailsSolutionPasses(t *testing.T) {
	needPython3(t) // all but the scheduling exercise trace a Python program
	course, err := exercise.Course()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // attempts are recorded there
	for _, ex := range course {
		for _, solution := range []bool{false, true} {
			name := ex.Name + "/starter"
			if solution {
				name = ex.Name + "/solution"
			}
			t.Run(name, func(t *testing.T) {
				o := exerciseOptions{python: "python3", solution: solution, dir: ""}
				if !solution && ex.Run.Traced() { // the starter as handed out, checked where the learner would edit it
					o.file = writeScript(t, ex.Run.Python, ex.Run.Starter)
				}
				var out bytes.Buffer
				code, err := exerciseCheck(testContext(t), &out, ex.Name, o)
				if err != nil {
					t.Fatalf("check: %v\n%s", err, out.String())
				}
				want := exitOK
				if !solution {
					want = exitFailure
				}
				if code != want {
					t.Errorf("exit %d, want %d:\n%s", code, want, out.String())
				}
				if !solution && !strings.Contains(out.String(), "hint 1 of") {
					t.Errorf("a failed check gives no hint:\n%s", out.String())
				}
			})
		}
	}
}

const presetExercise = `version = 1
title = "Watch the race"

[run]
preset = "lock-race"
workers = 4

[[goal]]
check = "no-lost-update"
object = "%s"

[[goal]]
check = "initializer-once"
`

// TestPresetExercise checks an exercise on a preset (no python3 needed): the
// lock-race preset loses updates, so no-lost-update fails, and a goal naming
// an object the preset never makes is the file's mistake (exit 2, its line).
func TestPresetExercise(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	dir := t.TempDir()
	path := filepath.Join(dir, "race.toml")
	if err := os.WriteFile(path, fmt.Appendf(nil, presetExercise, "counter"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI("exercise", "check", path)
	if code != exitFailure || !strings.Contains(out, "✗ no update of counter is lost: an update was lost: worker") ||
		!strings.Contains(out, "✓ every worker runs its initializer exactly once") {
		t.Errorf("exit %d, out:\n%s", code, out)
	}
	if err := os.WriteFile(path, fmt.Appendf(nil, presetExercise, "total"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("exercise", "check", path)
	if code != exitUsage || !strings.Contains(stderr, "race.toml:8: goal 1 names the object \"total\", which the preset lock-race never creates") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestExerciseCommandLine checks the commands' refusals and the list.
func TestExerciseCommandLine(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"exercise"}, exitUsage, "exercise needs a command or a name"},
		{[]string{"exercise", "check"}, exitUsage, "exercise check takes one exercise"},
		{[]string{"exercise", "check", "no-such"}, exitUsage, `no exercise "no-such": the exercises are share-queue, one-counter`},
		{[]string{"exercise", "check", "missing.toml"}, exitUsage, "missing.toml: cannot be read"},
		{[]string{"exercise", "solution", "lost-update"}, exitFailure, "try the exercise first"},
		{[]string{"exercise", "list", "--dir", "nowhere"}, exitUsage, "nowhere: is not a folder of exercise files"},
		{[]string{"exercise", "list", "extra"}, exitUsage, "exercise list takes no names"},
	} {
		code, _, stderr := runCLI(c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
	code, out, _ := runCLI("exercise", "list")
	if code != exitOK || !strings.Contains(out, " 1  share-queue") || !strings.Contains(out, " 8  fresh-globals") {
		t.Errorf("list: exit %d:\n%s", code, out)
	}
}

// TestScheduleFlagReplaysPicks: --schedule replays who the viewer's c key
// let run at each choice: lock-race with one worker run from its read to its
// write loses nothing; with the two taking turns it loses updates.
func TestScheduleFlagReplaysPicks(t *testing.T) {
	for _, c := range []struct{ schedule, want string }{
		{"2,2,2,2,2,2,2,2,2,2", "expected 6, got 6"},
		{"1,2,1,2,1,2,1,2,1,2", "expected 6, got 3"},
	} {
		code, out, stderr := runCLI("run", "lock-race", "--workers", "2", "--tasks", "2", "--headless", "--schedule", c.schedule)
		if code != exitOK || !strings.Contains(out, c.want) {
			t.Errorf("--schedule %s: exit %d, %s; want %q in:\n%s", c.schedule, code, stderr, c.want, out)
		}
	}
	for _, bad := range []string{"0", "1,x", "-1", "257"} {
		if code, _, stderr := runCLI("run", "lock-race", "--headless", "--schedule", bad); code != exitUsage || !strings.Contains(stderr, "--schedule") {
			t.Errorf("--schedule %s: exit %d, %q", bad, code, stderr)
		}
	}
	if code, _, stderr := runCLI("run", "lock-race", "--headless", "--mode", "parallel", "--schedule", "1"); code != exitUsage || !strings.Contains(stderr, "a parallel one has no choice points") {
		t.Errorf("--schedule in parallel: exit %d, %q", code, stderr)
	}
}

// TestHungProgramIsCut: a learner's program that never ends is stopped at
// the exercise's time limit, and the check says it hung, and where. The limit
// is 5 s: with 2 s, a clean-clone CI run on a loaded machine cut the program
// before main had reached its loop, and the check could not say where.
func TestHungProgramIsCut(t *testing.T) {
	needPython3(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	dir := t.TempDir()
	files := map[string]string{
		"hang.toml": "version = 1\ntitle = \"Hang\"\n[run]\npython = \"hang.py\"\ntime_limit = \"5s\"\n[[goal]]\ncheck = \"ends\"\nas = \"finished\"\n",
		"hang.py":   "import multiprocessing as mp, time\n\nif __name__ == \"__main__\":\n    with mp.Pool(2) as pool:\n        pool.map(abs, [1, 2])\n        while True:\n            time.sleep(0.05)\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(t.TempDir()) // the learner's copy of hang.py is written here
	code, out, stderr := runCLI("exercise", "check", filepath.Join(dir, "hang.toml"))
	if code != exitFailure || !strings.Contains(out, "✗ the program finishes: it hung: main at line 7") {
		t.Errorf("exit %d, %s:\n%s", code, stderr, out)
	}
}
