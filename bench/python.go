package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// pyReport is what bench_pool.py prints.
type pyReport struct {
	Python         string     `json:"python"`
	Implementation string     `json:"implementation"`
	StartMethod    string     `json:"start_method"`
	CPUCount       int        `json:"cpu_count"`
	Results        []pyResult `json:"results"`
	// Skipped says why Python was not run; empty when it was.
	Skipped string `json:"-"`
}

// pyResult is one Python case at one worker count.
type pyResult struct {
	Name      string    `json:"name"`
	Label     string    `json:"label"`
	Workers   int       `json:"workers"`
	N         int       `json:"n"`
	Chunksize int       `json:"chunksize"`
	Rates     []float64 `json:"items_per_s"`
}

// find returns the Python case name at workers, if it ran.
func (r *pyReport) find(name string, workers int) (pyResult, bool) {
	for _, x := range r.Results {
		if x.Name == name && x.Workers == workers {
			return x, true
		}
	}
	return pyResult{}, false
}

// newPyReport returns the report that the rounds' Python runs merge into:
// Skipped already says so when Python is not to run or cannot.
func newPyReport(c *config) *pyReport {
	if c.python == "" || c.python == "none" {
		return &pyReport{Skipped: "Python skipped (-python none)."}
	}
	if _, err := exec.LookPath(c.python); err != nil {
		return &pyReport{Skipped: fmt.Sprintf("Python skipped: %q not found (%v); install python3 or pass -python /path/to/python3.", c.python, err)}
	}
	if _, err := os.Stat(c.pyScript); err != nil {
		return &pyReport{Skipped: fmt.Sprintf("Python skipped: %v (run the harness from bench/).", err)}
	}
	return &pyReport{}
}

// merge adds the rates of one run of the script to r, case by case; a failed
// run makes r say why, and no later run is merged.
func (r *pyReport) merge(x *pyReport) {
	if r.Skipped != "" || x == nil {
		return
	}
	if x.Skipped != "" {
		r.Skipped = x.Skipped
		return
	}
	r.Python, r.Implementation, r.StartMethod, r.CPUCount = x.Python, x.Implementation, x.StartMethod, x.CPUCount
	for _, res := range x.Results {
		i := slices.IndexFunc(r.Results, func(y pyResult) bool { return y.Name == res.Name && y.Workers == res.Workers })
		if i < 0 {
			r.Results = append(r.Results, res)
			continue
		}
		r.Results[i].Rates = append(r.Results[i].Rates, res.Rates...)
	}
}

// pythonWorkers returns the worker counts of w's Python cases: 2 and the
// machine's CPUs for the trivial ones, and 1 too for the CPU-bound one.
func (w workload) pythonWorkers(c *config) []int {
	counts := []int{2}
	if w.counts != nil {
		counts = []int{1, 2}
	}
	if n := runtime.NumCPU(); n > 2 {
		counts = append(counts, n)
	}
	return counts
}

// runPython runs bench_pool.py once for the given cases and worker counts:
// one round, a warm-up run of each case dropped and c.batches timed runs. It
// parses the JSON it prints; a failed run gives a report whose Skipped says why.
func runPython(c *config, cases []string, workers []int) *pyReport {
	if c.python == "" || c.python == "none" {
		return nil
	}
	batches := c.pyReps
	if batches <= 0 {
		batches = c.batches
	}
	ws := make([]string, len(workers))
	for i, w := range workers {
		ws[i] = strconv.Itoa(w)
	}
	args := []string{c.pyScript, "--reps", strconv.Itoa(batches), "--warmup", "1",
		"--cases", strings.Join(cases, ","), "--workers", strings.Join(ws, ",")}
	if c.pyQuick {
		args = append(args, "--quick")
	}
	fmt.Fprintf(c.log, "running %s %v...\n", c.python, args)
	cmd := exec.Command(c.python, args...)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = c.log
	if err := cmd.Run(); err != nil {
		return &pyReport{Skipped: fmt.Sprintf("Python failed: %v.", err)}
	}
	var r pyReport
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		return &pyReport{Skipped: fmt.Sprintf("Python's output is not the expected JSON: %v.", err)}
	}
	return &r
}
