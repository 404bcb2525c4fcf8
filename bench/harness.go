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
	reps    int           // rounds: visits of every cell, interleaved
	batches int           // timed batches a visit runs, after one warm-up batch that is dropped
	workers []int         // worker counts
	n       int           // tasks of the fire, handles and map workloads
	sleepN  int           // tasks of the sleep workload
	cpuN    int           // items of the cpu workload
	sleepD  time.Duration // how long each sleeping task sleeps
	only    []string      // workload keys to run; empty: all
	peers   []string      // peer names (or substrings) to run; empty: all
	warmN   int           // tasks of each warm-up and check run
	warmS   int           // sleeping tasks of each warm-up and check run
	minTime time.Duration // a measurement repeats its workload back to back until this much time passed

	python   string // Python interpreter; "" or "none" skips Python
	pyScript string // path of bench_pool.py
	pyReps   int    // timed runs of every Python case per round; 0: batches
	pyQuick  bool   // pass --quick to the Python script

	cpuProfile string // file for a CPU profile of the measured cells; "" for none

	mapInput []int // the map workloads' input, kept across runs (see mapItems)
	spun     []int // spin(i) for the cpu workload's check, computed once

	out io.Writer // the report (markdown)
	log io.Writer // progress lines
}

// defaultConfig returns the full-size run: 1,000,000 tasks, 4,000 CPU-bound
// items, 2,000 sleeps of 1 ms, at 2, 8 and 64 workers (and 1 for the CPU-bound
// map); 3 rounds of a warm-up batch and 2 timed batches per cell.
func defaultConfig() config {
	return config{
		reps:     3,
		batches:  2,
		workers:  []int{2, 8, 64},
		n:        1_000_000,
		sleepN:   2_000,
		cpuN:     4_000,
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
	c.batches = 1
	c.n = 20_000
	c.cpuN = 200
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
				return nil, nil, fmt.Errorf("unknown workload %q: use fire, handles, map, mapwarm, cpu or sleep", k)
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
		for _, workers := range w.workerCounts(c) {
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
				case "cpu":
					_, err = w.run(p, workers, min(c.cpuN, 200), c)
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
// round 1 visits every cell, then round 2, and so on, so drift in the
// machine's speed hits every cell alike; the peer order rotates by one each
// round so no peer always runs first after a workload change. A peer's worker
// counts are visited one after the other, so that the ratios between them (the
// scaling and speedup targets) compare batches seconds apart. A visit runs a
// warm-up batch, whose rate is dropped (it pays for the pages and caches the
// cell's first run touches; it runs again while it still takes many page
// faults, see warmFaults), then c.batches timed batches, each kept. A batch
// runs the workload back to back until the times it reports (pool creation to
// teardown, except for mapwarm) add up to its batch time (c.minTime, four times
// that for the handles and cpu workloads: see workload.batchScale), at least
// once, and its
// rate is all the tasks over all that time: a 1,000,000-item Map takes about a
// millisecond, too short to time alone. After a workload's cells, in every
// round, the Python cases compared with it run (see workload.python).
func measure(c *config, ws []workload, ps []peer, py *pyReport) (results, error) {
	res := results{}
	cells := 0
	for _, w := range ws {
		for _, p := range ps {
			if w.runs(p) {
				cells += len(w.workerCounts(c))
			}
		}
	}
	done := 0
	for rep := range c.reps {
		k := rep % len(ps)
		order := slices.Concat(ps[k:], ps[:k])
		for _, w := range ws {
			n := w.size(c)
			for _, p := range order {
				if !w.runs(p) {
					continue
				}
				for _, workers := range w.workerCounts(c) {
					runtime.GC()
					key := cellKey{w.key, p.name, workers}
					var kept []string
					warmups := 0
					for b := 0; b <= c.batches; b++ {
						faults := minorFaults()
						rate, runs, d, err := batch(c, w, p, workers, n)
						if err != nil {
							return nil, fmt.Errorf("%s, %s, %d workers: %w", w.key, p.name, workers, err)
						}
						faults = minorFaults() - faults
						if b == 0 {
							kept = append(kept, fmt.Sprintf("warm-up %d page faults", faults))
							if warmups++; faults > warmFaults && warmups < maxWarmups {
								b-- // the heap is still growing: warm up again
							}
							continue // the warm-up batch
						}
						res[key] = append(res[key], rate)
						kept = append(kept, fmt.Sprintf("%s (%d x %s in %v, %d page faults)", human(rate), runs, count(n), d.Round(time.Millisecond), faults))
					}
					done++
					fmt.Fprintf(c.log, "round %d/%d  cell %3d/%d  %-8s %2d workers  %-20s %s\n",
						rep+1, c.reps, done-rep*cells, cells, w.key, workers, p.name, strings.Join(kept, ", "))
				}
			}
			if len(w.python) > 0 {
				py.merge(runPython(c, w.python, w.pythonWorkers(c)))
			}
		}
	}
	return res, nil
}

// A visit's warm-up batch repeats, up to maxWarmups batches in all, while it
// takes more than warmFaults page faults. Why: the first visit of a workload
// whose heap is larger than the last one's grows the heap, and one warm-up
// batch was not always enough (the first with-handles visit of a full run took
// 20,000 faults in its warm-up and 20,000 more in its first timed batch, at
// about 12 µs each: a batch at half its rate, one of the six its median is
// taken from).
const (
	warmFaults = 1000
	maxWarmups = 3
)

// batch runs one batch of workload w on p: the workload back to back until its
// reported times reach its batch time (w.batchTime), at least once. It returns
// the rate, the runs and their time.
func batch(c *config, w workload, p peer, workers, n int) (rate float64, runs int, d time.Duration, err error) {
	minTime := w.batchTime(c)
	if w.repeat != nil {
		if d, runs, err = w.repeat(p, workers, n, c, minTime); err != nil {
			return 0, 0, 0, err
		}
	}
	for runs == 0 || d < minTime {
		dr, err := w.run(p, workers, n, c)
		if err != nil {
			return 0, 0, 0, err
		}
		d += dr
		runs++
	}
	return float64(n*runs) / d.Seconds(), runs, d, nil
}

// loadAverage returns the machine's load averages over 1, 5 and 15 minutes as
// the kernel reports them, or "unknown" where it does not: the report prints
// them, since on a shared machine they say how far to trust a run.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// run is the whole harness: check, measure (Python interleaved), report.
func run(c config) error {
	ws, ps, err := c.selected(workloads(), goPeers())
	if err != nil {
		return err
	}
	began := time.Now()
	load := loadAverage()
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
	py := newPyReport(&c)
	res, err := measure(&c, ws, ps, py)
	if c.cpuProfile != "" {
		pprof.StopCPUProfile()
		fmt.Fprintf(c.log, "CPU profile of the measured cells written to %s\n", c.cpuProfile)
	}
	if err != nil {
		return err
	}
	report(c.out, &c, ws, ps, res, py, runInfo{took: time.Since(began), loadBefore: load, loadAfter: loadAverage()})
	return nil
}
