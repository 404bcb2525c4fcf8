package pool_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"poolviz/pool"
)

// TestTimeoutConvention pins what the README tells a caller to pass today: 0
// polls (ErrTimeout at once for work still running, the value for work done), a
// negative timeout waits with no limit.
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
		if _, err := r.Get(ctx, 0); !errors.Is(err, pool.ErrTimeout) {
			return fmt.Errorf("Get(ctx, 0) on running work: %v, want ErrTimeout", err)
		}
		if d := e.Now() - start; d >= time.Second {
			return fmt.Errorf("Get(ctx, 0) waited %v", d)
		}
		if v, err := r.Get(ctx, -1); v != 7 || err != nil {
			return fmt.Errorf("Get(ctx, -1): %v, %v; want 7", v, err)
		}
		if v, err := r.Get(ctx, 0); v != 7 || err != nil {
			return fmt.Errorf("Get(ctx, 0) on finished work: %v, %v; want 7", v, err)
		}
		return closeAndJoin(ctx, pl)
	})
}
