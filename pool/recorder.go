package pool

import (
	"slices"
	"sync"
	"sync/atomic"
)

// recorder collects a Parallel engine's events without ever blocking it. Each
// worker writes to a ring of its own (one producer, one consumer: two atomic
// operations an event, no lock); the main program and other goroutines share one
// ring behind a mutex. A ring that is full sheds the event and counts it. Drain
// merges the rings by time and numbers the events.
type recorder struct {
	size   int
	mu     sync.Mutex // guards rings
	rings  []*ring
	shared *ring
	seq    uint64    // consumer side
	shed   uint64    // consumer side: shed events already reported
	tasks  [3]uint64 // consumer side: shed tasks already reported, by shedSubmitted...

	keptMu sync.Mutex
	kept   []Event // critical events that found their ring full

	drainRings []*ring   // consumer side: the rings of the drain under way, reused
	runs       []ringRun // consumer side: their parts to take, reused
	heap       []ringRun // consumer side: the merge's heap of runs, reused
}

// critical reports the kinds that are never shed: the ones that say how a run
// ends or breaks, which a viewer must not miss however busy the run.
func critical(k Kind) bool {
	switch k {
	case KindMainEnded, KindDeadlock, KindPoolBroken, KindPoolTerminated, KindPoolClosed,
		KindPoolJoined, KindInitFailed:
		return true
	}
	return false
}

// defaultRingSize is a worker's ring: at 30 drains a second, 256 events per
// worker per frame is more than a screen can show, and 64 workers' rings stay
// near 3 MB. The ring shared by the main program and other goroutines is larger.
const defaultRingSize = 256

const sharedRingFactor = 4

// minRingSize is the smallest ring WithObserver gives.
const minRingSize = 16

func newRecorder(size int) *recorder {
	if size <= 0 {
		size = defaultRingSize
	}
	size = 1 << bitsFor(max(size, minRingSize))
	r := &recorder{size: size}
	r.shared = r.newRingOf(size * sharedRingFactor)
	r.shared.locked = true
	return r
}

func bitsFor(n int) int {
	b := 0
	for 1<<b < n {
		b++
	}
	return b
}

func (r *recorder) newRing() *ring { return r.newRingOf(r.size) }

func (r *recorder) newRingOf(size int) *ring {
	g := &ring{segs: make([]atomic.Pointer[ringSegment], size/ringSegLen), size: uint64(size), rec: r}
	r.mu.Lock()
	g.order = len(r.rings)
	r.rings = append(r.rings, g)
	r.mu.Unlock()
	return g
}

// ringSegLen is how many events one segment of a ring holds: 4 events of 192
// bytes, 768 bytes, which the runtime serves from its small-object spans. A
// worker that records a few events a run pays for one segment: at 64 workers
// most workers of a short Map record only their start and exit, and an engine
// started for one Map spent a tenth of its time allocating and zeroing
// segments of 64 events, then 8% on segments of 16 (new(ringSegment) in a CPU
// profile: 205 µs a run, against 135 µs with 4). A busy ring allocates its
// segments once, four times as many of a quarter the size.
const ringSegLen = 4

// ringSegment is one lazily allocated part of a ring's buffer.
type ringSegment [ringSegLen]Event

// ring is a bounded single-producer single-consumer queue of events.
//
// Its buffer is split into segments that the producer allocates when it first
// reaches them. Why: a ring of 256 events in one piece is a 48 KB allocation,
// which the runtime places on its page heap like the large slices a Map
// allocates; engines started and stopped one after another then fragmented that
// heap so that each Map's result landed on pages returned to the system, and
// paid a page fault per 4 KB to zero it. Small segments keep rings off the page
// heap, and a worker that records a handful of events allocates one segment.
type ring struct {
	segs   []atomic.Pointer[ringSegment]
	size   uint64 // events, a power of two and a multiple of ringSegLen
	rec    *recorder
	order  int        // its place in rec.rings: a drain's merge puts it there among equal times
	locked bool       // several producers: they take mu
	mu     sync.Mutex // for locked rings
	_      [48]byte
	tail   atomic.Uint64 // producer position
	cached uint64        // the producer's last look at head
	// pend counts what a ring of one producer shed since it last published its
	// counts to shed and tasks (see publishShed): an event shed costs no locked
	// instruction (an atomic store is one on amd64), and a full ring sheds
	// every event of a busy worker until the next drain.
	pend     [4]uint64 // events, then the tasks by shedSubmitted...
	pendSome bool
	shed     atomic.Uint64
	tasks    [3]atomic.Uint64 // tasks whose submission or end was shed: shedSubmitted, shedSucceeded, shedFailed
	packed   [4]atomic.Uint64 // the shared ring's counts not yet folded: no tasks, then by shedSubmitted... (see countShed)
	_        [64]byte
	head     atomic.Uint64 // consumer position
}

