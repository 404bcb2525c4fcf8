// Command bench measures the project's pool (package poolviz/pool, Parallel
// mode, observed and detached) against a bare chan func() worker pool, pond,
// ants, errgroup and conc, and against Python's multiprocessing.Pool, and prints
// one markdown table per workload plus the project's targets as PASS or MISS.
//
// It lives in its own module so the main module never depends on the peers.
// Run it from this directory:
//
//	go run . -reps 3
//
// Every (workload, peer, workers) cell is visited once per round, interleaved:
// round 1 visits every cell, then round 2, so drift hits all alike; a visit
// runs a warm-up batch, dropped, then the timed batches. Python's cases run
// in every round, right after the Go cells they are compared with.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// main parses the flags into a config and runs the harness.
func main() {
	lazyPageReturn()
	c := defaultConfig()
	flag.IntVar(&c.reps, "reps", c.reps, "rounds: visits of every cell, interleaved (Python's cases run in every round)")
	flag.IntVar(&c.batches, "batches", c.batches, "timed batches per visit of a cell, after one warm-up batch that is dropped (and timed runs of every Python case per round)")
	workers := flag.String("workers", "2,8,64", "comma-separated worker counts")
	quick := flag.Bool("quick", false, "smoke run: tiny sizes, one repetition")
	flag.StringVar(&c.python, "python", c.python, `Python interpreter for python/bench_pool.py; "none" skips Python`)
	only := flag.String("only", "", "comma-separated workloads to run: fire, handles, map, mapwarm, cpu, sleep (default all)")
	peers := flag.String("peers", "", `comma-separated peers to run, by name or part of it, e.g. "poolviz,bare" (default all)`)
	n := flag.Int("n", 0, "tasks of the fire, handles and map workloads (default 1,000,000; 20,000 with -quick)")
	flag.DurationVar(&c.minTime, "mintime", c.minTime, "repeat each measurement's workload back to back until this much time passed (0 with -quick)")
	flag.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured cells (not the checks, not Python) to this file")
	pyReps := flag.Int("pyreps", 0, "timed runs of every Python case per round (default: -batches)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run . [flags]\n\nflags:\n")
		flag.PrintDefaults()
	}
	flag.Parse()

	if *quick {
		reps, batches, minTime := c.reps, c.batches, c.minTime
		c.quick()
		if isSet("reps") {
			c.reps = reps
		}
		if isSet("batches") {
			c.batches = batches
		}
		if isSet("mintime") {
			c.minTime = minTime
		}
	}
	var err error
	if c.workers, err = parseInts(*workers); err != nil {
		fail(fmt.Errorf("-workers: %w", err))
	}
	if *n > 0 {
		c.n = *n
	}
	if c.reps < 1 {
		fail(fmt.Errorf("-reps %d: need at least 1", c.reps))
	}
	if c.batches < 1 {
		fail(fmt.Errorf("-batches %d: need at least 1", c.batches))
	}
	c.pyReps = *pyReps
	c.only = splitList(*only)
	c.peers = splitList(*peers)
	c.out, c.log = os.Stdout, os.Stderr
	if err := run(c); err != nil {
		fail(err)
	}
}

// lazyPageReturn runs the harness again, in a child process, with
// GODEBUG=madvdontneed=0 unless GODEBUG already says how to give memory back,
// and exits with the child's status.
//
// Why: by default the runtime gives the pages a collection freed back to the
// system at once (MADV_DONTNEED), so the next batch of a 1,000,000-task cell
// touched them again and paid a page fault for each 4 KB: 10,000 to 25,000
// faults a batch, at about 12 µs each on the development machine, as much time
// as the pool itself took. With madvdontneed=0 the pages are given back lazily
// (MADV_FREE): the system reclaims them only when it runs short of memory, and
// a batch reuses them without a fault. Collections run as often as before.
func lazyPageReturn() {
	if strings.Contains(os.Getenv("GODEBUG"), "madvdontneed=") {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return // run as we are
	}
	godebug := "madvdontneed=0"
	if g := os.Getenv("GODEBUG"); g != "" {
		godebug = g + "," + godebug
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), "GODEBUG="+godebug)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			os.Exit(exit.ExitCode())
		}
		fail(err)
	}
	os.Exit(0)
}

// isSet reports whether the named flag was given on the command line.
func isSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// parseInts parses "2,8,64"; every count must be at least 1.
func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range splitList(s) {
		v, err := strconv.Atoi(f)
		if err != nil || v < 1 {
			return nil, fmt.Errorf("%q is not a positive count", f)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no worker count")
	}
	return out, nil
}

// splitList splits a comma-separated flag value, dropping empty fields.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// fail prints err and exits with status 1.
func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
