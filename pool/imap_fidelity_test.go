package pool_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"poolviz/pool"
)

// failAt7 squares x, and fails on 7.
func failAt7(_ *pool.Proc, x int) (int, error) {
	if x == 7 {
		return 0, errBoom
	}
	return x * x, nil
}

// drainAll reads every pair an imap iterator yields, going on after errors as a
// loop that only logs them would: values as numbers, errors as "error".
func drainAll(seq func(func(int, error) bool)) []string {
	var got []string
	for v, err := range seq {
		if err != nil {
			got = append(got, "error")
			continue
		}
		got = append(got, fmt.Sprint(v))
	}
	return got
}

// TestImapChunkFailureEndsIteration: as in CPython, a chunked imap loses its
// failing chunk whole and ends at the error: items 6 and 7 share a chunk, so a
// source failing at item 7 of 20 with chunksize 2 gives 6 values, the error, and
// nothing after it.
func TestImapChunkFailureEndsIteration(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		seq, err := pool.Imap(ctx, pl, failAt7, ints(20), pool.Chunksize(2))
		if err != nil {
			return err
		}
		got := drainAll(seq)
		want := []string{"0", "1", "4", "9", "16", "25", "error"}
		if !slices.Equal(got, want) {
			return fmt.Errorf("chunked imap yielded %v, want %v", got, want)
		}
		return closeAndJoin(ctx, pl)
	})
}

// TestImapUnorderedChunkFailureEndsIteration: chunked imap_unordered also ends
// at its first failing chunk, and never yields an item of that chunk.
func TestImapUnorderedChunkFailureEndsIteration(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		seq, err := pool.ImapUnordered(ctx, pl, failAt7, ints(20), pool.Chunksize(2))
		if err != nil {
			return err
		}
		got := drainAll(seq)
		if len(got) == 0 || got[len(got)-1] != "error" || slices.Index(got, "error") != len(got)-1 {
			return fmt.Errorf("chunked imap_unordered yielded %v: want values, then one error, then nothing", got)
		}
		if slices.Contains(got, "36") {
			return fmt.Errorf("chunked imap_unordered yielded %v: 36 is in the failing chunk, which is lost whole", got)
		}
		return closeAndJoin(ctx, pl)
	})
}

// TestImapUnchunkedGoesOnAfterAnError: with chunks of one item, as in CPython,
// an item's error is that item's alone, and the items after it still come.
func TestImapUnchunkedGoesOnAfterAnError(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		seq, err := pool.Imap(ctx, pl, failAt7, ints(10))
		if err != nil {
			return err
		}
		var errs []error
		var vals []int
		for v, err := range seq {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			vals = append(vals, v)
		}
		if len(errs) != 1 || !errors.Is(errs[0], errBoom) || !slices.Equal(vals, []int{0, 1, 4, 9, 16, 25, 36, 64, 81}) {
			return fmt.Errorf("imap yielded %v and errors %v; want every square but 49's and one errBoom", vals, errs)
		}
		return closeAndJoin(ctx, pl)
	})
}

// TestImapCancelledContextEndsLoop: a Parallel imap loop whose context is
// cancelled, and which goes on after errors, gets the context's error once and
// then ends, instead of getting it forever.
func TestImapCancelledContextEndsLoop(t *testing.T) {
	_, pl := newParallelPool(t, 2)
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	started := make(chan struct{}, 4)
	seq, err := pool.Imap(ctx, pl, func(_ *pool.Proc, x int) (int, error) {
		started <- struct{}{}
		<-release
		return x, nil
	}, ints(4))
	if err != nil {
		t.Fatal(err)
	}
	<-started
	cancel()
	var errs []error
	for _, err := range seq {
		if err != nil {
			errs = append(errs, err)
			if len(errs) > 3 {
				break
			}
		}
	}
	close(release)
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Fatalf("a cancelled imap loop got errors %v, want context.Canceled once", errs)
	}
	if err := closeAndJoin(context.Background(), pl); err != nil {
		t.Fatal(err)
	}
}

// TestImapTerminatedCallerEndsLoop: in Simulated mode, a task of pool a loops
// over an imap of pool b, going on after errors; when a is terminated, the loop
// gets ErrTerminated once and ends, though b still runs.
func TestImapTerminatedCallerEndsLoop(t *testing.T) {
	var errs []error
	mustSim(t, 1, func(p *pool.Proc) error {
		a, err := pool.New(p.Engine(), pool.Workers(1), pool.WithName("a"))
		if err != nil {
			return err
		}
		b, err := pool.New(p.Engine(), pool.Workers(1), pool.WithName("b"))
		if err != nil {
			return err
		}
		loop, err := pool.ApplyAsync(p, a, func(w *pool.Proc, _ int) (int, error) {
			seq, err := pool.Imap(w, b, sleepThen(time.Hour), ints(4))
			if err != nil {
				return 0, err
			}
			for _, err := range seq {
				if err != nil {
					errs = append(errs, err)
				}
			}
			return 0, nil
		}, 0)
		if err != nil {
			return err
		}
		if err := p.Sleep(time.Second); err != nil {
			return err
		}
		if err := a.Terminate(p); err != nil {
			return err
		}
		if err := a.Join(p); err != nil {
			return err
		}
		if !loop.Ready() {
			return errors.New("the terminated task's handle is not ready")
		}
		return b.Terminate(p)
	})
	if len(errs) != 1 || !errors.Is(errs[0], pool.ErrTerminated) {
		t.Fatalf("the interrupted imap loop got errors %v, want ErrTerminated once", errs)
	}
}
