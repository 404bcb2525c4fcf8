package pool_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"poolviz/pool"
)

// TestCloseDuringMapAsyncDropsNothing closes the pool from another goroutine (the
// first task of a large MapAsync, so that it comes while the call may still be
// submitting): a MapAsync that returned no error must run whole, as an accepted
// map does in CPython; one that returned an error must have been refused as
// closed. Before, the chunks submitted after the Close failed with ErrClosed.
func TestCloseDuringMapAsyncDropsNothing(t *testing.T) {
	ctx := context.Background()
	const n = 50_000
	for round := range 3 {
		e := pool.NewEngine(pool.Parallel)
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			t.Fatal(err)
		}
		var closeOnce sync.Once
		r, err := pool.MapAsync(ctx, pl, func(_ *pool.Proc, x int) (int, error) {
			closeOnce.Do(pl.Close)
			return x * x, nil
		}, ints(n), pool.Chunksize(1))
		if err != nil {
			if !errors.Is(err, pool.ErrClosed) {
				t.Fatalf("round %d: MapAsync refused with %v, want ErrClosed", round, err)
			}
		} else {
			got, err := r.Get(ctx)
			if err != nil || len(got) != n || got[n-1] != (n-1)*(n-1) {
				e.Shutdown()
				t.Fatalf("round %d: an accepted MapAsync ended with %v (%d results): accepted work was dropped", round, err, len(got))
			}
		}
		if err := pl.Join(ctx); err != nil {
			t.Fatal(err)
		}
		e.Shutdown()
	}
}
