package pool_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"poolviz/pool"
)

// calls records what callbacks ran with; callbacks run on the result handler, so
// it locks.
type calls struct {
	mu   sync.Mutex
	seen []string
}

func (c *calls) add(format string, a ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen = append(c.seen, fmt.Sprintf(format, a...))
}

func (c *calls) list() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.seen)
}

// TestMapCallbacksAreOptions: MapAsync and StarmapAsync take OnSuccess and
// OnError in the same list as Chunksize, and OnError needs no type argument.
func TestMapCallbacksAreOptions(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		var got calls
		ok := pool.OnSuccess(func(vs []int) { got.add("ok %v", vs) })
		bad := pool.OnError(func(err error) { got.add("error %v", errors.Is(err, errBoom)) })
		m, err := pool.MapAsync(ctx, pl, square, ints(4), pool.Chunksize(3), ok, bad)
		if err != nil {
			return err
		}
		if _, err := m.Get(ctx); err != nil {
			return err
		}
		f, err := pool.MapAsync(ctx, pl, failOn(2), ints(4), ok, pool.Chunksize(1), bad)
		if err != nil {
			return err
		}
		if _, err := f.Get(ctx); !errors.Is(err, errBoom) {
			return fmt.Errorf("map with a failing item: %v, want errBoom", err)
		}
		mul := func(_ *pool.Proc, a, b int) (int, error) { return a * b, nil }
		s, err := pool.StarmapAsync(ctx, pl, mul, []pool.Pair[int, int]{{First: 2, Second: 3}}, ok, bad)
		if err != nil {
			return err
		}
		if _, err := s.Get(ctx); err != nil {
			return err
		}
		want := []string{"ok [0 1 4 9]", "error true", "ok [6]"}
		if g := got.list(); !slices.Equal(g, want) {
			return fmt.Errorf("callbacks ran with %q, want %q", g, want)
		}
		return closeAndJoin(ctx, pl)
	})
}

// failOn returns a task that squares its item and fails with errBoom on bad.
func failOn(bad int) pool.TaskFunc[int, int] {
	return func(_ *pool.Proc, x int) (int, error) {
		if x == bad {
			return 0, errBoom
		}
		return x * x, nil
	}
}

// TestCallbackOfAnotherTypeIsRefused: an OnSuccess whose parameter is not the
// call's result type makes the call return ErrCallback, naming both types, and
// nothing is submitted.
func TestCallbackOfAnotherTypeIsRefused(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(1))
		if err != nil {
			return err
		}
		ran := false
		wrongApply := pool.OnSuccess(func(string) { ran = true })
		wrongMap := pool.OnSuccess(func(int) { ran = true }) // a map's result is []int
		_, errApply := pool.ApplyAsync(ctx, pl, square, 3, wrongApply)
		_, errMap := pool.MapAsync(ctx, pl, square, ints(3), wrongMap)
		mul := func(_ *pool.Proc, a, b int) (int, error) { return a * b, nil }
		_, errStar := pool.StarmapAsync(ctx, pl, mul, []pool.Pair[int, int]{{First: 1, Second: 2}}, wrongMap)
		for _, c := range []struct {
			err  error
			want string
		}{
			{errApply, "apply_async's result is int, the callback is func(string)"},
			{errMap, "map_async's result is []int, the callback is func(int)"},
			{errStar, "starmap_async's result is []int, the callback is func(int)"},
		} {
			if !errors.Is(c.err, pool.ErrCallback) || !strings.Contains(c.err.Error(), c.want) {
				return fmt.Errorf("got %v, want ErrCallback saying %q", c.err, c.want)
			}
		}
		if n := pl.Counters().Submitted; n != 0 || ran {
			return fmt.Errorf("refused calls submitted %d tasks (callback ran: %v), want none", n, ran)
		}
		return closeAndJoin(ctx, pl)
	})
}

// TestLastCallbackOfAKindWins: given twice, the later OnSuccess replaces the
// earlier, as a Python call has one callback; a nil function registers none.
func TestLastCallbackOfAKindWins(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(1))
		if err != nil {
			return err
		}
		var got calls
		r, err := pool.ApplyAsync(ctx, pl, square, 3,
			pool.OnSuccess(func(v int) { got.add("first %d", v) }),
			pool.OnSuccess(func(v int) { got.add("second %d", v) }),
			pool.OnSuccess[int](nil), pool.OnError(nil))
		if err != nil {
			return err
		}
		if _, err := r.Get(ctx); err != nil {
			return err
		}
		if g := got.list(); !slices.Equal(g, []string{"second 9"}) {
			return fmt.Errorf("callbacks ran: %q, want [second 9]", g)
		}
		return closeAndJoin(ctx, pl)
	})
}
