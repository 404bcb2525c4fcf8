package pool

import (
	"context"
	"fmt"
	"iter"
	"math"
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

type mapConfig struct {
	chunksize  int
	badChunk   bool // Chunksize was given a size below 1
	buffersize int  // Imap: chunks submitted ahead of the consumer; 0: the default
	badBuffer  bool
}

// Buffersize bounds how many chunks Imap and ImapUnordered keep submitted ahead
// of their consumer, as CPython 3.14's buffersize: the call submits that many at
// once and one more for each chunk the loop takes, so a loop that stops early
// leaves the rest of the input unsubmitted, and a long input costs memory in
// proportion to the bound, not to its length. n must be at least 1 (else the
// call returns ErrBuffersize); the default is DefaultBuffersize. Map and MapAsync
// ignore it: their result holds every item anyway.
func Buffersize(n int) MapOption {
	return func(c *mapConfig) { c.buffersize, c.badBuffer = n, n < 1 }
}

// DefaultBuffersize is how many chunks Imap keeps submitted ahead of its
// consumer unless told otherwise: 64 per worker, enough to keep every worker
// busy while the consumer takes results one at a time.
func DefaultBuffersize(workers int) int { return 64 * max(workers, 1) }

// Chunksize sets how many items a worker takes at once; it must be at least 1,
// or the call returns ErrChunksize, as Python raises ValueError. The default for
// Map, MapAsync and Starmap is DefaultChunksize; for Imap and ImapUnordered it is
// 1, as in Python.
func Chunksize(n int) MapOption {
	return func(c *mapConfig) { c.chunksize, c.badChunk = n, n < 1 }
}

// mapOptions applies opts over the defaults and checks them.
func mapOptions(chunksize int, opts []MapOption) (mapConfig, error) {
	cfg := mapConfig{chunksize: chunksize}
	for _, o := range opts {
		o(&cfg)
	}
	return cfg, cfg.check()
}

// check says what is wrong with the options, if anything.
func (cfg *mapConfig) check() error {
	if cfg.badChunk {
		return fmt.Errorf("%w, got %d", ErrChunksize, cfg.chunksize)
	}
	if cfg.badBuffer {
		return fmt.Errorf("%w, got %d", ErrBuffersize, cfg.buffersize)
	}
	return nil
}

// MapAsync submits fn for every item in chunks and returns a handle to all results
// in input order (Python's map_async). If any item fails, the handle's error is the
// first failure to arrive, once every chunk finished. opts mixes MapOptions
// (Chunksize) and callbacks (OnSuccess with a func([]R), OnError).
func MapAsync[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], items []A, opts ...MapAsyncOption) (*AsyncResult[[]R], error) {
	return mapAsync(ctx, p, "map_async", fn, items, opts)
}

// mapAsync is MapAsync; call names the Python call in errors.
func mapAsync[A, R any](ctx context.Context, p *Pool, call string, fn TaskFunc[A, R], items []A, opts []MapAsyncOption) (*AsyncResult[[]R], error) {
	cfg := mapConfig{chunksize: DefaultChunksize(len(items), p.cfg.workers)}
	var cbs AsyncOption
	for _, o := range opts {
		o.mapAsyncOption(&cfg, &cbs)
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	cb, err := typed[[]R](call, cbs)
	if err != nil {
		return nil, err
	}
	return runMap(ctx, p, fn, items, cfg, cb)
}

// runMap starts a map whose options are checked.
func runMap[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], items []A, cfg mapConfig, cb *asyncConfig[[]R]) (*AsyncResult[[]R], error) {
	c, err := startMap(ctx, p, "map", fn, items, cfg.chunksize, math.MaxInt, nil, cb)
	if err != nil {
		return nil, err
	}
	return &c.AsyncResult, nil
}

// Map runs fn for every item and returns the results in input order, as Python's map.
func Map[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], items []A, opts ...MapOption) ([]R, error) {
	cfg, err := mapOptions(DefaultChunksize(len(items), p.cfg.workers), opts)
	if err != nil {
		return nil, err
	}
	r, err := runMap(ctx, p, fn, items, cfg, nil)
	if err != nil {
		return nil, err
	}
	return r.Get(ctx)
}

