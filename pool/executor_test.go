package pool_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"poolviz/pool"
)

// letRun lets the workers run until they all wait: a Simulated main sleeps a
// millisecond, a Parallel test waits until every goroutine of its bubble is
// blocked.
func letRun(ctx context.Context) error {
	if p, ok := ctx.(*pool.Proc); ok {
		return p.Sleep(ms)
	}
	synctest.Wait()
	return nil
}

// submitAll submits fn for each argument and returns the futures, in order.
func submitAll[A, R any](ctx context.Context, x *pool.Executor, fn pool.TaskFunc[A, R], args ...A) ([]*pool.Future[R], error) {
	fs := make([]*pool.Future[R], len(args))
	for i, a := range args {
		f, err := pool.Submit(ctx, x, fn, a)
		if err != nil {
			return nil, fmt.Errorf("submit %v: %w", a, err)
		}
		fs[i] = f
	}
	return fs, nil
}

// sleepMs sleeps x milliseconds and returns x.
func sleepMs(p *pool.Proc, x int) (int, error) {
	return x, p.Sleep(time.Duration(x) * ms)
}

// TestAsCompletedYieldsInCompletionOrder: futures come out of AsCompleted as
// their tasks finish, not as they were submitted; one given twice comes once,
// and one done before the call comes first.
func TestAsCompletedYieldsInCompletionOrder(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		x, err := pool.NewExecutor(e, pool.Workers(3))
		if err != nil {
			return err
		}
		fs, err := submitAll(ctx, x, sleepMs, 30, 10, 20)
		if err != nil {
			return err
		}
		var got []int
		for f, err := range pool.AsCompleted(ctx, append(fs, fs[0])) {
			if err != nil {
				return err
			}
			v, err := f.Result(ctx, pool.Timeout(0))
			if err != nil {
				return err
			}
			got = append(got, v)
		}
		if !slices.Equal(got, []int{10, 20, 30}) {
			return fmt.Errorf("as_completed yielded %v, want [10 20 30]: completion order, each once", got)
		}
		late, err := submitAll(ctx, x, sleepMs, 5)
		if err != nil {
			return err
		}
		got = got[:0]
		for f := range pool.AsCompleted(ctx, append(late, fs...)) {
			v, _ := f.Result(ctx, pool.Timeout(0))
			got = append(got, v)
		}
		if !slices.Equal(got, []int{30, 10, 20, 5}) {
			return fmt.Errorf("as_completed yielded %v, want the done futures first, in the order given: [30 10 20 5]", got)
		}
		return x.Shutdown(ctx, true)
	})
}

// TestAsCompletedTimeout: with a timeout, the iteration yields what finished
// in time, then ErrTimeout once, and ends; 0 yields only what is done.
func TestAsCompletedTimeout(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		x, err := pool.NewExecutor(e, pool.Workers(2))
		if err != nil {
			return err
		}
		fs, err := submitAll(ctx, x, sleepMs, 1000, 10)
		if err != nil {
			return err
		}
		check := func(timeout time.Duration, want []int) error {
			var got []int
			var errs []error
			for f, err := range pool.AsCompleted(ctx, fs, pool.Timeout(timeout)) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				v, _ := f.Result(ctx, pool.Timeout(0))
				got = append(got, v)
			}
			if !slices.Equal(got, want) || len(errs) != 1 || !errors.Is(errs[0], pool.ErrTimeout) {
				return fmt.Errorf("timeout %v: yielded %v and errors %v, want %v and one ErrTimeout", timeout, got, errs, want)
			}
			return nil
		}
		if err := check(0, nil); err != nil {
			return err
		}
		if err := check(100*ms, []int{10}); err != nil {
			return err
		}
		if err := check(0, []int{10}); err != nil {
			return err
		}
		return x.Shutdown(ctx, true)
	})
}

