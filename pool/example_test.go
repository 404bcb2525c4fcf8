package pool_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"poolviz/pool"
)

// This example shares one queue with every worker through the initializer, as
// a Python program passes it in initargs and keeps it in a global. Each task
// puts a line on the queue when it finishes, and the main program reads the
// lines in the order the tasks finish, not the order they were submitted.
//
// The engine is Simulated: it runs on virtual time, one actor at a time, with
// ties broken by a seeded generator, so the order and the times printed are the
// same on every run. A Parallel engine would run the same code on the real clock.
func Example() {
	e := pool.NewEngine(pool.Simulated, pool.WithSeed(1))
	defer e.Shutdown()
	took := []time.Duration{4 * time.Second, time.Second, 3 * time.Second, 1500 * time.Millisecond, 2 * time.Second, 500 * time.Millisecond}

	e.Start(func(p *pool.Proc) error {
		results := pool.NewSimpleQueue[string](e, "results")
		keepQueue := func(w *pool.Proc, q *pool.SimpleQueue[string]) error {
			w.Globals().Set("queue", q) // this worker's own global
			return nil
		}
		pl, err := pool.New(e, pool.Workers(3), pool.WithInitializer(keepQueue, results))
		if err != nil {
			return err
		}
		defer pl.Terminate(p) // as Python's with-block does

		task := func(w *pool.Proc, i int) (struct{}, error) {
			if err := w.Sleep(took[i]); err != nil {
				return struct{}{}, err
			}
			q, _ := pool.Global[*pool.SimpleQueue[string]](w, "queue")
			return struct{}{}, q.Put(w, fmt.Sprintf("task %d finished at %v", i, w.Now()))
		}
		if _, err := pool.MapAsync(p, pl, task, []int{0, 1, 2, 3, 4, 5}); err != nil {
			return err
		}
		for range took {
			line, err := results.Get(p)
			if err != nil {
				return err
			}
			fmt.Println(line)
		}
		return nil
	})

	if err := e.RunToEnd(); err != nil {
		fmt.Println(err)
	}
	if _, err := e.MainDone(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// task 1 finished at 1s
	// task 3 finished at 2.5s
	// task 2 finished at 3s
	// task 5 finished at 3.5s
	// task 0 finished at 4s
	// task 4 finished at 4.5s
}

// exampleSquare is the task of the examples below.
func exampleSquare(_ *pool.Proc, x int) (int, error) { return x * x, nil }

// Map runs a task over every item and returns the results in input order, as
// Python's Pool.map. Outside a Simulated engine's actors, any context will do.
func ExampleMap() {
	e := pool.NewEngine(pool.Parallel)
	defer e.Shutdown()
	pl, err := pool.New(e, pool.Workers(4))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	squares, err := pool.Map(ctx, pl, exampleSquare, []int{1, 2, 3, 4, 5})
	fmt.Println(squares, err)

	pl.Close()
	fmt.Println(pl.Join(ctx))
	// Output:
	// [1 4 9 16 25] <nil>
	// <nil>
}

// FuncErr lets a plain function that may fail, here strconv.Atoi, be mapped
// directly. A map fails with the first error to arrive.
func ExampleFuncErr() {
	e := pool.NewEngine(pool.Parallel)
	defer e.Shutdown()
	pl, err := pool.New(e, pool.Workers(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	defer pl.Terminate(ctx)

	fmt.Println(pool.Map(ctx, pl, pool.FuncErr(strconv.Atoi), []string{"1", "22", "333"}))
	fmt.Println(pool.Map(ctx, pl, pool.FuncErr(strconv.Atoi), []string{"1", "x"}))
	// Output:
	// [1 22 333] <nil>
	// [] strconv.Atoi: parsing "x": invalid syntax
}

// Imap yields the results in input order as they become available, as a Go
// iterator. With chunks of one item, the default, an item's error is its own and
// the items after it still come.
func ExampleImap() {
	e := pool.NewEngine(pool.Parallel)
	defer e.Shutdown()
	pl, err := pool.New(e, pool.Workers(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	defer pl.Terminate(ctx)

	numbers, err := pool.Imap(ctx, pl, pool.FuncErr(strconv.Atoi), []string{"1", "2", "three", "4"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for n, err := range numbers {
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(n)
	}
	// Output:
	// 1
	// 2
	// error: strconv.Atoi: parsing "three": invalid syntax
	// 4
}

// ApplyAsync submits one task and returns its handle at once. OnSuccess and
// OnError, Python's callback and error_callback, run on the pool's result
// handler before the handle becomes ready, so a Get that returned comes after
// its callback. Neither needs a type argument.
func ExampleApplyAsync() {
	e := pool.NewEngine(pool.Parallel)
	defer e.Shutdown()
	pl, err := pool.New(e, pool.Workers(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	defer pl.Terminate(ctx)

	for _, s := range []string{"42", "forty-two"} {
		r, err := pool.ApplyAsync(ctx, pl, pool.FuncErr(strconv.Atoi), s,
			pool.OnSuccess(func(n int) { fmt.Println("callback:", n) }),
			pool.OnError(func(err error) { fmt.Println("error callback:", err) }))
		if err != nil {
			fmt.Println(err)
			return
		}
		n, err := r.Get(ctx) // -1: no timeout
		fmt.Println("get:", n, err)
	}
	// Output:
	// callback: 42
	// get: 42 <nil>
	// error callback: strconv.Atoi: parsing "forty-two": invalid syntax
	// get: 0 strconv.Atoi: parsing "forty-two": invalid syntax
}

// MapAsync takes the map's options and its callbacks in one list.
func ExampleMapAsync() {
	e := pool.NewEngine(pool.Parallel)
	defer e.Shutdown()
	pl, err := pool.New(e, pool.Workers(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	defer pl.Terminate(ctx)

	r, err := pool.MapAsync(ctx, pl, exampleSquare, []int{1, 2, 3, 4, 5, 6, 7}, pool.Chunksize(3),
		pool.OnSuccess(func(squares []int) { fmt.Println("callback:", squares) }))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Get(ctx))
	// Output:
	// callback: [1 4 9 16 25 36 49]
	// [1 4 9 16 25 36 49] <nil>
}

// Terminate stops a pool now: work still queued or running resolves with
// ErrTerminated, and the pool refuses new work with an error that matches
// ErrNotRunning, as every refusal of a pool that is not running does.
func ExamplePool_Terminate() {
	e := pool.NewEngine(pool.Parallel)
	defer e.Shutdown()
	pl, err := pool.New(e, pool.Workers(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	sleep := func(w *pool.Proc, d time.Duration) (string, error) {
		if err := w.Sleep(d); err != nil { // Terminate interrupts it
			return "", err
		}
		return "woke up", nil
	}

	r, err := pool.ApplyAsync(ctx, pl, sleep, time.Hour)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := pl.Terminate(ctx); err != nil {
		fmt.Println(err)
		return
	}
	_, err = r.Get(ctx)
	fmt.Println(err, errors.Is(err, pool.ErrTerminated))
	_, err = pool.ApplyAsync(ctx, pl, sleep, time.Second)
	fmt.Println(errors.Is(err, pool.ErrNotRunning))
	fmt.Println(pl.Join(ctx))
	// Output:
	// terminated true
	// true
	// <nil>
}
