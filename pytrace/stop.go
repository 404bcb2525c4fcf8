package pytrace

import (
	"errors"
	"time"

	"poolviz/pool"
)

// watchHangs converts the events that are ready every lag, whether or not
// anyone drains them, so that the detector hears of a hang, and a broken pool
// is stopped, even while nobody looks. The events wait, converted, for Drain.
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
		r.ready = r.detectHang(r.release(r.ready, false))
		r.mu.Unlock()
	}
}

// observe feeds the detector the events dst[from:], converted from one wire
// event, and appends what it finds; r.mu is held. The tasks a worker lost are
// told before its exit, as its last word.
func (r *Run) observe(dst []pool.Event, from int) []pool.Event {
	if r.detect == nil {
		return dst
	}
	for i, end := from, len(dst); i < end; i++ {
		found := r.detect.observe(dst[i])
		if i == len(dst)-1 && len(found) > 0 && dst[i].Kind == pool.KindWorkerExited {
			exit := dst[i]
			r.conv.seq-- // the exit takes the number after the lost tasks
			dst = r.emitFound(dst[:i], found)
			dst = r.conv.emit(dst, exit)
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
	return r.emitFound(dst, r.detect.check(r.nowLocked()))
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
