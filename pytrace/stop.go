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

// detectHang appends a stall the detector finds now, while the program runs
// and is not paused; r.mu is held.
func (r *Run) detectHang(dst []pool.Event) []pool.Event {
	if r.detect == nil || r.isEnded() || r.paused.on {
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
