package pool_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"poolviz/pool"
)

// TestCancelledContextIsRefused: work submitted with a context that is already
// done is refused with the context's error and never runs.
func TestCancelledContextIsRefused(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		done, cancel := context.WithCancel(ctx)
		cancel()
		var ran atomic.Int32
		task := func(_ *pool.Proc, x int) (int, error) { ran.Add(1); return x, nil }
		_, errApply := pool.ApplyAsync(done, pl, task, 1)
		_, errMap := pool.MapAsync(done, pl, task, ints(4))
		_, errImap := pool.Imap(done, pl, task, ints(4))
		errGo := pl.Go(done, func(*pool.Proc) error { ran.Add(1); return nil })
		for name, err := range map[string]error{"ApplyAsync": errApply, "MapAsync": errMap, "Imap": errImap, "Go": errGo} {
			if !errors.Is(err, context.Canceled) {
				return fmt.Errorf("%s with a cancelled context: %v, want context.Canceled", name, err)
			}
		}
		if err := closeAndJoin(ctx, pl); err != nil {
			return err
		}
		if c := pl.Counters(); ran.Load() != 0 || c.Submitted != 0 {
			return fmt.Errorf("refused work ran %d times, %d tasks submitted", ran.Load(), c.Submitted)
		}
		return nil
	})
}
