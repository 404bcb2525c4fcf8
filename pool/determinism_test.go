package pool_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"time"

	"poolviz/pool"
)

// teachingWorkload is a main program that exercises most of the engine: an
// initializer that sleeps a random time and stores a global, tasks that sleep a
// random time, map_async, apply_async with a callback, imap_unordered, then close
// and join. It prints what it got, so results are part of the event log.
func teachingWorkload(p *pool.Proc) error {
	init := func(p *pool.Proc, base int) error {
		if err := p.Sleep(time.Duration(1+p.Rand().IntN(40)) * ms); err != nil {
			return err
		}
		p.Globals().Set("base", base+p.Worker())
		return nil
	}
	pl, err := pool.New(p.Engine(), pool.Workers(3), pool.WithInitializer(init, 100))
	if err != nil {
		return err
	}
	m, err := pool.MapAsync(p, pl, randomSleepSquare, ints(12))
	if err != nil {
		return err
	}
	a, err := pool.ApplyAsync(p, pl, randomSleepSquare, 50, pool.OnSuccess(func(v int) {}))
	if err != nil {
		return err
	}
	seq, err := pool.ImapUnordered(p, pl, randomSleepSquare, ints(10))
	if err != nil {
		return err
	}
	for v, err := range seq {
		if err != nil {
			return err
		}
		p.Print("imap_unordered got ", v)
	}
	vs, err := m.Get(p)
	if err != nil {
		return err
	}
	p.Print("map got ", fmt.Sprint(vs))
	v, err := a.Get(p)
	if err != nil {
		return err
	}
	p.Print("apply got ", v)
	pl.Close()
	return pl.Join(p)
}

func TestDeterminismSameSeedSameEvents(t *testing.T) {
	first := mustSim(t, 7, teachingWorkload)
	want := encodeEvents(t, first)
	// The run must be rich enough for the comparison to mean something.
	if n := len(ofKind(first, pool.KindTaskFinished)); n != 23 {
		t.Fatalf("the workload finished %d tasks, want 23 (12 map + 1 apply + 10 imap)", n)
	}
	if n := len(ofKind(first, pool.KindInitEnded)); n != 3 {
		t.Fatalf("%d initializers ended, want 3", n)
	}
	checkEachFinishedOnce(t, first, submittedTasks(first))
	for i := range 19 {
		got := encodeEvents(t, mustSim(t, 7, teachingWorkload))
		if !bytes.Equal(got, want) {
			t.Fatalf("run %d with seed 7 differs from the first: %s", i+2, firstDiff(want, got))
		}
	}
}

func TestDeterminismOtherSeedOtherOrder(t *testing.T) {
	a := finishedTasks(mustSim(t, 7, teachingWorkload))
	b := finishedTasks(mustSim(t, 8, teachingWorkload))
	if slices.Equal(a, b) {
		t.Fatalf("seeds 7 and 8 finished the tasks in the same order %v; the seed should change the random sleeps", a)
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Fatalf("seeds 7 and 8 finished different sets of tasks:\n%v\n%v", a, b)
	}
}

// TestDeterminismStepping checks that running a Simulated engine a few events at a
// time (as the viewer's step key does) gives the same events as one RunToEnd, and
// that RunEvents really stops early.
func TestDeterminismStepping(t *testing.T) {
	want := encodeEvents(t, mustSim(t, 3, teachingWorkload))

	e := pool.NewEngine(pool.Simulated, pool.WithSeed(3))
	defer e.Shutdown()
	e.Start(teachingWorkload)
	var evs []pool.Event
	calls := 0
	for {
		n, err := e.RunEvents(1)
		if err != nil {
			t.Fatalf("RunEvents: %v", err)
		}
		calls++
		evs = e.Drain(evs)
		if n == 0 {
			break
		}
		if calls > 100000 {
			t.Fatal("RunEvents(1) never stopped logging events")
		}
	}
	if done, err := e.MainDone(); !done || err != nil {
		t.Fatalf("after stepping, main done=%v err=%v", done, err)
	}
	e.Shutdown()
	evs = e.Drain(evs)
	if got := encodeEvents(t, evs); !bytes.Equal(got, want) {
		t.Fatalf("stepping changed the run: %s", firstDiff(want, got))
	}
	t.Logf("%d events in %d calls of RunEvents(1)", len(evs), calls)
	// Each call may log a burst (an actor runs until it blocks), but a run of
	// hundreds of events must take many steps, not one.
	if calls < len(evs)/10 {
		t.Fatalf("RunEvents(1) was called %d times for %d events: it does not stop after the requested events", calls, len(evs))
	}
}

// TestDeterminismAdvanceTo checks that advancing virtual time in frames gives the
// same run, and that the clock reads the frame's end while the run goes on.
func TestDeterminismAdvanceTo(t *testing.T) {
	want := encodeEvents(t, mustSim(t, 5, teachingWorkload))

	e := pool.NewEngine(pool.Simulated, pool.WithSeed(5))
	defer e.Shutdown()
	e.Start(teachingWorkload)
	var evs []pool.Event
	for frame := 1; ; frame++ {
		at := time.Duration(frame) * 5 * ms
		if err := e.AdvanceTo(at); err != nil {
			t.Fatalf("AdvanceTo: %v", err)
		}
		evs = e.Drain(evs)
		if done, _ := e.MainDone(); done && e.Live() == 0 {
			break
		}
		if e.Now() != at {
			t.Fatalf("after AdvanceTo(%v) with the run still going, Now() = %v", at, e.Now())
		}
		for _, ev := range evs {
			if ev.Time > at {
				t.Fatalf("AdvanceTo(%v) let an event at %v happen: %v", at, ev.Time, ev)
			}
		}
		if frame > 10000 {
			t.Fatal("the workload did not end within 50 s of virtual time")
		}
	}
	e.Shutdown()
	evs = e.Drain(evs)
	if got := encodeEvents(t, evs); !bytes.Equal(got, want) {
		t.Fatalf("advancing in frames changed the run: %s", firstDiff(want, got))
	}
}
