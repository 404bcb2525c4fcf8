package pool

import (
	"context"
	"sync"
	"sync/atomic"
)

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
	size     int // items per chunk (the last may have fewer)
	nchunks  int
	call     string // "map", "imap", "imap_unordered"
	feedMu   sync.Mutex
	fed      int        // chunks pushed (or refused); guarded by feedMu
	unfed    bool       // no longer a feeder of the pool; guarded by feedMu
	it       *imapState // imap and imap_unordered; nil for map
}

// mapChunk is one chunk of a mapCall: a job on the task queue.
type mapChunk[A, R any] struct {
	jobHeader
	c      *mapCall[A, R]
	lo, hi int
}

func (ch *mapChunk[A, R]) header() jobHeader { return ch.jobHeader }

// startMap accepts a map-style call and pushes its first window chunks.
func startMap[A, R any](ctx context.Context, p *Pool, call string, fn TaskFunc[A, R], items []A, chunksize, window int, it *imapState, cb *asyncConfig[[]R]) (*mapCall[A, R], error) {
	if chunksize < 1 {
		chunksize = 1
	}
	a, _ := p.e.caller(ctx)
	if err := refuseDone(ctx, call); err != nil {
		return nil, err
	}
	n := len(items)
	first := p.taskIDs(max(n, 1)) // an empty map still has an id for its handle
	c := &mapCall[A, R]{fn: fn, items: items, out: make([]R, n), size: chunksize, it: it, call: call}
	c.AsyncResult = AsyncResult[[]R]{pool: p, id: first, more: &resultMore[[]R]{n: n, label: call + " " + TaskRangeLabel(first, n)}}
	if cb != nil && (cb.onOK != nil || cb.onErr != nil) {
		c.more.cb = cb
	}
	c.perItem = p.e.sim != nil || chunksize <= perItemLimit
	if cb != nil {
		p.ensureHandler()
	}
	c.nchunks = (n + chunksize - 1) / chunksize
	c.left.Store(int64(c.nchunks))
	if n == 0 {
		// Nothing is queued, so the queue cannot refuse it: refuse here, as Python
		// checks that the pool runs before it looks at the items.
		if p.state.Load() != stateRunning {
			return nil, p.stateErr()
		}
		c.deliver(a, c.out, nil)
		return c, nil
	}
	if err := p.addFeeder(c); err != nil {
		return nil, err
	}
	c.feedTo(a, window)
	return c, nil
}

// feedTo pushes the call's chunks up to chunk k (excluded), on behalf of a; the
// last one pushed, it forgets the call as a feeder.
func (c *mapCall[A, R]) feedTo(a *actor, k int) {
	p := c.pool
	c.feedMu.Lock()
	defer c.feedMu.Unlock()
	for ; c.fed < min(k, c.nchunks); c.fed++ {
		lo := c.fed * c.size
		ch := &mapChunk[A, R]{c: c, lo: lo, hi: min(lo+c.size, len(c.items))}
		ch.jobHeader = jobHeader{task: c.id + lo, n: ch.hi - lo, chunk: int(p.chunks.Add(1)), index: lo, call: c.call}
		if err := p.submit(a, ch, true); err != nil {
			c.refused(a, err)
			break
		}
	}
	if c.fed >= c.nchunks && !c.unfed {
		c.unfed = true
		p.removeFeeder(c)
	}
}

// refused ends a call whose chunks from c.fed on the queue refused (the pool was
// terminated or broke meanwhile). A map's chunks fail; they belong to an accepted
// call, so they count as submitted, and every finished task was submitted. An
// imap's iterator reports the error once and ends.
func (c *mapCall[A, R]) refused(a *actor, err error) {
	p := c.pool
	if c.it != nil {
		c.fed = c.nchunks
		if c.resolve(nil, err) {
			c.pool.e.emitReady(a, c.id, c, err)
		}
		c.pool.e.mu.Lock()
		c.it.abort(c.pool.e, err)
		c.pool.e.mu.Unlock()
		return
	}
	for ; c.fed < c.nchunks; c.fed++ {
		lo := c.fed * c.size
		rest := &mapChunk[A, R]{c: c, lo: lo, hi: min(lo+c.size, len(c.items))}
		rest.jobHeader = jobHeader{task: c.id + lo, n: rest.hi - lo, index: lo, call: c.call}
		p.submitted.Add(int64(rest.n))
		if p.e.observingTasks(a, shedSubmitted, rest.n) {
			p.e.emit(a, Event{Actor: actorRef(a), Kind: KindTaskSubmitted, Task: rest.task, Count: rest.n, Index: lo, Label: c.call})
		}
		rest.fail(err)
	}
}

// abandon stops pushing chunks: the imap's consumer left its loop early.
func (c *mapCall[A, R]) abandon() {
	c.feedMu.Lock()
	defer c.feedMu.Unlock()
	c.fed = c.nchunks
	if !c.unfed {
		c.unfed = true
		c.pool.removeFeeder(c)
	}
}

func (c *mapCall[A, R]) feedAll() { c.feedTo(nil, c.nchunks) }

func (c *mapCall[A, R]) order() int { return c.id }

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
	}
	ch.arrived(failed)
	c.chunkDone(p.a, failed)
}

// arrived hands the finished chunk to an imap iterator, which yields its items
// together, as CPython's does.
func (ch *mapChunk[A, R]) arrived(err error) {
	c := ch.c
	if c.it == nil {
		return
	}
	e := c.pool.e
	e.mu.Lock()
	c.it.arrive(e, ch.lo/c.size, err)
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
	ch.arrived(err)
	c.chunkDone(nil, err)
}

func (ch *mapChunk[A, R]) exited(p *Proc, err error) {
	c, pool := ch.c, ch.c.pool
	if pool.state.Load() == stateTerminated {
		err = ErrTerminated
	}
	at := p.task - ch.task + ch.lo
	if !c.perItem {
		ch.fastDone(p, at, err)
		return
	}
	finishTask(pool, p, p.task, at, *new(R), err)
	for i := at + 1; i < ch.hi; i++ {
		finishTask(pool, p, ch.task+i-ch.lo, i, *new(R), ErrSkipped)
	}
	ch.arrived(err)
	c.chunkDone(p.a, err)
}

func (ch *mapChunk[A, R]) abort(err error) {
	c := ch.c
	if c.resolve(nil, err) {
		c.pool.e.emitReady(nil, c.id, c, err)
	}
	if c.it != nil {
		e := c.pool.e
		e.mu.Lock()
		c.it.abort(e, err)
		e.mu.Unlock()
	}
}
