package scenarios

import (
	"poolviz/pool"
)

// lockRace is the lock scenario without the lock: two workers read the same old
// value, both write old + 1, and one of the two increments is lost.
func lockRace() Scenario {
	return Scenario{
		Name:  "lock-race",
		Title: "Without a lock, a read-modify-write loses updates",
		Teaches: "The same work as the lock scenario, with the lock left out. Every task adds 1 to one " +
			"shared counter three times: it reads the value, sleeps a moment, and writes the value plus " +
			"one. Nothing stops another worker from reading the counter while the first one sleeps, so " +
			"both read the same old value and both write old + 1: two increments, and the counter moved " +
			"by one. Watch each worker's line: read counter = N is the value its task read, its local copy; " +
			"when several workers read the same N, they all write N + 1, and the shared objects panel counts " +
			"the updates lost. It plays at 0.25x, so each read, sleep and write can be followed. The count " +
			"comes out far below what was expected (with the defaults, expected 24, got 6; Python's count changes from run " +
			"to run), and no error says so.",
		Listing:       "lock-race.py",
		Defaults:      Params{Workers: 4, Tasks: 8, Seed: 1, Speed: 0.25, Mode: pool.Simulated},
		Outcome:       Completes,
		ResultsUnused: true,
		Steps: map[string]string{
			"init":         "def init_worker(",
			"startup":      "sleep(STARTUP)",
			"store-global": "counter = shared_counter",
			"start":        "def task(",
			"loop":         "for _ in range(INCREMENTS):",
			"read":         "current = counter.value",
			"sleep":        "sleep(0.1)",
			"write":        "counter.value = current + 1",
			"map":          "pool.map(",
		},
		Main: lockRaceMain,
	}
}

func lockRaceMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	shared := pool.NewValue(e, "counter", 0, false) // Value("i", 0, lock=False)
	initWorker := func(w *pool.Proc, counter *pool.Value[int]) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("store-global")
		w.Globals().Set("counter", counter)
		return nil
	}
	task := func(w *pool.Proc, i int) (none, error) {
		w.Step("start")
		counter, _ := pool.Global[*pool.Value[int]](w, "counter")
		for range increments {
			w.Step("loop")
			w.Step("read")
			current := counter.Load(w)
			w.Step("sleep")
			if err := w.Sleep(sleepFor(0.1)); err != nil {
				return none{}, err
			}
			w.Step("write")
			counter.Store(w, current+1)
		}
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
	pl.Terminate(p) // the with-block ends here
	expected := prm.Tasks * increments
	p.Printf("expected %d, got %d", expected, shared.Load(p))
	return nil
}
