package pool_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"poolviz/pool"
)

// whatIfRun starts a Simulated run of 4 tasks that each sleep 100 ms on 2
// workers, with main waiting for their map, and runs it to 50 ms.
func whatIfRun(t *testing.T) *pool.Engine {
	t.Helper()
	e := pool.NewEngine(pool.Simulated)
	t.Cleanup(e.Shutdown)
	e.Start(func(p *pool.Proc) error {
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		defer pl.Terminate(p)
		_, err = pool.Map(p, pl, func(w *pool.Proc, x int) (int, error) {
			return x, w.Sleep(100 * time.Millisecond)
		}, []int{1, 2, 3, 4}, pool.Chunksize(1))
		return err
	})
	if err := e.AdvanceTo(50 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestKillWorkerLosesItsTask: a worker killed in the middle of its task is
// replaced, the task is lost (its map never returns, as in CPython), the
// what-if says what CPython and concurrent.futures do, and the stall that
// follows names the lost task.
func TestKillWorkerLosesItsTask(t *testing.T) {
	e := whatIfRun(t)
	if err := e.KillWorker(1); err != nil {
		t.Fatal(err)
	}
	if err := e.RunToEnd(); err != nil {
		t.Fatal(err)
	}
	evs := e.Drain(nil)
	var whatIf, exited, gen2 bool
	var deadlock string
	for _, ev := range evs {
		switch {
		case ev.Kind == pool.KindWhatIf && ev.Label == "kill" && strings.Contains(ev.Value, "BrokenProcessPool"):
			whatIf = true
		case ev.Kind == pool.KindWorkerExited && ev.Actor.ID == 1 && strings.Contains(ev.Label, "task 1, which is lost"):
			exited = true
		case ev.Kind == pool.KindWorkerStarted && ev.Actor.ID == 1 && ev.Gen == 2:
			gen2 = true
		case ev.Kind == pool.KindDeadlock:
			deadlock = ev.Value
		}
	}
	if !whatIf || !exited || !gen2 {
		t.Errorf("what-if %v, exited with its task lost %v, replaced %v", whatIf, exited, gen2)
	}
	if !strings.Contains(deadlock, "task 1 was lost with worker 1, killed") {
		t.Errorf("the stall says %q, want it to name the lost task", deadlock)
	}
	if done, _ := e.MainDone(); done {
		t.Error("main's map returned, but one of its tasks was lost")
	}
	if err := e.KillWorker(9); !errors.Is(err, pool.ErrNoSuchWorker) {
		t.Errorf("KillWorker(9) = %v, want ErrNoSuchWorker", err)
	}
}

// TestSlowAndDelayWorker: a worker slowed 3 times finishes its task at
// 50 + 3x50 ms; one delayed by 200 ms finishes at 300 ms; the others go on.
func TestSlowAndDelayWorker(t *testing.T) {
	finish := func(e *pool.Engine) map[int]time.Duration {
		if err := e.RunToEnd(); err != nil {
			t.Fatal(err)
		}
		first := map[int]time.Duration{}
		for _, ev := range e.Drain(nil) {
			if ev.Kind == pool.KindTaskFinished {
				if _, ok := first[ev.Actor.ID]; !ok {
					first[ev.Actor.ID] = ev.Time
				}
			}
		}
		return first
	}
	e := whatIfRun(t)
	if err := e.SlowWorker(1, 3); err != nil {
		t.Fatal(err)
	}
	// The stretched sleep is logged again from now with what is left of it,
	// so that a viewer's bar shows the longer work.
	var restated bool
	for _, ev := range e.Drain(nil) {
		restated = restated || ev.Kind == pool.KindTaskSleep && ev.Actor.ID == 1 && ev.Time == 50*time.Millisecond && ev.Dur == 150*time.Millisecond
	}
	if !restated {
		t.Error("the slowed sleep was not logged again with its new length (150ms left at 50ms)")
	}
	if got := finish(e); got[1] != 200*time.Millisecond || got[2] != 100*time.Millisecond {
		t.Errorf("first finishes %v, want worker 1 at 200ms (slowed), worker 2 at 100ms", got)
	}
	e = whatIfRun(t)
	if err := e.DelayWorker(2, 200*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if got := finish(e); got[2] != 300*time.Millisecond || got[1] != 100*time.Millisecond {
		t.Errorf("first finishes %v, want worker 2 at 300ms (delayed), worker 1 at 100ms", got)
	}
	par := pool.NewEngine(pool.Parallel)
	defer par.Shutdown()
	if err := par.KillWorker(1); !errors.Is(err, pool.ErrNotSimulated) {
		t.Errorf("a Parallel what-if: %v, want ErrNotSimulated", err)
	}
}
