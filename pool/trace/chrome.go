package trace

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"poolviz/internal/safetext"
	"poolviz/pool"
)

// Track ids (tid) of the Chrome trace. Worker N is tidWorkers+N, so the ids of
// the fixed tracks never collide with a worker's.
const (
	tidCounters = 0 // process metadata and counters
	tidMain     = 1
	tidHandler  = 2
	tidResults  = 3
	tidWorkers  = 100
	pid         = 1
)

// chromeEvent is one record of the Trace Event format.
type chromeEvent struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat,omitempty"`
	Ph   string         `json:"ph"`
	Ts   float64        `json:"ts"` // microseconds
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	ID   int            `json:"id,omitempty"`
	Bp   string         `json:"bp,omitempty"`
	S    string         `json:"s,omitempty"`
	Args map[string]any `json:"args,omitempty"`
}

// The kinds of span on a track, innermost last: a worker's generation holds its
// initializer and its tasks, which hold their sleeps and waits.
type spanKind uint8

const (
	spanLife spanKind = iota // main's run, a worker generation's life
	spanInit
	spanTask
	spanBlocked
	spanSleep
	spanArrival // a result arriving, on the results track
)

// flow is an arrow that has started: its id and when.
type flow struct {
	id int
	ts float64
}

type openSpan struct {
	kind spanKind
	name string
}

// track is one row of the trace: an actor, or the results.
type track struct {
	tid      int
	last     float64 // the latest timestamp written, to keep them non-decreasing
	stack    []openSpan
	sleeping bool
	sleepEnd float64
}

// chrome converts events to a Chrome trace as they come; it holds only open
// spans, pending flows and queued jobs, never the whole trace.
type chrome struct {
	w       *bufio.Writer
	enc     *json.Encoder
	n       int
	err     error
	tracks  map[int]*track
	end     float64
	flows   int
	pending map[int]flow // the first task of a queued job -> its submission's arrow
	jobs    map[int]int  // the first task of a queued job -> its tasks
	queued  int

	mainEnded bool
}

// WriteChromeTrace writes evs as a Chrome trace (the JSON object format of the
// Trace Event spec), which Perfetto and chrome://tracing open. Each worker has a
// track (tid 100+N) with a span per generation holding its initializer and tasks;
// sleeps and waits nest inside them. Main (tid 1), the result handler (tid 2)
// and the results as they arrive (tid 3) have tracks too. Counters show the task
// queue ("task queue") and every shared queue's length (under the queue's name,
// such as "results"). Flow arrows lead from a submission to
// the start of its job, and from each task's end to its result's arrival.
// Spans still open at the end are closed at the last timestamp. A ChromeWriter
// writes the same bytes from events given block by block.
func WriteChromeTrace(w io.Writer, h Header, evs []pool.Event) error {
	cw := NewChromeWriter(w, h)
	cw.Write(evs)
	return cw.Close()
}

// ChromeWriter writes a Chrome trace as the run's events come, block by
// block: the array of trace events is written as it goes, and what it holds
// is what is still open (spans, arrows, queued jobs), never the trace.
type ChromeWriter struct {
	c *chrome
	h Header
}

// NewChromeWriter starts the Chrome trace of the run h describes on w, as
// WriteChromeTrace writes it; Close ends it. An error of w is returned by
// Write or Close.
func NewChromeWriter(w io.Writer, h Header) *ChromeWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	c := &chrome{w: bw, enc: json.NewEncoder(&safeJSON{w: bw}), tracks: map[int]*track{}, pending: map[int]flow{}, jobs: map[int]int{}}
	c.enc.SetEscapeHTML(false)
	bw.WriteString(`{"traceEvents":[` + "\n")
	name := "poolviz"
	if h.Scenario != "" {
		name += ": " + h.Scenario
	} else if h.Script != "" {
		name += ": " + h.Script
	}
	c.emit(c.track(tidCounters, "", 0), chromeEvent{Name: "process_name", Ph: "M", Args: map[string]any{"name": name}})
	return &ChromeWriter{c: c, h: h}
}

// Write adds evs to the trace, after those written before.
func (cw *ChromeWriter) Write(evs []pool.Event) error {
	for i := range evs {
		cw.c.event(evs[i])
	}
	return cw.c.err
}

// Close closes the spans still open, ends the trace with the run's header as
// its metadata, and flushes what is buffered. It does not close the
// underlying writer.
func (cw *ChromeWriter) Close() error {
	c, h := cw.c, cw.h
	c.finish()
	h.Poolviz, h.Version = Format, h.version()
	meta, err := json.Marshal(validHeader(h))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.w, "],\n"+`"displayTimeUnit":"ms","otherData":%s}`+"\n", safetext.AppendJSON(nil, meta))
	if c.err != nil {
		return c.err
	}
	return c.w.Flush()
}

func micros(d time.Duration) float64 { return float64(d) / 1e3 }

