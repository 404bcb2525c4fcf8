package scenarios

import (
	"fmt"

	"poolviz/pool"
)

// increments is how many times each task of lock and lock-race adds 1 to the
// shared counter (INCREMENTS in the listings).
const increments = 3

// lockScenario makes a read-modify-write on shared memory safe by holding a Lock,
// handed to every worker by the initializer, from the read to the write.
func lockScenario() Scenario {
	return Scenario{
		Name:  "lock",
		Title: "A Lock makes a read-modify-write safe: no update is lost",
		Teaches: "Every task adds 1 to one shared counter, three times: it reads the value, sleeps a moment, " +
			"and writes the value plus one. The counter and a Lock reach every worker through the " +
			"initializer, and each task holds the lock from its read to its write. Watch the lock: one " +
			"worker holds it, the others queue up behind it, so no worker can read the counter while " +
			"another is between its read and its write. The run is slower than without the lock (the " +
			"increments happen one at a time), and the count comes out right (with the defaults, " +
			"expected 24, got 24). Each worker's counter global shows the value it last wrote. Compare " +
			"with lock-race.",
		Listing:       "lock.py",
		Defaults:      Params{Workers: 4, Tasks: 8, Seed: 1, Speed: 0.5, Mode: pool.Simulated},
		Outcome:       Completes,
		ResultsUnused: true,
		Steps: map[string]string{
			"init":          "def init_worker(",
			"startup":       "sleep(STARTUP)",
			"store-counter": "counter = shared_counter",
			"store-lock":    "lock = shared_lock",
			"start":         "def task(",
			"loop":          "for _ in range(INCREMENTS):",
			"acquire":       "with lock:",
			"read":          "current = counter.value",
			"sleep":         "sleep(0.1)",
			"write":         "counter.value = current + 1",
			"release":       "with lock:",
			"map":           "pool.map(",
		},
		Main: lockMain,
	}
}

// counterAndLock is the lock scenario's initargs: (shared_counter, shared_lock).
type counterAndLock struct {
	counter *pool.Value[int]
	lock    *pool.Lock
}

// String renders the tuple as Python shows initargs.
func (a counterAndLock) String() string { return fmt.Sprintf("(%v, %v)", a.counter, a.lock) }

func lockMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	args := counterAndLock{counter: pool.NewValue(e, "counter", 0, false), lock: pool.NewLock(e, "lock")}
	initWorker := func(w *pool.Proc, a counterAndLock) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("store-counter")
		w.Globals().Set("counter", a.counter)
		w.Step("store-lock")
		w.Globals().Set("lock", a.lock)
		return nil
	}
	task := func(w *pool.Proc, i int) (none, error) {
		w.Step("start")
		counter, _ := pool.Global[*pool.Value[int]](w, "counter")
		lock, _ := pool.Global[*pool.Lock](w, "lock")
		for range increments {
			w.Step("loop")
			w.Step("acquire")
			if err := lock.Acquire(w); err != nil {
				return none{}, err
			}
			w.Step("read")
			current := counter.Load(w)
			w.Step("sleep")
			if err := w.Sleep(sleepFor(0.1)); err != nil {
				return none{}, err
			}
			w.Step("write")
			counter.Store(w, current+1)
			w.Step("release")
			if err := lock.Release(w); err != nil {
				return none{}, err
			}
		}
		return none{}, nil
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, args))
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
	p.Printf("expected %d, got %d", expected, args.counter.Load(p))
	return nil
}
