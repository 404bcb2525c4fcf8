package pool

import "slices"

// feeder is a map-style call whose chunks are accepted as a whole but pushed to
// the task queue over time: all at once by MapAsync, a window ahead of the
// consumer by Imap. Close pushes every feeder's remaining chunks before it shuts
// the queue, so work a call accepted is never dropped by a Close that comes
// while it is being pushed, as in CPython, where an accepted map always runs
// whole.
type feeder interface {
	// feedAll pushes every chunk not yet pushed, on behalf of Close.
	feedAll()
	// order is the call's first task id: Close feeds calls in the order they began.
	order() int
}

// addFeeder accepts a feeder, or says why the pool refuses new work.
func (p *Pool) addFeeder(f feeder) error {
	p.feedMu.Lock()
	defer p.feedMu.Unlock()
	if p.state.Load() != stateRunning {
		return p.stateErr()
	}
	if p.feeders == nil {
		p.feeders = map[feeder]struct{}{}
	}
	p.feeders[f] = struct{}{}
	return nil
}

// removeFeeder forgets a feeder that pushed its last chunk, or was abandoned.
func (p *Pool) removeFeeder(f feeder) {
	p.feedMu.Lock()
	defer p.feedMu.Unlock()
	delete(p.feeders, f)
}

// feedAll pushes what every accepted call has left; Close calls it after the
// pool stopped accepting calls and before it shuts the queue.
func (p *Pool) feedAll() {
	p.feedMu.Lock()
	fs := make([]feeder, 0, len(p.feeders))
	for f := range p.feeders {
		fs = append(fs, f)
	}
	p.feedMu.Unlock()
	// In the order the calls began, so that a Simulated run stays reproducible.
	slices.SortFunc(fs, func(a, b feeder) int { return a.order() - b.order() })
	for _, f := range fs {
		f.feedAll()
	}
}

// stateErr is why a pool that is not running refuses work.
func (p *Pool) stateErr() error {
	switch p.state.Load() {
	case stateClosed:
		return ErrClosed
	case stateBroken:
		return p.refusal(ErrBroken)
	}
	return ErrTerminated
}
