package pytrace

import (
	"os"
	"slices"
	"testing"

	"poolviz/pool"
)

// TestPoolAnnouncedBeforeItsWorkers holds main inside Pool(), right after it
// started its worker, until the worker's initializer has set the Event it
// was handed and that flag-set has been drained: a main process the machine
// is slow to run again. The Event still goes by main's name (ready, not the
// initializer's parameter), and pool-created comes before the worker's first
// event, because main says both before the worker starts. Nothing here
// depends on time: the test lets main go on only once it has seen the
// worker's event.
func TestPoolAnnouncedBeforeItsWorkers(t *testing.T) {
	for _, method := range []string{"fork", "spawn"} {
		t.Run(method, func(t *testing.T) { checkHeldPool(t, method) })
	}
}

func checkHeldPool(t *testing.T, method string) {
	in, goOn, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	defer goOn.Close()
	evs, r := traceUntil(t, "testdata/held_pool.py", pool.KindFlagSet, Options{Args: []string{method}, Stdin: in})
	if _, err := goOn.WriteString("go on\n"); err != nil {
		t.Fatal(err)
	}
	if err := r.Wait(); err != nil {
		t.Fatalf("Wait() = %v; stderr:\n%s", err, r.Stderr())
	}
	evs = r.Drain(evs)
	sets := ofKind(evs, pool.KindFlagSet)
	if len(sets) != 1 || sets[0].Object != "ready" || sets[0].Actor.Kind != pool.ActorWorker {
		t.Errorf("flag-set events %v, want one by the worker on ready; events:\n%s", sets, eventLines(evs))
	}
	created := slices.IndexFunc(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindPoolCreated })
	worker := slices.IndexFunc(evs, func(ev pool.Event) bool { return ev.Actor.Kind == pool.ActorWorker })
	if created < 0 || worker < 0 || created > worker {
		t.Errorf("pool-created at %d, the worker's first event at %d: want the pool first; events:\n%s", created, worker, eventLines(evs))
	}
	var out []string
	for _, ev := range ofKind(evs, pool.KindOutput) {
		out = append(out, ev.Value)
	}
	if !slices.Equal(out, []string{"went on True"}) {
		t.Errorf("output %q, want the one line went on True", out)
	}
}
