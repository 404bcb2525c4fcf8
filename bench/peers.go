package main

import (
	"sync"
	"time"
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
	// mapInts returns out with out[i] = f(items[i]), computed in parallel,
	// where f is double (the map workload) or spin (the cpu workload).
	mapInts func(workers int, items []int, f itemFunc) ([]int, error)
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

// spinRounds is how many rounds of a 32-bit linear congruential generator one
// item of the cpu workload runs: about 20 µs on the development machine. The
// pool package's BenchmarkMapCPU and python/bench_pool.py run the same rounds.
const spinRounds = 10_000

// spin is the cpu workload's function: spinRounds rounds of
// v = v*1664525 + 1013904223 modulo 2^32, from v = x. Each round depends on the
// last, so the compiler can neither skip nor vectorize them.
func spin(x int) int {
	v := uint32(x)
	for range spinRounds {
		v = v*1664525 + 1013904223
	}
	return int(v)
}

// itemFunc says which function a map applies to each item.
type itemFunc int

const (
	itemDouble itemFunc = iota // the map workloads: trivial
	itemSpin                   // the cpu workload: about 20 µs of arithmetic
)

// fn returns the function itself, for peers that take one per item.
func (f itemFunc) fn() func(int) int {
	if f == itemSpin {
		return spin
	}
	return double
}

// fillChunk sets out[i] = f(items[i]) for i in [lo, hi): one chunk of a map.
// Each function has its own loop, so the trivial one is called directly.
func fillChunk(out, items []int, lo, hi int, f itemFunc) {
	if f == itemSpin {
		for i := lo; i < hi; i++ {
			out[i] = spin(items[i])
		}
		return
	}
	for i := lo; i < hi; i++ {
		out[i] = double(items[i])
	}
}

// sum returns the sum of vs: the handles workload's result, for peers that
// collect values in a slice.
func sum(vs []int) int {
	total := 0
	for _, v := range vs {
		total += v
	}
	return total
}

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