// TestFutureStates: a future is pending in the queue (Cancel takes it out),
// running once a worker took it (Cancel fails), then done; Result and
// Exception say how it ended.
func TestFutureStates(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		x, err := pool.NewExecutor(e, pool.Workers(1))
		if err != nil {
			return err
		}
		fs, err := submitAll(ctx, x, sleepMs, 100, 20, 30)
		if err != nil {
			return err
		}
		failing, err := pool.Submit(ctx, x, func(*pool.Proc, int) (int, error) { return 0, errBoom }, 0)
		if err != nil {
			return err
		}
		if err := letRun(ctx); err != nil {
			return err
		}
		first, second, third := fs[0], fs[1], fs[2]
		if !first.Running() || first.Done() || first.Cancel() {
			return fmt.Errorf("the future a worker runs: running %v, done %v, want running and not cancellable",
				first.Running(), first.Done())
		}
		if second.Running() || second.Done() || second.Cancelled() {
			return fmt.Errorf("a queued future: running %v, done %v, cancelled %v; want pending",
				second.Running(), second.Done(), second.Cancelled())
		}
		if !second.Cancel() || !second.Cancelled() || !second.Done() || second.Running() || !second.Cancel() {
			return fmt.Errorf("cancel of a pending future: cancelled %v, done %v", second.Cancelled(), second.Done())
		}
		if _, err := second.Result(ctx); !errors.Is(err, pool.ErrCancelled) {
			return fmt.Errorf("result of a cancelled future: %v, want ErrCancelled", err)
		}
		if taskErr, err := second.Exception(ctx); taskErr != nil || !errors.Is(err, pool.ErrCancelled) {
			return fmt.Errorf("exception of a cancelled future: %v, %v; want ErrCancelled", taskErr, err)
		}
		if _, err := third.Result(ctx, pool.Timeout(0)); !errors.Is(err, pool.ErrTimeout) {
			return fmt.Errorf("result(0) of a pending future: %v, want ErrTimeout", err)
		}
		if v, err := first.Result(ctx); v != 100 || err != nil || first.Running() || !first.Done() {
			return fmt.Errorf("first: %v, %v, running %v; want 100, done", v, err, first.Running())
		}
		if v, err := third.Result(ctx); v != 30 || err != nil {
			return fmt.Errorf("third: %v, %v; want 30: a cancelled future must not hold up the queue", v, err)
		}
		if taskErr, err := failing.Exception(ctx); !errors.Is(taskErr, errBoom) || err != nil {
			return fmt.Errorf("exception of a failing task: %v, %v; want errBoom", taskErr, err)
		}
		if err := x.Shutdown(ctx, true); err != nil {
			return err
		}
		if c := x.Counters(); c.Submitted != 4 || c.Succeeded != 2 || c.Failed != 2 {
			return fmt.Errorf("counters %+v: want 4 submitted, 2 succeeded, 1 failed and 1 cancelled", c)
		}
		return nil
	})
}

// exitAfter sleeps x milliseconds, then ends its worker's process.
func exitAfter(p *pool.Proc, x int) (int, error) {
	if err := p.Sleep(time.Duration(x) * ms); err != nil {
		return 0, err
	}
	p.Exit()
	return x, nil
}

// TestExecutorBreaksWhenAWorkerExits: a task that ends its worker's process
// breaks the executor: its future, the one running on the other worker and
// the queued ones all fail with BrokenProcessPool, new work is refused, and
// Shutdown still returns.
func TestExecutorBreaksWhenAWorkerExits(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		x, err := pool.NewExecutor(e, pool.Workers(2))
		if err != nil {
			return err
		}
		dying, err := pool.Submit(ctx, x, exitAfter, 10)
		if err != nil {
			return err
		}
		others, err := submitAll(ctx, x, sleepMs, 100, 5, 5)
		if err != nil {
			return err
		}
		n := 0
		for f, err := range pool.AsCompleted(ctx, append([]*pool.Future[int]{dying}, others...)) {
			if err != nil {
				return err
			}
			n++
			_, err := f.Result(ctx)
			var bpp *pool.BrokenProcessPoolError
			if !errors.As(err, &bpp) || !errors.Is(err, pool.ErrBrokenProcessPool) || !errors.Is(err, pool.ErrBroken) ||
				!errors.Is(err, pool.ErrNotRunning) || !errors.Is(err, pool.ErrExited) {
				return fmt.Errorf("%s: %v, want a BrokenProcessPool caused by Exit", f.Label(), err)
			}
			if bpp.Task != dying.Task() || bpp.Worker < 1 || bpp.Initializing {
				return fmt.Errorf("%s: %+v, want it to name task %d and its worker", f.Label(), bpp, dying.Task())
			}
		}
		if n != 4 {
			return fmt.Errorf("as_completed yielded %d futures, want 4", n)
		}
		if _, err := pool.Submit(ctx, x, sleepMs, 1); !errors.Is(err, pool.ErrBrokenProcessPool) {
			return fmt.Errorf("submit to a broken executor: %v, want BrokenProcessPool", err)
		}
		if err := x.Shutdown(ctx, true); err != nil {
			return fmt.Errorf("shutdown of a broken executor: %v", err)
		}
		if c := x.Counters(); c.Submitted != 4 || c.Failed != 4 {
			return fmt.Errorf("counters %+v: want 4 submitted, 4 failed", c)
		}
		return nil
	})
}

