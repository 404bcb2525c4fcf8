package main

// The peers from other Go modules: pond, ants, errgroup and conc, each wired to
// the workloads as its users would write it.

import (
	"fmt"
	"sync"

	"github.com/alitto/pond/v2"
	"github.com/panjf2000/ants/v2"
	conciter "github.com/sourcegraph/conc/iter"
	concpool "github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

// pondPeer is github.com/alitto/pond/v2.
//   - fire: Pool.Go (no future), then StopAndWait.
//   - handles: a ResultPool[int]; Submit returns a ResultTask per task, and
//     every task's Wait returns its value: pond's own handle.
//   - map: pond has no map; a task group (Pool.NewGroup) gets one task per
//     chunk of the project's default chunk size, then Wait.
func pondPeer() peer {
	return peer{name: "pond v2", fire: pondFire, handles: pondHandles, mapInts: pondMap, sleep: sleepViaFire(pondFire)}
}

func pondFire(workers, n int, task func(int)) error {
	p := pond.NewPool(workers)
	for i := range n {
		if err := p.Go(func() { task(i) }); err != nil {
			return err
		}
	}
	p.StopAndWait()
	return nil
}

func pondHandles(workers, n int) (int, error) {
	p := pond.NewResultPool[int](workers)
	ts := make([]pond.ResultTask[int], n)
	for i := range n {
		ts[i] = p.Submit(func() int { return i + 1 })
	}
	total := 0
	for _, t := range ts {
		v, err := t.Wait()
		if err != nil {
			return 0, err
		}
		total += v
	}
	p.StopAndWait()
	return total, nil
}

func pondMap(workers int, items []int, f itemFunc) ([]int, error) {
	p := pond.NewPool(workers)
	out := make([]int, len(items))
	g := p.NewGroup()
	chunks(len(items), defaultChunksize(len(items), workers), func(lo, hi int) {
		g.Submit(func() { fillChunk(out, items, lo, hi, f) })
	})
	err := g.Wait()
	p.StopAndWait()
	return out, err
}

// antsPeer is github.com/panjf2000/ants/v2 with its default (blocking) options.
//   - fire: Pool.Submit of a closure that calls Done on a WaitGroup, then Wait
//     and Release.
//   - handles: ants returns no handle, so each task writes its value into its
//     own slot of a results slice and a WaitGroup says when all are there.
//   - map: Submit per chunk of the project's default chunk size, WaitGroup.
func antsPeer() peer {
	return peer{name: "ants v2", fire: antsFire, handles: antsHandles, mapInts: antsMap, sleep: sleepViaFire(antsFire)}
}

func antsFire(workers, n int, task func(int)) error {
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

func antsHandles(workers, n int) (int, error) {
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
	return sum(res), nil
}

func antsMap(workers int, items []int, f itemFunc) ([]int, error) {
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
			fillChunk(out, items, lo, hi, f)
		}); e != nil {
			wg.Done()
			err = e
		}
	})
	wg.Wait()
	return out, err
}

// errgroupPeer is golang.org/x/sync/errgroup with SetLimit(workers). It is not a
// pool: Go starts a goroutine per task, blocking while workers are running.
//   - fire: Go per task, then Wait.
//   - handles: errgroup has no handle, so each task stores its value into its
//     own slot of a results slice; Wait says when all are there.
//   - map: Go per chunk of the project's default chunk size, then Wait.
func errgroupPeer() peer {
	return peer{name: "errgroup", fire: errgroupFire, handles: errgroupHandles, mapInts: errgroupMap, sleep: sleepViaFire(errgroupFire)}
}

func errgroupFire(workers, n int, task func(int)) error {
	var g errgroup.Group
	g.SetLimit(workers)
	for i := range n {
		g.Go(func() error { task(i); return nil })
	}
	return g.Wait()
}

func errgroupHandles(workers, n int) (int, error) {
	var g errgroup.Group
	g.SetLimit(workers)
	res := make([]int, n)
	for i := range n {
		g.Go(func() error { res[i] = i + 1; return nil })
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	return sum(res), nil
}

func errgroupMap(workers int, items []int, f itemFunc) ([]int, error) {
	var g errgroup.Group
	g.SetLimit(workers)
	out := make([]int, len(items))
	chunks(len(items), defaultChunksize(len(items), workers), func(lo, hi int) {
		g.Go(func() error {
			fillChunk(out, items, lo, hi, f)
			return nil
		})
	})
	return out, g.Wait()
}

// concPeer is github.com/sourcegraph/conc.
//   - fire: pool.New().WithMaxGoroutines(workers), Go per task, Wait.
//   - handles: conc has no per-task handle; its ResultPool collects every
//     task's value and Wait returns them all (in completion order).
//   - map: iter.Mapper{MaxGoroutines: workers}.Map, conc's own parallel map,
//     whose goroutines claim items one at a time with an atomic counter.
func concPeer() peer {
	return peer{name: "conc", fire: concFire, handles: concHandles, mapInts: concMap, sleep: sleepViaFire(concFire)}
}

func concFire(workers, n int, task func(int)) error {
	p := concpool.New().WithMaxGoroutines(workers)
	for i := range n {
		p.Go(func() { task(i) })
	}
	p.Wait()
	return nil
}

func concHandles(workers, n int) (int, error) {
	p := concpool.NewWithResults[int]().WithMaxGoroutines(workers)
	for i := range n {
		p.Go(func() int { return i + 1 })
	}
	res := p.Wait()
	if len(res) != n {
		return 0, fmt.Errorf("conc: %d results for %d tasks", len(res), n)
	}
	return sum(res), nil
}

func concMap(workers int, items []int, f itemFunc) ([]int, error) {
	m := conciter.Mapper[int, int]{MaxGoroutines: workers}
	if f == itemSpin {
		return m.Map(items, func(x *int) int { return spin(*x) }), nil
	}
	return m.Map(items, func(x *int) int { return double(*x) }), nil
}
