package pool

import (
	"context"
	"iter"
	"sync/atomic"
)

// DefaultChunksize is Python's chunk size for map and starmap: n items split into
// about four chunks per worker, ceil(n / (4 x workers)).
func DefaultChunksize(n, workers int) int {
	if n == 0 || workers < 1 {
		return 0
	}
	c := n / (workers * 4)
	if n%(workers*4) != 0 {
		c++
	}
	return c
}

// MapOption configures the map family.
type MapOption func(*mapConfig)

type mapConfig struct{ chunksize int }

// Chunksize sets how many items a worker takes at once. The default for Map,
// MapAsync and Starmap is DefaultChunksize; for Imap and ImapUnordered it is 1, as in Python.
func Chunksize(n int) MapOption { return func(c *mapConfig) { c.chunksize = n } }

// perItemLimit is the largest chunk whose items a Parallel engine records one by
// one; a larger chunk is recorded as one span of Count tasks, its counts exact.
// Simulated engines record every item.
const perItemLimit = 64

// mapCall is one map-style submission: its items, results and progress.
type mapCall[A, R any] struct {
	AsyncResult[[]R]
	fn       TaskFunc[A, R]
	items    []A
	out      []R
	left     atomic.Int64 // chunks not finished
	firstErr atomic.Pointer[error]
	perItem  bool
	it       *imapState // imap and imap_unordered; nil for map
}

// mapChunk is one chunk of a mapCall: a job on the task queue.
type mapChunk[A, R any] struct {
	jobHeader
	c      *mapCall[A, R]
	lo, hi int
}

func (ch *mapChunk[A, R]) header() jobHeader { return ch.jobHeader }

func startMap[A, R any](ctx context.Context, p *Pool, call string, fn TaskFunc[A, R], items []A, chunksize int, it *imapState, cb asyncConfig[[]R]) (*mapCall[A, R], error) {
	if chunksize < 1 {
		chunksize = 1
	}
	a, _ := p.e.caller(ctx)
	n := len(items)
	first := p.taskIDs(max(n, 1)) // an empty map still has an id for its handle
	c := &mapCall[A, R]{fn: fn, items: items, out: make([]R, n), it: it}
	c.AsyncResult = AsyncResult[[]R]{e: p.e, pool: p, id: first, n: n, label: call + " " + TaskRangeLabel(first, n)}
	if cb.onOK != nil || cb.onErr != nil {
		c.cb = &cb
	}
	c.perItem = p.e.sim != nil || chunksize <= perItemLimit
	if cb.onOK != nil || cb.onErr != nil {
		p.ensureHandler()
	}
	nchunks := (n + chunksize - 1) / chunksize
	c.left.Store(int64(nchunks))
	if n == 0 {
		// Nothing is queued, so the queue cannot refuse it: refuse here, as Python
		// checks that the pool runs before it looks at the items.
		if p.state.Load() != stateRunning {
			p.tq.mu.Lock()
			err := p.tq.err
			p.tq.mu.Unlock()
			return nil, p.refusal(err)
		}
		if it != nil {
			p.e.mu.Lock()
			it.n = 0
			p.e.mu.Unlock()
		}
		c.deliver(a, c.out, nil)
		return c, nil
	}
	for lo := 0; lo < n; lo += chunksize {
		hi := min(lo+chunksize, n)
		ch := &mapChunk[A, R]{c: c, lo: lo, hi: hi}
		ch.jobHeader = jobHeader{task: first + lo, n: hi - lo, chunk: int(p.chunks.Add(1)), index: lo, call: call}
		if err := p.submit(a, ch); err != nil {
			if lo == 0 {
				return nil, err
			}
			// Refused half-way (the pool was closed meanwhile): the rest fails.
			for lo2 := lo; lo2 < n; lo2 += chunksize {
				rest := &mapChunk[A, R]{c: c, lo: lo2, hi: min(lo2+chunksize, n)}
				rest.jobHeader = jobHeader{task: first + lo2, n: rest.hi - rest.lo, index: lo2, call: call}
				// They belong to an accepted call: count and record them as submitted,
				// so that every finished task was submitted and the counters add up.
				p.submitted.Add(int64(rest.n))
				if p.e.observing(a) {
					p.e.emit(a, Event{Actor: actorRef(a), Kind: KindTaskSubmitted, Task: rest.task, Count: rest.n, Index: lo2, Label: call})
				}
				rest.fail(err)
			}
			break
		}
	}
	return c, nil
}

