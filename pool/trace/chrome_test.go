package trace_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"poolviz/pool"
	"poolviz/pool/trace"
)

// ctEvent is a Trace Event as the validity check reads it: pointers tell a
// missing field from a zero one.
type ctEvent struct {
	Name *string        `json:"name"`
	Ph   *string        `json:"ph"`
	Ts   *float64       `json:"ts"`
	Pid  *int           `json:"pid"`
	Tid  *int           `json:"tid"`
	ID   *int           `json:"id"`
	Cat  string         `json:"cat"`
	Bp   string         `json:"bp"`
	Args map[string]any `json:"args"`
}

// ctSummary is what a valid trace holds, for the tests' own checks.
type ctSummary struct {
	threads  map[int]string // tid -> thread_name
	spans    map[string]int // B events by name
	flows    int            // s/f pairs
	counters map[string]float64
	arrivals int
}

// checkChromeTrace applies the Trace Event format's rules: every event has name,
// ph, ts, pid and tid; timestamps do not decrease along a track; every B has its
// E on the same track, in stack order; every flow start has exactly one finish,
// later, and both sit inside a span of their track; every used track is named.
func checkChromeTrace(t *testing.T, data []byte) ctSummary {
	t.Helper()
	var doc struct {
		TraceEvents []ctEvent `json:"traceEvents"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	c := ctCheck{
		t:         t,
		last:      map[ctTrack]float64{},
		stacks:    map[ctTrack][]string{},
		flowStart: map[int]float64{},
		flowEnds:  map[int]int{},
		used:      map[int]bool{},
		sum:       ctSummary{threads: map[int]string{}, spans: map[string]int{}, counters: map[string]float64{}},
	}
	for i, e := range doc.TraceEvents {
		c.event(i, e)
	}
	c.finish()
	return c.sum
}

// ctTrack is one track of a trace: a process and a thread.
type ctTrack struct{ pid, tid int }

// ctCheck is checkChromeTrace's state as it reads the events in order.
type ctCheck struct {
	t         *testing.T
	last      map[ctTrack]float64  // each track's latest timestamp
	stacks    map[ctTrack][]string // each track's open spans
	flowStart map[int]float64      // flow id -> ts of its start
	flowEnds  map[int]int          // flow id -> finishes seen
	used      map[int]bool         // tids with events other than metadata
	sum       ctSummary
}

// event checks event i, e.
func (c *ctCheck) event(i int, e ctEvent) {
	t := c.t
	t.Helper()
	if e.Name == nil || e.Ph == nil || e.Ts == nil || e.Pid == nil || e.Tid == nil {
		t.Fatalf("event %d lacks a required field: %+v", i, e)
	}
	k, ts, name := ctTrack{*e.Pid, *e.Tid}, *e.Ts, *e.Name
	if prev, ok := c.last[k]; ok && ts < prev {
		t.Fatalf("event %d (%s %q): ts %v before %v on track %v", i, *e.Ph, name, ts, prev, k)
	}
	c.last[k] = ts
	if *e.Ph != "M" {
		c.used[k.tid] = true
	}
	switch *e.Ph {
	case "M":
		if name == "thread_name" {
			c.sum.threads[k.tid] = fmt.Sprint(e.Args["name"])
		}
	case "B":
		c.stacks[k] = append(c.stacks[k], name)
		c.sum.spans[name]++
		if k.tid == 3 {
			c.sum.arrivals++
		}
	case "E":
		st := c.stacks[k]
		if len(st) == 0 || st[len(st)-1] != name {
			t.Fatalf("event %d: E %q on track %v does not close the innermost span (open: %q)", i, name, k, st)
		}
		c.stacks[k] = st[:len(st)-1]
	case "s", "f":
		c.flow(i, e, k, ts)
	case "C":
		for series, v := range e.Args {
			n, ok := v.(float64)
			if !ok {
				t.Fatalf("event %d: counter %q value %v is not a number", i, name, v)
			}
			c.sum.counters[name+"/"+series] = n
		}
	case "i":
	default:
		t.Fatalf("event %d: unexpected phase %q", i, *e.Ph)
	}
}

// flow checks event i, e, a flow start or finish on track k at ts.
func (c *ctCheck) flow(i int, e ctEvent, k ctTrack, ts float64) {
	t := c.t
	t.Helper()
	if e.ID == nil || e.Cat == "" {
		t.Fatalf("event %d: flow without id or cat: %+v", i, e)
	}
	if len(c.stacks[k]) == 0 {
		t.Fatalf("event %d: flow %s %d outside any span on track %v", i, *e.Ph, *e.ID, k)
	}
	if *e.Ph == "s" {
		if _, dup := c.flowStart[*e.ID]; dup {
			t.Fatalf("event %d: flow id %d started twice", i, *e.ID)
		}
		c.flowStart[*e.ID] = ts
		return
	}
	start, ok := c.flowStart[*e.ID]
	if !ok || ts < start || e.Bp != "e" {
		t.Fatalf("event %d: flow finish %d without a start before it, or without bp e: %+v", i, *e.ID, e)
	}
	c.flowEnds[*e.ID]++
}

// finish checks what holds once every event was read: every span closed,
// every flow finished once, every used track named.
func (c *ctCheck) finish() {
	t := c.t
	t.Helper()
	for k, st := range c.stacks {
		if len(st) > 0 {
			t.Errorf("track %v: spans never closed: %q", k, st)
		}
	}
	for id := range c.flowStart {
		if c.flowEnds[id] != 1 {
			t.Errorf("flow %d has %d finishes, want 1", id, c.flowEnds[id])
		}
	}
	c.sum.flows = len(c.flowStart)
	for tid := range c.used {
		if _, ok := c.sum.threads[tid]; !ok && tid != 0 {
			t.Errorf("track %d has no thread_name", tid)
		}
	}
}

func chromeTrace(t *testing.T, evs []pool.Event) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := trace.WriteChromeTrace(&b, header(), evs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func count(evs []pool.Event, match func(pool.Event) bool) int {
	n := 0
	for _, ev := range evs {
		if match(ev) {
			n++
		}
	}
	return n
}

func TestChromeTraceOfSharedQueueRun(t *testing.T) {
	evs := sharedQueueRun(t)
	sum := checkChromeTrace(t, chromeTrace(t, evs))
	for id, name := range map[int]string{1: "main", 3: "results (arrival order)", 101: "worker 1", 102: "worker 2", 103: "worker 3"} {
		if sum.threads[id] != name {
			t.Errorf("track %d is named %q, want %q", id, sum.threads[id], name)
		}
	}
	submitted := count(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindTaskSubmitted })
	finished := count(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindTaskFinished })
	if sum.flows != submitted+finished || sum.arrivals != finished || finished != 10 {
		t.Errorf("%d flows, %d arrivals; want %d+%d flows and %d arrivals", sum.flows, sum.arrivals, submitted, finished, finished)
	}
	if sum.spans["initializer"] != 3 || sum.spans["main"] != 1 {
		t.Errorf("spans %v", sum.spans)
	}
	if n, ok := sum.counters["results/length"]; !ok || n != 0 {
		t.Errorf("the results queue's counter ends at %v (present: %v), want 0", n, ok)
	}
	if n := sum.counters["task queue/tasks"]; n != 0 {
		t.Errorf("the task queue's counter ends at %v, want 0", n)
	}
}

func TestChromeTraceOfTroubledRun(t *testing.T) {
	evs := troubleRun(t)
	sum := checkChromeTrace(t, chromeTrace(t, evs))
	gens := count(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindWorkerStarted })
	if gens < 3 || sum.spans["worker 1 (generation 2)"] != 1 {
		t.Errorf("%d generations, spans %v", gens, sum.spans)
	}
	finished := count(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindTaskFinished })
	if sum.arrivals != finished {
		t.Errorf("%d arrivals, want %d", sum.arrivals, finished)
	}
	if sum.threads[2] != "result handler" {
		t.Errorf("threads %v", sum.threads)
	}
}

// TestChromeTraceOfAPartialRun cuts a run anywhere: spans left open are closed,
// and submissions whose job never started still end their arrow.
func TestChromeTraceOfAPartialRun(t *testing.T) {
	evs := troubleRun(t)
	for _, n := range []int{1, 5, 17, len(evs) / 2, len(evs) - 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) { checkChromeTrace(t, chromeTrace(t, evs[:n])) })
	}
	// Events of a generation that never said it started, and a finish with no start.
	w := pool.Actor{Kind: pool.ActorWorker, ID: 4}
	checkChromeTrace(t, chromeTrace(t, []pool.Event{
		{Seq: 1, Time: 5, Actor: w, Kind: pool.KindTaskSleep, Dur: 10},
		{Seq: 2, Time: 3, Actor: w, Kind: pool.KindTaskFinished, Task: 2},
		{Seq: 3, Time: 9, Actor: w, Kind: pool.KindUnblocked},
		{Seq: 4, Time: 9, Actor: w, Kind: pool.KindWorkerExited},
		{Seq: 5, Time: 12, Actor: w, Kind: pool.KindTaskStarted, Task: 3, Count: 4},
	}))
}

// FuzzChromeTrace feeds arbitrary event sequences (8 bytes an event: any kind,
// actor, task, count and time, even going back): the trace must stay valid.
func FuzzChromeTrace(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{
		0, byte(pool.KindTaskSubmitted), 0, 0, 1, 2, 0, 0,
		5, byte(pool.KindTaskStarted), 1, 1, 1, 2, 0, 0,
		5, byte(pool.KindTaskSleep), 1, 1, 1, 2, 9, 0,
		3, byte(pool.KindBlocked), 1, 1, 1, 2, 0, 0,
		1, byte(pool.KindWorkerStarted), 1, 1, 2, 0, 0, 0,
		7, byte(pool.KindTaskFinished), 1, 1, 1, 2, 0, 0,
	})
	var all []byte
	for k := range 60 {
		all = append(all, byte(k*3), byte(k), byte(k%3), byte(k%4), byte(k%3), byte(k%7), byte(k%5), byte(k))
	}
	f.Add(all)
	f.Fuzz(func(t *testing.T, data []byte) {
		var evs []pool.Event
		tm := time.Duration(0)
		for ; len(data) >= 8; data = data[8:] {
			b := data[:8]
			tm += time.Duration(int8(b[0])) * ms
			evs = append(evs, pool.Event{
				Seq: uint64(len(evs) + 1), Time: tm, Kind: pool.Kind(b[1] % 45),
				Actor: pool.Actor{Kind: pool.ActorKind(b[2] % 3), ID: int(int8(b[3]))},
				Gen:   int(b[4] % 3), Task: int(b[5] % 8), Count: int(int8(b[6])), Dur: time.Duration(int8(b[6])) * ms,
				Object: []string{"q", "lock", ""}[b[7]%3], Value: "v", Err: []string{"", "boom"}[b[7]/3%2],
			})
		}
		checkChromeTrace(t, chromeTrace(t, evs))
	})
}
