package scenarios

import (
	"poolviz/pool"
)

// eventScenario holds every task back with an Event (pool.Flag) until main sets it.
func eventScenario() Scenario {
	return Scenario{
		Name:  "event",
		Title: "An Event holds every task back until main gives the signal",
		Teaches: "Main creates an Event and hands it to every worker through the initializer. The tasks " +
			"start as soon as their workers are ready, and each one stops at start_signal.wait(): the " +
			"event is not set, so they all block. Main sleeps two seconds, prints \"start signal\" and " +
			"calls set(); that one call frees every waiting task at the same moment. Watch the workers " +
			"sit blocked on the event (not busy, not idle: waiting), then all turn to running together " +
			"when it is set. Tasks that start after the set do not wait at all.",
		Listing:  "event.py",
		Defaults: Params{Workers: 4, Tasks: 4, Seed: 1, Speed: 0.5, Mode: pool.Simulated},
		Outcome:  Completes,
		Steps: map[string]string{
			"init":         "def init_worker(",
			"startup":      "sleep(STARTUP)",
			"store-global": "start_signal = event",
			"start":        "def task(",
			"wait":         "start_signal.wait()",
			"sleep":        "sleep(1)",
			"return":       "return i",
			"submit":       "pool.map_async(",
			"delay":        "sleep(2)",
			"set":          "event.set()",
			"get":          "results.get()",
		},
		Main: eventMain,
	}
}

func eventMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	event := pool.NewFlag(e, "start signal")
	initWorker := func(w *pool.Proc, ev *pool.Flag) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("store-global")
		w.Globals().Set("start_signal", ev)
		return nil
	}
	task := func(w *pool.Proc, i int) (int, error) {
		w.Step("start")
		signal, _ := pool.Global[*pool.Flag](w, "start_signal")
		w.Step("wait")
		if _, err := signal.Wait(w); err != nil {
			return 0, err
		}
		w.Step("sleep")
		if err := w.Sleep(sleepFor(1)); err != nil {
			return 0, err
		}
		w.Step("return")
		return i, nil
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, event))
	if err != nil {
		return err
	}
	defer pl.Terminate(p)
	p.Step("submit")
	results, err := pool.MapAsync(p, pl, task, ids(prm.Tasks))
	if err != nil {
		return err
	}
	p.Printf("submitted %d tasks", prm.Tasks)
	p.Step("delay")
	if err := p.Sleep(sleepFor(2)); err != nil {
		return err
	}
	p.Printf("start signal")
	p.Step("set")
	event.Set(p)
	p.Step("get")
	done, err := results.Get(p)
	if err != nil {
		return err
	}
	for _, i := range done {
		p.Printf("task %d finished", i)
	}
	return nil
}
