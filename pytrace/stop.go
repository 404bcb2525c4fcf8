package pytrace

import (
	"errors"
	"fmt"
	"time"

	"poolviz/pool"
)

// watchLag is how long an event waits before watchHangs converts it: longer
// than Drain's lag, since nobody waits to see it, so that a reader that drains
// only at the end still gets every event in order, however late a busy
// machine delivers some.
const watchLag = time.Second

// watchHangs converts the events older than watchLag, whether or not anyone
// drains them, so that the detector hears of a hang, and a broken pool is
// stopped, even while nobody looks. The events wait, converted, for Drain.
func (r *Run) watchHangs() {
	tick := time.NewTicker(lag)
	defer tick.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-r.ended:
			return
		case <-tick.C:
		}
		r.mu.Lock()
		r.ready = r.detectHang(r.releaseHeld(r.ready, false, watchLag))
		r.mu.Unlock()
	}
}

// observe feeds the detector the events dst[from:], converted from one wire
// event, and appends what it finds; r.mu is held. The tasks a worker lost are
// told before its exit, as its last word.
func (r *Run) observe(dst []pool.Event, from int) []pool.Event {
	for i, end := from, len(dst); i < end && r.detect != nil; i++ {
		ev := dst[i]
		found := r.safely(func() []pool.Event { return r.detect.observe(ev) })
		if i == len(dst)-1 && len(found) > 0 && ev.Kind == pool.KindWorkerExited {
			r.conv.seq-- // the exit takes the number after the lost tasks
			dst = r.emitFound(dst[:i], found)
			dst = r.conv.emit(dst, ev)
			continue
		}
		dst = r.emitFound(dst, found)
	}
	return dst
}

// detectHang appends a stall the detector finds now, while the program runs
// and is not paused; r.mu is held. An event still held back (see lag) is news
// the detector has not heard yet: no stall then.
func (r *Run) detectHang(dst []pool.Event) []pool.Event {
	if r.detect == nil || r.isEnded() || r.paused.on || len(r.pending) > 0 {
		return dst
	}
	now := r.nowLocked()
	return r.emitFound(dst, r.safely(func() []pool.Event { return r.detect.check(now) }))
}

// safely runs one step of the detector. A fault of the detector's own turns it
// off and becomes the run's error, rather than crash whoever drains; r.mu is
// held.
func (r *Run) safely(step func() []pool.Event) (found []pool.Event) {
	defer func() {
		if p := recover(); p != nil {
			r.internalErr = errors.Join(r.internalErr, fmt.Errorf("pytrace: internal error in the hang detector: %v", p))
			r.detect, found = nil, nil
		}
	}()
	return step()
}

// emitFound appends the events the detector found, numbered after the
// others, and stops the program once the detector finds its pool broken (an
// initializer that keeps failing: CPython would start new workers forever);
// r.mu is held.
func (r *Run) emitFound(dst []pool.Event, found []pool.Event) []pool.Event {
	for _, ev := range found {
		ev.Time = max(ev.Time, r.conv.last) // never before an event already given
		r.conv.last = ev.Time
		dst = r.conv.emit(dst, ev)
		if ev.Kind == pool.KindPoolBroken && r.stopped == nil {
			r.stopped = errors.New("pytrace: " + ev.Err)
			r.killed = true
			if !r.closing {
				r.goSafe(r.terminate)
			}
		}
	}
	return dst
}
