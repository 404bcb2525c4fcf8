package pool_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"poolviz/pool"
)

// TestTerminateFromCallback: a callback may terminate its own pool, as CPython
// allows: Terminate returns, later results resolve with ErrTerminated, and Join
// returns.
func TestTerminateFromCallback(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(1))
		if err != nil {
			return err
		}
		terminated := make(chan error, 1)
		first, err := pool.ApplyAsync(ctx, pl, square, 3, pool.OnSuccess(func(int) {
			terminated <- pl.Terminate(context.Background())
		}))
		if err != nil {
			return err
		}
		later, err := pool.ApplyAsync(ctx, pl, sleepThen(time.Hour), 4)
		if err != nil {
			return err
		}
		if v, err := first.Get(ctx); v != 9 || err != nil {
			return fmt.Errorf("the result whose callback terminated the pool: %v, %v; want 9, nil", v, err)
		}
		if err := <-terminated; err != nil {
			return fmt.Errorf("Terminate from a callback: %v", err)
		}
		if _, err := later.Get(ctx); !errors.Is(err, pool.ErrTerminated) {
			return fmt.Errorf("a task after the terminating callback: %v, want ErrTerminated", err)
		}
		return pl.Join(ctx)
	})
}
