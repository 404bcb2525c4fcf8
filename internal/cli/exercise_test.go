package cli

import (
	"bytes"
	"strings"
	"testing"

	"poolviz/exercise"
)

// TestCourseStarterFailsSolutionPasses checks every exercise of the built-in
// course both ways, with real python3: its starter fails its goals, and its
// solution meets every one.
func TestCourseStarterFailsSolutionPasses(t *testing.T) {
	needPython3(t)
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
				if !solution { // the starter as handed out, checked where the learner would edit it
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
