package scenarios

import (
	"poolviz/pool"
)

// maxTasks is how many tasks a worker runs before it is replaced (MAX_TASKS).
const maxTasks = 2

// maxTasksPerChild replaces each worker after maxTasks tasks; the replacement runs
// the initializer again and starts with fresh globals.
func maxTasksPerChild() Scenario {
	return Scenario{
		Name:  "maxtasksperchild",
		Title: "maxtasksperchild: a worker is replaced after 2 tasks",
		Teaches: "The pool is made with maxtasksperchild=2: after a worker process has run two tasks it " +
			"exits, and the pool starts a new one in its place. The replacement is a new process, so it " +
			"runs the initializer again and starts with fresh globals: seen, the list of the tasks this " +
			"process ran, is empty again. Watch each worker slot: its generation goes up every two " +
			"tasks, initialization comes back each time, and seen never holds more than two task ids. " +
			"This is how long-running pools contain memory leaks, at the price of a fresh start " +
			"(and a fresh initializer) every few tasks.",
		Listing:  "maxtasksperchild.py",
		Defaults: Params{Workers: 2, Tasks: 8, Seed: 1, Speed: 0.5, Mode: pool.Simulated},
		Outcome:  Completes,
		Steps: map[string]string{
			"init":    "def init_worker(",
			"startup": "sleep(STARTUP)",
			"reset":   "seen = []",
			"start":   "def task(",
			"append":  "seen.append(i)",
			"sleep":   "sleep(0.5)",
			"return":  "return len(seen)",
			"map":     "pool.map(",
		},
		Main: maxTasksPerChildMain,
	}
}

func maxTasksPerChildMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	initWorker := func(w *pool.Proc, _ noArgs) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("reset")
		w.Globals().Set("seen", intList{})
		return nil
	}
	task := func(w *pool.Proc, i int) (int, error) {
		w.Step("start")
		seen, _ := pool.Global[intList](w, "seen")
		w.Step("append")
		seen = append(seen, i)
		w.Globals().Set("seen", seen)
		w.Step("sleep")
		if err := w.Sleep(sleepFor(0.5)); err != nil {
			return 0, err
		}
		w.Step("return")
		return len(seen), nil
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, noArgs{}),
		pool.MaxTasksPerChild(maxTasks))
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
	most := 0
	for i, n := range counts {
		p.Printf("task %d done", i)
		most = max(most, n)
	}
	p.Printf("most tasks run by one worker process: %d", most)
	return nil
}