// The task counters a ring keeps of the events it shed, so that KindCoalesced
// reports how many submissions and ends were shed and a fold adds them: the
// exact count at any moment, never an end counted twice.
const (
	shedSubmitted = iota
	shedSucceeded
	shedFailed
)

// noTasks says an event carries no task's submission or end.
const noTasks = -1

// shedWhich returns which task counter a shed event of kind counts in:
// submissions, or ends that succeeded or failed; noTasks for other kinds.
func shedWhich(k Kind, failed bool) int {
	switch {
	case k == KindTaskSubmitted:
		return shedSubmitted
	case k == KindTaskFinished && !failed:
		return shedSucceeded
	case k == KindTaskFinished:
		return shedFailed
	}
	return noTasks
}

// countShed counts one event shed, carrying n tasks' submission or end in
// counter which (noTasks: none).
//
// A ring of one producer counts on its own side, with no locked instruction
// (see publishShed). The shared ring's producers may count outside its lock, and
// with one atomic addition: the event and its tasks go into one word of that
// kind, 24 bits for events and 40 for tasks, which a drain empties into the
// counters (foldShed). A producer that finds the word more than half full
// empties it itself, so a consumer that drains rarely loses nothing.
func (g *ring) countShed(which, n int) {
	tasks := uint64(0)
	if which != noTasks {
		tasks = uint64(max(n, 1))
	}
	if !g.locked {
		g.pend[0]++
		if which != noTasks {
			g.pend[1+which] += tasks
		}
		g.pendSome = true
		return
	}
	if tasks >= packedDirect {
		// Many tasks at once: straight to the counters, so that producers
		// adding at the same time cannot overflow the word's tasks.
		g.shed.Add(1)
		g.tasks[which].Add(tasks)
		return
	}
	w := &g.packed[which+1]
	if v := w.Add(1<<packedShift | tasks); v>>packedShift >= packedEventsHalf || v&packedMask >= packedTasksHalf {
		g.foldPacked(which)
	}
}

// The shared ring's packed words: events in the bits from packedShift up,
// tasks below; a word is emptied once either part passes half its range. An
// event of packedDirect tasks or more is counted directly.
const (
	packedShift      = 40
	packedMask       = 1<<packedShift - 1
	packedTasksHalf  = 1 << (packedShift - 1)
	packedEventsHalf = 1 << (64 - packedShift - 1)
	packedDirect     = 1 << 32
)

// foldPacked empties the shared ring's word of kind which into its counters.
// The word is swapped for zero, so each count moves once, whoever moves it.
func (g *ring) foldPacked(which int) {
	w := &g.packed[which+1]
	if w.Load() == 0 {
		return // a load, not a locked swap: most words are empty
	}
	v := w.Swap(0)
	g.shed.Add(v >> packedShift)
	if which != noTasks {
		g.tasks[which].Add(v & packedMask)
	}
}

// room reports whether an event would be kept now. A ring of one producer
// first asks the producer's own last look at the consumer's position, and
// loads that position only when the ring looks full; the shared ring, whose
// producers take its lock to write, loads both positions. It takes no lock: a
// wrong answer in a race only means one event more is rendered and then shed,
// or one less is offered.
func (g *ring) room() bool {
	t := g.tail.Load()
	if !g.locked {
		if t-g.cached < g.size {
			return true
		}
		g.cached = g.head.Load()
		return t-g.cached < g.size
	}
	return t-g.head.Load() < g.size
}

// foldShed moves what the shared ring's producers counted into its counters,
// for a drain to read.
func (g *ring) foldShed() {
	if !g.locked {
		return
	}
	g.foldPacked(noTasks)
	for which := range g.tasks {
		g.foldPacked(which)
	}
}

// publishShed makes what a producer counted as shed visible to the next drain:
// a ring of one producer publishes its own counts (flushShed), the shared ring
// folds its producers' words (foldShed). A producer calls it before each event
// it keeps (so a drain that sees the event sees the sheds before it), with its
// last event (a worker exiting, which may hand the ring to its replacement),
// before a worker parks idle, and when the result handler ends. A drain may so
// report a shed one drain late, never twice, and every count is whole once the
// writers are done.
func (g *ring) publishShed() {
	if g.locked {
		g.foldShed()
		return
	}
	g.flushShed()
}

// flushShed publishes the counts of a ring of one producer; only its producer
// may call it.
func (g *ring) flushShed() {
	if !g.pendSome {
		return
	}
	g.shed.Store(g.shed.Load() + g.pend[0])
	for i := range g.tasks {
		if n := g.pend[1+i]; n > 0 {
			g.tasks[i].Store(g.tasks[i].Load() + n)
		}
	}
	g.pend, g.pendSome = [4]uint64{}, false
}