// TestExecutorBreakEvents: the run of a broken executor records the break
// once, by the dying worker, each task's end once, and starts no worker
// again; the worker that was stopped says why.
func TestExecutorBreakEvents(t *testing.T) {
	evs := mustSim(t, 1, func(p *pool.Proc) error {
		x, err := pool.NewExecutor(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		if _, err := pool.Submit(p, x, exitAfter, 10); err != nil {
			return err
		}
		fs, err := submitAll(p, x, sleepMs, 100, 5, 5)
		if err != nil {
			return err
		}
		for range pool.AsCompleted(p, fs) {
		}
		return x.Shutdown(p, true)
	})
	checkEachFinishedOnce(t, evs, taskIDs(1, 4))
	broken := ofKind(evs, pool.KindPoolBroken)
	if len(broken) != 1 || broken[0].Label != pool.BrokenAbruptly || broken[0].Task != 1 || broken[0].Actor.ID != 1 {
		t.Fatalf("pool-broken events %v, want one by worker 1, abrupt, in task 1", broken)
	}
	if c := ofKind(evs, pool.KindPoolCreated); len(c) != 1 || c[0].Other != pool.ExecutorPool || c[0].Object != "executor" {
		t.Errorf("pool-created %v, want one of an executor", c)
	}
	for _, ev := range ofKind(evs, pool.KindWorkerStarted) {
		if ev.Gen != 1 {
			t.Errorf("%v: a broken executor starts no worker again", ev)
		}
	}
	exits := map[int]string{}
	for _, ev := range ofKind(evs, pool.KindWorkerExited) {
		exits[ev.Actor.ID] = ev.Label
	}
	if exits[1] != "its process exited (Exit) in the middle of task 1: the executor is broken" ||
		exits[2] != "stopped: the executor broke" {
		t.Errorf("worker exits %v", exits)
	}
	for _, ev := range ofKind(evs, pool.KindTaskFinished) {
		if ev.Err == "" || (ev.Task == 2) != (ev.Actor.ID == 2) {
			t.Errorf("%v: want every task failed, task 2 on worker 2 (stopped while it ran), 3 and 4 before they started", ev)
		}
	}
}

// TestExecutorInitializerBreaksIt: an initializer that fails, or calls Exit,
// breaks an executor as CPython's does: every future fails with
// BrokenProcessPool, which carries the initializer's error.
func TestExecutorInitializerBreaksIt(t *testing.T) {
	for _, tc := range []struct {
		name string
		init func(p *pool.Proc, bad int) error
		want error
	}{
		{"error", func(p *pool.Proc, bad int) error {
			if p.Worker() == bad {
				return errBoom
			}
			return p.Sleep(50 * ms)
		}, errBoom},
		{"exit", func(p *pool.Proc, bad int) error {
			if p.Worker() == bad {
				p.Exit()
			}
			return p.Sleep(50 * ms)
		}, pool.ErrExited},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
				x, err := pool.NewExecutor(e, pool.Workers(2), pool.WithInitializer(tc.init, 2))
				if err != nil {
					return err
				}
				fs, err := submitAll(ctx, x, sleepMs, 1, 2, 3)
				if err != nil {
					return err
				}
				for _, f := range fs {
					_, err := f.Result(ctx)
					var bpp *pool.BrokenProcessPoolError
					if !errors.As(err, &bpp) || !bpp.Initializing || bpp.Worker != 2 || !errors.Is(err, tc.want) {
						return fmt.Errorf("%s: %v, want BrokenProcessPool from worker 2's initializer", f.Label(), err)
					}
				}
				return x.Shutdown(ctx, true)
			})
		})
	}
}

// TestShutdown: Shutdown lets the accepted futures finish, refuses new ones,
// and with wait returns once they are done.
func TestShutdown(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		x, err := pool.NewExecutor(e, pool.Workers(2))
		if err != nil {
			return err
		}
		fs, err := submitAll(ctx, x, sleepMs, 40, 30, 20, 10)
		if err != nil {
			return err
		}
		if err := x.Shutdown(ctx, false); err != nil {
			return err
		}
		if _, err := pool.Submit(ctx, x, sleepMs, 1); !errors.Is(err, pool.ErrClosed) {
			return fmt.Errorf("submit after shutdown: %v, want ErrClosed", err)
		}
		if err := x.Shutdown(ctx, true); err != nil {
			return err
		}
		for i, f := range fs {
			if v, err := f.Result(ctx, pool.Timeout(0)); !f.Done() || err != nil || v != 40-10*i {
				return fmt.Errorf("%s after shutdown: %v, %v, done %v; want it finished", f.Label(), v, err, f.Done())
			}
		}
		return nil
	})
}

