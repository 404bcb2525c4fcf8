package scenarios_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"poolviz/scenarios"
)

// TestSourceForCarriesTheRun: every twin sets WORKERS and TASKS once, to the
// preset's defaults, and the listing a run shows carries the run's values.
func TestSourceForCarriesTheRun(t *testing.T) {
	for _, sc := range scenarios.All() {
		src, err := sc.Source()
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"WORKERS", "TASKS"} {
			if n := len(regexp.MustCompile(`(?m)^`+name+` = \d+`).FindAllString(src, -1)); n != 1 {
				t.Errorf("%s: the twin sets %s %d times at the top, want once", sc.Name, name, n)
			}
		}
		def := sc.Effective(sc.Defaults)
		if same, _ := sc.SourceFor(def); same != src {
			t.Errorf("%s: the twin's WORKERS and TASKS are not the preset's defaults (%d workers, %d tasks)",
				sc.Name, def.Workers, def.Tasks)
		}
		run, err := sc.Resolve(scenarios.Params{Workers: 6, Tasks: 20}, scenarios.GivenWorkers|scenarios.GivenTasks)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := sc.SourceFor(run.Params)
		for _, want := range []string{"\nWORKERS = " + strconv.Itoa(run.Params.Workers) + "\n", "\nTASKS = " + strconv.Itoa(run.Params.Tasks) + "\n"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s with 6 workers and 20 tasks: the listing lacks %q", sc.Name, strings.TrimSpace(want))
			}
		}
		if strings.Count(got, "\n") != strings.Count(src, "\n") {
			t.Errorf("%s: the listing's lines moved", sc.Name)
		}
	}
}
