package main

import (
	"fmt"
	"time"
)

// A workload is one row group of the report: what every peer is asked to do.
type workload struct {
	key   string // flag value of -only
	title string // table heading
	unit  string // what is counted: "tasks" or "items"
	about string // one sentence under the heading
	// size returns how many tasks (or items) one run has.
	size func(c *config) int
	// run runs it once on p and returns the time the peer took; it checks the
	// results afterwards, outside the timing.
	run func(p peer, workers, n int, c *config) (time.Duration, error)
	// takes reports whether peer p runs this workload; nil means every peer.
	takes func(p peer) bool
	// repeat, when set, is how measure runs the workload instead of calling
	// run back to back: it repeats it until the reported time reaches minTime
	// (at least once) and returns that time and how many runs it made.
	repeat func(p peer, workers, n int, c *config, minTime time.Duration) (time.Duration, int, error)
	// counts returns the worker counts it runs at; nil means the -workers list.
	counts func(c *config) []int
	// batchScale makes each of its batches run batchScale times -mintime (0
	// counts as 1), for the two workloads whose runs are few and long enough
	// that one bad run decided a batch. The cpu workload's maps: one in four
	// or five is 2 to 4 ms late when its second worker's thread starts late on
	// this shared machine (the events' times show it, for every peer), and a
	// batch of four maps turned on whether it held one. The handles workload:
	// a batch was one run of 1,000,000 tasks, whose time varied by a third
	// from run to run (the observed pool at 8 workers: 3.49 M to 5.70 M tasks/s
	// in one full run), so the observer's ratio at 8 workers passed in one run
	// and missed in the next. Longer batches average those runs in.
	batchScale int
	// python lists the cases of bench_pool.py that run right after this
	// workload's Go cells, in every round, so that Python sees the same
	// machine as the Go cells it is compared with.
	python []string
}

// workerCounts returns the worker counts w runs at.
func (w workload) workerCounts(c *config) []int {
	if w.counts == nil {
		return c.workers
	}
	return w.counts(c)
}

// withOne returns 1 followed by the counts above 1 of c.workers: the cpu
// workload's speedups are taken over its 1-worker rate.
func withOne(c *config) []int {
	out := []int{1}
	for _, w := range c.workers {
		if w > 1 {
			out = append(out, w)
		}
	}
	return out
}

// batchTime is how long each batch of w runs at least: -mintime times its
// batchScale.
func (w workload) batchTime(c *config) time.Duration {
	return c.minTime * time.Duration(max(w.batchScale, 1))
}

// runs reports whether p takes part in w.
func (w workload) runs(p peer) bool { return w.takes == nil || w.takes(p) }

// noop is the fire-and-forget task: it does nothing, so the pool's own cost is
// all that is measured.
func noop(int) {}

// workloads returns the six workloads in report order.
func workloads() []workload {
	fullSize := func(c *config) int { return c.n }
	return []workload{
		{key: "fire", title: "Fire-and-forget", unit: "tasks", size: fullSize, run: timeFire,
			about: "submit %s trivial tasks without keeping anything, then wait until all finished"},
		{key: "handles", title: "With a result handle per task (ApplyAsync)", unit: "tasks", size: fullSize, run: timeHandles, batchScale: 4,
			about:  "submit %s tasks returning i+1, keep one handle (or equivalent) each, then read every result",
			python: []string{"apply_async", "imap_unordered_chunksize_1", "imap_unordered_map_chunksize"}},
		{key: "map", title: "Map", unit: "items", size: fullSize, run: timeMap(itemDouble),
			about: "map x -> 2x over %s ints, results in input order"},
		{
			key: "mapwarm", title: "Map on a started pool", unit: "items",
			about: "the map workload timed as Python's pool.map is: one pool is started and warmed with a small map, then only the Map calls are timed, back to back; %s ints. Only the project's pool runs it, as the Go side of the Python comparison",
			size:  fullSize,
			takes: func(p peer) bool { return p.startMapper != nil },
			run: func(p peer, workers, n int, c *config) (time.Duration, error) {
				d, _, err := mapStarted(p, workers, n, c, 0)
				return d, err
			},
			repeat: mapStarted,
			python: []string{"map", "map_chunksize_1"},
		},
		{
			key: "cpu", title: "CPU-bound Map", unit: "items",
			about:      "map spin over %s ints, results in input order: spin runs 10,000 rounds of a 32-bit linear congruential generator (v = v*1664525 + 1013904223), about 20 µs of arithmetic an item, the same rounds in every peer and in Python; pool start-up and teardown included, as in map",
			size:       func(c *config) int { return c.cpuN },
			run:        timeMap(itemSpin),
			counts:     withOne,
			batchScale: 4,
			python:     []string{"cpu"},
		},
		{key: "sleep", title: "Sleeping tasks", unit: "tasks", size: func(c *config) int { return c.sleepN }, run: timeSleep,
			about: "%s tasks that each sleep 1 ms; the ideal is workers x 1000 tasks/s"},
	}
}

