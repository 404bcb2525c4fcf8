package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"
)

// config is one run of the harness, as the flags set it.
type config struct {
	reps    int           // repetitions of every cell
	workers []int         // worker counts
	n       int           // tasks of the fire, handles and map workloads
	sleepN  int           // tasks of the sleep workload
	sleepD  time.Duration // how long each sleeping task sleeps
	only    []string      // workload keys to run; empty: all
	peers   []string      // peer names (or substrings) to run; empty: all
	warmN   int           // tasks of each warm-up and check run
	warmS   int           // sleeping tasks of each warm-up and check run
	minTime time.Duration // a measurement repeats its workload back to back until this much time passed

	python   string // Python interpreter; "" or "none" skips Python
	pyScript string // path of bench_pool.py
	pyReps   int    // repetitions of every Python case
	pyQuick  bool   // pass --quick to the Python script

	cpuProfile string // file for a CPU profile of the measured cells; "" for none

	mapInput []int // the map workloads' input, kept across runs (see mapItems)

	out io.Writer // the report (markdown)
	log io.Writer // progress lines
}

// defaultConfig returns the full-size run: 1,000,000 tasks, 10,000 sleeps of
// 1 ms, at 2, 8 and 64 workers.
func defaultConfig() config {
	return config{
		reps:     3,
		workers:  []int{2, 8, 64},
		n:        1_000_000,
		sleepN:   10_000,
		sleepD:   time.Millisecond,
		warmN:    10_000,
		warmS:    64,
		minTime:  100 * time.Millisecond,
		python:   "python3",
		pyScript: "python/bench_pool.py",
		pyReps:   0, // same as reps
	}
}

// quick shrinks c to a smoke run that takes a few seconds.
func (c *config) quick() {
	c.reps = 1
	c.n = 20_000
	c.sleepN = 200
	c.warmN = 2_000
	c.warmS = 16
	c.minTime = 0
	c.pyQuick = true
}

// cellKey names one cell of the report.
type cellKey struct {
	workload string
	peer     string
	workers  int
}

// results holds every cell's rates (tasks per second), one per repetition.
type results map[cellKey][]float64

// selected filters ws and ps by the config's -only and -peers lists.
func (c *config) selected(ws []workload, ps []peer) ([]workload, []peer, error) {
	if len(c.only) > 0 {
		var keep []workload
		for _, k := range c.only {
			i := slices.IndexFunc(ws, func(w workload) bool { return w.key == k })
			if i < 0 {
				return nil, nil, fmt.Errorf("unknown workload %q: use fire, handles, map, mapwarm or sleep", k)
			}
			keep = append(keep, ws[i])
		}
		ws = keep
	}
	if len(c.peers) > 0 {
		var keep []peer
		for _, p := range ps {
			for _, want := range c.peers {
				if strings.Contains(strings.ToLower(p.name), strings.ToLower(want)) {
					keep = append(keep, p)
					break
				}
			}
		}
		if len(keep) == 0 {
			return nil, nil, fmt.Errorf("no peer matches %q", c.peers)
		}
		ps = keep
	}
	return ws, ps, nil
}

// check runs every peer once per workload and worker count at warm-up size
// and verifies what it did; the fire workload counts its tasks here, since its
// timed runs use a task that does nothing. It also warms the heap and caches
// before the first timed cell.
func check(c *config, ws []workload, ps []peer) error {
	for _, w := range ws {
		for _, workers := range c.workers {
			for _, p := range ps {
				if !w.runs(p) {
					continue
				}
				var err error
				switch w.key {
				case "fire":
					n := c.warmN
					ran := make([]bool, n)
					err = p.fire(workers, n, func(i int) { ran[i] = true })
					if err == nil {
						if i := slices.Index(ran, false); i >= 0 {
							err = fmt.Errorf("task %d did not run before the wait returned", i)
						}
					}
				case "sleep":
					_, err = w.run(p, workers, c.warmS, c)
				default:
					_, err = w.run(p, workers, c.warmN, c)
				}
				if err != nil {
					return fmt.Errorf("check %s, %s, %d workers: %w", w.key, p.name, workers, err)
				}
			}
		}
	}
	return nil
}

// measure runs every (workload, peer, workers) cell c.reps times, interleaved:
// repetition 1 of every cell, then repetition 2, and so on, so drift in the
// machine's speed hits every cell alike; the peer order rotates by one each
// repetition so no peer always runs first after a workload change. One
// measurement of a cell runs the workload back to back until the times it
// reports (pool creation to teardown, except for mapwarm) add up to c.minTime,
// at least once, and its rate is all the tasks over all that time: a
// 1,000,000-item Map takes about a millisecond, too short to time alone.
func measure(c *config, ws []workload, ps []peer) (results, error) {
	res := results{}
	cells := 0
	for _, w := range ws {
		for _, p := range ps {
			if w.runs(p) {
				cells += len(c.workers)
			}
		}
	}
	done := 0
	for rep := range c.reps {
		k := rep % len(ps)
		order := slices.Concat(ps[k:], ps[:k])
		for _, w := range ws {
			n := w.size(c)
			for _, workers := range c.workers {
				for _, p := range order {
					if !w.runs(p) {
						continue
					}
					runtime.GC()
					var d time.Duration
					runs := 0
					if w.repeat != nil {
						var err error
						if d, runs, err = w.repeat(p, workers, n, c, c.minTime); err != nil {
							return nil, fmt.Errorf("%s, %s, %d workers: %w", w.key, p.name, workers, err)
						}
					}
					for runs == 0 || d < c.minTime {
						dr, err := w.run(p, workers, n, c)
						if err != nil {
							return nil, fmt.Errorf("%s, %s, %d workers: %w", w.key, p.name, workers, err)
						}
						d += dr
						runs++
					}
					rate := float64(n*runs) / d.Seconds()
					key := cellKey{w.key, p.name, workers}
					res[key] = append(res[key], rate)
					done++
					fmt.Fprintf(c.log, "rep %d/%d  cell %3d/%d  %-8s %2d workers  %-20s %10s tasks/s  (%d x %s in %v)\n",
						rep+1, c.reps, done-rep*cells, cells, w.key, workers, p.name, human(rate), runs, count(n), d.Round(time.Millisecond))
				}
			}
		}
	}
	return res, nil
}

// run is the whole harness: check, measure, run Python, report.
func run(c config) error {
	ws, ps, err := c.selected(workloads(), goPeers())
	if err != nil {
		return err
	}
	began := time.Now()
	fmt.Fprintf(c.log, "checking %d peers on %d workloads at warm-up size...\n", len(ps), len(ws))
	if err := check(&c, ws, ps); err != nil {
		return err
	}
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	res, err := measure(&c, ws, ps)
	if c.cpuProfile != "" {
		pprof.StopCPUProfile()
		fmt.Fprintf(c.log, "CPU profile of the measured cells written to %s\n", c.cpuProfile)
	}
	if err != nil {
		return err
	}
	py := runPython(&c)
	report(c.out, &c, ws, ps, res, py, time.Since(began))
	return nil
}
