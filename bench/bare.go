package main

import (
	"sync"
)

// barePool is the baseline: the simplest worker pool Go allows, a buffered
// channel of funcs drained by a fixed set of goroutines. It is the same shape
// as the baseline of the pool package's own benchmarks (buffer 1024).
type barePool struct {
	ch chan func()
	wg sync.WaitGroup
}

// newBarePool starts workers goroutines reading from one channel.
func newBarePool(workers int) *barePool {
	b := &barePool{ch: make(chan func(), 1024)}
	b.wg.Add(workers)
	for range workers {
		go func() {
			defer b.wg.Done()
			for f := range b.ch {
				f()
			}
		}()
	}
	return b
}

// close stops accepting work and waits until every queued func ran.
func (b *barePool) close() {
	close(b.ch)
	b.wg.Wait()
}

// barePeer is the bare chan func() pool.
//   - fire: send a closure per task, close the channel, wait for the workers.
//   - handles: a channel pool has no handle; as in the pool package's own
//     baseline, each task writes its value into its own slot of a results
//     slice and a WaitGroup says when all are there.
//   - map: one closure per chunk of the project's default chunk size.
func barePeer() peer {
	return peer{name: "bare chan", fire: bareFire, handles: bareHandles, mapInts: bareMap, sleep: sleepViaFire(bareFire)}
}

func bareFire(workers, n int, task func(int)) error {
	b := newBarePool(workers)
	for i := range n {
		b.ch <- func() { task(i) }
	}
	b.close()
	return nil
}

func bareHandles(workers, n int) (int, error) {
	b := newBarePool(workers)
	res := make([]int, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := range n {
		b.ch <- func() { res[i] = i + 1; wg.Done() }
	}
	wg.Wait()
	b.close()
	return sum(res), nil
}

func bareMap(workers int, items []int, f itemFunc) ([]int, error) {
	b := newBarePool(workers)
	out := make([]int, len(items))
	chunks(len(items), defaultChunksize(len(items), workers), func(lo, hi int) {
		b.ch <- func() { fillChunk(out, items, lo, hi, f) }
	})
	b.close()
	return out, nil
}