// timed returns how long f took, and f's error.
func timed(f func() error) (time.Duration, error) {
	start := time.Now()
	err := f()
	return time.Since(start), err
}

// timeFire times the fire workload: n trivial tasks, nothing kept.
func timeFire(p peer, workers, n int, _ *config) (time.Duration, error) {
	return timed(func() error { return p.fire(workers, n, noop) })
}

// timeHandles times the handles workload, then checks the sum of the results.
func timeHandles(p peer, workers, n int, _ *config) (time.Duration, error) {
	var got int
	d, err := timed(func() (err error) {
		got, err = p.handles(workers, n)
		return err
	})
	if want := n * (n + 1) / 2; err == nil && got != want {
		err = fmt.Errorf("results sum to %d, want %d", got, want)
	}
	return d, err
}

// timeMap returns the timing of a map workload applying f: one run, pool
// start-up and teardown included; the results are checked afterwards.
func timeMap(f itemFunc) func(p peer, workers, n int, c *config) (time.Duration, error) {
	return func(p peer, workers, n int, c *config) (time.Duration, error) {
		items := c.mapItems(n)
		var out []int
		d, err := timed(func() (err error) {
			out, err = p.mapInts(workers, items, f)
			return err
		})
		if err == nil && f == itemSpin {
			err = c.checkSpun(out)
		} else if err == nil {
			err = checkDoubled(out, n)
		}
		return d, err
	}
}

// checkSpun checks that out is spin(i) for every i, against the values
// computed once on one goroutine (spinning them again would take as long as
// the run being checked).
func (c *config) checkSpun(out []int) error {
	n := len(out)
	if len(c.spun) < n {
		c.spun = make([]int, n)
		for i := range c.spun {
			c.spun[i] = spin(i)
		}
	}
	for i, v := range out {
		if v != c.spun[i] {
			return fmt.Errorf("result %d is %d, want spin(%d) = %d", i, v, i, c.spun[i])
		}
	}
	return nil
}

// timeSleep times the sleep workload, then checks that every task ran.
func timeSleep(p peer, workers, n int, c *config) (time.Duration, error) {
	var ran int
	d, err := timed(func() (err error) {
		ran, err = p.sleep(workers, n, c.sleepD)
		return err
	})
	if err == nil && ran != n {
		err = fmt.Errorf("%d of %d sleeping tasks ran", ran, n)
	}
	return d, err
}

// mapStarted starts p's mapper and maps n items on it back to back until the
// Map calls took minTime, at least once; it returns their time and number.
func mapStarted(p peer, workers, n int, c *config, minTime time.Duration) (d time.Duration, runs int, err error) {
	items := c.mapItems(n)
	m, err := p.startMapper(workers)
	if err != nil {
		return 0, 0, err
	}
	defer func() {
		if serr := m.stop(); err == nil {
			err = serr
		}
	}()
	for runs == 0 || d < minTime {
		start := time.Now()
		out, err := m.mapInts(items)
		d += time.Since(start)
		runs++
		if err == nil {
			err = checkDoubled(out, n)
		}
		if err != nil {
			return d, runs, err
		}
	}
	return d, runs, nil
}

// checkDoubled checks that out is 2i for every i in [0, n).
func checkDoubled(out []int, n int) error {
	if len(out) != n {
		return fmt.Errorf("%d results for %d items", len(out), n)
	}
	for i, v := range out {
		if v != 2*i {
			return fmt.Errorf("result %d is %d, want %d", i, v, 2*i)
		}
	}
	return nil
}

// mapItems returns 0, 1, ..., n-1. The map workloads only read it, so the
// slice is made once per size and kept in c: a fresh million-int slice per run
// would put the garbage collector to work inside the timed runs.
func (c *config) mapItems(n int) []int {
	if len(c.mapInput) != n {
		c.mapInput = ints(n)
	}
	return c.mapInput
}

// ints returns 0, 1, ..., n-1.
func ints(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
