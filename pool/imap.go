package pool

import "context"

// imapState is what an imap iterator waits on: which chunks arrived, in what
// order. A chunk is the unit an iterator takes, as in CPython, where a chunk's
// items reach the iterator together once the whole chunk finished. All fields are
// guarded by the engine lock.
type imapState struct {
	ordered bool
	chunked bool // chunks of more than one item: a failing chunk ends the iteration
	n       int  // chunks
	label   string
	ready   []bool
	errs    map[int]error
	arrived []int // chunk indices in completion order
	taken   int   // chunks yielded
	pos     int   // next index into arrived (unordered)
	failErr error // terminated: the iterator reports this once, then ends
	ended   bool  // the iterator reported its last error
	waiter  *waiter
}

func newImapState(chunks int, ordered, chunked bool) *imapState {
	return &imapState{ordered: ordered, chunked: chunked, n: chunks, ready: make([]bool, chunks)}
}

// arrive records that chunk k finished, with err if it failed.
func (it *imapState) arrive(e *Engine, k int, err error) {
	if it.ready[k] {
		return
	}
	it.ready[k] = true
	if err != nil {
		if it.errs == nil {
			it.errs = map[int]error{}
		}
		it.errs[k] = err
	}
	it.arrived = append(it.arrived, k)
	it.wakeReader(e)
}

func (it *imapState) abort(e *Engine, err error) {
	if it.failErr == nil {
		it.failErr = err
	}
	it.wakeReader(e)
}

func (it *imapState) wakeReader(e *Engine) {
	if w := it.waiter; w != nil {
		it.waiter = nil
		e.wake(w, nil)
	}
}

// next returns the next chunk to yield and its error, waiting for it; ok is false
// once the iteration is over: every chunk was yielded, or an error ended it. Three
// errors end it after being reported once: a chunked call's failing chunk (as
// CPython's chunked imap raises and stops), Terminate's, and the caller's own
// (its context ended, or its actor was terminated), so that a loop that goes on
// after errors still ends.
func (it *imapState) next(ctx context.Context, e *Engine) (k int, err error, ok bool) {
	a, pctx := e.caller(ctx)
	e.mu.Lock()
	for {
		if it.ended || it.taken >= it.n {
			e.mu.Unlock()
			return 0, nil, false
		}
		k = -1
		if it.ordered {
			if it.ready[it.taken] {
				k = it.taken
			}
		} else if it.pos < len(it.arrived) {
			k = it.arrived[it.pos]
			it.pos++
		}
		if k >= 0 {
			it.taken++
			err = it.errs[k]
			it.ended = err != nil && it.chunked
			e.mu.Unlock()
			return k, err, true
		}
		if it.failErr != nil {
			it.ended = true
			e.mu.Unlock()
			return -1, it.failErr, true
		}
		w := e.newWaiter(a, it)
		it.waiter = w
		if werr := e.park(w, -1, pctx); werr != nil {
			e.mu.Lock()
			it.ended = true
			e.mu.Unlock()
			return -1, werr, true
		}
		e.mu.Lock()
	}
}

func (it *imapState) withdraw(w *waiter) bool { return withdrawOne(&it.waiter, w) }

func (it *imapState) waitFor(*waiter) waitTarget {
	return waitTarget{Object: "next result of " + it.label, Verb: "waits for the"}
}