// emit writes e on track tr, never earlier than what tr already shows, and
// returns the timestamp it got.
func (c *chrome) emit(tr *track, e chromeEvent) float64 {
	if c.err != nil {
		return e.Ts
	}
	e.Pid, e.Tid = pid, tr.tid
	e.Ts = max(e.Ts, tr.last)
	tr.last = e.Ts
	c.end = max(c.end, e.Ts)
	if c.n > 0 {
		c.w.WriteByte(',')
	}
	c.n++
	c.err = c.enc.Encode(e)
	return e.Ts
}

// track returns the track tid, naming it (thread_name) when it is first used.
func (c *chrome) track(tid int, name string, sort int) *track {
	if tr := c.tracks[tid]; tr != nil {
		return tr
	}
	tr := &track{tid: tid}
	c.tracks[tid] = tr
	if name != "" {
		c.emit(tr, chromeEvent{Name: "thread_name", Ph: "M", Args: map[string]any{"name": name}})
		c.emit(tr, chromeEvent{Name: "thread_sort_index", Ph: "M", Args: map[string]any{"sort_index": sort}})
	}
	return tr
}

func (c *chrome) actorTrack(a pool.Actor) *track {
	switch a.Kind {
	case pool.ActorWorker:
		return c.track(tidWorkers+a.ID, a.String(), 10+a.ID)
	case pool.ActorResultHandler:
		return c.track(tidHandler, "result handler", 1<<20)
	}
	return c.track(tidMain, "main", 0)
}

func (c *chrome) results() *track { return c.track(tidResults, "results (arrival order)", 1<<20+1) }

// at returns the timestamp of ev on tr, first ending a sleep there: any event of
// a sleeping actor means its sleep is over (at the latest when it was due).
func (c *chrome) at(tr *track, d time.Duration) float64 {
	ts := micros(d)
	if tr.sleeping {
		tr.sleeping = false
		c.close(tr, spanSleep, min(ts, tr.sleepEnd), nil)
	}
	return ts
}

func (c *chrome) open(tr *track, k spanKind, name string, ts float64, args map[string]any) {
	tr.stack = append(tr.stack, openSpan{kind: k, name: name})
	c.emit(tr, chromeEvent{Name: name, Ph: "B", Ts: ts, Args: args})
}

// close ends the innermost open span of kind k, and every span nested in it.
func (c *chrome) close(tr *track, k spanKind, ts float64, args map[string]any) {
	i := len(tr.stack) - 1
	for i >= 0 && tr.stack[i].kind != k {
		i--
	}
	if i < 0 {
		return
	}
	c.popTo(tr, i, ts, args)
}

// popTo ends the open spans from the innermost down to index i; args go on span i.
func (c *chrome) popTo(tr *track, i int, ts float64, args map[string]any) {
	for j := len(tr.stack) - 1; j >= i; j-- {
		e := chromeEvent{Name: tr.stack[j].name, Ph: "E", Ts: ts}
		if j == i {
			e.Args = args
		}
		c.emit(tr, e)
	}
	tr.stack = tr.stack[:i]
	if i == 0 {
		tr.sleeping = false
	}
}

func (c *chrome) has(tr *track, k spanKind) bool {
	return slices.ContainsFunc(tr.stack, func(s openSpan) bool { return s.kind == k })
}

func (c *chrome) instant(tr *track, name string, ts float64, args map[string]any) {
	c.emit(tr, chromeEvent{Name: name, Ph: "i", S: "t", Ts: ts, Args: args})
}

func (c *chrome) counter(name, series string, n int, ts float64) {
	c.emit(c.track(tidCounters, "", 0), chromeEvent{Name: name, Ph: "C", Ts: ts, Args: map[string]any{series: n}})
}

// finish ends what is still open at the last timestamp: submissions whose job
// never started get an arrival saying so, and every open span is closed.
func (c *chrome) finish() {
	end := c.end
	for _, task := range slices.Sorted(maps.Keys(c.pending)) {
		c.arrival(end, fmt.Sprintf("task %d never ran", task), c.pending[task], nil)
	}
	tids := slices.Sorted(maps.Keys(c.tracks))
	for _, tid := range tids {
		if tr := c.tracks[tid]; len(tr.stack) > 0 {
			c.popTo(tr, 0, end, nil)
		}
	}
}

// arrival draws a result arriving on the results track: a zero-length span that
// the arrow fl (if its id is not 0) ends in, never before the arrow started.
func (c *chrome) arrival(ts float64, name string, fl flow, args map[string]any) {
	tr := c.results()
	ts = max(ts, fl.ts)
	c.open(tr, spanArrival, name, ts, args)
	if fl.id != 0 {
		c.emit(tr, chromeEvent{Name: "task", Cat: "flow", Ph: "f", Bp: "e", Ts: ts, ID: fl.id})
	}
	c.close(tr, spanArrival, ts, nil)
}
