package pool_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"poolviz/pool"
)

// TestTimeoutConvention pins the rule the package doc gives: the plain call
// waits with no limit, Timeout(0) polls (ErrTimeout at once for work still
// running, the value for work done), a negative Timeout polls too (as an expired
// deadline does), and the zero WaitOption changes nothing.
func TestTimeoutConvention(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(1))
		if err != nil {
			return err
		}
		slow := func(w *pool.Proc, x int) (int, error) { return x, w.Sleep(time.Second) }
		r, err := pool.ApplyAsync(ctx, pl, slow, 7)
		if err != nil {
			return err
		}
		start := e.Now()
		for _, d := range []time.Duration{0, -time.Second} {
			if _, err := r.Get(ctx, pool.Timeout(d)); !errors.Is(err, pool.ErrTimeout) {
				return fmt.Errorf("Get(ctx, Timeout(%v)) on running work: %v, want ErrTimeout", d, err)
			}
		}
		if d := e.Now() - start; d >= time.Second {
			return fmt.Errorf("Get(ctx, Timeout(0)) waited %v", d)
		}
		if v, err := r.Get(ctx, pool.WaitOption{}); v != 7 || err != nil {
			return fmt.Errorf("Get(ctx, WaitOption{}): %v, %v; want 7 after a wait with no limit", v, err)
		}
		if d := e.Now() - start; d < time.Second {
			return fmt.Errorf("Get(ctx, WaitOption{}) came back after %v, before the task's 1s", d)
		}
		if v, err := r.Get(ctx); v != 7 || err != nil {
			return fmt.Errorf("Get(ctx): %v, %v; want 7", v, err)
		}
		if v, err := r.Get(ctx, pool.Timeout(0)); v != 7 || err != nil {
			return fmt.Errorf("Get(ctx, Timeout(0)) on finished work: %v, %v; want 7", v, err)
		}
		return closeAndJoin(ctx, pl)
	})
}

// TestTimeoutLastOptionWins checks that of several options the last one counts,
// so that a helper can add a default bound and its caller override it.
func TestTimeoutLastOptionWins(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		q := pool.NewQueue[int](e, "empty", 0)
		start := e.Now()
		if _, err := q.Get(ctx, pool.Timeout(time.Hour), pool.Timeout(50*time.Millisecond)); !errors.Is(err, pool.ErrEmpty) {
			return fmt.Errorf("Get with Timeout(1h) then Timeout(50ms): %v, want ErrEmpty", err)
		}
		if d := e.Now() - start; d < 50*time.Millisecond || d >= time.Hour {
			return fmt.Errorf("Get with Timeout(1h) then Timeout(50ms) waited %v, want 50ms", d)
		}
		return nil
	})
}
