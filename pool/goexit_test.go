package pool_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"

	"poolviz/pool"
)

// exitOn is a task that squares x, and calls runtime.Goexit on bad, as t.FailNow
// or a library that ends its goroutine would.
func exitOn(bad int) pool.TaskFunc[int, int] {
	return func(_ *pool.Proc, x int) (int, error) {
		if x == bad {
			runtime.Goexit()
		}
		return x * x, nil
	}
}

// TestTaskGoexitFailsTheTask: a task that calls runtime.Goexit fails with
// ErrGoexit; its worker is replaced, the pool goes on, and Join returns. So it
// goes for apply_async, for a map's chunk, for a large chunk run in one piece
// (Parallel mode), and for Go.
func TestTaskGoexitFailsTheTask(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		if _, err := pool.Apply(ctx, pl, exitOn(3), 3); !errors.Is(err, pool.ErrGoexit) {
			return fmt.Errorf("apply of a task calling Goexit: %v, want ErrGoexit", err)
		}
		if _, err := pool.Map(ctx, pl, exitOn(5), ints(8), pool.Chunksize(4)); !errors.Is(err, pool.ErrGoexit) {
			return fmt.Errorf("map with an item calling Goexit: %v, want ErrGoexit", err)
		}
		if _, err := pool.Map(ctx, pl, exitOn(700), ints(1000), pool.Chunksize(500)); !errors.Is(err, pool.ErrGoexit) {
			return fmt.Errorf("map with a large chunk calling Goexit: %v, want ErrGoexit", err)
		}
		if err := pl.Go(ctx, func(*pool.Proc) error { runtime.Goexit(); return nil }); err != nil {
			return err
		}
		got, err := pool.Map(ctx, pl, square, ints(20))
		if err != nil || len(got) != 20 || got[19] != 361 {
			return fmt.Errorf("map after the Goexits: %v, %v; the pool must go on", got, err)
		}
		if err := closeAndJoin(ctx, pl); err != nil {
			return err
		}
		c := pl.Counters()
		if c.Submitted != 1+8+1000+1+20 || c.Succeeded+c.Failed != c.Submitted {
			return fmt.Errorf("counters %+v: every submitted task must end once", c)
		}
		return nil
	})
}

// TestInitializerGoexitBreaksThePool: an initializer that calls runtime.Goexit
// fails as one that returns an error does: the pool is broken, with ErrGoexit as
// the cause, and Join returns.
func TestInitializerGoexitBreaksThePool(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(2), pool.WithInitializer(func(*pool.Proc, int) error {
			runtime.Goexit()
			return nil
		}, 0))
		if err != nil {
			return err
		}
		r, err := pool.ApplyAsync(ctx, pl, square, 2)
		if err == nil {
			_, err = r.Get(ctx)
		}
		if !errors.Is(err, pool.ErrBroken) || !errors.Is(err, pool.ErrGoexit) {
			return fmt.Errorf("a task of a pool whose initializer called Goexit: %v, want ErrBroken caused by ErrGoexit", err)
		}
		return closeAndJoin(ctx, pl)
	})
}

// TestCallbackGoexitKeepsTheHandler: a callback that calls runtime.Goexit does
// not stop the result handler: its result still resolves, and later callbacks run.
func TestCallbackGoexitKeepsTheHandler(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		var ran atomic.Int32
		first, err := pool.ApplyAsync(ctx, pl, square, 2, pool.OnSuccess(func(int) { runtime.Goexit() }))
		if err != nil {
			return err
		}
		second, err := pool.ApplyAsync(ctx, pl, square, 3, pool.OnSuccess(func(int) { ran.Add(1) }))
		if err != nil {
			return err
		}
		if v, err := first.Get(ctx); v != 4 || err != nil {
			return fmt.Errorf("the result whose callback called Goexit: %v, %v; want 4, nil", v, err)
		}
		if v, err := second.Get(ctx); v != 9 || err != nil || ran.Load() != 1 {
			return fmt.Errorf("the next result: %v, %v, its callback ran %d times; want 9, nil, once", v, err, ran.Load())
		}
		return closeAndJoin(ctx, pl)
	})
}
