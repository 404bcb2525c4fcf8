package pool

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"
	"unsafe"
)

// spinRounds is how many rounds of a 32-bit linear congruential generator one
// CPU-bound item runs: about 20 µs on the development machine. The harness in
// bench/ and its Python script run the same arithmetic (spin, spin in
// bench_pool.py), so every side does the same work per item.
const spinRounds = 10_000

// spin is the CPU-bound item: spinRounds rounds of v = v*1664525 + 1013904223
// modulo 2^32, from v = x. Each round depends on the last, so the compiler can
// neither skip nor vectorize them.
func spin(x int) int {
	v := uint32(x)
	for range spinRounds {
		v = v*1664525 + 1013904223
	}
	return int(v)
}

// spinTask is spin as a task.
func spinTask(_ *Proc, x int) (int, error) { return spin(x), nil }

// rateStats formats min / median / max of rates (per second) in millions or thousands.
func rateStats(rates []float64) (lo, med, hi float64) {
	s := slices.Clone(rates)
	slices.Sort(s)
	return s[0], s[len(s)/2], s[len(s)-1]
}

// BenchmarkMapCPU measures Map of CPU-bound items (spin, about 20 µs each) on
// started, observed pools of 1 worker, 2 workers and, where the machine has
// more cores, one worker per core. Each iteration maps the items once on every
// pool, in turn, so a change in the machine's speed hits them alike; the first
// iteration is a warm-up and is not counted. Metrics: the median rate of each
// pool (items/s) and its speedup over the 1-worker pool, the ratio of medians
// (the target: at least 1.8 at 2 workers).
//
//	go test -run '^$' -bench MapCPU -benchtime 12x ./pool
func BenchmarkMapCPU(b *testing.B) {
	items := make([]int, 2000)
	for i := range items {
		items[i] = i
	}
	counts := []int{1, 2}
	if n := runtime.NumCPU(); n > 2 {
		counts = append(counts, n)
	}
	ctx := context.Background()
	pools := make([]*Pool, len(counts))
	for i, w := range counts {
		p, stop := benchPool(b, w, true)
		defer stop()
		pools[i] = p
	}
	rates := make([][]float64, len(counts))
	warm := true
	for b.Loop() {
		for i, p := range pools {
			start := time.Now()
			out, err := Map(ctx, p, spinTask, items)
			d := time.Since(start)
			if err != nil || out[len(out)-1] != spin(len(items)-1) {
				b.Fatal("wrong result", err)
			}
			if !warm {
				rates[i] = append(rates[i], float64(len(items))/d.Seconds())
			}
		}
		warm = false
	}
	if len(rates[0]) == 0 {
		return
	}
	_, base, _ := rateStats(rates[0])
	for i, w := range counts {
		_, med, _ := rateStats(rates[i])
		b.ReportMetric(med/1e3, fmt.Sprintf("w%d-kitems/s", w))
		if w > 1 {
			b.ReportMetric(med/base, fmt.Sprintf("w%d-speedup", w))
		}
	}
	for _, p := range pools {
		p.Close()
		p.Join(ctx)
	}
}

// poolMapTrivial maps n trivial items once on p and returns the time it took.
func poolMapTrivial(b *testing.B, p *Pool, items []int) time.Duration {
	double := func(_ *Proc, x int) (int, error) { return 2 * x, nil }
	start := time.Now()
	res, err := Map(context.Background(), p, double, items)
	d := time.Since(start)
	if err != nil || len(res) != len(items) {
		b.Fatal(err)
	}
	return d
}

// BenchmarkScaling measures trivial tasks at 2 and at 64 workers, observed, in
// turn in every iteration: ApplyAsync with handles (1,000,000 tasks, pool start
// and end included, as the harness's handles workload) and Map of 1,000,000
// items on a started pool. The first iteration is a warm-up and is not counted.
// Metrics: each median rate, and the ratio of the 64-worker median to the
// 2-worker one (the target: at least 0.9 for both).
//
//	go test -run '^$' -bench Scaling -benchtime 8x ./pool
func BenchmarkScaling(b *testing.B) {
	items := make([]int, benchTasks)
	for i := range items {
		items[i] = i
	}
	counts := []int{2, 64}
	pools := make([]*Pool, len(counts))
	for i, w := range counts {
		p, stop := benchPool(b, w, true)
		defer stop()
		pools[i] = p
		poolMapTrivial(b, p, items[:1000])
	}
	var handles, maps [2][]float64
	warm := true
	for b.Loop() {
		for i, w := range counts {
			h := perSecond(benchTasks, poolHandles(b, w, benchTasks, true))
			m := perSecond(benchTasks, poolMapTrivial(b, pools[i], items))
			if !warm {
				handles[i] = append(handles[i], h)
				maps[i] = append(maps[i], m)
			}
		}
		warm = false
	}
	if len(handles[0]) == 0 {
		return
	}
	for name, r := range map[string][2][]float64{"apply": handles, "map": maps} {
		_, lo, _ := rateStats(r[0])
		_, hi, _ := rateStats(r[1])
		b.ReportMetric(lo/1e6, name+"-w2-M/s")
		b.ReportMetric(hi/1e6, name+"-w64-M/s")
		b.ReportMetric(hi/lo, name+"-w64/w2")
	}
	ctx := context.Background()
	for _, p := range pools {
		p.Close()
		p.Join(ctx)
	}
}

// BenchmarkHandleBytes measures what a task with a handle allocates: 10,000
// ApplyAsync calls on a started, detached pool of 2 workers, every handle
// kept and read, per iteration. Metric: bytes allocated per task, job and
// handle included (80 for an int task: the handle's fields are what every
// task needs), whatever the machine's load.
//
//	go test -run '^$' -bench HandleBytes ./pool
func BenchmarkHandleBytes(b *testing.B) {
	p, stop := benchPool(b, 2, false)
	defer stop()
	ctx := context.Background()
	task := func(_ *Proc, x int) (int, error) { return x + 1, nil }
	const n = 10_000
	hs := make([]*AsyncResult[int], n)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		for i := range n {
			var err error
			if hs[i], err = ApplyAsync(ctx, p, task, i); err != nil {
				b.Fatal(err)
			}
		}
		for _, h := range hs {
			if _, err := h.Get(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N*n), "B/task")
	b.ReportMetric(float64(unsafe.Sizeof(applyJob[int, int]{})), "B/job")
}
