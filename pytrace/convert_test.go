package pytrace

import (
	"testing"

	"poolviz/pool"
)

// convertAll runs wire events through a converter whose main process is pid 1.
func convertAll(ws ...wireEvent) []pool.Event {
	c := newConverter()
	c.mainPID = 1
	var out []pool.Event
	for i, w := range ws {
		w.T = int64(i)
		out = c.convert(out, w, 0)
	}
	return out
}

func TestWorkersTakeSlotsAsMainStartsThem(t *testing.T) {
	evs := convertAll(
		wireEvent{Kind: kindWorkerSpawned, Pid: 1, Child: 10},
		wireEvent{Kind: kindWorkerSpawned, Pid: 1, Child: 11},
		// 11 speaks first, yet 10 keeps slot 1.
		wireEvent{Kind: "worker-started", Pid: 11},
		wireEvent{Kind: "worker-started", Pid: 10},
		wireEvent{Kind: "worker-exited", Pid: 10},
		wireEvent{Kind: kindWorkerSpawned, Pid: 1, Child: 12},
		wireEvent{Kind: "worker-started", Pid: 12},
		wireEvent{Kind: "pool-terminated", Pid: 1},
		wireEvent{Kind: kindEOF, Pid: 11},
		wireEvent{Kind: kindEOF, Pid: 12},
		wireEvent{Kind: kindEOF, Pid: 10}, // exited already: nothing more
	)
	want := []struct {
		kind    pool.Kind
		id, gen int
		label   string
	}{
		{pool.KindWorkerStarted, 2, 1, ""},
		{pool.KindWorkerStarted, 1, 1, ""},
		{pool.KindWorkerExited, 1, 1, ""},
		{pool.KindWorkerStarted, 1, 2, ""},
		{pool.KindPoolTerminated, 0, 0, ""},
		{pool.KindWorkerExited, 2, 1, "terminated with the pool"},
		{pool.KindWorkerExited, 1, 2, "terminated with the pool"},
	}
	if len(evs) != len(want) {
		t.Fatalf("got %d events %v, want %d", len(evs), evs, len(want))
	}
	for i, w := range want {
		ev := evs[i]
		if ev.Kind != w.kind || ev.Actor.ID != w.id || ev.Gen != w.gen || ev.Label != w.label || ev.Seq != uint64(i+1) {
			t.Errorf("event %d = %v (gen %d), want %v of worker %d gen %d %q", i, ev, ev.Gen, w.kind, w.id, w.gen, w.label)
		}
	}
}

func TestObjectsAreNamedOnceAndTracked(t *testing.T) {
	evs := convertAll(
		wireEvent{Kind: kindObjectCreated, Pid: 1, Key: "k1", Label: "queue", Object: "results"},
		wireEvent{Kind: kindWorkerSpawned, Pid: 1, Child: 10},
		wireEvent{Kind: "worker-started", Pid: 10},
		wireEvent{Kind: kindObjectCreated, Pid: 10, Key: "k1", Label: "queue", Object: "q"}, // named already
		wireEvent{Kind: "init-ended", Pid: 10, Vars: []wireRef{{Name: "q", Value: "SimpleQueue", Key: "k1"}}},
		wireEvent{Kind: "queue-put", Pid: 10, Key: "k1", Value: "1"},
		wireEvent{Kind: "queue-put", Pid: 10, Key: "k1", Value: "2"},
		wireEvent{Kind: "queue-get", Pid: 1, Key: "k1", Value: "1"},
		wireEvent{Kind: "acquire-granted", Pid: 10, Key: "k2", Count: 1}, // never declared
		wireEvent{Kind: "acquire-requested", Pid: 1, Key: "k2"},
		wireEvent{Kind: "blocked", Pid: 1, Key: "k2", Label: "waits for"},
		wireEvent{Kind: "released", Pid: 10, Key: "k2"},
	)
	type check struct {
		kind          pool.Kind
		object, other string
		count         int
	}
	want := []check{
		{pool.KindObjectCreated, "results", "", 0},
		{pool.KindWorkerStarted, "", "", 0},
		{pool.KindInitEnded, "", "", 0},
		{pool.KindQueuePut, "results", "", 1},
		{pool.KindQueuePut, "results", "", 2},
		{pool.KindQueueGet, "results", "", 1},
		{pool.KindObjectCreated, "lock 1", "", 0},
		{pool.KindAcquireGranted, "lock 1", "", 1},
		{pool.KindAcquireRequested, "lock 1", "worker 1", 0},
		{pool.KindBlocked, "lock 1", "worker 1", 0},
		{pool.KindReleased, "lock 1", "", 0},
	}
	if len(evs) != len(want) {
		t.Fatalf("got %d events %v, want %d", len(evs), evs, len(want))
	}
	for i, w := range want {
		ev := evs[i]
		if ev.Kind != w.kind || ev.Object != w.object || ev.Other != w.other || ev.Count != w.count {
			t.Errorf("event %d = %v other=%q count=%d, want %+v", i, ev, ev.Other, ev.Count, w)
		}
	}
	if v := evs[2].Vars; len(v) != 1 || v[0] != (pool.Var{Name: "q", Value: "SimpleQueue(results)"}) {
		t.Errorf("init-ended vars %v, want q = SimpleQueue(results)", v)
	}
}

