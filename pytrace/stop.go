package pytrace

import (
	"errors"

	"poolviz/pool"
)

// emitFound appends the events the detector found, numbered after the
// others, and stops the program once the detector finds its pool broken (an
// initializer that keeps failing: CPython would start new workers forever);
// r.mu is held.
func (r *Run) emitFound(dst []pool.Event, found []pool.Event) []pool.Event {
	for _, ev := range found {
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
