package pool

import "context"

// imapState is what an imap iterator waits on: which items arrived, in what order.
// All fields are guarded by the engine lock.
type imapState struct {
	ordered bool
	n       int
	label   string
	ready   []bool
	errs    map[int]error
	arrived []int // item indices in completion order
	taken   int   // items yielded
	pos     int   // next index into arrived (unordered)
	failErr error // terminated: every item not yet arrived yields this
	waiter  *waiter
}

func newImapState(n int, ordered bool) *imapState {
	return &imapState{ordered: ordered, n: n, ready: make([]bool, n)}
}

func (it *imapState) arrive(e *Engine, i int, err error) {
	if it.ready[i] {
		return
	}
	it.ready[i] = true
	if err != nil {
		if it.errs == nil {
			it.errs = map[int]error{}
		}
		it.errs[i] = err
	}
	it.arrived = append(it.arrived, i)
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

// next returns the index of the next item to yield and its error, waiting for it;
// ok is false once every item was yielded.
func (it *imapState) next(ctx context.Context, e *Engine) (i int, err error, ok bool) {
	a, pctx := e.caller(ctx)
	e.mu.Lock()
	for {
		if it.taken >= it.n {
			e.mu.Unlock()
			return 0, nil, false
		}
		i = -1
		if it.ordered {
			if it.ready[it.taken] {
				i = it.taken
			}
		} else if it.pos < len(it.arrived) {
			i = it.arrived[it.pos]
			it.pos++
		}
		if i >= 0 {
			it.taken++
			err = it.errs[i]
			e.mu.Unlock()
			return i, err, true
		}
		if it.failErr != nil {
			it.taken++
			e.mu.Unlock()
			return -1, it.failErr, true
		}
		w := e.newWaiter(a, it)
		it.waiter = w
		if werr := e.park(w, -1, pctx); werr != nil {
			return -1, werr, true
		}
		e.mu.Lock()
	}
}

func (it *imapState) withdraw(w *waiter) bool { return withdrawOne(&it.waiter, w) }

func (it *imapState) waitFor(*waiter) waitTarget {
	return waitTarget{Object: "next result of " + it.label, Verb: "waits for the"}
}