// TestPoolLosesTheTaskOfAWorkerThatExits: a Pool's worker whose task calls
// Exit is replaced, and the task is lost, as CPython's: its Get times out,
// and the pool goes on.
func TestPoolLosesTheTaskOfAWorkerThatExits(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		pl, err := pool.New(e, pool.Workers(1))
		if err != nil {
			return err
		}
		lost, err := pool.ApplyAsync(ctx, pl, exitAfter, 10)
		if err != nil {
			return err
		}
		if _, err := lost.Get(ctx, pool.Timeout(time.Second)); !errors.Is(err, pool.ErrTimeout) {
			return fmt.Errorf("get of the lost task: %v, want ErrTimeout", err)
		}
		if v, err := pool.Apply(ctx, pl, sleepMs, 3); v != 3 || err != nil {
			return fmt.Errorf("apply after the exit: %v, %v; the pool must go on", v, err)
		}
		pl.Terminate(ctx)
		return pl.Join(ctx)
	})
}

// TestLostTaskStallNamesTheExit: main waiting for a task whose worker exited
// is a stall, and the sentence says the task was lost with that worker.
func TestLostTaskStallNamesTheExit(t *testing.T) {
	e := pool.NewEngine(pool.Simulated)
	t.Cleanup(e.Shutdown)
	e.Start(func(p *pool.Proc) error {
		pl, err := pool.New(e, pool.Workers(1))
		if err != nil {
			return err
		}
		_, err = pool.Apply(p, pl, exitAfter, 10)
		return err
	})
	if err := e.RunToEnd(); err != nil {
		t.Fatal(err)
	}
	evs := e.Drain(nil)
	d := ofKind(evs, pool.KindDeadlock)
	if len(d) != 1 || !strings.Contains(d[0].Value, "task 1 was lost with worker 1, whose process exited") {
		t.Fatalf("deadlocks %v, want a stall naming the lost task", d)
	}
	if ofKind(evs, pool.KindWorkerStarted)[1].Gen != 2 {
		t.Errorf("the pool must start a new worker in its place")
	}
}

// TestKillWorkerBreaksAnExecutor: the kill what-if on an executor's worker
// breaks it, and says so.
func TestKillWorkerBreaksAnExecutor(t *testing.T) {
	e := pool.NewEngine(pool.Simulated)
	t.Cleanup(e.Shutdown)
	var got error
	e.Start(func(p *pool.Proc) error {
		x, err := pool.NewExecutor(e, pool.Workers(2))
		if err != nil {
			return err
		}
		f, err := pool.Submit(p, x, sleepMs, 100)
		if err != nil {
			return err
		}
		_, got = f.Result(p)
		return x.Shutdown(p, true)
	})
	if err := e.AdvanceTo(50 * ms); err != nil {
		t.Fatal(err)
	}
	if err := e.KillWorker(1); err != nil {
		t.Fatal(err)
	}
	if err := e.RunToEnd(); err != nil {
		t.Fatal(err)
	}
	if done, err := e.MainDone(); !done || err != nil {
		t.Fatalf("main: done %v, %v", done, err)
	}
	if !errors.Is(got, pool.ErrKilled) || !errors.Is(got, pool.ErrBrokenProcessPool) {
		t.Errorf("the killed task's future: %v, want BrokenProcessPool caused by the kill", got)
	}
	evs := e.Drain(nil)
	w := ofKind(evs, pool.KindWhatIf)
	if len(w) != 1 || w[0].Value != pool.KillExecutorWhatIf {
		t.Errorf("what-if events %v, want the executor's", w)
	}
}

// TestAsCompletedStallIsExplained: main waiting in as_completed for a future
// that can never finish is reported, naming the as_completed call.
func TestAsCompletedStallIsExplained(t *testing.T) {
	e := pool.NewEngine(pool.Simulated)
	t.Cleanup(e.Shutdown)
	e.Start(func(p *pool.Proc) error {
		never := pool.NewFlag(e, "never")
		x, err := pool.NewExecutor(e, pool.Workers(1))
		if err != nil {
			return err
		}
		f, err := pool.Submit(p, x, func(w *pool.Proc, _ int) (int, error) { _, err := never.Wait(w); return 0, err }, 0)
		if err != nil {
			return err
		}
		for range pool.AsCompleted(p, []*pool.Future[int]{f}) {
		}
		return nil
	})
	if err := e.RunToEnd(); err != nil {
		t.Fatal(err)
	}
	d := ofKind(e.Drain(nil), pool.KindDeadlock)
	if len(d) != 1 || !strings.Contains(d[0].Value, "as_completed") {
		t.Fatalf("deadlocks %v, want a stall that names the as_completed call", d)
	}
}
