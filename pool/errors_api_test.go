package pool_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"poolviz/pool"
)

// TestNotRunningMatchesEveryStop: one error, ErrNotRunning, tells with errors.Is
// that a pool refused work because it is not running, whether it was closed,
// terminated or broken; the specific errors still match too.
func TestNotRunningMatchesEveryStop(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		closed, err := pool.New(e, pool.Workers(1))
		if err != nil {
			return err
		}
		closed.Close()
		terminated, err := pool.New(e, pool.Workers(1))
		if err != nil {
			return err
		}
		if err := terminated.Terminate(ctx); err != nil {
			return err
		}
		broken, err := pool.New(e, pool.Workers(1), pool.WithInitializer(func(*pool.Proc, int) error { return errBoom }, 0))
		if err != nil {
			return err
		}
		if _, err := pool.Apply(ctx, broken, square, 1); !errors.Is(err, pool.ErrBroken) {
			return fmt.Errorf("a task of a broken pool: %v, want ErrBroken", err)
		}
		for _, c := range []struct {
			name     string
			pl       *pool.Pool
			specific error
		}{{"closed", closed, pool.ErrClosed}, {"terminated", terminated, pool.ErrTerminated}, {"broken", broken, pool.ErrBroken}} {
			_, err := pool.ApplyAsync(ctx, c.pl, square, 1)
			if !errors.Is(err, pool.ErrNotRunning) || !errors.Is(err, c.specific) {
				return fmt.Errorf("ApplyAsync on a %s pool: %v, want ErrNotRunning and %v", c.name, err, c.specific)
			}
			_, err = pool.MapAsync(ctx, c.pl, square, ints(3))
			if !errors.Is(err, pool.ErrNotRunning) {
				return fmt.Errorf("MapAsync on a %s pool: %v, want ErrNotRunning", c.name, err)
			}
			if err := c.pl.Join(ctx); err != nil {
				return err
			}
		}
		if errors.Is(errBoom, pool.ErrNotRunning) || errors.Is(pool.ErrTimeout, pool.ErrNotRunning) {
			return errors.New("ErrNotRunning matches errors that are not about the pool's state")
		}
		return nil
	})
}

// TestNewRefusalsAreSentinels: New's refusals match sentinel errors and name the
// value given.
func TestNewRefusalsAreSentinels(t *testing.T) {
	e := newParallel(t)
	if _, err := pool.New(e, pool.Workers(0)); !errors.Is(err, pool.ErrWorkers) {
		t.Errorf("New with 0 workers: %v, want ErrWorkers", err)
	}
	if _, err := pool.New(e, pool.Workers(-2)); !errors.Is(err, pool.ErrWorkers) || err.Error() != "pool: workers must be at least 1, got -2" {
		t.Errorf("New with -2 workers: %v, want ErrWorkers naming -2", err)
	}
	if _, err := pool.New(e, pool.Workers(1), pool.MaxTasksPerChild(-1)); !errors.Is(err, pool.ErrMaxTasks) {
		t.Errorf("New with maxtasksperchild -1: %v, want ErrMaxTasks", err)
	}
}
