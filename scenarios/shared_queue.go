package scenarios

import (
	"fmt"

	"poolviz/pool"
)

// sharedQueue is the tutorial's pattern: main creates a queue, every worker gets
// it through the initializer and keeps it in a global, and main reads results
// from it in the order they finish.
func sharedQueue() Scenario {
	return Scenario{
		Name:  "shared-queue",
		Title: "Share a queue with every worker through the initializer",
		Teaches: "Main creates one queue and hands it to every worker as an initializer argument; " +
			"each worker keeps it in a global, so every task that worker runs can put its result on it. " +
			"Watch each worker's globals fill in as it initializes, then watch results land on the queue " +
			"in the order the tasks finish, not the order they were submitted: the task numbers arrive shuffled.",
		Listing:       "shared-queue.py",
		Defaults:      Params{Workers: 4, Tasks: 10, Seed: 1, Speed: 1, Mode: pool.Simulated},
		Outcome:       Completes,
		ResultsUnused: true,
		Steps: map[string]string{
			"init":         "def init_worker(",
			"startup":      "sleep(STARTUP)",
			"store-global": "queue = shared_queue",
			"start":        "def task(",
			"draw":         "value = random() * 5",
			"sleep":        "sleep(value)",
			"put":          "queue.put((i, value))",
			"submit":       "pool.map_async(",
			"get":          "shared_queue.get()",
		},
		Main: sharedQueueMain,
	}
}

// taggedValue is what a shared-queue task puts on the queue: its id and the time
// it slept, shown as Python shows the tuple.
type taggedValue struct {
	id    int
	value float64
}

func (t taggedValue) String() string { return fmt.Sprintf("(%d, %.2f)", t.id, t.value) }

func sharedQueueMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	results := pool.NewSimpleQueue[taggedValue](e, "results")
	initWorker := func(w *pool.Proc, q *pool.SimpleQueue[taggedValue]) error {
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
		w.Step("draw")
		value := w.Rand().Float64() * 5
		w.Step("sleep")
		if err := w.Sleep(sleepFor(value)); err != nil {
			return none{}, err
		}
		w.Step("put")
		q, _ := pool.Global[*pool.SimpleQueue[taggedValue]](w, "queue")
		return none{}, q.Put(w, taggedValue{i, value})
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, results))
	if err != nil {
		return err
	}
	defer pl.Terminate(p) // Python's with-block terminates the pool on the way out
	p.Step("submit")
	if _, err := pool.MapAsync(p, pl, task, ids(prm.Tasks)); err != nil {
		return err
	}
	p.Printf("submitted %d tasks", prm.Tasks)
	for range prm.Tasks {
		p.Step("get")
		r, err := results.Get(p)
		if err != nil {
			return err
		}
		p.Printf("task %d slept %.2f s", r.id, r.value)
	}
	p.Printf("received all %d results", prm.Tasks)
	return nil
}
