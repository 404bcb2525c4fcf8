package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// observed is the peer every ratio is taken against; detached is the same
// pool without an observer.
const (
	observed = "poolviz (observed)"
	detached = "poolviz (detached)"
)

// stats are the median, minimum and maximum of a cell's rates.
type stats struct{ med, min, max float64 }

// summarize returns the stats of rates; all zero when there are none.
func summarize(rates []float64) stats {
	if len(rates) == 0 {
		return stats{}
	}
	s := slices.Clone(rates)
	slices.Sort(s)
	m := len(s) / 2
	med := s[m]
	if len(s)%2 == 0 {
		med = (s[m-1] + s[m]) / 2
	}
	return stats{med: med, min: s[0], max: s[len(s)-1]}
}

// human formats a rate: 3.21M, 812.4k, 950.
func human(r float64) string {
	switch {
	case r >= 1e9:
		return fmt.Sprintf("%.2fG", r/1e9)
	case r >= 1e6:
		return fmt.Sprintf("%.2fM", r/1e6)
	case r >= 1e3:
		return fmt.Sprintf("%.1fk", r/1e3)
	}
	return fmt.Sprintf("%.0f", r)
}

// count formats n with thousands separators: 1,000,000.
func count(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// versions returns the module versions of the peers, from the build info.
func versions() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "module versions unknown"
	}
	want := []string{"github.com/alitto/pond/v2", "github.com/panjf2000/ants/v2", "golang.org/x/sync", "github.com/sourcegraph/conc"}
	var parts []string
	for _, path := range want {
		for _, d := range bi.Deps {
			if d.Path == path {
				parts = append(parts, path+" "+d.Version)
			}
		}
	}
	if len(parts) == 0 {
		return "module versions unknown"
	}
	return strings.Join(parts, ", ")
}

// runInfo is what the report's header says of the run itself.
type runInfo struct {
	took                  time.Duration
	loadBefore, loadAfter string // load averages over 1, 5 and 15 minutes
}

// report writes the markdown report: one table per workload, the scaling
// table, Python's table, and the targets with PASS or MISS.
func report(w io.Writer, c *config, ws []workload, ps []peer, res results, py *pyReport, info runInfo) {
	reportHeader(w, c, py, info)
	for _, wl := range ws {
		reportWorkload(w, c, wl, ps, res)
	}
	reportScaling(w, c, ws, ps, res)
	reportPython(w, res, py)
	reportTargets(w, targets(c, res, py))
}

// reportHeader writes the heading and what the run ran on.
func reportHeader(w io.Writer, c *config, py *pyReport, info runInfo) {
	fmt.Fprintf(w, "## Results\n\n")
	fmt.Fprintf(w, "%s %s/%s, GOMAXPROCS %d, %d CPUs; %s, interleaved; each visit of a cell runs a warm-up batch (dropped; up to %d while it takes more than %d page faults), then %s of at least %v (%v for the handles and cpu workloads); the run took %v. ",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU(),
		plural(c.reps, "round"), maxWarmups, warmFaults, plural(c.batches, "timed batch"), c.minTime, longBatchTime(c), info.took.Round(time.Second))
	fmt.Fprintf(w, "Load average (1, 5, 15 min) %s at the start, %s at the end. GODEBUG %q.\n", info.loadBefore, info.loadAfter, os.Getenv("GODEBUG"))
	fmt.Fprintf(w, "Peers: %s.\n", versions())
	if py.Skipped == "" {
		fmt.Fprintf(w, "Python: %s %s, start method %s, %d CPUs.\n", py.Implementation, py.Python, py.StartMethod, py.CPUCount)
	}
	fmt.Fprintf(w, "Rates are tasks (items) per second: median, min, max over the timed batches; ")
	fmt.Fprintf(w, "the last column is each peer's median divided by %s's at the same worker count.\n", observed)
}

// longBatchTime is the batch time of the workloads with a batchScale (the
// handles and cpu workloads, which the heading names), for the heading; it
// panics if they differ, so that the heading cannot drift from them.
func longBatchTime(c *config) time.Duration {
	long := time.Duration(0)
	for _, w := range workloads() {
		if w.batchScale > 1 {
			if t := w.batchTime(c); long != 0 && t != long {
				panic("bench: the long workloads' batch times differ: the report's heading names one")
			} else {
				long = t
			}
		}
	}
	if long == 0 {
		return c.minTime
	}
	return long
}