// Pair is one argument tuple of Starmap.
type Pair[A, B any] struct {
	First  A
	Second B
}

// Starmap runs fn(a, b) for every pair, as Python's starmap unpacks argument tuples.
func Starmap[A, B, R any](ctx context.Context, p *Pool, fn func(p *Proc, a A, b B) (R, error), args []Pair[A, B], opts ...MapOption) ([]R, error) {
	return Map(ctx, p, unpair(fn), args, opts...)
}

// StarmapAsync is Starmap returning a handle at once, as Python's starmap_async.
// Its options are MapAsync's.
func StarmapAsync[A, B, R any](ctx context.Context, p *Pool, fn func(p *Proc, a A, b B) (R, error), args []Pair[A, B], opts ...MapAsyncOption) (*AsyncResult[[]R], error) {
	return mapAsync(ctx, p, "starmap_async", unpair(fn), args, opts)
}

func unpair[A, B, R any](fn func(p *Proc, a A, b B) (R, error)) TaskFunc[Pair[A, B], R] {
	return func(p *Proc, ab Pair[A, B]) (R, error) { return fn(p, ab.First, ab.Second) }
}

// Func adapts a plain function that cannot fail, such as strings.ToUpper, to a
// task. The cost is one indirect call per item.
func Func[A, R any](fn func(A) R) TaskFunc[A, R] {
	return func(_ *Proc, a A) (R, error) { return fn(a), nil }
}

// FuncErr adapts a plain function that returns an error, such as strconv.Atoi,
// to a task, so that it can be mapped directly:
//
//	ns, err := pool.Map(ctx, pl, pool.FuncErr(strconv.Atoi), []string{"1", "2"})
func FuncErr[A, R any](fn func(A) (R, error)) TaskFunc[A, R] {
	return func(_ *Proc, a A) (R, error) { return fn(a) }
}

// Imap submits fn for every item and returns the results in input order as they
// become available, as Python's imap. The default chunk size is 1.
//
// A chunk's items are yielded together once the whole chunk finished, as in
// CPython. With chunks of one item an error is that item's own and the items
// after it still come; with larger chunks, as CPython's chunked imap, a failing
// chunk is lost whole: the iterator yields its error once and ends. So does a
// wait that ends early: ctx done, or the caller terminated, or the pool
// terminated. Tasks already submitted still run.
func Imap[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], items []A, opts ...MapOption) (iter.Seq2[R, error], error) {
	return startImap(ctx, p, "imap", true, fn, items, opts)
}

// ImapUnordered is Imap yielding results in completion order, as Python's imap_unordered.
func ImapUnordered[A, R any](ctx context.Context, p *Pool, fn TaskFunc[A, R], items []A, opts ...MapOption) (iter.Seq2[R, error], error) {
	return startImap(ctx, p, "imap_unordered", false, fn, items, opts)
}

func startImap[A, R any](ctx context.Context, p *Pool, call string, ordered bool, fn TaskFunc[A, R], items []A, opts []MapOption) (iter.Seq2[R, error], error) {
	cfg, err := mapOptions(1, opts)
	if err != nil {
		return nil, err
	}
	size := cfg.chunksize
	window := cfg.buffersize
	if window == 0 {
		window = DefaultBuffersize(p.cfg.workers)
	}
	it := newImapState((len(items)+size-1)/size, ordered, size > 1)
	c, err := startMap(ctx, p, call, fn, items, size, window, it, nil)
	if err != nil {
		return nil, err
	}
	it.label = c.Label()
	return func(yield func(R, error) bool) {
		// However the loop ends, no chunk is pushed after it: an abandoned
		// iterator costs what it had submitted, no more.
		defer c.abandon()
		a, _ := p.e.caller(ctx)
		for taken := 1; ; taken++ {
			k, err, ok := it.next(ctx, p.e)
			if !ok {
				return
			}
			c.feedTo(a, taken+window)
			if err != nil {
				if !yield(*new(R), err) {
					return
				}
				continue
			}
			for i := k * size; i < min(k*size+size, len(items)); i++ {
				if !yield(c.out[i], nil) {
					return
				}
			}
		}
	}, nil
}
