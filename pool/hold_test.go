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

// queuedMain submits n tasks to a pool of two workers whose every task waits
// for an event nobody sets: the run stalls with n-2 tasks queued.
func queuedMain(n int) func(p *pool.Proc) error {
	return func(p *pool.Proc) error {
		never := pool.NewFlag(p.Engine(), "never")
		pl, err := pool.New(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		var rs []*pool.AsyncResult[int]
		for i := range n {
			r, err := pool.ApplyAsync(p, pl, func(w *pool.Proc, i int) (int, error) {
				_, err := never.Wait(w)
				return i, err
			}, i)
			if err != nil {
				return err
			}
			rs = append(rs, r)
		}
		_, err = rs[0].Get(p)
		return err
	}
}

// TestDropEventsLogsNothingMore shuts down a stalled run with thousands of
// tasks queued: without DropEvents the shutdown logs each queued task's
// failure, with it the log is empty and stays so, while the run itself ends
// the same (every goroutine ends: goleak, in TestMain).
func TestDropEventsLogsNothingMore(t *testing.T) {
	const tasks = 5_000
	for _, drop := range []bool{false, true} {
		e := pool.NewEngine(pool.Simulated, pool.WithSeed(1))
		e.Start(queuedMain(tasks))
		e.RunToEnd()
		e.Drain(nil)
		if drop {
			e.DropEvents()
		}
		e.Shutdown()
		e.RunToEnd()
		n, failed := 0, 0
		for _, ev := range e.Drain(nil) {
			n++
			if ev.Kind == pool.KindTaskFinished && ev.Err != "" {
				failed++
			}
		}
		switch {
		case drop && n != 0:
			t.Errorf("with DropEvents the shutdown logged %d events", n)
		case !drop && failed < tasks-2:
			t.Errorf("without DropEvents the shutdown logged %d failed tasks of %d queued: the test shows nothing", failed, tasks-2)
		}
		if done, _ := e.MainDone(); !done || !e.Idle() {
			t.Errorf("drop %v: main done %v, engine idle %v after Shutdown", drop, done, e.Idle())
		}
	}
}