// reportWorkload writes one workload's table: a row per worker count and peer.
// The sleep table adds the share of the ideal rate; the cpu table adds each
// peer's speedup over its own 1-worker rate and the parallel efficiency, that
// speedup over the cores the workers can use, min(workers, GOMAXPROCS).
func reportWorkload(w io.Writer, c *config, wl workload, ps []peer, res results) {
	n := wl.size(c)
	fmt.Fprintf(w, "\n### %s (%s %s)\n\n", wl.title, count(n), wl.unit)
	fmt.Fprintf(w, "%s.\n\n", upperFirst(fmt.Sprintf(wl.about, count(n))))
	fmt.Fprintf(w, "| workers | peer | median | min | max | vs %s |", observed)
	align := "|--:|---|--:|--:|--:|--:|"
	switch wl.key {
	case "sleep":
		fmt.Fprintf(w, " of ideal |")
		align += "--:|"
	case "cpu":
		fmt.Fprintf(w, " speedup over 1 worker | parallel efficiency |")
		align += "--:|--:|"
	}
	fmt.Fprintf(w, "\n%s\n", align)
	for _, workers := range wl.workerCounts(c) {
		base := summarize(res[cellKey{wl.key, observed, workers}])
		for _, p := range ps {
			if !wl.runs(p) {
				continue
			}
			s := summarize(res[cellKey{wl.key, p.name, workers}])
			ratio := "-"
			if base.med > 0 {
				ratio = fmt.Sprintf("%.2fx", s.med/base.med)
			}
			fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s |", workers, p.name, human(s.med), human(s.min), human(s.max), ratio)
			switch wl.key {
			case "sleep":
				ideal := float64(workers) / c.sleepD.Seconds()
				fmt.Fprintf(w, " %.0f%% |", 100*s.med/ideal)
			case "cpu":
				reportSpeedup(w, s.med, summarize(res[cellKey{wl.key, p.name, 1}]).med, workers)
			}
			fmt.Fprintln(w)
		}
	}
}

// reportSpeedup writes the cpu table's last two cells: rate over the 1-worker
// rate one, and that speedup over min(workers, GOMAXPROCS).
func reportSpeedup(w io.Writer, rate, one float64, workers int) {
	if one <= 0 {
		fmt.Fprintf(w, " - | - |")
		return
	}
	sp := rate / one
	fmt.Fprintf(w, " %.2fx | %.0f%% |", sp, 100*sp/float64(min(workers, runtime.GOMAXPROCS(0))))
}

// reportScaling writes how each peer's rate on trivial tasks holds as workers
// are added: its median at each worker count over its median at the first
// count (2 in a full run), for the handles, map and mapwarm workloads.
func reportScaling(w io.Writer, c *config, ws []workload, ps []peer, res results) {
	if len(c.workers) < 2 {
		return
	}
	first := c.workers[0]
	fmt.Fprintf(w, "\n### Scaling with workers (trivial tasks)\n\n")
	fmt.Fprintf(w, "Each peer's median rate at each worker count over its own median at %d workers, same run.\n\n", first)
	fmt.Fprintf(w, "| workload | peer |")
	for _, n := range c.workers[1:] {
		fmt.Fprintf(w, " %d / %d workers |", n, first)
	}
	fmt.Fprintf(w, "\n|---|---|%s\n", strings.Repeat("--:|", len(c.workers)-1))
	for _, wl := range ws {
		if wl.key != "handles" && wl.key != "map" && wl.key != "mapwarm" {
			continue
		}
		for _, p := range ps {
			base := summarize(res[cellKey{wl.key, p.name, first}]).med
			if !wl.runs(p) || base <= 0 {
				continue
			}
			fmt.Fprintf(w, "| %s | %s |", wl.key, p.name)
			for _, n := range c.workers[1:] {
				fmt.Fprintf(w, " %.2f |", summarize(res[cellKey{wl.key, p.name, n}]).med/base)
			}
			fmt.Fprintln(w)
		}
	}
}

// reportPython writes Python's table, or why Python did not run.
func reportPython(w io.Writer, res results, py *pyReport) {
	fmt.Fprintf(w, "\n### Python multiprocessing.Pool\n\n")
	if py.Skipped != "" {
		fmt.Fprintf(w, "%s\n", py.Skipped)
		return
	}
	fmt.Fprintf(w, "Pool started and warmed before timing; the trivial function is `x + 1`. ")
	fmt.Fprintf(w, "The last column is the matching %s rate (Map on a started pool for map, with handles for apply_async) divided by Python's.\n\n", observed)
	fmt.Fprintf(w, "| case | workers | items | chunksize | median items/s | min | max | poolviz / Python |\n")
	fmt.Fprintf(w, "|---|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range py.Results {
		s := summarize(r.Rates)
		ratio := "-"
		if g, ok := goMatch(res, r.Name, r.Workers); ok && s.med > 0 {
			ratio = fmt.Sprintf("%.0fx", g/s.med)
		}
		fmt.Fprintf(w, "| %s | %d | %s | %d | %s | %s | %s | %s |\n",
			r.Label, r.Workers, count(r.N), r.Chunksize, human(s.med), human(s.min), human(s.max), ratio)
	}
}

// reportTargets writes the targets' table with PASS or MISS, and the tally.
func reportTargets(w io.Writer, checks []target) {
	fmt.Fprintf(w, "\n### Targets\n\n")
	if len(checks) == 0 {
		fmt.Fprintf(w, "No target could be checked with the workloads, peers and worker counts of this run.\n")
		return
	}
	fmt.Fprintf(w, "| target | workers | %s | reference | ratio | needed | result |\n", observed)
	fmt.Fprintf(w, "|---|--:|--:|--:|--:|--:|---|\n")
	pass := 0
	for _, t := range checks {
		verdict := "MISS"
		if t.ok() {
			verdict = "PASS"
			pass++
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %.2fx | %s | %s |\n",
			t.name, t.workers, human(t.ours), human(t.ref), t.ours/t.ref, t.needText, verdict)
	}
	fmt.Fprintf(w, "\n%d of %d targets PASS, %d MISS.\n", pass, len(checks), len(checks)-pass)
}

