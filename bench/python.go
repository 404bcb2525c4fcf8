package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
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

// runPython runs bench_pool.py and parses its JSON. Python missing, or a failed
// run, gives a report whose Skipped says why; the Go tables are printed anyway.
func runPython(c *config) *pyReport {
	if c.python == "" || c.python == "none" {
		return &pyReport{Skipped: "Python skipped (-python none)."}
	}
	exe, err := exec.LookPath(c.python)
	if err != nil {
		return &pyReport{Skipped: fmt.Sprintf("Python skipped: %q not found (%v); install python3 or pass -python /path/to/python3.", c.python, err)}
	}
	if _, err := os.Stat(c.pyScript); err != nil {
		return &pyReport{Skipped: fmt.Sprintf("Python skipped: %v (run the harness from bench/).", err)}
	}
	reps := c.pyReps
	if reps <= 0 {
		reps = c.reps
	}
	args := []string{c.pyScript, "--reps", strconv.Itoa(reps)}
	if c.pyQuick {
		args = append(args, "--quick")
	}
	fmt.Fprintf(c.log, "running %s %v...\n", exe, args)
	cmd := exec.Command(exe, args...)
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
