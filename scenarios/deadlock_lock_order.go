package scenarios

import (
	"fmt"

	"poolviz/pool"
)

// deadlockLockOrder has two tasks take the same two locks in opposite order:
// each holds one and waits forever for the other.
func deadlockLockOrder() Scenario {
	return Scenario{
		Name:  "deadlock-lock-order",
		Title: "Deadlock: two tasks take the same two locks in opposite order",
		Teaches: "Two locks, A and B, reach every worker through the initializer. Task 0 takes A and then " +
			"B; task 1 takes B and then A. Each task sleeps for a second while holding its first lock, " +
			"which gives the other task time to take its own first lock. Then each asks for its second " +
			"lock, which the other one holds, and neither lets go: a cycle of waits that can never end. " +
			"Watch the locks: each has a holder and a waiter, and the waiter of each is the holder of " +
			"the other. Python hangs forever right there, and main hangs in pool.map with it; poolviz " +
			"finds the cycle and says who waits for whom. The cure is one lock order for every task. " +
			"It takes two tasks on two workers, so the scenario runs at least two of each.",
		Listing:  "deadlock-lock-order.py",
		Defaults: Params{Workers: 2, Tasks: 2, Seed: 1, Speed: 1, Mode: pool.Simulated},
		Outcome:  Deadlocks,
		Lesson: "task(0) takes lock_a, then lock_b; task(1) takes lock_b, then lock_a (first, second = ...). " +
			"Each holds its first lock while it waits for its second. Take locks in one order everywhere.",
		Steps: map[string]string{
			"init":           "def init_worker(",
			"startup":        "sleep(STARTUP)",
			"store-global":   "lock_a, lock_b = a, b",
			"start":          "def task(",
			"order":          "first, second =",
			"acquire-first":  "with first:",
			"sleep":          "sleep(1)",
			"acquire-second": "with second:",
			"return":         "return i",
			"map":            "pool.map(",
		},
		Main: deadlockLockOrderMain,
		// A cycle needs two tasks holding a lock each at once.
		Adjust:    func(p Params) Params { p.Workers, p.Tasks = max(p.Workers, 2), max(p.Tasks, 2); return p },
		AdjustWhy: "the cycle needs two tasks on two workers",
	}
}

// twoLocks is the lock-order scenario's initargs: (Lock(), Lock()).
type twoLocks struct{ a, b *pool.Lock }

// String renders the tuple as Python shows initargs.
func (t twoLocks) String() string { return fmt.Sprintf("(%v, %v)", t.a, t.b) }

func deadlockLockOrderMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	workers, tasks := prm.Workers, prm.Tasks // at least two of each (Adjust)
	locks := twoLocks{a: pool.NewLock(e, "lock A"), b: pool.NewLock(e, "lock B")}
	initWorker := func(w *pool.Proc, l twoLocks) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("store-global")
		w.Globals().Set("lock_a", l.a)
		w.Globals().Set("lock_b", l.b)
		return nil
	}
	task := func(w *pool.Proc, i int) (int, error) {
		w.Step("start")
		lockA, _ := pool.Global[*pool.Lock](w, "lock_a")
		lockB, _ := pool.Global[*pool.Lock](w, "lock_b")
		w.Step("order")
		first, second := lockA, lockB
		if i != 0 {
			first, second = lockB, lockA
		}
		w.Step("acquire-first")
		if err := first.Acquire(w); err != nil {
			return 0, err
		}
		defer first.Release(w)
		w.Step("sleep")
		if err := w.Sleep(sleepFor(1)); err != nil {
			return 0, err
		}
		w.Step("acquire-second")
		if err := second.Acquire(w); err != nil {
			return 0, err // here the task waits forever: the other task holds second
		}
		defer second.Release(w)
		w.Step("return")
		return i, nil
	}
	pl, err := pool.New(e, pool.Workers(workers), pool.WithInitializer(initWorker, locks))
	if err != nil {
		return err
	}
	defer pl.Terminate(p)
	p.Printf("submitting %d tasks", tasks)
	p.Step("map")
	results, err := pool.Map(p, pl, task, ids(tasks))
	if err != nil {
		return err
	}
	p.Printf("results: %s", pyInts(results))
	return nil
}
