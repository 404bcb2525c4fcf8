package cli

import (
	"io"
	"runtime"
	"testing"

	"poolviz/pool"
	"poolviz/scenarios"
)

// BenchmarkHeadlessSharedQueue100k runs the headless account of shared-queue
// with 100,000 tasks into io.Discard, the whole path a `run --headless` takes,
// and reports the bytes allocated and the events played per event and second.
func BenchmarkHeadlessSharedQueue100k(b *testing.B) {
	run, events := sharedQueue100k(b)
	perEvent(b, events, func() {
		if code, err := runHeadless(io.Discard, run); code != exitOK || err != nil {
			b.Fatalf("exit %d, %v", code, err)
		}
	})
}

// BenchmarkEngineSharedQueue100k runs the same run on a bare engine, drained
// into one reused buffer every 4096 events: the floor under the headless
// account's cost.
func BenchmarkEngineSharedQueue100k(b *testing.B) {
	run, events := sharedQueue100k(b)
	var dst []pool.Event
	perEvent(b, events, func() {
		e := run.Start()
		for !e.Idle() {
			_, _ = e.RunEvents(4096)
			dst = e.Drain(dst[:0])
		}
		e.Shutdown()
	})
}

// perEvent times run in a benchmark loop and reports its cost per event of a
// run of events events: bytes allocated and events played a second.
func perEvent(b *testing.B, events int, run func()) {
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		run()
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	total := float64(events) * float64(b.N)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/total, "B/event")
	b.ReportMetric(total*1e9/float64(b.Elapsed().Nanoseconds()), "events/s")
}

// sharedQueue100k resolves the benchmarks' run, shared-queue with 100,000
// tasks, and counts its events.
func sharedQueue100k(b *testing.B) (scenarios.Run, int) {
	b.Helper()
	run, err := scenarios.Resolve("shared-queue", scenarios.Params{Tasks: 100_000}, scenarios.GivenTasks)
	if err != nil {
		b.Fatal(err)
	}
	return run, countEvents(b, run)
}

// countEvents plays the run once on a bare engine and counts its events.
func countEvents(b *testing.B, run scenarios.Run) int {
	b.Helper()
	e := run.Start()
	defer e.Shutdown()
	n := 0
	var dst []pool.Event
	for !e.Idle() {
		if _, err := e.RunEvents(4096); err != nil {
			b.Fatal(err)
		}
		dst = e.Drain(dst[:0])
		n += len(dst)
	}
	return n
}
