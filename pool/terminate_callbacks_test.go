package pool_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"poolviz/pool"
)

// TestTerminateRunsNoCallbacks: as in CPython, Terminate runs no callback: of
// 100 pending ApplyAsync with callbacks, the running one and the queued ones all
// resolve with ErrTerminated, and neither kind of callback runs for any of them.
func TestTerminateRunsNoCallbacks(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(1))
		if err != nil {
			return err
		}
		var calls atomic.Int32
		var rs []*pool.AsyncResult[int]
		for i := range 100 {
			r, err := pool.ApplyAsync(ctx, pl, sleepThen(time.Hour), i,
				pool.OnSuccess(func(int) { calls.Add(1) }), pool.OnError(func(error) { calls.Add(1) }))
			if err != nil {
				return err
			}
			rs = append(rs, r)
		}
		if err := pl.Terminate(ctx); err != nil {
			return err
		}
		if err := pl.Join(ctx); err != nil {
			return err
		}
		for _, r := range rs {
			if _, err := r.Get(ctx); !errors.Is(err, pool.ErrTerminated) {
				return fmt.Errorf("task %d after Terminate: %v, want ErrTerminated", r.Task(), err)
			}
		}
		if n := calls.Load(); n != 0 {
			return fmt.Errorf("%d callbacks ran after Terminate, want none", n)
		}
		return nil
	})
}
