package picture

import (
	"testing"

	"poolviz/pool"
)

// TestValueShowsTheLostUpdate checks that reads and writes of a shared value are
// recorded in order and folded into the object's current value, so that two
// tasks reading the same value before either writes is there to see.
func TestValueShowsTheLostUpdate(t *testing.T) {
	e := pool.NewEngine(pool.Simulated, pool.WithSeed(3))
	var final int
	e.Start(func(p *pool.Proc) error {
		counter := pool.NewValue(e, "counter", 0, true)
		if counter.GetLock() == nil || counter.String() != "Value(counter)" {
			t.Errorf("lock %v, string %q", counter.GetLock(), counter)
		}
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		_, err = pool.Map(p, pl, func(w *pool.Proc, _ int) (struct{}, error) {
			v := counter.Load(w)
			if err := w.Sleep(1); err != nil { // both read before either writes
				return struct{}{}, err
			}
			counter.Store(w, v+1)
			return struct{}{}, nil
		}, []int{0, 1}, pool.Chunksize(1))
		final = counter.Load(p)
		pl.Close()
		return pl.Join(p)
	})
	e.RunToEnd()
	evs := e.Drain(nil)
	e.Shutdown()
	if final != 1 {
		t.Fatalf("final value %d, want 1: the update of one task is lost", final)
	}
	var ops []string
	for _, ev := range evs {
		if ev.Object == "counter" && (ev.Kind == pool.KindValueRead || ev.Kind == pool.KindValueWritten) {
			ops = append(ops, ev.Kind.String()+" "+ev.Value)
		}
	}
	want := []string{"value-written 0", "value-read 0", "value-read 0", "value-written 1", "value-written 1", "value-read 1"}
	if len(ops) != len(want) {
		t.Fatalf("ops %v, want %v", ops, want)
	}
	for i := range want {
		if ops[i] != want[i] {
			t.Fatalf("ops %v, want %v", ops, want)
		}
	}
	st := Fold(evs)
	var o *ObjectView
	for i := range st.Objects {
		if st.Objects[i].Name == "counter" {
			o = &st.Objects[i]
		}
	}
	if o == nil || o.Kind != "value" || o.Value != "1" || o.Puts != 3 || o.Gets != 3 {
		t.Fatalf("folded object %+v", o)
	}
}

// TestLostUpdatesCounted checks the count of updates lost: the writes a
// writer overwrote unseen since its own read, in the orders that matter.
func TestLostUpdatesCounted(t *testing.T) {
	a, b, c := pool.Actor{Kind: pool.ActorWorker, ID: 1}, pool.Actor{Kind: pool.ActorWorker, ID: 2}, pool.Actor{Kind: pool.ActorWorker, ID: 3}
	rd := func(who pool.Actor) pool.Event {
		return pool.Event{Actor: who, Kind: pool.KindValueRead, Object: "counter"}
	}
	wr := func(who pool.Actor) pool.Event {
		return pool.Event{Actor: who, Kind: pool.KindValueWritten, Object: "counter"}
	}
	created := []pool.Event{{Kind: pool.KindObjectCreated, Object: "counter", Label: "value"}, wr(pool.Actor{Kind: pool.ActorMain})}
	for _, c := range []struct {
		name string
		evs  []pool.Event
		lost int
	}{
		{"one after the other", []pool.Event{rd(a), wr(a), rd(b), wr(b)}, 0},
		{"two read, both write", []pool.Event{rd(a), rd(b), wr(a), wr(b)}, 1},
		{"three read, all write", []pool.Event{rd(a), rd(b), rd(c), wr(a), wr(b), wr(c)}, 2},
		{"one writes twice over a slow reader", []pool.Event{rd(a), rd(b), wr(a), rd(a), wr(a), wr(b)}, 2},
		{"a lost write, then a good one", []pool.Event{rd(a), rd(b), wr(a), wr(b), rd(c), wr(c)}, 1},
		{"a write without a read", []pool.Event{rd(a), wr(b), wr(a)}, 1},
	} {
		st := Fold(append(append([]pool.Event(nil), created...), c.evs...))
		if o := st.Objects[0]; o.Lost != c.lost {
			t.Errorf("%s: %d updates lost, want %d", c.name, o.Lost, c.lost)
		}
	}
}
