package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// TestQuickRun runs the whole harness in -quick mode on tiny sizes (Python
// included when python3 is installed, skipped with a message otherwise) and
// checks that every table, every peer and the targets were printed, so the
// harness cannot rot.
func TestQuickRun(t *testing.T) {
	c := defaultConfig()
	c.quick()
	c.n = 5_000
	c.sleepN = 40
	c.warmN = 500
	c.warmS = 8
	c.workers = []int{2, 8}
	var out, log bytes.Buffer
	c.out, c.log = &out, &log
	if err := run(c); err != nil {
		t.Fatalf("run: %v\nlog:\n%s", err, log.String())
	}
	report := out.String()
	want := []string{"### Fire-and-forget", "### With a result handle", "### Map", "### Map on a started pool", "### CPU-bound Map",
		"### Sleeping tasks", "### Scaling with workers", "### Python multiprocessing.Pool", "### Targets",
		"with handles: ahead of pond v2", "with handles: observed at most 15% slower than detached",
		"CPU-bound map: 2 workers at least 1.8x 1 worker", "parallel efficiency"}
	for _, p := range goPeers() {
		want = append(want, "| "+p.name+" |")
	}
	for _, s := range want {
		if !strings.Contains(report, s) {
			t.Errorf("report lacks %q", s)
		}
	}
	if _, err := exec.LookPath("python3"); err == nil {
		for _, row := range []string{"| map, default chunksize | 2 |", "| map of spin (CPU-bound), default chunksize | 1 |"} {
			if !strings.Contains(report, row) {
				t.Errorf("python3 is installed but the report has no Python row %q", row)
			}
		}
	}
	if !strings.Contains(report, "PASS") && !strings.Contains(report, "MISS") {
		t.Errorf("report shows no target verdict:\n%s", report)
	}
	if t.Failed() {
		t.Logf("report:\n%s", report)
	}
}

// TestOnlyAndPeers checks the -only and -peers filters and their errors.
func TestOnlyAndPeers(t *testing.T) {
	c := defaultConfig()
	c.only, c.peers = []string{"map"}, []string{"poolviz", "bare"}
	ws, ps, err := c.selected(workloads(), goPeers())
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 1 || ws[0].key != "map" || len(ps) != 3 {
		t.Errorf("selected %d workloads, %d peers; want map and 3 peers", len(ws), len(ps))
	}
	c.only = []string{"nope"}
	if _, _, err := c.selected(workloads(), goPeers()); err == nil {
		t.Error("unknown workload accepted")
	}
	c.only, c.peers = nil, []string{"nope"}
	if _, _, err := c.selected(workloads(), goPeers()); err == nil {
		t.Error("unknown peer accepted")
	}
}

// TestSummarize checks the median, min and max.
func TestSummarize(t *testing.T) {
	s := summarize([]float64{3, 1, 2})
	if s != (stats{med: 2, min: 1, max: 3}) {
		t.Errorf("summarize(3,1,2) = %+v", s)
	}
	s = summarize([]float64{4, 1, 2, 3})
	if s.med != 2.5 {
		t.Errorf("median of 1..4 = %v, want 2.5", s.med)
	}
}

// TestSpinMatchesPython checks that the cpu workload's item is the same work
// in Go and in Python: the same rounds give the same values.
func TestSpinMatchesPython(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	out, err := exec.Command("python3", "-c",
		"import sys; sys.path.insert(0, 'python'); import bench_pool as b; print(b.SPIN_ROUNDS, *[b.spin(i) for i in (0, 1, 7, 4095)])").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint(spinRounds, spin(0), spin(1), spin(7), spin(4095))
	if got := strings.TrimSpace(string(out)); got != want {
		t.Errorf("Python's spin gives %q, Go's %q", got, want)
	}
}
