package pool_test

import (
	"reflect"
	"testing"
	"time"

	"poolviz/pool"
)

// burstMain prints n lines in a row without blocking, then runs a few tasks
// on a pool and prints n more: two bursts around ordinary scheduling.
func burstMain(n int) func(p *pool.Proc) error {
	return func(p *pool.Proc) error {
		for i := range n {
			p.Printf("line %d", i)
		}
		pl, err := pool.New(p.Engine(), pool.Workers(3))
		if err != nil {
			return err
		}
		defer pl.Terminate(p)
		if _, err := pool.Map(p, pl, func(w *pool.Proc, i int) (int, error) {
			return i, w.Sleep(ms * time.Duration(i%4))
		}, []int{1, 2, 3, 4, 5, 6, 7, 8}); err != nil {
			return err
		}
		pl.Close()
		for i := range n {
			p.Printf("after %d", i)
		}
		return nil
	}
}

// TestHoldToDrainBoundsTheLog runs a main that prints 100,000 lines in a row
// with HoldToDrain, draining after each run control as a session does: no
// drain brings more than some sixteen thousand events plus what one control
// asked for, and the events are, one by one, those of the same run made at
// once without holding.
func TestHoldToDrainBoundsTheLog(t *testing.T) {
	const lines = 100_000
	want := mustSim(t, 7, burstMain(lines))

	for _, control := range []string{"RunEvents", "AdvanceTo"} {
		e := pool.NewEngine(pool.Simulated, pool.WithSeed(7))
		e.HoldToDrain(true)
		e.Start(burstMain(lines))
		var got []pool.Event
		held := 0
		for !e.Idle() {
			before := len(got)
			if control == "RunEvents" {
				e.RunEvents(1000)
			} else {
				e.AdvanceTo(e.Now() + 5*ms)
			}
			if e.Held() {
				held++
			}
			got = e.Drain(got)
			if n := len(got) - before; n > 20_000 {
				t.Fatalf("%s: one drain brought %d events", control, n)
			}
		}
		e.Shutdown()
		got = e.Drain(got)
		if held < 2*lines/20_000 {
			t.Errorf("%s: held %d times", control, held)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the run held to drain differs from the run made at once (%d events, want %d)", control, len(got), len(want))
		}
	}
}

// TestShutdownWhileHeld shuts an engine down while its main is held in the
// middle of a burst: the burst ends, the engine shuts down, and no goroutine
// is left (goleak, in TestMain).
func TestShutdownWhileHeld(t *testing.T) {
	e := pool.NewEngine(pool.Simulated, pool.WithSeed(1))
	e.HoldToDrain(true)
	e.Start(burstMain(50_000))
	e.RunEvents(1)
	if !e.Held() {
		t.Fatal("main was not held in its burst")
	}
	e.Shutdown()
	if e.Held() || !e.Idle() {
		t.Fatal("still held after Shutdown")
	}
}
