package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// observed is the peer every ratio is taken against.
const observed = "poolviz (observed)"

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

// report writes the markdown report: one table per workload, Python's table,
// and the targets with PASS or MISS.
func report(w io.Writer, c *config, ws []workload, ps []peer, res results, py *pyReport, took time.Duration) {
	reportHeader(w, c, py, took)
	for _, wl := range ws {
		reportWorkload(w, c, wl, ps, res)
	}
	reportPython(w, res, py)
	reportTargets(w, targets(c, res, py))
}

// reportHeader writes the heading and what the run ran on.
func reportHeader(w io.Writer, c *config, py *pyReport, took time.Duration) {
	fmt.Fprintf(w, "## Results\n\n")
	reps := "repetitions"
	if c.reps == 1 {
		reps = "repetition"
	}
	fmt.Fprintf(w, "%s %s/%s, GOMAXPROCS %d, %d CPUs; %d %s of every cell, interleaved, each at least %v; the run took %v.\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU(), c.reps, reps, c.minTime, took.Round(time.Second))
	fmt.Fprintf(w, "Peers: %s.\n", versions())
	if py.Skipped == "" {
		fmt.Fprintf(w, "Python: %s %s, start method %s, %d CPUs.\n", py.Implementation, py.Python, py.StartMethod, py.CPUCount)
	}
	fmt.Fprintf(w, "Rates are tasks (items) per second: median, min, max over the repetitions; ")
	fmt.Fprintf(w, "the last column is each peer's median divided by %s's at the same worker count.\n", observed)
}

// reportWorkload writes one workload's table: a row per worker count and peer.
func reportWorkload(w io.Writer, c *config, wl workload, ps []peer, res results) {
	n := wl.size(c)
	fmt.Fprintf(w, "\n### %s (%s %s)\n\n", wl.title, count(n), wl.unit)
	fmt.Fprintf(w, "%s.\n\n", upperFirst(fmt.Sprintf(wl.about, count(n))))
	extra := wl.key == "sleep"
	if extra {
		fmt.Fprintf(w, "| workers | peer | median | min | max | vs %s | of ideal |\n", observed)
		fmt.Fprintf(w, "|--:|---|--:|--:|--:|--:|--:|\n")
	} else {
		fmt.Fprintf(w, "| workers | peer | median | min | max | vs %s |\n", observed)
		fmt.Fprintf(w, "|--:|---|--:|--:|--:|--:|\n")
	}
	for _, workers := range c.workers {
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
			if extra {
				ideal := float64(workers) / c.sleepD.Seconds()
				fmt.Fprintf(w, " %.0f%% |", 100*s.med/ideal)
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

// upperFirst capitalizes the first letter of s.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
