package pytrace

import (
	"testing"

	"poolviz/picture"
	"poolviz/pool"
)

// TestObjectsByName traces a Queue, an RLock taken twice over and a Lock that
// fork children inherit as a module global: each is named after main's
// variable (or the module's), an RLock's levels count up and down, and the
// picture ends with every lock free and the queues empty: a JoinableQueue's
// own put is traced as a Queue's is.
func TestObjectsByName(t *testing.T) {
	evs, r := trace(t, "testdata/objects.py")
	if err := r.Err(); err != nil {
		t.Fatalf("Err() = %v; stderr:\n%s", err, r.Stderr())
	}
	s := picture.Fold(evs)
	kinds := map[string]string{"reentrant": "rlock", "outbox": "queue", "guard": "lock"}
	for name, kind := range kinds {
		o := objectNamed(s, name)
		if o == nil || o.Kind != kind || len(o.Holders) != 0 || len(o.Waiters) != 0 {
			t.Errorf("picture: %s = %+v, want a free %s", name, o, kind)
		}
	}
	if q := objectNamed(s, "outbox"); q != nil && (q.Puts != 6 || q.Gets != 6 || q.Len != 0) {
		t.Errorf("picture: outbox %d puts, %d gets, length %d; want 6, 6, 0", q.Puts, q.Gets, q.Len)
	}
	levels := map[int]int{}
	for _, ev := range ofKind(evs, pool.KindAcquireGranted) {
		if ev.Object == "reentrant" {
			levels[ev.Count]++
		}
	}
	if levels[1] != 6 || levels[2] != 6 {
		t.Errorf("reentrant granted at levels %v, want 6 at 1 and 6 at 2", levels)
	}
	if q := objectNamed(s, "jobs"); q == nil || q.Kind != "queue" || q.Puts != 3 || q.Gets != 3 || q.Len != 0 {
		t.Errorf("picture: jobs = %+v, want a queue with 3 puts, 3 gets, length 0", q)
	}
	if len(s.Objects) != 4 {
		t.Errorf("picture: objects %v, want only the program's four (none of the pool's own)", s.Objects)
	}
	if !printed(s, "got [0, 10, 20, 30, 40, 50]") {
		t.Errorf("picture: printed %v", s.Output)
	}
}
