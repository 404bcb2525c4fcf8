package pool_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"poolviz/pool"
)

// TestChunksizeBelowOneIsRefused: Map, MapAsync, Imap and ImapUnordered refuse a
// chunk size below 1 with an error that says what is allowed, as CPython raises
// ValueError, and submit nothing.
func TestChunksizeBelowOneIsRefused(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		calls := map[string]func(n int) error{
			"Map": func(n int) error {
				_, err := pool.Map(ctx, pl, square, ints(5), pool.Chunksize(n))
				return err
			},
			"MapAsync": func(n int) error {
				_, err := pool.MapAsync(ctx, pl, square, ints(5), pool.Chunksize(n))
				return err
			},
			"Imap": func(n int) error {
				_, err := pool.Imap(ctx, pl, square, ints(5), pool.Chunksize(n))
				return err
			},
			"ImapUnordered": func(n int) error {
				_, err := pool.ImapUnordered(ctx, pl, square, ints(5), pool.Chunksize(n))
				return err
			},
		}
		for name, call := range calls {
			for _, n := range []int{0, -3} {
				err := call(n)
				if !errors.Is(err, pool.ErrChunksize) || !strings.Contains(err.Error(), "at least 1") || !strings.Contains(err.Error(), fmt.Sprint(n)) {
					return fmt.Errorf("%s with chunksize %d: %v, want ErrChunksize naming %d and what is allowed", name, n, err, n)
				}
			}
		}
		if c := pl.Counters(); c.Submitted != 0 {
			return fmt.Errorf("refused calls submitted %d tasks", c.Submitted)
		}
		return closeAndJoin(ctx, pl)
	})
}