// TaskRangeLabel names a run of n tasks from first as events and sentences do:
// "task 3" for one, "tasks 3-5" for a chunk.
func TaskRangeLabel(first, n int) string {
	if n <= 1 {
		return "task " + itoa(first)
	}
	return "tasks " + itoa(first) + "-" + itoa(first+n-1)
}

func (ch *mapChunk[A, R]) run(p *Proc) {
	c := ch.c
	if c.perItem {
		ch.runEach(p)
	} else {
		ch.runFast(p)
	}
}

// runEach runs the chunk's items one by one, recording each.
func (ch *mapChunk[A, R]) runEach(p *Proc) {
	c, pool := ch.c, ch.c.pool
	var failed error
	for i := ch.lo; i < ch.hi; i++ {
		id := ch.task + i - ch.lo
		if failed != nil {
			finishTask(pool, p, id, i, *new(R), ErrSkipped)
			c.itemDone(i, *new(R), ErrSkipped)
			continue
		}
		v, err := runTask(p, id, i, ch.chunk, c.fn, c.items[i])
		if pool.state.Load() == stateTerminated && c.state.Load() == resDone {
			err = ErrTerminated
		}
		finishTask(pool, p, id, i, v, err)
		if err != nil {
			failed = err
		} else {
			c.out[i] = v
		}
		c.itemDone(i, v, err)
	}
	c.chunkDone(p.a, failed)
}

// runFast runs a large chunk with no per-item cost but the call itself: one
// recover for the chunk, one pair of events, counters added once.
func (ch *mapChunk[A, R]) runFast(p *Proc) {
	c, pool, e := ch.c, ch.c.pool, ch.c.pool.e
	if e.observing(p.a) {
		e.emit(p.a, Event{Actor: p.a.ref, Kind: KindTaskStarted, Gen: p.w.gen, Task: ch.task, Count: ch.n, Chunk: ch.chunk, Index: ch.lo})
	}
	at, err := ch.loop(p)
	ok := at - ch.lo
	pool.count(p, ok, false)
	if err != nil {
		pool.count(p, ch.hi-at, true)
	}
	if e.observing(p.a) {
		ev := Event{Actor: p.a.ref, Kind: KindTaskFinished, Gen: p.w.gen, Task: ch.task, Count: ch.n, Chunk: ch.chunk, Index: ch.lo}
		if err != nil {
			ev.Err = err.Error()
		}
		e.emit(p.a, ev)
	}
	if c.it != nil {
		for i := ch.lo; i < ch.hi; i++ {
			switch {
			case i < at:
				c.itemDone(i, c.out[i], nil)
			case i == at:
				c.itemDone(i, *new(R), err)
			default:
				c.itemDone(i, *new(R), ErrSkipped)
			}
		}
	}
	c.chunkDone(p.a, err)
}

