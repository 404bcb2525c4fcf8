package pool

import (
	"fmt"
	"slices"
	"testing"
)

// How shared objects are named in events and sentences.

// TestObjectNamesAndCreation checks how objects render as worker globals and
// the KindObjectCreated each records.
func TestObjectNamesAndCreation(t *testing.T) {
	e := NewEngine(Simulated)
	defer e.Shutdown()
	lock := NewLock(e, "lock A")
	reader, _ := NewPipe[int](e, "messages", false)
	objs := []fmt.Stringer{
		reader,
		NewSimpleQueue[int](e, "results"),
		NewQueue[int](e, "jobs", 5),
		lock,
		NewRLock(e, "rlock R"),
		NewFlag(e, "start signal"),
		NewSemaphore(e, "slots", 2),
		NewBoundedSemaphore(e, "bounded", 3),
		NewBarrier(e, "phase", 4, nil),
		NewCondition(e, "ready", lock),
		NewLog(e, "log"),
	}
	var got []string
	for _, o := range objs {
		got = append(got, o.String())
	}
	want := []string{"Connection(messages)", "SimpleQueue(results)", "Queue(jobs)", "Lock(lock A)", "RLock(rlock R)", "Event(start signal)",
		"Semaphore(slots)", "BoundedSemaphore(bounded)", "Barrier(phase)", "Condition(ready)", "Log(log)"}
	if !slices.Equal(got, want) {
		t.Errorf("String() = %q, want %q", got, want)
	}
	got = nil
	for _, ev := range e.Drain(nil) {
		if ev.Kind == KindObjectCreated {
			got = append(got, fmt.Sprintf("%s %s %d", ev.Object, ev.Label, ev.Count))
		}
	}
	want = []string{"lock A lock 0", "messages pipe 0", "results simple-queue 0", "jobs queue 5", "rlock R rlock 0", "start signal event 0",
		"slots semaphore 2", "bounded bounded-semaphore 3", "phase barrier 4", "ready condition 0", "log log 0"}
	if !slices.Equal(got, want) {
		t.Errorf("object-created = %q, want %q", got, want)
	}
	if got := render(objs[1]); got != "SimpleQueue(results)" {
		t.Errorf("render = %q: a worker global shows the object by its String", got)
	}
}

// TestObjectPhrase checks how sentences name objects.
func TestObjectPhrase(t *testing.T) {
	for _, tt := range []struct{ noun, name, want string }{
		{"queue", "results", "queue results"},
		{"lock", "lock A", "lock A"},
		{"lock", "RLock R", "RLock R"},
		{"event", "start signal", "event start signal"},
		{"queue", "results queue", "results queue"},
	} {
		if got := ObjectPhrase(tt.noun, tt.name); got != tt.want {
			t.Errorf("ObjectPhrase(%q, %q) = %q, want %q", tt.noun, tt.name, got, tt.want)
		}
	}
}
