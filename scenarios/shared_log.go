package scenarios

import (
	"fmt"

	"poolviz/pool"
)

// sharedLog hands every worker one log, a Manager list, through the initializer;
// each task appends a line when it starts and one when it is done.
func sharedLog() Scenario {
	return Scenario{
		Name:  "shared-log",
		Title: "Share a log with every worker through the initializer",
		Teaches: "Main creates one list with a Manager and hands it to every worker as an initializer " +
			"argument; each worker keeps it in its global log. The list lives in the manager's process, so " +
			"when a task appends a line, every other worker and main see it. Each task writes \"started\", " +
			"sleeps a random time and writes \"done\". Watch the log fill in the order things happen: the " +
			"lines of the tasks interleave, a task that started early can be done late, and the log still " +
			"ends with exactly two lines per task, none lost.",
		Listing:       "shared-log.py",
		Defaults:      Params{Workers: 3, Tasks: 8, Seed: 1, Speed: 0.5, Mode: pool.Simulated},
		Outcome:       Completes,
		ResultsUnused: true,
		Steps: map[string]string{
			"init":           "def init_worker(",
			"startup":        "sleep(STARTUP)",
			"store-global":   "log = shared_log",
			"start":          "def task(",
			"append-started": `log.append(f"task {i}: started")`,
			"sleep":          "sleep(random() * 2)",
			"append-done":    `log.append(f"task {i}: done")`,
			"map":            "pool.map(",
		},
		Main: sharedLogMain,
	}
}

func sharedLogMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	shared := pool.NewLog(e, "log")
	initWorker := func(w *pool.Proc, l *pool.Log) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("store-global")
		w.Globals().Set("log", l)
		return nil
	}
	task := func(w *pool.Proc, i int) (none, error) {
		w.Step("start")
		log, _ := pool.Global[*pool.Log](w, "log")
		w.Step("append-started")
		log.Append(w, fmt.Sprintf("task %d: started", i))
		w.Step("sleep")
		if err := w.Sleep(sleepFor(w.Rand().Float64() * 2)); err != nil {
			return none{}, err
		}
		w.Step("append-done")
		log.Append(w, fmt.Sprintf("task %d: done", i))
		return none{}, nil
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, shared))
	if err != nil {
		return err
	}
	defer pl.Terminate(p)
	p.Step("map")
	if _, err := pool.Map(p, pl, task, ids(prm.Tasks)); err != nil {
		return err
	}
	pl.Terminate(p) // the pool's with-block ends here
	p.Printf("the log has %d lines:", shared.Len())
	for l := range shared.All() { // one at a time: a million tasks write two million
		p.Printf("%s", l.Line)
	}
	return nil
}