// put stores ev with the current time, or sheds it when the ring is full.
func (g *ring) put(ev *Event, clk *realClock) {
	if g.locked {
		g.mu.Lock()
		defer g.mu.Unlock()
	}
	t := g.tail.Load()
	if t-g.cached >= g.size {
		g.cached = g.head.Load()
		if t-g.cached >= g.size {
			if critical(ev.Kind) {
				g.publishShed()
				ev.Time = clk.now()
				g.rec.keptMu.Lock()
				g.rec.kept = append(g.rec.kept, *ev)
				g.rec.keptMu.Unlock()
				return
			}
			g.countShed(shedWhich(ev.Kind, ev.Err != ""), ev.Count)
			if ev.Kind == KindWorkerExited {
				g.publishShed()
			}
			return
		}
	}
	g.publishShed()
	ev.Time = clk.now()
	seg, at := g.locate(t)
	s := g.segs[seg].Load()
	if s == nil {
		s = new(ringSegment)
		g.segs[seg].Store(s) // published to the consumer by the store of tail below
	}
	s[at] = *ev
	g.tail.Store(t + 1)
}

// locate returns the segment and the index in it of position i.
func (g *ring) locate(i uint64) (seg, at uint64) {
	i &= g.size - 1
	return i / ringSegLen, i % ringSegLen
}

func (r *recorder) drain(dst []Event, e *Engine) []Event {
	r.mu.Lock()
	r.drainRings = append(r.drainRings[:0], r.rings...)
	r.mu.Unlock()
	start := len(dst)
	var shed uint64
	var tasks [3]uint64
	runs := r.runs[:0]
	for _, g := range r.drainRings {
		g.foldShed()
		if h, t := g.head.Load(), g.tail.Load(); h < t {
			runs = append(runs, ringRun{g: g, at: h, end: t})
		}
		shed += g.shed.Load()
		for i := range tasks {
			tasks[i] += g.tasks[i].Load()
		}
	}
	r.runs = runs
	var ordered bool
	r.heap = append(r.heap[:0], runs...)
	dst, ordered = mergeRuns(dst, r.heap)
	for _, run := range runs {
		run.g.head.Store(run.end)
	}
	r.keptMu.Lock()
	if len(r.kept) > 0 {
		ordered = false
		dst = append(dst, r.kept...)
		r.kept = r.kept[:0]
	}
	r.keptMu.Unlock()
	batch := dst[start:]
	if !ordered {
		slices.SortStableFunc(batch, func(a, b Event) int {
			switch {
			case a.Time < b.Time:
				return -1
			case a.Time > b.Time:
				return 1
			}
			return 0
		})
	}
	for i := range batch {
		r.seq++
		batch[i].Seq = r.seq
	}
	if shed > r.shed || tasks != r.tasks {
		r.seq++
		dst = append(dst, Event{Seq: r.seq, Time: e.clk.now(), Actor: MainActor, Kind: KindCoalesced,
			Count: int(shed - r.shed), Label: CoalescedShed, Vars: []Var{
				{Name: "submitted", Value: itoa(int(tasks[shedSubmitted] - r.tasks[shedSubmitted]))},
				{Name: "succeeded", Value: itoa(int(tasks[shedSucceeded] - r.tasks[shedSucceeded]))},
				{Name: "failed", Value: itoa(int(tasks[shedFailed] - r.tasks[shedFailed]))},
			}})
		r.shed, r.tasks = shed, tasks
	}
	return dst
}

// CoalescedShed is the Label of a KindCoalesced event whose Vars count the
// tasks whose submission or end was shed since the previous one: a fold adds
// them to the counts it took from the events it saw. (Saved runs made before
// carry no Label, and exact counters instead: a fold replaces its counts.)
// Why not exact counters: read after the rings, they already count ends whose
// events the next Drain delivers, and a fold counted those twice.
const CoalescedShed = "shed"

// eventLog is a Simulated engine's log: fixed-size blocks, so appending never
// copies what was logged before (a growing slice of events would, and with the
// garbage collector's write barriers that copy dominated long runs).
type eventLog struct {
	blocks  [][]Event
	spare   [][]Event
	n       int  // events logged since the last drain
	dropped bool // Engine.DropEvents: nothing is logged any more
}

const logBlock = 4096

func (l *eventLog) add(ev *Event) {
	if l.dropped {
		return
	}
	l.n++
	n := len(l.blocks)
	if n == 0 || len(l.blocks[n-1]) == logBlock {
		var b []Event
		if k := len(l.spare); k > 0 {
			b, l.spare = l.spare[k-1][:0], l.spare[:k-1]
		} else {
			b = make([]Event, 0, logBlock)
		}
		l.blocks = append(l.blocks, b)
		n++
	}
	l.blocks[n-1] = append(l.blocks[n-1], *ev)
}

// drop empties the log and logs nothing from then on.
func (l *eventLog) drop() {
	l.blocks, l.spare, l.n, l.dropped = nil, nil, 0, true
}

func (l *eventLog) drain(dst []Event) []Event {
	for _, b := range l.blocks {
		dst = append(dst, b...)
		clear(b)
		if len(l.spare) < 4 {
			l.spare = append(l.spare, b)
		}
	}
	clear(l.blocks)
	l.blocks = l.blocks[:0]
	l.n = 0
	return dst
}
