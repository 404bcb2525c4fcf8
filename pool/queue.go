package pool

import (
	"context"
	"errors"
	"time"
)

// Queue and SimpleQueue are Python's multiprocessing.Queue and SimpleQueue.
//
// Their events (Object = the queue's name; waits as in object.go):
//   - KindObjectCreated: Label "queue" (Count = maxsize, 0 for unbounded) or
//     "simple-queue".
//   - KindQueuePut: Actor = who put; Value = the item, rendered; Count = the
//     queue's length after the put. A put that feeds a waiting get is followed at
//     once by the getter's KindWaitEnded and KindQueueGet.
//   - KindQueueGet: Actor = who got the item; Value = the item; Count = the length
//     after. A get that makes room for a waiting put is followed at once by the
//     putter's KindWaitEnded and KindQueuePut.
//   - KindWaitBegan, KindWaitEnded: Label "get" or "put", when the caller has to
//     wait (a put waits only on a full bounded queue). A get that timed out ends
//     with Err "queue is empty", a put with Err "queue is full".

// Errors of a queue.
var (
	// ErrEmpty is returned by a queue get that found nothing (non-blocking, or
	// when its timeout passed), as Python raises queue.Empty.
	ErrEmpty = errors.New("queue is empty")
	// ErrFull is returned by a put to a bounded queue that found no room
	// (non-blocking, or when its timeout passed), as Python raises queue.Full.
	ErrFull = errors.New("queue is full")
)

// queueCore is a FIFO of items with its waiting getters and putters, guarded by
// the engine lock.
type queueCore[T any] struct {
	objectBase
	maxsize int
	items   []queued[T]
	head    int
	getters waitList // each getter's val receives the queued[T] handed over
	putters waitList // each putter's val is the queued[T] it brings
}

// queued is an item with its rendering, made once by the putter outside the
// engine lock (a String method may be slow, or may even call back into the engine).
type queued[T any] struct {
	v T
	s string
}

// Queue is a FIFO queue shared by every actor of an engine, as Python's
// multiprocessing.Queue: bounded when maxsize > 0, with blocking, timed and
// non-blocking puts and gets. Waiting getters (and putters) are served in the
// order they arrived.
type Queue[T any] struct{ q queueCore[T] }

// SimpleQueue is an unbounded FIFO queue, as Python's multiprocessing.SimpleQueue:
// Put never waits, Get waits for an item.
type SimpleQueue[T any] struct{ q queueCore[T] }

// NewQueue returns an empty queue called name; maxsize <= 0 means unbounded.
func NewQueue[T any](e *Engine, name string, maxsize int) *Queue[T] {
	q := &Queue[T]{}
	q.q.maxsize = max(maxsize, 0)
	e.newObject(&q.q.objectBase, "queue", "queue", name, q.q.maxsize, "")
	return q
}

// NewSimpleQueue returns an empty unbounded queue called name.
func NewSimpleQueue[T any](e *Engine, name string) *SimpleQueue[T] {
	q := &SimpleQueue[T]{}
	e.newObject(&q.q.objectBase, "simple-queue", "queue", name, 0, "")
	return q
}

// Name returns the queue's name.
func (q *Queue[T]) Name() string { return q.q.name }

// String renders the queue as "Queue(results)".
func (q *Queue[T]) String() string { return "Queue(" + q.q.name + ")" }

// Put appends v, waiting while a bounded queue is full. With a timeout (a Timeout
// option; with none it waits with no limit) it returns ErrFull when no room came.
func (q *Queue[T]) Put(ctx context.Context, v T, opts ...WaitOption) error {
	return q.q.put(ctx, v, waitLimit(opts))
}

// PutNowait appends v or returns ErrFull at once, as Python's put_nowait.
func (q *Queue[T]) PutNowait(ctx context.Context, v T) error { return q.q.put(ctx, v, 0) }

// Get removes and returns the oldest item, waiting while the queue is empty. With
// a timeout (a Timeout option; with none it waits with no limit) it returns ErrEmpty
// when no item came.
func (q *Queue[T]) Get(ctx context.Context, opts ...WaitOption) (T, error) {
	return q.q.get(ctx, waitLimit(opts))
}

// GetNowait returns the oldest item or ErrEmpty at once, as Python's get_nowait.
func (q *Queue[T]) GetNowait(ctx context.Context) (T, error) { return q.q.get(ctx, 0) }

// Len returns the number of items queued (Python's qsize).
func (q *Queue[T]) Len() int { return q.q.length() }

// Empty reports whether the queue has no items.
func (q *Queue[T]) Empty() bool { return q.q.length() == 0 }

