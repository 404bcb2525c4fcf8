package pool_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"poolviz/pool"
)

// TestPlainFunctionAdapters: strconv.Atoi and strings.ToUpper map directly
// through FuncErr and Func, and StarmapAsync unpacks pairs behind a handle.
func TestPlainFunctionAdapters(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		ns, err := pool.Map(ctx, pl, pool.FuncErr(strconv.Atoi), []string{"1", "22", "333"})
		if err != nil || !slices.Equal(ns, []int{1, 22, 333}) {
			return fmt.Errorf("map of strconv.Atoi: %v, %v", ns, err)
		}
		var numErr *strconv.NumError
		if _, err := pool.Map(ctx, pl, pool.FuncErr(strconv.Atoi), []string{"1", "x"}); !errors.As(err, &numErr) {
			return fmt.Errorf("map of strconv.Atoi over \"x\": %v, want its *strconv.NumError", err)
		}
		up, err := pool.Map(ctx, pl, pool.Func(strings.ToUpper), []string{"a", "b"})
		if err != nil || !slices.Equal(up, []string{"A", "B"}) {
			return fmt.Errorf("map of strings.ToUpper: %v, %v", up, err)
		}
		r, err := pool.StarmapAsync(ctx, pl, func(_ *pool.Proc, a, b int) (int, error) { return a * b, nil },
			[]pool.Pair[int, int]{{First: 2, Second: 3}, {First: 4, Second: 5}})
		if err != nil {
			return err
		}
		if got, err := r.Get(ctx); err != nil || !slices.Equal(got, []int{6, 20}) {
			return fmt.Errorf("starmap_async: %v, %v; want [6 20]", got, err)
		}
		return closeAndJoin(ctx, pl)
	})
}
