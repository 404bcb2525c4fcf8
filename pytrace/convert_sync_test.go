package pytrace

import (
	"slices"
	"testing"

	"poolviz/pool"
)

// TestSemaphoreHoldersAndOtherReleases checks a semaphore's record: who holds
// its permits, and whose permit a release by a non-holder gives back.
func TestSemaphoreHoldersAndOtherReleases(t *testing.T) {
	evs := convertAll(
		wireEvent{Kind: kindWorkerSpawned, Pid: 1, Child: 10},
		wireEvent{Kind: kindWorkerSpawned, Pid: 1, Child: 11},
		wireEvent{Kind: "worker-started", Pid: 10},
		wireEvent{Kind: "worker-started", Pid: 11},
		wireEvent{Kind: kindObjectCreated, Pid: 1, Key: "s", Label: "semaphore", Object: "slots", Count: 1},
		wireEvent{Kind: "acquire-granted", Pid: 10, Key: "s", Count: 0},
		wireEvent{Kind: "acquire-requested", Pid: 11, Key: "s", Count: 0},
		wireEvent{Kind: "blocked", Pid: 11, Key: "s", Label: "waits for"},
		wireEvent{Kind: "released", Pid: 1, Key: "s", Count: 1},
	)
	req, blocked, rel := evs[4], evs[5], evs[6]
	if req.Kind != pool.KindAcquireRequested || req.Other != "worker 1" {
		t.Errorf("request %v, want worker 1 named as the holder", req)
	}
	if blocked.Object != "semaphore slots" || blocked.Other != "worker 1" {
		t.Errorf("blocked %v, want on semaphore slots, held by worker 1", blocked)
	}
	if rel.Actor != pool.MainActor || rel.Other != "worker 1" || rel.Count != 1 {
		t.Errorf("release %v, want main giving back worker 1's permit", rel)
	}
}

// TestEventConditionLogAndValue checks what the converter fills in for the
// other kinds: how many a set or a notify wakes, a log's line count, the
// lock a value is built on, and a value's first write.
func TestEventConditionLogAndValue(t *testing.T) {
	evs := convertAll(
		wireEvent{Kind: kindWorkerSpawned, Pid: 1, Child: 10},
		wireEvent{Kind: "worker-started", Pid: 10},
		wireEvent{Kind: kindObjectCreated, Pid: 1, Key: "e", Label: "event", Object: "go"},
		wireEvent{Kind: "wait-began", Pid: 10, Key: "e", Label: "wait"},
		wireEvent{Kind: "flag-set", Pid: 1, Key: "e"},
		wireEvent{Kind: "wait-ended", Pid: 10, Key: "e", Label: "wait", Value: "True"},
		wireEvent{Kind: kindObjectCreated, Pid: 1, Key: "c", Label: "condition", Object: "ready"},
		wireEvent{Kind: "notified", Pid: 1, Key: "c", Count: -1},
		wireEvent{Kind: kindObjectCreated, Pid: 1, Key: "l", Label: "log", Object: "journal"},
		wireEvent{Kind: "log-appended", Pid: 10, Key: "l", Value: "one"},
		wireEvent{Kind: "log-appended", Pid: 1, Key: "l", Value: "two"},
		wireEvent{Kind: kindObjectCreated, Pid: 1, Key: "k", Label: "rlock", Object: "total lock"},
		wireEvent{Kind: kindObjectCreated, Pid: 1, Key: "v", Label: "value", Object: "total", Of: "k", Value: "0"},
		wireEvent{Kind: kindObjectCreated, Pid: 10, Key: "v", Label: "value", Object: "t", Of: "k", Value: "5"},
	)
	find := func(k pool.Kind, object string) []pool.Event {
		var out []pool.Event
		for _, ev := range evs {
			if ev.Kind == k && ev.Object == object {
				out = append(out, ev)
			}
		}
		return out
	}
	if set := find(pool.KindFlagSet, "go"); len(set) != 1 || set[0].Count != 1 {
		t.Errorf("flag-set %v, want one freeing 1 waiter", set)
	}
	if n := find(pool.KindNotified, "ready"); len(n) != 1 || n[0].Count != 0 {
		t.Errorf("notified %v, want one waking nobody (nobody waits)", n)
	}
	if l := find(pool.KindLogAppended, "journal"); len(l) != 2 || l[1].Count != 2 || l[1].Value != "two" {
		t.Errorf("log %v, want two lines counted", l)
	}
	if c := find(pool.KindObjectCreated, "total"); len(c) != 1 || c[0].Other != "total lock" {
		t.Errorf("value created %v, want once, on total lock", c)
	}
	if w := find(pool.KindValueWritten, "total"); len(w) != 1 || w[0].Value != "0" || w[0].Actor != pool.MainActor {
		t.Errorf("value writes %v, want its first value, written once by main", w)
	}
}

// TestSemaphorePermitsCountedFromGrantsAndReleases: two workers that release
// at once both read the same level in Python; the permits the converter
// reports are counted from the grants and releases, so the picture ends with
// every permit back.
func TestSemaphorePermitsCountedFromGrantsAndReleases(t *testing.T) {
	evs := convertAll(
		wireEvent{Kind: kindWorkerSpawned, Pid: 1, Child: 10},
		wireEvent{Kind: kindWorkerSpawned, Pid: 1, Child: 11},
		wireEvent{Kind: "worker-started", Pid: 10},
		wireEvent{Kind: "worker-started", Pid: 11},
		wireEvent{Kind: kindObjectCreated, Pid: 1, Key: "s", Label: "semaphore", Object: "slots", Count: 2},
		wireEvent{Kind: "acquire-requested", Pid: 10, Key: "s", Count: 2},
		wireEvent{Kind: "acquire-granted", Pid: 10, Key: "s", Count: 0}, // read after the other's grant
		wireEvent{Kind: "acquire-granted", Pid: 11, Key: "s", Count: 0},
		wireEvent{Kind: "released", Pid: 10, Key: "s", Count: 1}, // both read 0 before releasing
		wireEvent{Kind: "released", Pid: 11, Key: "s", Count: 1},
	)
	var got []int
	for _, ev := range evs[3:] {
		got = append(got, ev.Count)
	}
	if want := []int{2, 1, 0, 1, 2}; !slices.Equal(got, want) {
		t.Errorf("permits left after each event %v, want %v", got, want)
	}
}
