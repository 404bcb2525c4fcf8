package scenarios

import (
	"errors"
	"fmt"

	"poolviz/pool"
)

// processPoolExecutor is the tutorial's pattern with
// concurrent.futures.ProcessPoolExecutor: the same initializer and initargs
// hand the queue over, submit gives a future per task, as_completed yields
// them as they finish, and a worker process that dies breaks the executor.
func processPoolExecutor() Scenario {
	return Scenario{
		Name:  "process-pool-executor",
		Title: "ProcessPoolExecutor: futures, as_completed, BrokenProcessPool",
		Teaches: "ProcessPoolExecutor takes initializer and initargs as Pool does, so the queue main " +
			"created reaches every worker the same way: watch each worker's globals fill in, and the " +
			"tasks put their results on it. submit returns one future per task: a pending future waits " +
			"in the task queue, a running one is on a worker, a done one is among the results. " +
			"as_completed yields the futures in the order their tasks finish, not the order they were " +
			"submitted. Then main submits crash(), which calls os._exit(1) half a second in: its worker " +
			"process ends on the spot, and that breaks the whole executor at once. Every future still " +
			"running or pending fails with BrokenProcessPool, the other workers are stopped, and the " +
			"next submit is refused; main sees each error and carries on. A multiprocessing.Pool does " +
			"otherwise: it starts a new worker, the task is lost, and main's get() waits for it forever.",
		Listing:  "process-pool-executor.py",
		Defaults: Params{Workers: 4, Tasks: 8, Seed: 1, Speed: 1, Mode: pool.Simulated},
		Outcome:  Breaks,
		Steps: map[string]string{
			"init":                "def init_worker(",
			"startup":             "sleep(STARTUP)",
			"store-global":        "queue = shared_queue",
			"start":               "def task(",
			"duration":            "seconds = 1 + i * 7 % 5 / 2",
			"sleep":               "sleep(seconds)",
			"put":                 "queue.put((i, seconds))",
			"return":              "return i  # the future's result",
			"crash":               "def crash(",
			"crash-sleep":         "sleep(0.5)",
			"exit":                "os._exit(1)",
			"submit":              "futures = [executor.submit(task",
			"as-completed":        "in as_completed(futures)",
			"result":              "future.result()  # raises what",
			"get":                 "shared_queue.get()",
			"submit-crash":        "executor.submit(crash)",
			"submit-more":         "doomed[executor.submit(task, i)]",
			"as-completed-doomed": "in as_completed(doomed)",
			"result-doomed":       "future.result()  # raises BrokenProcessPool",
			"submit-refused":      "executor.submit(task, TASKS)",
		},
		Main: processPoolExecutorMain,
	}
}

// taskSeconds is how long task i sleeps, as the listing computes it:
// 1 + i * 7 % 5 / 2, between 1 and 3 s and not in task order.
func taskSeconds(i int) float64 { return 1 + float64(i*7%5)/2 }

// timedTask is what a task puts on the queue: its number and how long it took.
type timedTask struct {
	i       int
	seconds float64
}

// String renders the tuple as Python prints it: (3, 1.5).
func (t timedTask) String() string { return fmt.Sprintf("(%d, %.1f)", t.i, t.seconds) }

func processPoolExecutorMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	results := pool.NewSimpleQueue[timedTask](e, "results")
	initWorker := func(w *pool.Proc, q *pool.SimpleQueue[timedTask]) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("store-global")
		w.Globals().Set("queue", q)
		return nil
	}
	// task returns its number: the future's result says which task finished,
	// while the value itself travels on the shared queue.
	task := func(w *pool.Proc, i int) (int, error) {
		w.Step("start")
		w.Step("duration")
		seconds := taskSeconds(i)
		w.Step("sleep")
		if err := w.Sleep(sleepFor(seconds)); err != nil {
			return 0, err
		}
		w.Step("put")
		q, _ := pool.Global[*pool.SimpleQueue[timedTask]](w, "queue")
		if err := q.Put(w, timedTask{i, seconds}); err != nil {
			return 0, err
		}
		w.Step("return")
		return i, nil
	}
	crash := func(w *pool.Proc, _ noArgs) (int, error) {
		w.Step("crash")
		w.Step("crash-sleep")
		if err := w.Sleep(sleepFor(0.5)); err != nil {
			return 0, err
		}
		w.Step("exit")
		w.Exit() // the process ends on the spot
		return 0, nil
	}
	x, err := pool.NewExecutor(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, results))
	if err != nil {
		return err
	}
	defer x.Shutdown(p, true) // Python's with-block shuts the executor down, waiting

	p.Step("submit")
	futures := make([]*pool.Future[int], prm.Tasks)
	for i := range futures {
		if futures[i], err = pool.Submit(p, x, task, i); err != nil {
			return err
		}
	}
	p.Printf("submitted %d tasks", prm.Tasks)
	p.Step("as-completed")
	for f, err := range pool.AsCompleted(p, futures) {
		if err != nil {
			return err
		}
		p.Step("result")
		if _, err := f.Result(p); err != nil {
			return err
		}
		p.Step("get")
		r, err := results.Get(p)
		if err != nil {
			return err
		}
		p.Printf("task %d took %.1f s", r.i, r.seconds)
	}
	return executorBreaks(p, x, prm, task, crash)
}

// executorBreaks is the listing's second part: crash() and WORKERS more tasks,
// whose futures all fail with BrokenProcessPool, then a submit that is refused.
func executorBreaks(p *pool.Proc, x *pool.Executor, prm Params,
	task pool.TaskFunc[int, int], crash pool.TaskFunc[noArgs, int]) error {
	p.Step("submit-crash")
	crashing, err := pool.Submit(p, x, crash, noArgs{})
	if err != nil {
		return err
	}
	doomed := []*pool.Future[int]{crashing}
	names := map[*pool.Future[int]]string{crashing: "crash()"}
	p.Step("submit-more")
	for i := prm.Tasks; i < prm.Tasks+prm.Workers; i++ {
		f, err := pool.Submit(p, x, task, i)
		if err != nil {
			return err
		}
		doomed = append(doomed, f)
		names[f] = fmt.Sprintf("task(%d)", i)
	}
	p.Printf("submitted crash() and %d more tasks", prm.Workers)
	p.Step("as-completed-doomed")
	for f, err := range pool.AsCompleted(p, doomed) {
		if err != nil {
			return err
		}
		p.Step("result-doomed")
		if _, err := f.Result(p); errors.Is(err, pool.ErrBrokenProcessPool) {
			p.Printf("%s: BrokenProcessPool", names[f])
		} else if err != nil {
			return err
		}
	}
	p.Step("submit-refused")
	if _, err := pool.Submit(p, x, task, prm.Tasks); errors.Is(err, pool.ErrBrokenProcessPool) {
		p.Printf("submit refused: BrokenProcessPool")
	} else if err != nil {
		return err
	}
	return nil
}
