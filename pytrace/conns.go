package pytrace

import (
	"bufio"
	"errors"
	"io"
	"math"
	"net"
	"os"
	"slices"
	"sort"
	"sync"
	"time"

	"poolviz/pool"
)

// lag is how long an event waits before Drain releases it, so that an earlier
// event from a slower connection can still take its place in (time, pid, seq)
// order.
const lag = 50 * time.Millisecond

// acceptLoop takes each process's connection and reads it on a goroutine.
func (r *Run) acceptLoop() {
	for {
		c, err := r.ln.AcceptUnix()
		if err != nil {
			return
		}
		r.mu.Lock()
		if r.closing {
			r.mu.Unlock()
			c.Close()
			return
		}
		r.conns[c] = true
		r.mu.Unlock()
		r.goSafe(func() { r.read(c) })
	}
}

// read decodes one connection's lines into pending events until it ends.
func (r *Run) read(c net.Conn) {
	sc := bufio.NewScanner(c)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	pid, last := 0, int64(0)
	for sc.Scan() {
		w, ok := decodeLine(sc.Bytes())
		if !ok {
			continue
		}
		last = max(last, w.T)
		r.mu.Lock()
		if w.Kind == kindHello {
			pid = w.Pid
			if !r.clock.set {
				r.clock = clock{set: true, py: w.T, at: time.Since(r.start)}
			}
		} else {
			r.clock.observe(w.T, time.Since(r.start))
			r.received(w)
		}
		r.mu.Unlock()
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		_, _ = io.Copy(io.Discard, c) // never leave a writer blocked on a full socket
	}
	r.mu.Lock()
	if pid != 0 {
		// After every line of the connection, whatever the clocks' skew.
		t := max(r.clock.pyNow(time.Since(r.start)), last)
		r.pending = append(r.pending, wireEvent{Kind: kindEOF, Pid: pid, T: t, Seq: math.MaxUint64})
	}
	delete(r.conns, c)
	r.mu.Unlock()
	c.Close()
	r.poke()
}

// received queues one event; r.mu is held.
func (r *Run) received(w wireEvent) {
	if w.Kind == kindTracerFault {
		r.faults.add(w)
		return
	}
	if w.Kind == pool.KindMainEnded.String() && w.Pid == r.conv.mainPID {
		r.mainEnded, r.mainErr, r.traceback = true, w.Err, w.Value
	}
	r.pending = append(r.pending, w)
}

// release converts the pending events that are ready (all of them with all)
// in (time, pid, seq) order and appends them to dst; r.mu is held.
func (r *Run) release(dst []pool.Event, all bool) []pool.Event {
	hold := lag
	if r.opts.Reorder > 0 {
		hold = r.opts.Reorder
	}
	return r.releaseHeld(dst, all, hold)
}

// releaseHeld is release with events held for hold instead of lag.
func (r *Run) releaseHeld(dst []pool.Event, all bool, hold time.Duration) []pool.Event {
	if len(r.pending) == 0 {
		return dst
	}
	slices.SortStableFunc(r.pending, less)
	n := len(r.pending)
	if !all {
		if !r.clock.set {
			return dst
		}
		cutoff := r.clock.pyNow(time.Since(r.start)) - int64(hold)
		n = sort.Search(len(r.pending), func(i int) bool { return r.pending[i].T > cutoff })
	}
	if !r.clock.set { // nobody said hello: time from the first event
		r.clock = clock{set: true, py: r.pending[0].T}
	}
	for _, w := range r.pending[:n] {
		from := len(dst)
		dst = r.observe(r.conv.convert(dst, w, r.runTime(w.T)), from)
	}
	r.pending = append(r.pending[:0], r.pending[n:]...)
	return dst
}

// clock maps Python's monotonic stamps to run time: at is when (since Start)
// the first hello, stamped py, arrived.
type clock struct {
	set bool
	py  int64
	at  time.Duration
}

func (c clock) runTime(t int64) time.Duration { return max(c.at+time.Duration(t-c.py), 0) }

func (c clock) pyNow(now time.Duration) int64 { return c.py + int64(now-c.at) }

// observe tightens the mapping with an event stamped t that arrived at now: no
// event arrives before it was stamped, so the mapping never puts one in the
// future, and the smallest delay seen wins.
func (c *clock) observe(t int64, now time.Duration) {
	if ahead := c.runTime(t) - now; c.set && ahead > 0 {
		c.at -= ahead
	}
}

// tailBuffer keeps the last tailSize bytes a stream wrote.
type tailBuffer struct{ b []byte }

const tailSize = 8 << 10

// readFrom reads f until it ends or is closed, keeping its tail under mu.
func (t *tailBuffer) readFrom(f *os.File, mu *sync.Mutex) {
	buf := make([]byte, 4096)
	for {
		n, err := f.Read(buf)
		if n > 0 {
			mu.Lock()
			t.b = append(t.b, buf[:n]...)
			if len(t.b) > tailSize {
				t.b = append(t.b[:0], t.b[len(t.b)-tailSize:]...)
			}
			mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

func removeAll(dir string) error { return os.RemoveAll(dir) }
