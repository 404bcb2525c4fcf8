package pool_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"poolviz/pool"
)

func TestAsyncResultGetTimeoutAndState(t *testing.T) {
	mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(1))
		if err != nil {
			return err
		}
		r, err := pool.ApplyAsync(p, pl, sleepThen(10*time.Second), 42)
		if err != nil {
			return err
		}
		start := p.Now()
		if r.Ready() {
			return errors.New("Ready before the task ran")
		}
		if _, err := r.Successful(); !errors.Is(err, pool.ErrNotReady) {
			return fmt.Errorf("Successful before ready: %v, want ErrNotReady", err)
		}
		if _, err := r.Get(p, pool.Timeout(time.Second)); !errors.Is(err, pool.ErrTimeout) {
			return fmt.Errorf("Get with a 1 s timeout on a 10 s task: %v, want ErrTimeout", err)
		}
		if d := p.Now() - start; d != time.Second {
			return fmt.Errorf("Get with a 1 s timeout returned after %v of virtual time", d)
		}
		if err := r.Wait(p, pool.Timeout(2*time.Second)); !errors.Is(err, pool.ErrTimeout) {
			return fmt.Errorf("Wait with a 2 s timeout: %v, want ErrTimeout", err)
		}
		if d := p.Now() - start; d != 3*time.Second {
			return fmt.Errorf("after both timeouts %v passed, want 3s", d)
		}
		if r.Ready() {
			return errors.New("Ready after 3 s of a 10 s task")
		}
		if err := r.Wait(p); err != nil {
			return fmt.Errorf("Wait: %v", err)
		}
		if d := p.Now() - start; d != 10*time.Second {
			return fmt.Errorf("the 10 s task was ready after %v", d)
		}
		if !r.Ready() {
			return errors.New("not Ready after Wait")
		}
		if ok, err := r.Successful(); !ok || err != nil {
			return fmt.Errorf("Successful = %v, %v; want true, nil", ok, err)
		}
		if v, err := r.Get(p, pool.Timeout(0)); v != 42 || err != nil {
			return fmt.Errorf("Get = %v, %v; want 42, nil", v, err)
		}
		bad, err := pool.ApplyAsync(p, pl, func(p *pool.Proc, _ int) (int, error) { return 0, errBoom }, 0)
		if err != nil {
			return err
		}
		if _, err := bad.Get(p); !errors.Is(err, errBoom) {
			return fmt.Errorf("Get of a failing task: %v, want errBoom", err)
		}
		if ok, err := bad.Successful(); ok || err != nil {
			return fmt.Errorf("Successful of a failed task = %v, %v; want false, nil", ok, err)
		}
		pl.Close()
		return pl.Join(p)
	})
}

// TestCallbacksRunOnResultHandler: callbacks run on the pool's result handler, not
// on a worker, and before the result is ready.
func TestCallbacksRunOnResultHandler(t *testing.T) {
	var okReady, errReady, mapReady []bool
	var okVals []int
	var errVals []error
	var mapVals [][]int
	evs := mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		var good, bad *pool.AsyncResult[int]
		good, err = pool.ApplyAsync(p, pl, sleepThen(5*ms), 7, pool.OnSuccess(func(v int) {
			okVals = append(okVals, v)
			okReady = append(okReady, good.Ready())
		}), pool.OnError(func(err error) { t.Errorf("error callback of a good task: %v", err) }))
		if err != nil {
			return err
		}
		bad, err = pool.ApplyAsync(p, pl, func(p *pool.Proc, _ int) (int, error) { return 0, errBoom }, 0,
			pool.OnSuccess(func(int) { t.Error("success callback of a failing task") }),
			pool.OnError(func(err error) {
				errVals = append(errVals, err)
				errReady = append(errReady, bad.Ready())
			}))
		if err != nil {
			return err
		}
		var m *pool.AsyncResult[[]int]
		m, err = pool.MapAsync(p, pl, square, ints(5), pool.OnSuccess(func(vs []int) {
			mapVals = append(mapVals, vs)
			mapReady = append(mapReady, m.Ready())
		}))
		if err != nil {
			return err
		}
		if v, err := good.Get(p); v != 7 || err != nil {
			return fmt.Errorf("good task: %v, %v", v, err)
		}
		if _, err := bad.Get(p); !errors.Is(err, errBoom) {
			return fmt.Errorf("bad task: %v", err)
		}
		if _, err := m.Get(p); err != nil {
			return err
		}
		pl.Close()
		return pl.Join(p)
	})
	if !slices.Equal(okVals, []int{7}) || !slices.Equal(okReady, []bool{false}) {
		t.Errorf("success callback ran with %v, seeing Ready %v; want [7] once, before ready", okVals, okReady)
	}
	if len(errVals) != 1 || !errors.Is(errVals[0], errBoom) || !slices.Equal(errReady, []bool{false}) {
		t.Errorf("error callback ran with %v, seeing Ready %v; want errBoom once, before ready", errVals, errReady)
	}
	if len(mapVals) != 1 || !slices.Equal(mapVals[0], []int{0, 1, 4, 9, 16}) || !slices.Equal(mapReady, []bool{false}) {
		t.Errorf("map callback ran with %v, seeing Ready %v; want [[0 1 4 9 16]] once, before ready", mapVals, mapReady)
	}
	ran := ofKind(evs, pool.KindCallbackRan)
	if len(ran) != 3 {
		t.Fatalf("%d callback-ran events, want 3", len(ran))
	}
	for _, cb := range ran {
		if cb.Actor.Kind != pool.ActorResultHandler {
			t.Errorf("callback for task %d ran on %v, want the result handler", cb.Task, cb.Actor)
		}
		at := indexOf(evs, func(ev pool.Event) bool { return ev.Seq == cb.Seq })
		ready := indexOf(evs, func(ev pool.Event) bool { return ev.Kind == pool.KindResultReady && ev.Task == cb.Task })
		if ready < 0 || ready < at {
			t.Errorf("task %d: result-ready at event %d, callback-ran at %d; the callback must come first", cb.Task, ready, at)
		}
	}
}
