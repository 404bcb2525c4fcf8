package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"poolviz/picture"
	"poolviz/pool"
	"poolviz/session"
)

// TestBlockedWorkerColourAndWords checks a blocked worker's status: drawn in the
// warning colour while it simply waits, in the colour of trouble once it is in
// a deadlock, and, narrow, still saying that it waits, so that "lock B held by
// worker 2" is not read as this worker holding lock B.
func TestBlockedWorkerColourAndWords(t *testing.T) {
	s := newStyles(true)
	w := picture.WorkerView{ID: 1, Status: picture.WorkerBlocked, BlockedVerb: "waits for", BlockedOn: "lock B", BlockedBy: "worker 2"}
	sn := &scene{s: s, v: &session.View{}}
	waiting := statusText(sn, &w, false)
	if want := s.warn.s(glyph(sn, w.Status) + " waits for lock B, held by worker 2"); waiting != want {
		t.Errorf("a worker waiting: %q, want %q", waiting, want)
	}
	sn.v.State.Deadlock = &picture.DeadlockView{Kind: "cycle", Members: []pool.Var{{Name: "worker 1"}, {Name: "worker 2"}}}
	if got, want := statusText(sn, &w, false), s.bad.s(glyph(sn, w.Status)+" waits for lock B, held by worker 2"); got != want || got == waiting {
		t.Errorf("a worker in a deadlock: %q, want %q, in the colour of trouble", got, want)
	}
	if got := ansi.Strip(statusText(sn, &w, true)); !strings.Contains(got, "waits: lock B, held by W2") {
		t.Errorf("narrow: %q, want it to say that it waits", got)
	}
}

// TestNarrowObjectsSayWhatIsHidden checks the objects panel of an 80x24 screen
// in a lock-order deadlock: holders written as W1, and the rows that do not fit
// counted on the last row instead of silently cut.
func TestNarrowObjectsSayWhatIsHidden(t *testing.T) {
	sn := &scene{s: newStyles(true), v: &session.View{}}
	sn.v.State.Objects = []picture.ObjectView{
		{Name: "lock A", Kind: "lock", Holders: []string{"worker 1"}, Waiters: []string{"worker 2"}},
		{Name: "lock B", Kind: "lock", Holders: []string{"worker 2"}, Waiters: []string{"worker 1"}},
	}
	p := objectsPanel{}.setSize(26, 4, sn)
	got := ansi.Strip(strings.Join(p.view(sn), "\n"))
	if want := " ◆ lock A  held by W1\n     … 3 more ↓"; got != want {
		t.Errorf("narrow objects:\n%s\nwant\n%s", got, want)
	}
}