// goMatch returns the observed pool's median rate on the Go workload that a
// Python case corresponds to: for map, Map on a started pool (mapwarm), timed
// as Python's is, or the map workload when mapwarm did not run.
func goMatch(res results, pyName string, workers int) (float64, bool) {
	keys := map[string][]string{"map": {"mapwarm", "map"}, "apply_async": {"handles"}}[pyName]
	for _, key := range keys {
		if s := summarize(res[cellKey{key, observed, workers}]); s.med > 0 {
			return s.med, true
		}
	}
	return 0, false
}

// target is one ratio check: ours / ref must reach need (or exceed it when strict).
type target struct {
	name      string
	workers   int
	ours, ref float64
	need      float64
	strict    bool
	needText  string
}

// ok reports whether the target is met.
func (t target) ok() bool {
	r := t.ours / t.ref
	if t.strict {
		return r > t.need
	}
	return r >= t.need
}

// targets returns the checks the run's cells allow, from the medians:
//   - with handles, the observed pool ahead of pond, ants, errgroup and conc
//     at 2 and 8 workers;
//   - fire-and-forget within 2x of the bare channel pool, at every worker count;
//   - Map at least 100x Python's pool.map with the default chunksize, both
//     timed on a started pool (mapwarm);
//   - ApplyAsync at least 100x Python's apply_async;
//   - with handles, the observed pool at most 15% slower than detached, at 2
//     and 8 workers;
//   - trivial tasks at 64 workers at least 90% of the rate at 2, with handles
//     and for Map (observed, pool start-up included);
//   - the CPU-bound map at 2 workers at least 1.8x its rate at 1;
//
// the Python checks at every worker count both sides ran.
func targets(c *config, res results, py *pyReport) []target {
	med := func(wl, peer string, workers int) float64 {
		return summarize(res[cellKey{wl, peer, workers}]).med
	}
	var ts []target
	for _, workers := range c.workers {
		if workers != 2 && workers != 8 {
			continue
		}
		ours := med("handles", observed, workers)
		for _, other := range []string{"pond v2", "ants v2", "errgroup", "conc"} {
			ref := med("handles", other, workers)
			if ours > 0 && ref > 0 {
				ts = append(ts, target{name: "with handles: ahead of " + other, workers: workers,
					ours: ours, ref: ref, need: 1, strict: true, needText: "> 1x"})
			}
		}
	}
	for _, workers := range c.workers {
		ours, ref := med("fire", observed, workers), med("fire", "bare chan", workers)
		if ours > 0 && ref > 0 {
			ts = append(ts, target{name: "fire-and-forget: within 2x of bare chan", workers: workers,
				ours: ours, ref: ref, need: 0.5, needText: ">= 0.5x"})
		}
	}
	for _, workers := range c.workers {
		if workers != 2 && workers != 8 {
			continue
		}
		ours, ref := med("handles", observed, workers), med("handles", detached, workers)
		if ours > 0 && ref > 0 {
			ts = append(ts, target{name: "with handles: observed at most 15% slower than detached", workers: workers,
				ours: ours, ref: ref, need: 0.85, needText: ">= 0.85x"})
		}
	}
	for _, wl := range []string{"handles", "map"} {
		ours, ref := med(wl, observed, 64), med(wl, observed, 2)
		if ours > 0 && ref > 0 {
			ts = append(ts, target{name: wl + ": 64 workers at least 90% of the rate at 2 (reference: 2 workers)", workers: 64,
				ours: ours, ref: ref, need: 0.9, needText: ">= 0.9x"})
		}
	}
	if ours, ref := med("cpu", observed, 2), med("cpu", observed, 1); ours > 0 && ref > 0 {
		ts = append(ts, target{name: "CPU-bound map: 2 workers at least 1.8x 1 worker (reference: 1 worker)", workers: 2,
			ours: ours, ref: ref, need: 1.8, needText: ">= 1.8x"})
	}
	if py.Skipped == "" {
		for _, pair := range [][2]string{{"map", "map"}, {"handles", "apply_async"}} {
			for _, workers := range c.workers {
				r, ok := py.find(pair[1], workers)
				ours, _ := goMatch(res, pair[1], workers)
				if !ok || ours <= 0 {
					continue
				}
				name := "Map >= 100x Python pool.map (default chunksize)"
				if pair[0] == "handles" {
					name = "ApplyAsync >= 100x Python apply_async"
				}
				ts = append(ts, target{name: name, workers: workers, ours: ours, ref: summarize(r.Rates).med,
					need: 100, needText: ">= 100x"})
			}
		}
	}
	return ts
}

// plural returns "1 round", "3 rounds", "2 timed batches".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "ch") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// upperFirst capitalizes the first letter of s.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