// loop runs items until one fails; it returns the failing index (hi if none) and
// its error. The recover lives here and the items run in run, with no defer, so
// the loop's index stays in a register: on a panic, p.task says which item it was.
func (ch *mapChunk[A, R]) loop(p *Proc) (at int, err error) {
	defer func() {
		if r := recover(); r != nil {
			at, err = p.task-ch.task+ch.lo, newPanicError(r)
		}
		p.task = 0
	}()
	return ch.runItems(p)
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

// itemDone hands one item's result to an imap iterator.
func (c *mapCall[A, R]) itemDone(i int, v R, err error) {
	if c.it == nil {
		return
	}
	e := c.e
	e.mu.Lock()
	c.it.arrive(e, i, err)
	e.mu.Unlock()
}

// chunkDone records a finished chunk; the last one resolves the handle.
func (c *mapCall[A, R]) chunkDone(via *actor, err error) {
	if err != nil {
		c.firstErr.CompareAndSwap(nil, &err)
	}
	if c.left.Add(-1) != 0 {
		return
	}
	if ep := c.firstErr.Load(); ep != nil {
		c.deliver(via, nil, *ep)
		return
	}
	c.deliver(via, c.out, nil)
}

func (ch *mapChunk[A, R]) fail(err error) {
	c, pool := ch.c, ch.c.pool
	if c.perItem {
		for i := ch.lo; i < ch.hi; i++ {
			finishTask(pool, nil, ch.task+i-ch.lo, i, *new(R), err)
		}
	} else {
		pool.count(nil, ch.n, true)
		pool.e.emit(nil, Event{Actor: MainActor, Kind: KindTaskFinished, Task: ch.task, Count: ch.n, Chunk: ch.chunk, Index: ch.lo, Err: err.Error()})
	}
	for i := ch.lo; i < ch.hi; i++ {
		c.itemDone(i, *new(R), err)
	}
	c.chunkDone(nil, err)
}

func (ch *mapChunk[A, R]) abort(err error) {
	c := ch.c
	if c.resolve(nil, err) {
		c.e.emitReady(nil, c.id, c, err)
	}
	if c.it != nil {
		e := c.e
		e.mu.Lock()
		c.it.abort(e, err)
		e.mu.Unlock()
	}
}

// MapAsync submits fn for every item in chunks and returns a handle to all results
// in input order (Python's map_async). If any item fails, the handle's error is the
// first failure to arrive, once every chunk finished.
func MapAsync[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], items []A, opts ...MapOption) (*AsyncResult[[]R], error) {
	cfg := mapConfig{chunksize: DefaultChunksize(len(items), p.cfg.workers)}
	for _, o := range opts {
		o(&cfg)
	}
	c, err := startMap(ctx, p, "map", fn, items, cfg.chunksize, nil, asyncConfig[[]R]{})
	if err != nil {
		return nil, err
	}
	return &c.AsyncResult, nil
}

// MapAsyncWith is MapAsync with callbacks run on the result handler.
func MapAsyncWith[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], items []A, cb []AsyncOption[[]R], opts ...MapOption) (*AsyncResult[[]R], error) {
	cfg := mapConfig{chunksize: DefaultChunksize(len(items), p.cfg.workers)}
	for _, o := range opts {
		o(&cfg)
	}
	var acfg asyncConfig[[]R]
	for _, o := range cb {
		o(&acfg)
	}
	c, err := startMap(ctx, p, "map", fn, items, cfg.chunksize, nil, acfg)
	if err != nil {
		return nil, err
	}
	return &c.AsyncResult, nil
}

// Map runs fn for every item and returns the results in input order, as Python's map.
func Map[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], items []A, opts ...MapOption) ([]R, error) {
	r, err := MapAsync(ctx, p, fn, items, opts...)
	if err != nil {
		return nil, err
	}
	return r.Get(ctx, -1)
}

// Pair is one argument tuple of Starmap.
type Pair[A, B any] struct {
	First  A
	Second B
}

// Starmap runs fn(a, b) for every pair, as Python's starmap unpacks argument tuples.
func Starmap[A, B, R any](ctx context.Context, p *Pool, fn func(p *Proc, a A, b B) (R, error), args []Pair[A, B], opts ...MapOption) ([]R, error) {
	return Map(ctx, p, func(p *Proc, ab Pair[A, B]) (R, error) { return fn(p, ab.First, ab.Second) }, args, opts...)
}

// Imap submits fn for every item and returns the results in input order as they
// become available, as Python's imap. The default chunk size is 1.
func Imap[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], items []A, opts ...MapOption) (iter.Seq2[R, error], error) {
	return startImap(ctx, p, "imap", true, fn, items, opts)
}

// ImapUnordered is Imap yielding results in completion order, as Python's imap_unordered.
func ImapUnordered[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], items []A, opts ...MapOption) (iter.Seq2[R, error], error) {
	return startImap(ctx, p, "imap_unordered", false, fn, items, opts)
}

func startImap[A, R any](ctx context.Context, p *Pool, call string, ordered bool, fn TaskFunc[A, R], items []A, opts []MapOption) (iter.Seq2[R, error], error) {
	cfg := mapConfig{chunksize: 1}
	for _, o := range opts {
		o(&cfg)
	}
	it := newImapState(len(items), ordered)
	c, err := startMap(ctx, p, call, fn, items, cfg.chunksize, it, asyncConfig[[]R]{})
	if err != nil {
		return nil, err
	}
	it.label = c.label
	return func(yield func(R, error) bool) {
		for {
			i, err, ok := it.next(ctx, p.e)
			if !ok {
				return
			}
			var v R
			if err == nil {
				v = c.out[i]
			}
			if !yield(v, err) {
				return
			}
		}
	}, nil
}
