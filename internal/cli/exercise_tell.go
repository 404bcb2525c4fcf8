package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"poolviz/exercise"
)

// tellResults prints each goal's verdict and, when one failed, the next hint;
// it records the attempt, and returns the exit code. A solution's check
// records nothing: it is the teacher's.
func tellResults(w io.Writer, ex *exercise.Exercise, results []exercise.Result, solution bool) int {
	met := 0
	for _, r := range results {
		mark := "✓"
		if r.Status != exercise.Met {
			mark = "✗"
		} else {
			met++
		}
		fmt.Fprintf(w, "  %s %s", mark, r.Goal.Say)
		if r.Status != exercise.Met && r.Why != "" {
			fmt.Fprintf(w, ": %s", r.Why)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	if met == len(results) {
		fmt.Fprintf(w, "every goal met (%d of %d)\n", met, len(results))
		if !solution {
			recordAttempt(ex, true)
			if ex.Solution != "" {
				fmt.Fprintf(w, "well done: compare with the solution: poolviz exercise solution %s\n", exerciseArg(ex))
			}
		}
		return exitOK
	}
	fmt.Fprintf(w, "%d of %d goals met\n", met, len(results))
	if !solution {
		n := recordAttempt(ex, false)
		if len(ex.Hints) > 0 {
			i := min(n, len(ex.Hints)) - 1
			fmt.Fprintf(w, "hint %d of %d: %s\n", i+1, len(ex.Hints), ex.Hints[i])
		}
	}
	return exitFailure
}

// progress is what poolviz keeps of a learner's attempts at one exercise, so
// that hints come one by one and the solution only after an attempt.
type progress struct {
	Attempts int  `json:"attempts"`
	Failed   int  `json:"failed"`
	Passed   bool `json:"passed"`
}

// progressPath is where the progress of ex is kept: the user's cache folder,
// by the exercise's name and where it comes from.
func progressPath(ex *exercise.Exercise) (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	from := "course"
	if ex.Dir != "" {
		if abs, err := filepath.Abs(ex.Dir); err == nil {
			from = strings.NewReplacer("/", "_", "\\", "_", ":", "_").Replace(abs)
		}
	}
	return filepath.Join(dir, "poolviz", "exercises", from, ex.Name+".json"), nil
}

// loadProgress reads the progress of ex; none yet is the zero progress.
func loadProgress(ex *exercise.Exercise) progress {
	var p progress
	if path, err := progressPath(ex); err == nil {
		if data, err := os.ReadFile(path); err == nil {
			_ = json.Unmarshal(data, &p) // a damaged file starts afresh
		}
	}
	return p
}

// recordAttempt counts an attempt at ex and returns how many have failed.
// Progress that cannot be kept (no cache folder) costs only the hints' order.
func recordAttempt(ex *exercise.Exercise, passed bool) int {
	p := loadProgress(ex)
	p.Attempts++
	if passed {
		p.Passed = true
	} else {
		p.Failed++
	}
	if path, err := progressPath(ex); err == nil {
		if data, err := json.Marshal(p); err == nil && os.MkdirAll(filepath.Dir(path), 0o700) == nil {
			_ = os.WriteFile(path, data, 0o600)
		}
	}
	return max(p.Failed, 1)
}

// exerciseSolution prints an exercise's solution, once the learner has tried
// the exercise at least once.
func exerciseSolution(w io.Writer, arg string, o exerciseOptions) (int, error) {
	ex, err := exerciseFind(arg, o)
	if err != nil {
		return exitUsage, err
	}
	if ex.Solution == "" {
		return exitUsage, usagef("exercise %s has no solution file", ex.Name)
	}
	if loadProgress(ex).Attempts == 0 {
		return exitFailure, fmt.Errorf("try the exercise first: poolviz exercise check %s (the solution opens after one attempt)", ex.Name)
	}
	_, err = io.WriteString(w, ex.Solution)
	return exitOK, err
}
