package scenarios

import (
	"poolviz/pool"
)

// workerGlobals contrasts a module global, which every worker process has its own
// copy of, with a multiprocessing.Value handed to every worker by the
// initializer, which all of them share.
func workerGlobals() Scenario {
	return Scenario{
		Name:  "worker-globals",
		Title: "Each worker has its own globals; a shared Value is one for all",
		Teaches: "Every worker process has its own copy of the module's globals: the initializer sets " +
			"local_count = 0 in each worker, and each task adds 1 to the copy of the worker that runs it. " +
			"The counter handed over through the initializer is different: it is one multiprocessing.Value " +
			"in shared memory, and every task adds 1 to the same number, under the Value's own lock. " +
			"Watch the globals of each worker: local_count climbs separately in each one (no worker ever " +
			"reaches the total), while shared_count ends at one count per task. Main's own local_count is " +
			"never touched and stays None.",
		Listing:  "worker-globals.py",
		Defaults: Params{Workers: 4, Tasks: 12, Seed: 1, Speed: 0.5, Mode: pool.Simulated},
		Outcome:  Completes,
		Steps: map[string]string{
			"init":         "def init_worker(",
			"startup":      "sleep(STARTUP)",
			"reset":        "local_count = 0",
			"store-global": "shared_count = counter",
			"start":        "def task(",
			"count-local":  "local_count += 1",
			"acquire":      "with shared_count.get_lock():",
			"count-shared": "shared_count.value += 1",
			"release":      "with shared_count.get_lock():",
			"sleep":        "sleep(0.5)",
			"return":       "return local_count",
			"map":          "pool.map(",
		},
		Main: workerGlobalsMain,
	}
}

func workerGlobalsMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	p.Globals().Set("local_count", nil) // main's own copy of the global, never changed
	counter := pool.NewValue(e, "counter", 0, true)
	p.Globals().Set("counter", counter)
	initWorker := func(w *pool.Proc, counter *pool.Value[int]) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("reset")
		w.Globals().Set("local_count", 0)
		w.Step("store-global")
		w.Globals().Set("shared_count", counter)
		return nil
	}
	task := func(w *pool.Proc, i int) (int, error) {
		w.Step("start")
		w.Step("count-local")
		local, _ := pool.Global[int](w, "local_count")
		local++
		w.Globals().Set("local_count", local)
		shared, _ := pool.Global[*pool.Value[int]](w, "shared_count")
		w.Step("acquire")
		if err := shared.GetLock().Acquire(w); err != nil {
			return 0, err
		}
		w.Step("count-shared")
		shared.Store(w, shared.Load(w)+1)
		w.Step("release")
		if err := shared.GetLock().Release(w); err != nil {
			return 0, err
		}
		w.Step("sleep")
		if err := w.Sleep(sleepFor(0.5)); err != nil {
			return 0, err
		}
		w.Step("return")
		return local, nil
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, counter))
	if err != nil {
		return err
	}
	defer pl.Terminate(p)
	p.Step("map")
	counts, err := pool.Map(p, pl, task, ids(prm.Tasks))
	if err != nil {
		return err
	}
	pl.Terminate(p) // the with-block ends here
	for i, count := range counts {
		p.Printf("task %d: its worker's local_count = %d", i, count)
	}
	p.Globals().Set("counter", counter)
	p.Printf("shared count = %d", counter.Load(p))
	local, _ := p.Globals().Get("local_count")
	p.Printf("main's local_count = %s", pyRepr(local))
	return nil
}
