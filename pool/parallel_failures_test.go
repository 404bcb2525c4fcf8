package pool_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"poolviz/pool"
)

// Failures in Parallel mode (panics, a failing chunk, a failing initializer),
// tested as parallel_test.go says: real goroutines, no timing asserted.

func TestParallelPanic(t *testing.T) {
	ctx := context.Background()
	_, pl := newParallelPool(t, 2)
	_, err := pool.Apply(ctx, pl, panickyTask, 1)
	var pe *pool.PanicError
	if !errors.As(err, &pe) || pe.Value != "odd input 1" {
		t.Fatalf("Apply of a panicking task: %v, want its PanicError", err)
	}
	// Fast-path chunks recover too.
	_, err = pool.Map(ctx, pl, panickyTask, []int{0, 2, 4, 6, 7, 8}, pool.Chunksize(100))
	if !errors.As(err, &pe) || pe.Value != "odd input 7" {
		t.Fatalf("Map of a panicking item: %v, want its PanicError", err)
	}
	if v, err := pool.Apply(ctx, pl, panickyTask, 2); v != 2 || err != nil {
		t.Fatalf("a task after the panics: %v, %v", v, err)
	}
	pl.Close()
	if err := pl.Join(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestParallelLargeChunkFailsAtItem fails one item of a map whose chunks are
// large enough for the fast path (more than 64 items), at every position the
// fast loop treats apart: each of the four items of an unrolled turn, the
// items of a block's tail loop (past its last whole turn), and block and chunk
// edges. The map must fail with
// that item's error, the item must have run as its own task, and the counters
// must count the rest of its chunk as failed and everything else as succeeded.
func TestParallelLargeChunkFailsAtItem(t *testing.T) {
	const n, chunk = 3004, 1502 // blocks of 128, then 94 items: 23 unrolled turns and 2 in the tail loop
	boom := errors.New("boom")
	for _, panics := range []bool{false, true} {
		for _, k := range []int{0, 1, 2, 3, 5, 127, 128, 1407, 1408, 1499, 1500, 1501, 1502, 1503, 2909, 3002, 3003} {
			t.Run(fmt.Sprintf("panic=%v/item%d", panics, k), func(t *testing.T) {
				e := newParallel(t)
				ctx := context.Background()
				pl, err := pool.New(e, pool.Workers(2))
				if err != nil {
					t.Fatal(err)
				}
				var firstTask, failedTask atomic.Int64
				_, err = pool.Map(ctx, pl, func(p *pool.Proc, x int) (int, error) {
					if x == 0 {
						firstTask.Store(int64(p.Task()))
					}
					if x == k {
						failedTask.Store(int64(p.Task()))
						if panics {
							panic(boom)
						}
						return 0, boom
					}
					return 2 * x, nil
				}, ints(n), pool.Chunksize(chunk))
				if !errors.Is(err, boom) {
					t.Fatalf("Map failing at item %d: %v, want boom", k, err)
				}
				var pe *pool.PanicError
				if panics != errors.As(err, &pe) {
					t.Errorf("panicked %v, but the error is %T", panics, err)
				}
				if got := failedTask.Load() - firstTask.Load(); got != int64(k) {
					t.Errorf("the failing item ran as task first+%d, want first+%d", got, k)
				}
				pl.Close()
				if err := pl.Join(ctx); err != nil {
					t.Fatal(err)
				}
				c := pl.Counters()
				failed := int64((k/chunk+1)*chunk - k)
				if c.Submitted != n || c.Failed != failed || c.Succeeded != n-failed {
					t.Errorf("counters %+v, want %d submitted, %d failed, %d succeeded", c, n, failed, n-failed)
				}
			})
		}
	}
}

func TestParallelBrokenInitializer(t *testing.T) {
	for _, name := range []string{"error", "panic"} {
		t.Run(name, func(t *testing.T) {
			e := newParallel(t)
			ctx := context.Background()
			var mu sync.Mutex
			runs := map[workerGen]int{}
			init := func(p *pool.Proc, _ int) error {
				mu.Lock()
				runs[workerGen{p.Worker(), p.Generation()}]++
				mu.Unlock()
				if name == "panic" {
					panic("bad")
				}
				return errBoom
			}
			pl, err := pool.New(e, pool.Workers(4), pool.MaxTasksPerChild(1), pool.WithInitializer(init, 0))
			if err != nil {
				t.Fatal(err)
			}
			var rs []*pool.AsyncResult[int]
			for i := range 50 {
				r, err := pool.ApplyAsync(ctx, pl, square, i)
				if err != nil {
					if !errors.Is(err, pool.ErrBroken) {
						t.Fatalf("submission %d: %v, want success or ErrBroken", i, err)
					}
					break
				}
				rs = append(rs, r)
			}
			for _, r := range rs {
				if _, err := r.Get(ctx); !errors.Is(err, pool.ErrBroken) {
					t.Fatalf("task %d: %v, want ErrBroken", r.Task(), err)
				}
			}
			if _, err := pool.ApplyAsync(ctx, pl, square, 0); !errors.Is(err, pool.ErrBroken) {
				t.Fatalf("submission after the pool broke: %v, want ErrBroken", err)
			}
			pl.Close()
			if err := pl.Join(ctx); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(runs) == 0 {
				t.Fatal("the initializer never ran")
			}
			for wg, n := range runs {
				if n != 1 || wg.gen != 1 {
					t.Errorf("worker %d generation %d ran the initializer %d times; want at most once, generation 1 only", wg.worker, wg.gen, n)
				}
			}
		})
	}
}
