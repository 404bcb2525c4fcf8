package scenarios

import (
	"poolviz/pool"
)

// deadlockQueue has main loop on get() until an end marker that no task puts: after
// the last result it waits forever.
func deadlockQueue() Scenario {
	return Scenario{
		Name:  "deadlock-queue",
		Title: "Deadlock: main waits for an end marker nobody sends",
		Teaches: "The shared-queue pattern with a classic mistake. Main reads results from the queue in " +
			"a loop that only stops when it gets None, the end marker, but no task ever puts None. Every " +
			"result arrives (task i sleeps i + 1 seconds, so they come in order), and then main calls " +
			"get() once more, on an empty queue that nobody will ever put to again. Watch main block on " +
			"the queue while the workers go idle with nothing left to do. Python hangs there forever; " +
			"poolviz sees that nobody left can put to the queue and reports the deadlock. The cure: " +
			"count the results you expect, or have someone put the marker.",
		Listing:  "deadlock-queue.py",
		Defaults: Params{Workers: 2, Tasks: 3, Seed: 1, Speed: 1, Mode: pool.Simulated},
		Outcome:  Deadlocks,
		Lesson: "the while loop stops only at `if i is None: break`, but no task ever puts None on " +
			"shared_queue: the end marker is missing. After the last result, shared_queue.get() waits " +
			"forever. Put None on the queue once every task is done (map_async(...).wait(), then " +
			"shared_queue.put(None)), or get exactly TASKS items.",
		ResultsUnused: true,
		Steps: map[string]string{
			"init":         "def init_worker(",
			"startup":      "sleep(STARTUP)",
			"store-global": "queue = shared_queue",
			"start":        "def task(",
			"sleep":        "sleep(i + 1)",
			"put":          "queue.put(i)",
			"submit":       "pool.map_async(",
			"get":          "shared_queue.get()",
		},
		Main: deadlockQueueMain,
	}
}

func deadlockQueueMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	results := pool.NewSimpleQueue[any](e, "results") // an int, or None (nil) as the end marker
	initWorker := func(w *pool.Proc, q *pool.SimpleQueue[any]) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("store-global")
		w.Globals().Set("queue", q)
		return nil
	}
	task := func(w *pool.Proc, i int) (none, error) {
		w.Step("start")
		q, _ := pool.Global[*pool.SimpleQueue[any]](w, "queue")
		w.Step("sleep")
		if err := w.Sleep(sleepFor(float64(i + 1))); err != nil {
			return none{}, err
		}
		w.Step("put")
		return none{}, q.Put(w, i)
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, results))
	if err != nil {
		return err
	}
	defer pl.Terminate(p)
	p.Step("submit")
	if _, err := pool.MapAsync(p, pl, task, ids(prm.Tasks)); err != nil {
		return err
	}
	p.Printf("submitted %d tasks", prm.Tasks)
	for {
		p.Step("get")
		i, err := results.Get(p) // after the last result this waits forever
		if err != nil {
			return err
		}
		if i == nil { // the bug: no task ever puts None
			break
		}
		p.Printf("received task %v", i)
	}
	p.Printf("all results received")
	return nil
}
