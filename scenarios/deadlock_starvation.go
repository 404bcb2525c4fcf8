package scenarios

import (
	"poolviz/pool"
)

// deadlockStarvation is pool starvation: every worker runs a parent task that
// waits for a subtask, and the subtask is queued behind them in the same pool,
// where no worker will ever be free to run it.
func deadlockStarvation() Scenario {
	return Scenario{
		Name:  "deadlock-starvation",
		Title: "Deadlock: parent tasks wait for a subtask no worker is free to run",
		Teaches: "Main submits two parent tasks to a pool of two workers, then a subtask to the same " +
			"pool. Each parent waits for a signal that only the subtask gives (an Event handed over by " +
			"the initializer). Both workers are busy with the parents, so the subtask stays in the task " +
			"queue, and the parents wait for it forever: the pool starves itself. Watch the task queue: " +
			"the subtask sits there while both workers are blocked, and main waits for the first " +
			"parent's result. The same happens to a task that submits work to its own pool and waits " +
			"for that result; Python cannot even send a Pool to its workers, which is why the listing " +
			"has main submit the subtask. Python hangs; poolviz finds the stall and says why. A pool " +
			"needs more workers than tasks that wait on other tasks, or better, no such waits. The " +
			"scenario runs at least as many parents as workers, so that every worker is taken.",
		Listing:  "deadlock-starvation.py",
		Defaults: Params{Workers: 2, Tasks: 2, Seed: 1, Speed: 1, Mode: pool.Simulated},
		Outcome:  Deadlocks,
		Lesson: "subtask() is the only code that calls subtask_done.set(), and it waits in the task queue. " +
			"Every worker runs a parent_task(), blocked in subtask_done.wait() until subtask() runs, and " +
			"holds its worker while it waits: no worker is left to run subtask(). A task must not wait " +
			"for work it submits to its own pool (or the pool needs more workers than tasks that wait).",
		Steps: map[string]string{
			"init":           "def init_worker(",
			"startup":        "sleep(STARTUP)",
			"store-global":   "subtask_done = event",
			"start":          "def parent_task(",
			"wait":           "subtask_done.wait()",
			"return":         "return i",
			"subtask":        "def subtask(",
			"set":            "subtask_done.set()",
			"submit":         "pool.apply_async(parent_task",
			"submit-subtask": "pool.apply_async(subtask)",
			"get":            "parent.get()",
		},
		Main: deadlockStarvationMain,
		// Every worker must be taken by a parent.
		Adjust:    func(p Params) Params { p.Tasks = max(p.Tasks, p.Workers); return p },
		AdjustWhy: "a parent task must take every worker",
	}
}

func deadlockStarvationMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	tasks := prm.Tasks // at least one parent per worker (Adjust)
	done := pool.NewFlag(e, "subtask done")
	initWorker := func(w *pool.Proc, ev *pool.Flag) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("store-global")
		w.Globals().Set("subtask_done", ev)
		return nil
	}
	parentTask := func(w *pool.Proc, i int) (int, error) {
		w.Step("start")
		subtaskDone, _ := pool.Global[*pool.Flag](w, "subtask_done")
		w.Step("wait")
		if _, err := subtaskDone.Wait(w); err != nil {
			return 0, err // only subtask() sets it, and it never gets a worker
		}
		w.Step("return")
		return i, nil
	}
	subtask := func(w *pool.Proc, _ noArgs) (none, error) {
		w.Step("subtask")
		subtaskDone, _ := pool.Global[*pool.Flag](w, "subtask_done")
		w.Step("set")
		subtaskDone.Set(w)
		return none{}, nil
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, done))
	if err != nil {
		return err
	}
	defer pl.Terminate(p)
	parents := make([]*pool.AsyncResult[int], tasks)
	for i := range tasks {
		p.Step("submit")
		if parents[i], err = pool.ApplyAsync(p, pl, parentTask, i); err != nil {
			return err
		}
	}
	p.Step("submit-subtask")
	if _, err := pool.ApplyAsync(p, pl, subtask, noArgs{}); err != nil {
		return err
	}
	p.Printf("submitted %d parent tasks and 1 subtask", tasks)
	for _, parent := range parents {
		p.Step("get")
		i, err := parent.Get(p)
		if err != nil {
			return err
		}
		p.Printf("parent task %d finished", i)
	}
	return nil
}
