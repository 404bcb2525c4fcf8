package pool

import (
	"context"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"
)

// benchTasks is the size of one measured batch, as the targets are stated.
const benchTasks = 1_000_000

// barePool is the baseline: the simplest worker pool Go allows, a channel of funcs.
type barePool struct {
	ch chan func()
	wg sync.WaitGroup
}

func newBarePool(workers int) *barePool {
	b := &barePool{ch: make(chan func(), 1024)}
	for range workers {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			for f := range b.ch {
				f()
			}
		}()
	}
	return b
}

func (b *barePool) close() { close(b.ch); b.wg.Wait() }

// bareHandles runs n trivial tasks on the bare pool, each with a result handle
// (a WaitGroup-free done flag and a value), and waits for all.
func bareHandles(workers, n int) time.Duration {
	type handle struct {
		v    int
		done chan struct{}
	}
	start := time.Now()
	b := newBarePool(workers)
	var wg sync.WaitGroup
	wg.Add(n)
	hs := make([]int, n)
	for i := range n {
		b.ch <- func() { hs[i] = i + 1; wg.Done() }
	}
	wg.Wait()
	b.close()
	_ = handle{}
	return time.Since(start)
}

// drainLikeTheUI drains e at about 30 frames a second until stop closes.
func drainLikeTheUI(e *Engine, stop <-chan struct{}, done chan<- int) {
	var buf []Event
	total := 0
	t := time.NewTicker(33 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			buf = e.Drain(buf[:0])
			done <- total + len(buf)
			return
		case <-t.C:
			buf = e.Drain(buf[:0])
			total += len(buf)
		}
	}
}

// benchPool starts a Parallel engine, its watchdog off, and a pool of workers;
// observed attaches an observer drained at 30 frames a second, as the viewer
// does. stop ends the drainer and shuts the engine down; close and join the
// pool first, when its end is part of what is timed.
func benchPool(b *testing.B, workers int, observed bool) (p *Pool, stop func()) {
	opts := []EngineOption{WithWatchdog(0)}
	if observed {
		opts = append(opts, WithObserver(0))
	}
	e := NewEngine(Parallel, opts...)
	quit, drained := make(chan struct{}), make(chan int, 1)
	if observed {
		go drainLikeTheUI(e, quit, drained)
	}
	p, err := New(e, Workers(workers))
	if err != nil {
		b.Fatal(err)
	}
	return p, func() {
		if observed {
			close(quit)
			<-drained
		}
		e.Shutdown()
	}
}

// poolHandles runs n trivial ApplyAsync tasks in Parallel mode, keeps every
// handle, and gets every result.
func poolHandles(b *testing.B, workers, n int, observed bool) time.Duration {
	start := time.Now()
	p, stop := benchPool(b, workers, observed)
	ctx := context.Background()
	task := func(_ *Proc, x int) (int, error) { return x + 1, nil }
	hs := make([]*AsyncResult[int], n)
	var err error
	for i := range n {
		if hs[i], err = ApplyAsync(ctx, p, task, i); err != nil {
			b.Fatal(err)
		}
	}
	for _, h := range hs {
		if _, err := h.Get(ctx); err != nil {
			b.Fatal(err)
		}
	}
	p.Close()
	if err := p.Join(ctx); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	stop()
	return elapsed
}

func perSecond(n int, d time.Duration) float64 { return float64(n) / d.Seconds() }

// BenchmarkApplyAsyncVsBare measures ApplyAsync with handles, observer attached
// and detached, against the bare channel pool, in the same run. Metrics:
// Mtasks/s of each and the ratios the targets are stated in.
func BenchmarkApplyAsyncVsBare(b *testing.B) {
	workers := runtime.NumCPU()
	var bare, obs, det float64
	for b.Loop() {
		bare += perSecond(benchTasks, bareHandles(workers, benchTasks))
		obs += perSecond(benchTasks, poolHandles(b, workers, benchTasks, true))
		det += perSecond(benchTasks, poolHandles(b, workers, benchTasks, false))
	}
	n := float64(b.N)
	b.ReportMetric(bare/n/1e6, "bare-Mtasks/s")
	b.ReportMetric(obs/n/1e6, "observed-Mtasks/s")
	b.ReportMetric(det/n/1e6, "detached-Mtasks/s")
	b.ReportMetric(obs/det, "observed/detached")
}

