package pytrace

import (
	"encoding/json"
	"strings"

	"poolviz/pool"
)

// wireEvent is one line a Python process sent (see the package doc).
type wireEvent struct {
	Kind  string `json:"kind"`
	T     int64  `json:"t"`
	Pid   int    `json:"pid"`
	Seq   uint64 `json:"seq"`
	Role  string `json:"role,omitempty"`  // hello only
	As    string `json:"as,omitempty"`    // "handler": the result-handler thread
	Key   string `json:"key,omitempty"`   // a shared object's identity
	Child int    `json:"child,omitempty"` // worker-spawned: the new worker's pid
	Of    string `json:"of,omitempty"`    // object-created: the key of the lock it is built on

	Gen    int       `json:"gen,omitempty"`
	Task   int       `json:"task,omitempty"`
	Index  int       `json:"index,omitempty"`
	Chunk  int       `json:"chunk,omitempty"`
	Count  int       `json:"count,omitempty"`
	Object string    `json:"object,omitempty"`
	Other  string    `json:"other,omitempty"`
	Label  string    `json:"label,omitempty"`
	Value  string    `json:"value,omitempty"`
	Err    string    `json:"err,omitempty"`
	Dur    int64     `json:"dur,omitempty"`
	Vars   []wireRef `json:"vars,omitempty"`
	Args   []wireRef `json:"args,omitempty"`
}

// wireRef is a rendered value that may be a shared object, known by its key.
type wireRef struct {
	Name  string `json:"name,omitempty"`
	Value string `json:"value"`
	Key   string `json:"key,omitempty"`
}

// Wire-only kinds: a hello opens a connection; eof is made by the tracer when
// a connection ends; object-created declares a keyed object; worker-spawned is
// main starting a worker process, worker-gone main finding one gone;
// tracer-fault is a hook that failed, counted apart from the events.
const (
	kindWorkerGone    = "worker-gone"
	kindHello         = "hello"
	kindWorkerSpawned = "worker-spawned"
	kindEOF           = "eof"
	kindObjectCreated = "object-created"
	kindTracerFault   = "tracer-fault" // a hook of the tracer failed (label: which, err: how)
)

// maxLine bounds one line; a longer one is cut and dropped by the decoder.
const maxLine = 1 << 20

// decodeLine parses one line; ok is false for a line that is not an event.
func decodeLine(line []byte) (wireEvent, bool) {
	var w wireEvent
	if err := json.Unmarshal(line, &w); err != nil || w.Kind == "" {
		return wireEvent{}, false
	}
	return w, true
}

// less orders events by (time, pid, seq): Python stamps an event before a put
// or release and after a get or acquire returns, so this order respects
// causality across processes.
func less(a, b wireEvent) int {
	switch {
	case a.T != b.T:
		return cmpInt(a.T, b.T)
	case a.Pid != b.Pid:
		return cmpInt(int64(a.Pid), int64(b.Pid))
	}
	return cmpInt(int64(a.Seq), int64(b.Seq))
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// eventKind returns the pool kind a wire kind names.
func eventKind(name string) (pool.Kind, bool) {
	if name == kindObjectCreated {
		return pool.KindObjectCreated, true
	}
	k, ok := pool.ParseKind(name)
	return k, ok && k != pool.KindNone
}

// joinArgs renders arguments as Python shows a tuple's items: "(a, b)".
func joinArgs(vals []string) string {
	return "(" + strings.Join(vals, ", ") + ")"
}