// Full reports whether a bounded queue has maxsize items; an unbounded queue is never full.
func (q *Queue[T]) Full() bool {
	return q.q.maxsize > 0 && q.q.length() >= q.q.maxsize
}

// Name returns the queue's name.
func (q *SimpleQueue[T]) Name() string { return q.q.name }

// String renders the queue as "SimpleQueue(results)".
func (q *SimpleQueue[T]) String() string { return "SimpleQueue(" + q.q.name + ")" }

// Put appends v; it never waits.
func (q *SimpleQueue[T]) Put(ctx context.Context, v T) error { return q.q.put(ctx, v, noLimit) }

// Get removes and returns the oldest item, waiting for one.
func (q *SimpleQueue[T]) Get(ctx context.Context) (T, error) { return q.q.get(ctx, noLimit) }

// Empty reports whether the queue has no items.
func (q *SimpleQueue[T]) Empty() bool { return q.q.length() == 0 }

func (q *queueCore[T]) length() int {
	q.e.mu.Lock()
	defer q.e.mu.Unlock()
	return q.len()
}

func (q *queueCore[T]) len() int { return len(q.items) - q.head }

func (q *queueCore[T]) full() bool { return q.maxsize > 0 && q.len() >= q.maxsize }

func (q *queueCore[T]) push(it queued[T]) { q.items = append(q.items, it) }

func (q *queueCore[T]) pop() queued[T] {
	it := q.items[q.head]
	q.items[q.head] = queued[T]{}
	q.head++
	if q.head == len(q.items) {
		q.items, q.head = q.items[:0], 0
	} else if q.head >= 64 && q.head*2 >= len(q.items) {
		n := copy(q.items, q.items[q.head:])
		clear(q.items[n:])
		q.items, q.head = q.items[:n], 0
	}
	return it
}

func (q *queueCore[T]) put(ctx context.Context, v T, timeout time.Duration) error {
	e := q.e
	it := queued[T]{v: v}
	if e.recording() {
		it.s = render(v)
	}
	a, who, pctx, err := e.enterOp(ctx)
	if err != nil {
		return err
	}
	if !q.full() {
		q.push(it)
		e.emit(a, Event{Actor: who, Kind: KindQueuePut, Object: q.name, Value: it.s, Count: q.len()})
		if g := q.getters.pop(); g != nil {
			// Only an empty queue has getters waiting: the item goes straight on.
			got := q.pop()
			g.val = got // a struct, so that a nil item (T = any) survives the trip
			e.waitEnded(a, g.who, &q.objectBase, "get", nil)
			e.emit(a, Event{Actor: g.who, Kind: KindQueueGet, Object: q.name, Value: got.s, Count: q.len()})
			e.wake(g, nil)
		}
		e.mu.Unlock()
		return nil
	}
	_, err = e.waitTurn(a, pctx, waitSpec{&q.objectBase, q, &q.putters, "put", ErrFull}, timeout, it)
	return err // nil: a get made room and queued our item
}

func (q *queueCore[T]) get(ctx context.Context, timeout time.Duration) (T, error) {
	e := q.e
	a, who, pctx, err := e.enterOp(ctx)
	if err != nil {
		return *new(T), err
	}
	if q.len() > 0 {
		it := q.pop()
		e.emit(a, Event{Actor: who, Kind: KindQueueGet, Object: q.name, Value: it.s, Count: q.len()})
		if p := q.putters.pop(); p != nil {
			// A full queue has room again: the oldest waiting put goes in.
			pit := p.val.(queued[T])
			q.push(pit)
			e.waitEnded(a, p.who, &q.objectBase, "put", nil)
			e.emit(a, Event{Actor: p.who, Kind: KindQueuePut, Object: q.name, Value: pit.s, Count: q.len()})
			e.wake(p, nil)
		}
		e.mu.Unlock()
		return it.v, nil
	}
	w, err := e.waitTurn(a, pctx, waitSpec{&q.objectBase, q, &q.getters, "get", ErrEmpty}, timeout, nil)
	if err != nil {
		return *new(T), err
	}
	return w.val.(queued[T]).v, nil // a put handed its item over
}

func (q *queueCore[T]) withdraw(w *waiter) bool {
	return q.getters.remove(w) || q.putters.remove(w)
}

// waitFor: nobody holds a queue, so a wait on it can end through anyone; the
// explanation says whether anybody is left to do it.
func (q *queueCore[T]) waitFor(w *waiter) waitTarget {
	for _, p := range q.putters {
		if p == w {
			return waitTarget{Object: q.phrase, Verb: "waits to put to",
				Why: q.e.because("nobody left can get from it", "it is full")}
		}
	}
	return waitTarget{Object: q.phrase, Verb: "waits to get from",
		Why: q.e.because("nobody left can put to it", "it is empty")}
}
