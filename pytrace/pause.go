package pytrace

import (
	"time"
)

// pauses records when the program was stopped, so that the run's clock (Now,
// and the events' times) leaves the stopped stretches out, as an engine's
// clock stands still while it is paused.
type pauses struct {
	on    bool
	began time.Duration // wall time since Start when the current pause began
	pyAt  int64         // the same moment on Python's clock
	total time.Duration // wall time of the pauses that ended
	spans []pauseSpan   // the pauses that ended, on Python's clock
}

type pauseSpan struct{ from, to int64 }

// before returns how much of the program's time before Python stamp t was paused.
func (p *pauses) before(t int64) time.Duration {
	var d int64
	for _, s := range p.spans {
		if t > s.from {
			d += min(t, s.to) - s.from
		}
	}
	if p.on && t > p.pyAt {
		d += t - p.pyAt
	}
	return time.Duration(d)
}

// Pause stops every process of the program (SIGSTOP to its group) and the
// run's clock with it, until Resume. It does nothing once the program ended.
func (r *Run) Pause() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.paused.on || r.isEnded() || r.closing {
		return
	}
	now := time.Since(r.start)
	r.paused = pauses{on: true, began: now, pyAt: r.clock.pyNow(now), total: r.paused.total, spans: r.paused.spans}
	r.signal(sigStop)
}

// Resume lets a paused program go on (SIGCONT to its group).
func (r *Run) Resume() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.resume()
}

// resume ends a pause; r.mu is held.
func (r *Run) resume() {
	if !r.paused.on {
		return
	}
	now := time.Since(r.start)
	r.paused.spans = append(r.paused.spans, pauseSpan{from: r.paused.pyAt, to: r.clock.pyNow(now)})
	r.paused.total += now - r.paused.began
	r.paused.on = false
	r.signal(sigCont)
}

// Paused reports whether the program is paused.
func (r *Run) Paused() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.paused.on
}

// Now returns how long the program has run, its pauses left out.
func (r *Run) Now() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.nowLocked()
}

// nowLocked is Now; r.mu is held.
func (r *Run) nowLocked() time.Duration {
	if r.paused.on {
		return max(r.paused.began-r.paused.total, 0) // the clock stands where the pause began
	}
	return max(time.Since(r.start)-r.paused.total, 0)
}

// runTime maps a Python stamp to the run's clock; r.mu is held.
func (r *Run) runTime(t int64) time.Duration {
	return max(r.clock.runTime(t)-r.paused.before(t), 0)
}
