package scenarios

import (
	"poolviz/pool"
)

// barrierScenario makes every task finish phase 1 before any starts phase 2.
func barrierScenario() Scenario {
	return Scenario{
		Name:  "barrier",
		Title: "A Barrier: nobody starts phase 2 until everyone finished phase 1",
		Teaches: "A Barrier with one party per task reaches every worker through the initializer. Each " +
			"task spends a random time on phase 1 and then calls barrier.wait(). The first tasks to " +
			"arrive block there; watch the barrier count them in, until the last one arrives and all of " +
			"them go on to phase 2 at the same instant, however early they were. Every party must be " +
			"running at the same time, so the scenario runs at most one task per worker: tasks beyond " +
			"the number of workers are dropped (with Python, they would wait at the barrier forever).",
		Listing:  "barrier.py",
		Defaults: Params{Workers: 3, Tasks: 3, Seed: 1, Speed: 0.5, Mode: pool.Simulated},
		Outcome:  Completes,
		Steps: map[string]string{
			"init":         "def init_worker(",
			"startup":      "sleep(STARTUP)",
			"store-global": "barrier = shared_barrier",
			"start":        "def task(",
			"phase1":       "sleep(random() * 2)",
			"wait":         "barrier.wait()",
			"phase2":       "sleep(random())",
			"return":       "return i",
			"map":          "pool.map(",
		},
		Main: barrierMain,
		// Every party must be running at once: at most one task per worker.
		Adjust:    func(p Params) Params { p.Tasks = min(p.Tasks, p.Workers); return p },
		AdjustWhy: "at most one task per worker, all at the barrier at once",
	}
}

func barrierMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	tasks := prm.Tasks // at most one per worker (Adjust)
	shared := pool.NewBarrier(e, "barrier", tasks, nil)
	initWorker := func(w *pool.Proc, b *pool.Barrier) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("store-global")
		w.Globals().Set("barrier", b)
		return nil
	}
	task := func(w *pool.Proc, i int) (int, error) {
		w.Step("start")
		barrier, _ := pool.Global[*pool.Barrier](w, "barrier")
		w.Step("phase1")
		if err := w.Sleep(sleepFor(w.Rand().Float64() * 2)); err != nil {
			return 0, err
		}
		w.Step("wait")
		if _, err := barrier.Wait(w); err != nil {
			return 0, err
		}
		w.Step("phase2")
		if err := w.Sleep(sleepFor(w.Rand().Float64())); err != nil {
			return 0, err
		}
		w.Step("return")
		return i, nil
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, shared))
	if err != nil {
		return err
	}
	defer pl.Terminate(p)
	p.Step("map")
	done, err := pool.Map(p, pl, task, ids(tasks))
	if err != nil {
		return err
	}
	for _, i := range done {
		p.Printf("task %d finished both phases", i)
	}
	return nil
}