func TestReleaseOrdersByTimePidSeq(t *testing.T) {
	r := &Run{conv: newConverter()}
	r.conv.mainPID = 1
	r.pending = []wireEvent{
		{Kind: "task-finished", T: 30, Pid: 2, Seq: 2},
		{Kind: "task-submitted", T: 10, Pid: 1, Seq: 1},
		{Kind: "task-started", T: 20, Pid: 2, Seq: 1},
		{Kind: "output", T: 20, Pid: 1, Seq: 2},
		{Kind: "no-such-kind", T: 25, Pid: 1, Seq: 3},
	}
	evs := r.release(nil, true)
	want := []pool.Kind{pool.KindTaskSubmitted, pool.KindOutput, pool.KindTaskStarted, pool.KindTaskFinished}
	if len(evs) != len(want) {
		t.Fatalf("released %v, want kinds %v", evs, want)
	}
	for i, k := range want {
		if evs[i].Kind != k || evs[i].Time < 0 || (i > 0 && evs[i].Time < evs[i-1].Time) {
			t.Errorf("event %d = %v, want %v in time order", i, evs[i], k)
		}
	}
	if len(r.pending) != 0 {
		t.Errorf("%d events left pending", len(r.pending))
	}
}

func TestDecodeLine(t *testing.T) {
	if _, ok := decodeLine([]byte("not json")); ok {
		t.Error("decoded a line that is not JSON")
	}
	if _, ok := decodeLine([]byte(`{"t":1}`)); ok {
		t.Error("decoded a line with no kind")
	}
	w, ok := decodeLine([]byte(`{"kind":"task-started","t":5,"pid":7,"seq":3,"task":2,"value":"'x'"}`))
	if !ok || w.Kind != "task-started" || w.T != 5 || w.Pid != 7 || w.Seq != 3 || w.Task != 2 || w.Value != "'x'" {
		t.Errorf("decoded %+v", w)
	}
}

// TestMainFindingAWorkerGoneFreesItsSlot: main's worker-gone frees the slot even
// when the worker's own exit arrives late, and the late exit is not recorded twice.
func TestMainFindingAWorkerGoneFreesItsSlot(t *testing.T) {
	evs := convertAll(
		wireEvent{Kind: kindWorkerSpawned, Pid: 1, Child: 10},
		wireEvent{Kind: "worker-started", Pid: 10},
		wireEvent{Kind: kindWorkerGone, Pid: 1, Child: 10},
		wireEvent{Kind: kindWorkerSpawned, Pid: 1, Child: 11},
		wireEvent{Kind: "worker-exited", Pid: 10, Label: "initializer failed"}, // late
		wireEvent{Kind: "worker-started", Pid: 11},
	)
	exits := ofKind(evs, pool.KindWorkerExited)
	started := ofKind(evs, pool.KindWorkerStarted)
	if len(exits) != 1 || exits[0].Label != "its process ended" || exits[0].Gen != 1 {
		t.Errorf("exits %v, want one, of generation 1, when main found it gone", exits)
	}
	if len(started) != 2 || started[1].Actor.ID != 1 || started[1].Gen != 2 {
		t.Errorf("started %v, want the replacement as worker 1 generation 2", started)
	}
}
