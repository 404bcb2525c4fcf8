package pool_test

import (
	"context"
	"runtime"
	"testing"

	"poolviz/picture"
	"poolviz/pool"
)

// TestParallelCountsExactWhileShedding folds every Drain of a Parallel run
// whose rings are far too small, drained all along as a viewer does, and
// checks that the picture's task counts are exact: every task's end is
// counted once, whether its event was kept or shed.
func TestParallelCountsExactWhileShedding(t *testing.T) {
	const tasks = 200000
	for round := range 6 {
		e := pool.NewEngine(pool.Parallel, pool.WithObserver(64), pool.WithWatchdog(0))
		var s picture.State
		done := make(chan struct{})
		e.Start(func(p *pool.Proc) error {
			defer close(done)
			pl, err := pool.New(e, pool.Workers(32))
			if err != nil {
				return err
			}
			for i := range tasks {
				var err error
				if i%3 == 0 {
					_, err = pool.ApplyAsync(p, pl, func(_ *pool.Proc, x int) (int, error) { return x, nil }, i)
				} else {
					_, err = pool.ApplyAsync(p, pl, func(_ *pool.Proc, x int) (int, error) { return 0, context.Canceled }, i)
				}
				if err != nil {
					return err
				}
			}
			pl.Close()
			return pl.Join(p)
		})
		var buf []pool.Event
		for drained := false; !drained; {
			select {
			case <-done:
				drained = true
			default:
				runtime.Gosched()
			}
			buf = e.Drain(buf[:0])
			for _, ev := range buf {
				s.Apply(ev)
			}
		}
		e.Shutdown()
		for _, ev := range e.Drain(buf[:0]) {
			s.Apply(ev)
		}
		if s.Coalesced == 0 {
			t.Logf("round %d shed nothing", round)
		}
		want := picture.TaskCounts{Submitted: tasks, Succeeded: (tasks + 2) / 3, Failed: tasks - (tasks+2)/3}
		if got := s.Counts; got.Submitted != want.Submitted || got.Succeeded != want.Succeeded || got.Failed != want.Failed {
			t.Fatalf("round %d: counts %+v, want %+v (%d events shed)", round, got, want, s.Coalesced)
		}
	}
}