// BenchmarkMap measures Map of 1,000,000 trivial items with the default chunk
// size on a started pool in Parallel mode, observed, as Python's pool.map is
// timed on a started pool; the baseline is a plain loop on one goroutine. The
// result slice is allocated by each call, as Python builds its result list.
func BenchmarkMap(b *testing.B) {
	items := make([]int, benchTasks)
	for i := range items {
		items[i] = i
	}
	double := func(_ *Proc, x int) (int, error) { return 2 * x, nil }
	p, stop := benchPool(b, runtime.NumCPU(), true)
	defer stop()
	ctx := context.Background()
	if _, err := Map(ctx, p, double, items); err != nil { // warm: workers started
		b.Fatal(err)
	}
	var pool, loop time.Duration
	for b.Loop() {
		start := time.Now()
		out := make([]int, len(items))
		p0 := &Proc{}
		for i, x := range items {
			out[i], _ = double(p0, x)
		}
		loop += time.Since(start)

		start = time.Now()
		res, err := Map(ctx, p, double, items)
		if err != nil || len(res) != len(items) {
			b.Fatal(err)
		}
		pool += time.Since(start)
	}
	n := float64(b.N) * benchTasks
	b.ReportMetric(n/pool.Seconds()/1e6, "Mitems/s")
	b.ReportMetric(n/loop.Seconds()/1e6, "loop-Mitems/s")
	p.Close()
	p.Join(ctx)
}

// BenchmarkMapFreshEngine times what a program pays for one Map on an engine
// of its own: engine and pool started, 1,000,000 items mapped, pool joined and
// engine shut down, observed or detached in a seeded random order in the same
// run. The ratio observed/detached guards the observer's start-up cost: its
// event rings once were allocations large enough to fragment the heap, so that
// each Map's result landed on pages the runtime had returned to the system.
//
// The order is random because strict alternation is biased: each Map allocates
// 8 MB, a collection starts about every second Map, and alternating put it in
// the same one of the two every time.
func BenchmarkMapFreshEngine(b *testing.B) {
	items := make([]int, benchTasks)
	for i := range items {
		items[i] = i
	}
	double := func(_ *Proc, x int) (int, error) { return 2 * x, nil }
	ctx := context.Background()
	once := func(observed bool) time.Duration {
		start := time.Now()
		p, stop := benchPool(b, runtime.NumCPU(), observed)
		if res, err := Map(ctx, p, double, items); err != nil || len(res) != len(items) {
			b.Fatal(err)
		}
		p.Close()
		if err := p.Join(ctx); err != nil {
			b.Fatal(err)
		}
		stop()
		return time.Since(start)
	}
	var obs, det time.Duration
	var nobs, ndet float64
	order := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		if order.IntN(2) == 0 {
			obs += once(true)
			nobs++
		} else {
			det += once(false)
			ndet++
		}
	}
	if nobs == 0 || ndet == 0 {
		return // too few iterations to compare
	}
	b.ReportMetric(nobs*benchTasks/obs.Seconds()/1e6, "observed-Mitems/s")
	b.ReportMetric(ndet*benchTasks/det.Seconds()/1e6, "detached-Mitems/s")
	b.ReportMetric((nobs/obs.Seconds())/(ndet/det.Seconds()), "observed/detached")
}

// BenchmarkSimulatedSteps measures the Simulated scheduler: a 4-worker pool
// maps 100,000 tasks, one a chunk, that each sleep a random time. A step is one
// event, the unit the viewer steps by (RunEvents counts them), so the rate the
// target is stated in is steps/s, events logged and drained per second of run
// time. The baton hand-offs behind them (Engine.HandOffs) are reported beside,
// under their own name: several events can come of one hand-off.
func BenchmarkSimulatedSteps(b *testing.B) {
	const tasks = 100_000
	var handOffs, secs float64
	steps := 0
	for b.Loop() {
		e := NewEngine(Simulated, WithSeed(1))
		var drained int
		e.Start(func(p *Proc) error {
			pl, err := New(e, Workers(4))
			if err != nil {
				return err
			}
			items := make([]int, tasks)
			_, err = Map(p, pl, func(p *Proc, x int) (int, error) {
				return x, p.Sleep(time.Duration(p.Rand().IntN(1000)) * time.Millisecond)
			}, items, Chunksize(1))
			pl.Close()
			pl.Join(p)
			return err
		})
		start := time.Now()
		var buf []Event
		for e.Live() > 0 {
			e.RunEvents(100_000)
			buf = e.Drain(buf[:0])
			drained += len(buf)
			if e.Idle() {
				break
			}
		}
		secs += time.Since(start).Seconds()
		handOffs += float64(e.HandOffs())
		steps += drained
		e.Shutdown()
	}
	b.ReportMetric(float64(steps)/secs/1e6, "Msteps/s")
	b.ReportMetric(handOffs/secs/1e6, "Mhandoffs/s")
	b.ReportMetric(float64(steps)/float64(b.N), "steps/run")
	b.ReportMetric(secs/float64(b.N), "s/100k-tasks")
}
