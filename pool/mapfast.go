package pool

// runFast runs a large chunk with no per-item cost but the call itself: one
// recover for the chunk, one pair of events, counters added once.
func (ch *mapChunk[A, R]) runFast(p *Proc) {
	e := ch.c.pool.e
	if e.observing(p.a) {
		e.emit(p.a, Event{Actor: p.a.ref, Kind: KindTaskStarted, Gen: p.w.gen, Task: ch.task, Count: ch.n, Chunk: ch.chunk, Index: ch.lo})
	}
	at, err := ch.loop(p)
	ch.fastDone(p, at, err)
}

// fastDone records a large chunk that ran up to item at (hi if all of it), where
// it failed with err, and hands it on.
func (ch *mapChunk[A, R]) fastDone(p *Proc, at int, err error) {
	c, pool, e := ch.c, ch.c.pool, ch.c.pool.e
	ok := at - ch.lo
	pool.count(p, ok, false)
	if err != nil {
		pool.count(p, ch.hi-at, true)
	}
	if e.observingTasks(p.a, shedWhich(KindTaskFinished, err != nil), ch.n) {
		ev := Event{Actor: p.a.ref, Kind: KindTaskFinished, Gen: p.w.gen, Task: ch.task, Count: ch.n, Chunk: ch.chunk, Index: ch.lo}
		if err != nil {
			ev.Err = err.Error()
		}
		e.emit(p.a, ev)
	}
	ch.arrived(err)
	c.chunkDone(p.a, err)
}

// loop runs items until one fails; it returns the failing index (hi if none) and
// its error. The recover lives here and the items run in run, with no defer, so
// the loop's index stays in a register: on a panic, p.task says which item it was.
func (ch *mapChunk[A, R]) loop(p *Proc) (at int, err error) {
	returned := false
	defer func() {
		if r := recover(); r != nil {
			at, err = p.task-ch.task+ch.lo, newPanicError(r)
		} else if !returned {
			return // runtime.Goexit: p.task stays set for the worker's exited
		}
		p.task = 0
	}()
	at, err = ch.runItems(p)
	returned = true
	return at, err
}

func (ch *mapChunk[A, R]) runItems(p *Proc) (int, error) {
	c, pool := ch.c, ch.c.pool
	// Blocks of mapBlock: the check for Terminate runs once a block, and each
	// block runs in runBlock, whose loop keeps fewer values alive across the call.
	for lo := ch.lo; lo < ch.hi; lo += mapBlock {
		if pool.state.Load() == stateTerminated {
			return lo, ErrTerminated
		}
		hi := min(lo+mapBlock, ch.hi)
		if at, err := runBlock(p, c.fn, c.items[lo:hi], c.out[lo:hi], ch.task+lo-ch.lo); err != nil {
			return lo + at, err
		}
	}
	return ch.hi, nil
}

// mapBlock is how many items of a large chunk run between two checks for
// Terminate: at most that many finish after it, counted as succeeded. A call
// of runBlock per block costs nothing measurable at this size.
const mapBlock = 128

// runBlock calls fn for each item of in, writing out, with p.task set to first+i
// for item i; it returns the index of the first item to fail and its error.
//
// It is kept out of line, and its loop takes four items a turn, on purpose: Go's
// calling convention saves no register across a call, so every value the loop
// keeps alive is reloaded after each item. A flat loop over two slices keeps the
// fewest, and four calls a turn share one round of reloads and one loop test;
// together they run a trivial item about 40% faster than a loop nested in the
// block loop did (BenchmarkMap).
//
//go:noinline
func runBlock[A, R any](p *Proc, fn TaskFunc[A, R], in []A, out []R, first int) (int, error) {
	out = out[:len(in)]
	i := 0
	for ; i+4 <= len(in); i += 4 {
		a, o := in[i:i+4:i+4], out[i:i+4:i+4]
		p.task = first + i
		v, err := fn(p, a[0])
		if err != nil {
			return i, err
		}
		o[0] = v
		p.task = first + i + 1
		if v, err = fn(p, a[1]); err != nil {
			return i + 1, err
		}
		o[1] = v
		p.task = first + i + 2
		if v, err = fn(p, a[2]); err != nil {
			return i + 2, err
		}
		o[2] = v
		p.task = first + i + 3
		if v, err = fn(p, a[3]); err != nil {
			return i + 3, err
		}
		o[3] = v
	}
	for ; i < len(in); i++ {
		p.task = first + i
		v, err := fn(p, in[i])
		if err != nil {
			return i, err
		}
		out[i] = v
	}
	return len(in), nil
}
