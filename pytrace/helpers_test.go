package pytrace

import (
	"context"
	"testing"
	"time"

	"poolviz/internal/pythontest"
	"poolviz/pool"
)

// needPython skips a test that needs a real python3.
func needPython(t *testing.T) {
	t.Helper()
	pythontest.Need(t, "tracing a real program needs it")
}

// trace runs script to its end and returns every event. The generous timeout
// only guards against a hang; no assertion depends on timing.
func trace(t *testing.T, script string, args ...string) ([]pool.Event, *Run) {
	t.Helper()
	needPython(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r, err := Start(ctx, Options{Script: script, Args: args})
	if err != nil {
		t.Fatalf("Start(%s): %v", script, err)
	}
	t.Cleanup(func() { r.Close() })
	select {
	case <-r.Ended():
	case <-ctx.Done():
		t.Fatalf("%s did not end in time; stderr:\n%s", script, r.Stderr())
	}
	evs := r.Drain(nil)
	if !r.Done() {
		t.Errorf("Done() = false after the program ended and everything was drained")
	}
	return evs, r
}

// ofKind returns the events of kind k.
func ofKind(evs []pool.Event, k pool.Kind) []pool.Event {
	var out []pool.Event
	for _, ev := range evs {
		if ev.Kind == k {
			out = append(out, ev)
		}
	}
	return out
}

// kindOf returns the kind named name.
func kindOf(t *testing.T, name string) pool.Kind {
	t.Helper()
	k, ok := pool.ParseKind(name)
	if !ok {
		t.Fatalf("no kind %q", name)
	}
	return k
}
