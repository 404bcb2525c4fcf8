package pytrace

import (
	"testing"

	"poolviz/picture"
	"poolviz/pool"
)

// opsOn counts the events of each kind on the object called name.
func opsOn(evs []pool.Event, name string) map[pool.Kind]int {
	n := map[pool.Kind]int{}
	for _, ev := range evs {
		if ev.Object == name {
			n[ev.Kind]++
		}
	}
	return n
}

// wantObject checks that the picture has an object called name of kind, built
// on the object called other ("" for none).
func wantObject(t *testing.T, evs []pool.Event, s picture.State, name, kind, other string) *picture.ObjectView {
	t.Helper()
	o := objectNamed(s, name)
	if o == nil || o.Kind != kind {
		t.Fatalf("picture: %s = %+v, want a %s", name, o, kind)
	}
	for _, ev := range ofKind(evs, pool.KindObjectCreated) {
		if ev.Object == name && ev.Other != other {
			t.Errorf("%s is built on %q, want %q", name, ev.Other, other)
		}
	}
	if len(o.Waiters) != 0 || len(o.Holders) != 0 {
		t.Errorf("picture: %s still has waiters %v, holders %v", name, o.Waiters, o.Holders)
	}
	return o
}

// TestEventSemaphoreBarrierConditionValue traces workers that wait at an
// Event, share a BoundedSemaphore's two permits, count into a Value under its
// lock and meet at a Barrier, while main waits on a Condition for them: every
// object shows by main's name with its operations, and none of the locks and
// semaphores inside them shows; under fork and spawn alike.
func TestEventSemaphoreBarrierConditionValue(t *testing.T) {
	for _, method := range []string{"fork", "spawn"} {
		t.Run(method, func(t *testing.T) { checkGate(t, method) })
	}
}

func checkGate(t *testing.T, method string) {
	evs, r := trace(t, "testdata/gate.py", method)
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	s := picture.Fold(evs)
	gate := wantObject(t, evs, s, "gate", "event", "")
	if !gate.Set {
		t.Errorf("picture: gate not set")
	}
	if n := opsOn(evs, "gate"); n[pool.KindFlagSet] != 1 || n[pool.KindWaitBegan] != 3 || n[pool.KindWaitEnded] != 3 {
		t.Errorf("gate ops %v, want 1 set, 3 waits", n)
	}
	permits := wantObject(t, evs, s, "permits", "bounded-semaphore", "")
	if permits.Capacity != 2 || permits.Count != 2 {
		t.Errorf("picture: permits %+v, want 2 of 2 free", permits)
	}
	if n := opsOn(evs, "permits"); n[pool.KindAcquireGranted] != 3 || n[pool.KindReleased] != 3 {
		t.Errorf("permits ops %v, want 3 grants, 3 releases", n)
	}
	meeting := wantObject(t, evs, s, "meeting", "barrier", "")
	if n := opsOn(evs, "meeting"); meeting.Capacity != 3 || n[pool.KindWaitBegan] != 3 || n[pool.KindWaitEnded] != 3 {
		t.Errorf("meeting %+v ops %v, want 3 parties, 3 waits", meeting, n)
	}
	indexes := map[int]bool{}
	for _, ev := range ofKind(evs, pool.KindWaitEnded) {
		if ev.Object == "meeting" {
			indexes[ev.Count] = true
		}
	}
	if !indexes[0] || !indexes[1] || !indexes[2] {
		t.Errorf("meeting's waits returned %v, want 0, 1 and 2", indexes)
	}
	tally := wantObject(t, evs, s, "tally", "value", "tally lock")
	if tally.Value != "3" || tally.Puts != 4 {
		t.Errorf("picture: tally %+v, want 3 after 4 writes (the first its making)", tally)
	}
	wantObject(t, evs, s, "tally lock", "rlock", "")
	wantObject(t, evs, s, "ready", "condition", "ready lock")
	if n := opsOn(evs, "ready"); n[pool.KindNotified] != 3 {
		t.Errorf("ready ops %v, want 3 notifies", n)
	}
	wantObject(t, evs, s, "waiting", "value", "")
	if len(s.Objects) != 8 {
		t.Errorf("picture: objects %v, want the program's eight only", s.Objects)
	}
	checkWaitsEnd(t, evs)
	if !printed(s, "visited [0, 1, 2] tally 3") {
		t.Errorf("picture: printed %v", s.Output)
	}
}

// TestPipe traces main and a pool task talking over a Pipe: its ends are one
// queue (under spawn too, where each end is pickled), named after the first
// end main hands over, and every message sent is received.
func TestPipe(t *testing.T) {
	for _, method := range []string{"fork", "spawn"} {
		t.Run(method, func(t *testing.T) { checkPipe(t, method) })
	}
}

func checkPipe(t *testing.T, method string) {
	evs, r := trace(t, "testdata/pipe.py", method)
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	s := picture.Fold(evs)
	q := wantObject(t, evs, s, "there", "pipe", "")
	if q.Puts != 7 || q.Gets != 7 || q.Len != 0 {
		t.Errorf("picture: pipe %d sends, %d receives, %d left; want 7, 7, 0", q.Puts, q.Gets, q.Len)
	}
	checkWaitsEnd(t, evs)
	if len(s.Objects) != 1 {
		t.Errorf("picture: objects %v, want the pipe only", s.Objects)
	}
}

// TestManagerListAndDict traces workers appending to a manager's list and
// setting items of its dict: each is a shared log, one line per call.
func TestManagerListAndDict(t *testing.T) {
	evs, r := trace(t, "testdata/notebook.py")
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	s := picture.Fold(evs)
	journal := wantObject(t, evs, s, "journal", "log", "")
	squares := wantObject(t, evs, s, "squares", "log", "")
	if journal.Count != 4 || squares.Count != 4 || len(s.Log) != 8 {
		t.Errorf("picture: journal %d lines, squares %d, log %v; want 4, 4, 8 lines", journal.Count, squares.Count, s.Log)
	}
	lines := map[string]bool{}
	for _, l := range s.Log {
		lines[l.Log+": "+l.Line] = true
	}
	for _, want := range []string{"journal: saw 0", "journal: saw 3", "squares: 3: 9"} {
		if !lines[want] {
			t.Errorf("picture: no log line %q in %v", want, s.Log)
		}
	}
}

// TestBarrierBrokenByATimeout traces two waits at a barrier of three parties
// that time out: the barrier breaks once, for a timeout, and both waits end
// broken.
func TestBarrierBrokenByATimeout(t *testing.T) {
	evs, r := trace(t, "testdata/short_barrier.py")
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	s := picture.Fold(evs)
	b := wantObject(t, evs, s, "three", "barrier", "")
	if !b.Broken {
		t.Errorf("picture: barrier %+v not broken", b)
	}
	broken := ofKind(evs, pool.KindBarrierBroken)
	if len(broken) != 1 || broken[0].Label != "timeout" {
		t.Errorf("barrier-broken %v, want one, for a timeout", broken)
	}
	for _, ev := range ofKind(evs, pool.KindWaitEnded) {
		if ev.Object == "three" && ev.Err != pool.ErrBrokenBarrier.Error() {
			t.Errorf("wait ended %v, want broken", ev)
		}
	}
	checkWaitsEnd(t, evs)
	if !printed(s, "['broken', 'broken']") {
		t.Errorf("picture: printed %v", s.Output)
	}
}
