package main

import (
	"fmt"
	"sync"
	"time"

	"github.com/alitto/pond/v2"
	"github.com/panjf2000/ants/v2"
	conciter "github.com/sourcegraph/conc/iter"
	concpool "github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

// A peer is one pool implementation, wired to every workload in the way its
// users would naturally write it. Each function creates its pool, runs the
// whole workload, tears the pool down and returns; the harness times the call,
// so pool start-up and teardown (microseconds) are charged to every peer alike.
type peer struct {
	// name is the label in the tables.
	name string
	// fire runs task(i) for every i in [0, n) as fire-and-forget tasks: it
	// submits them all, then waits until every one finished.
	fire func(workers, n int, task func(int)) error
	// handles submits task i returning i+1 for every i in [0, n), keeps one
	// result handle (or its nearest equivalent) per task, then reads every
	// result; it returns the sum of the results.
	handles func(workers, n int) (int, error)
	// mapInts returns out with out[i] = 2*items[i], computed in parallel.
	mapInts func(workers int, items []int) ([]int, error)
	// startMapper starts a pool of workers and warms it with one small map,
	// for the mapwarm workload, which times Map alone as Python's pool.map is
	// timed. Nil for peers that do not take part in it.
	startMapper func(workers int) (*mapper, error)
	// sleep runs n tasks that each sleep d, fire-and-forget, and waits for all;
	// it returns how many tasks ran.
	sleep func(workers, n int, d time.Duration) (int, error)
}

// mapper is a started, warmed pool: mapInts maps on it (out[i] = 2*items[i])
// and stop tears it down.
type mapper struct {
	mapInts func(items []int) ([]int, error)
	stop    func() error
}

// goPeers returns every peer: the project's pool observed and detached, the
// bare channel pool, pond, ants, errgroup and conc, in table order.
func goPeers() []peer {
	return []peer{
		poolvizPeer(true),
		poolvizPeer(false),
		barePeer(),
		pondPeer(),
		antsPeer(),
		errgroupPeer(),
		concPeer(),
	}
}

// double is the map workload's function.
func double(x int) int { return 2 * x }

// chunks calls fn(lo, hi) for consecutive chunks of [0, n) of the given size.
func chunks(n, size int, fn func(lo, hi int)) {
	for lo := 0; lo < n; lo += size {
		fn(lo, min(lo+size, n))
	}
}

// defaultChunksize is Python's Pool.map default, ceil(n / (4 x workers)), which
// the project's pool uses too; the chunked Go peers use it so that every Map
// cuts the slice into the same pieces.
func defaultChunksize(n, workers int) int {
	c := (n + 4*workers - 1) / (4 * workers)
	return max(c, 1)
}

// sleepCounting returns a task that sleeps d and counts itself, and the count.
func sleepCounting(d time.Duration) (func(int), func() int) {
	var mu sync.Mutex
	count := 0
	return func(int) {
			time.Sleep(d)
			mu.Lock()
			count++
			mu.Unlock()
		}, func() int {
			mu.Lock()
			defer mu.Unlock()
			return count
		}
}

// sleepViaFire is the sleep workload for peers without their own clock: fire
// tasks that call time.Sleep.
func sleepViaFire(fire func(workers, n int, task func(int)) error) func(workers, n int, d time.Duration) (int, error) {
	return func(workers, n int, d time.Duration) (int, error) {
		task, count := sleepCounting(d)
		if err := fire(workers, n, task); err != nil {
			return 0, err
		}
		return count(), nil
	}
}

// pondPeer is github.com/alitto/pond/v2.
//   - fire: Pool.Go (no future), then StopAndWait.
//   - handles: a ResultPool[int]; Submit returns a ResultTask per task, and
//     every task's Wait returns its value: pond's own handle.
//   - map: pond has no map; a task group (Pool.NewGroup) gets one task per
//     chunk of the project's default chunk size, then Wait.
func pondPeer() peer {
	fire := func(workers, n int, task func(int)) error {
		p := pond.NewPool(workers)
		for i := range n {
			if err := p.Go(func() { task(i) }); err != nil {
				return err
			}
		}
		p.StopAndWait()
		return nil
	}
	return peer{
		name: "pond v2",
		fire: fire,
		handles: func(workers, n int) (int, error) {
			p := pond.NewResultPool[int](workers)
			ts := make([]pond.ResultTask[int], n)
			for i := range n {
				ts[i] = p.Submit(func() int { return i + 1 })
			}
			sum := 0
			for _, t := range ts {
				v, err := t.Wait()
				if err != nil {
					return 0, err
				}
				sum += v
			}
			p.StopAndWait()
			return sum, nil
		},
		mapInts: func(workers int, items []int) ([]int, error) {
			p := pond.NewPool(workers)
			out := make([]int, len(items))
			g := p.NewGroup()
			chunks(len(items), defaultChunksize(len(items), workers), func(lo, hi int) {
				g.Submit(func() {
					for i := lo; i < hi; i++ {
						out[i] = double(items[i])
					}
				})
			})
			err := g.Wait()
			p.StopAndWait()
			return out, err
		},
		sleep: sleepViaFire(fire),
	}
}

// antsPeer is github.com/panjf2000/ants/v2 with its default (blocking) options.
//   - fire: Pool.Submit of a closure that calls Done on a WaitGroup, then Wait
//     and Release.
//   - handles: ants returns no handle, so each task writes its value into its
//     own slot of a results slice and a WaitGroup says when all are there.
//   - map: Submit per chunk of the project's default chunk size, WaitGroup.
func antsPeer() peer {
	fire := func(workers, n int, task func(int)) error {
		p, err := ants.NewPool(workers)
		if err != nil {
			return err
		}
		defer p.Release()
		var wg sync.WaitGroup
		wg.Add(n)
		for i := range n {
			if err := p.Submit(func() { task(i); wg.Done() }); err != nil {
				return err
			}
		}
		wg.Wait()
		return nil
	}
	return peer{
		name: "ants v2",
		fire: fire,
		handles: func(workers, n int) (int, error) {
			p, err := ants.NewPool(workers)
			if err != nil {
				return 0, err
			}
			defer p.Release()
			res := make([]int, n)
			var wg sync.WaitGroup
			wg.Add(n)
			for i := range n {
				if err := p.Submit(func() { res[i] = i + 1; wg.Done() }); err != nil {
					return 0, err
				}
			}
			wg.Wait()
			sum := 0
			for _, v := range res {
				sum += v
			}
			return sum, nil
		},
		mapInts: func(workers int, items []int) ([]int, error) {
			p, err := ants.NewPool(workers)
			if err != nil {
				return nil, err
			}
			defer p.Release()
			out := make([]int, len(items))
			var wg sync.WaitGroup
			chunks(len(items), defaultChunksize(len(items), workers), func(lo, hi int) {
				wg.Add(1)
				if e := p.Submit(func() {
					defer wg.Done()
					for i := lo; i < hi; i++ {
						out[i] = double(items[i])
					}
				}); e != nil {
					wg.Done()
					err = e
				}
			})
			wg.Wait()
			return out, err
		},
		sleep: sleepViaFire(fire),
	}
}

// errgroupPeer is golang.org/x/sync/errgroup with SetLimit(workers). It is not a
// pool: Go starts a goroutine per task, blocking while workers are running.
//   - fire: Go per task, then Wait.
//   - handles: errgroup has no handle, so each task stores its value into its
//     own slot of a results slice; Wait says when all are there.
//   - map: Go per chunk of the project's default chunk size, then Wait.
func errgroupPeer() peer {
	fire := func(workers, n int, task func(int)) error {
		var g errgroup.Group
		g.SetLimit(workers)
		for i := range n {
			g.Go(func() error { task(i); return nil })
		}
		return g.Wait()
	}
	return peer{
		name: "errgroup",
		fire: fire,
		handles: func(workers, n int) (int, error) {
			var g errgroup.Group
			g.SetLimit(workers)
			res := make([]int, n)
			for i := range n {
				g.Go(func() error { res[i] = i + 1; return nil })
			}
			if err := g.Wait(); err != nil {
				return 0, err
			}
			sum := 0
			for _, v := range res {
				sum += v
			}
			return sum, nil
		},
		mapInts: func(workers int, items []int) ([]int, error) {
			var g errgroup.Group
			g.SetLimit(workers)
			out := make([]int, len(items))
			chunks(len(items), defaultChunksize(len(items), workers), func(lo, hi int) {
				g.Go(func() error {
					for i := lo; i < hi; i++ {
						out[i] = double(items[i])
					}
					return nil
				})
			})
			return out, g.Wait()
		},
		sleep: sleepViaFire(fire),
	}
}

// concPeer is github.com/sourcegraph/conc.
//   - fire: pool.New().WithMaxGoroutines(workers), Go per task, Wait.
//   - handles: conc has no per-task handle; its ResultPool collects every
//     task's value and Wait returns them all (in completion order).
//   - map: iter.Mapper{MaxGoroutines: workers}.Map, conc's own parallel map,
//     whose goroutines claim items one at a time with an atomic counter.
func concPeer() peer {
	fire := func(workers, n int, task func(int)) error {
		p := concpool.New().WithMaxGoroutines(workers)
		for i := range n {
			p.Go(func() { task(i) })
		}
		p.Wait()
		return nil
	}
	return peer{
		name: "conc",
		fire: fire,
		handles: func(workers, n int) (int, error) {
			p := concpool.NewWithResults[int]().WithMaxGoroutines(workers)
			for i := range n {
				p.Go(func() int { return i + 1 })
			}
			res := p.Wait()
			if len(res) != n {
				return 0, fmt.Errorf("conc: %d results for %d tasks", len(res), n)
			}
			sum := 0
			for _, v := range res {
				sum += v
			}
			return sum, nil
		},
		mapInts: func(workers int, items []int) ([]int, error) {
			m := conciter.Mapper[int, int]{MaxGoroutines: workers}
			return m.Map(items, func(x *int) int { return double(*x) }), nil
		},
		sleep: sleepViaFire(fire),
	}
}
