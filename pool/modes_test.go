package pool_test

import (
	"context"
	"testing"
	"testing/synctest"

	"poolviz/pool"
)

// inBothModes runs body in the main program of a Simulated engine, with its Proc
// as the context, and then on a Parallel engine with context.Background(): a
// behaviour a Python user relies on must hold in both modes. The Parallel run is
// in a synctest bubble, where a hang fails at once as a deadlock.
func inBothModes(t *testing.T, body func(ctx context.Context, e *pool.Engine) error) {
	t.Helper()
	t.Run("simulated", func(t *testing.T) {
		mustSim(t, 1, func(p *pool.Proc) error { return body(p, p.Engine()) })
	})
	t.Run("parallel", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			e := newParallel(t)
			if err := body(context.Background(), e); err != nil {
				t.Fatal(err)
			}
		})
	})
}

// closeAndJoin closes pl and waits for its workers to leave.
func closeAndJoin(ctx context.Context, pl *pool.Pool) error {
	pl.Close()
	return pl.Join(ctx)
}
