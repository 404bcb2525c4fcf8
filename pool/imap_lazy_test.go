package pool_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"poolviz/pool"
)

// TestImapAbandonedEarlySubmitsLittle: Imap submits a bounded window ahead of
// its consumer, as CPython 3.14's buffersize, so a loop over 100,000 items that
// stops after three has submitted at most the window and three more, before and
// after Close and Join.
func TestImapAbandonedEarlySubmitsLittle(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		const window = 8
		seq, err := pool.Imap(ctx, pl, square, ints(100_000), pool.Buffersize(window))
		if err != nil {
			return err
		}
		if n := pl.Counters().Submitted; n != window {
			return fmt.Errorf("Imap submitted %d tasks before the loop, want the window of %d", n, window)
		}
		taken := 0
		for _, err := range seq {
			if err != nil {
				return err
			}
			if taken++; taken == 3 {
				break
			}
		}
		if err := closeAndJoin(ctx, pl); err != nil {
			return err
		}
		c := pl.Counters()
		if c.Submitted > window+3 || c.Succeeded+c.Failed != c.Submitted {
			return fmt.Errorf("after taking 3 results: counters %+v, want at most %d submitted, each ended", c, window+3)
		}
		return nil
	})
}

// TestImapUnreadRunsWholeOnClose: an Imap that was accepted runs whole when the
// pool is closed, even if its loop never ran: Close submits what the window held
// back, so Join never waits on a consumer, and the results are there to read.
func TestImapUnreadRunsWholeOnClose(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		seq, err := pool.Imap(ctx, pl, square, ints(500), pool.Buffersize(4))
		if err != nil {
			return err
		}
		if err := closeAndJoin(ctx, pl); err != nil {
			return err
		}
		if c := pl.Counters(); c.Submitted != 500 || c.Succeeded != 500 {
			return fmt.Errorf("counters %+v after Close and Join, want all 500 submitted and run", c)
		}
		got, err := collect(seq)
		if err != nil || len(got) != 500 || got[499] != 499*499 {
			return fmt.Errorf("reading after Join: %d values, %v; want all 500", len(got), err)
		}
		return nil
	})
}

// TestBuffersizeBelowOneIsRefused: a buffer size below 1 is refused, as CPython
// 3.14 raises ValueError.
func TestBuffersizeBelowOneIsRefused(t *testing.T) {
	_, pl := newParallelPool(t, 1)
	if _, err := pool.ImapUnordered(context.Background(), pl, square, ints(3), pool.Buffersize(0)); !errors.Is(err, pool.ErrBuffersize) {
		t.Fatalf("ImapUnordered with buffersize 0: %v, want ErrBuffersize", err)
	}
}
