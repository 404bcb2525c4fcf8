package scenarios

import (
	"fmt"

	"poolviz/pool"
)

// semaphoreLimit is how many tasks may hold the semaphore at once (LIMIT).
const semaphoreLimit = 2

// semaphoreScenario lets at most semaphoreLimit tasks use a resource at once; a
// shared Value counts who is inside, to prove the limit held.
func semaphoreScenario() Scenario {
	return Scenario{
		Name:  "semaphore",
		Title: "A Semaphore lets at most 2 tasks in at once",
		Teaches: "A Semaphore(2) is a counter of two permits, handed to every worker through the " +
			"initializer with a shared Value that counts the tasks inside. Each task takes a permit " +
			"(with slots:), counts itself in, uses the resource for half a second, counts itself out and " +
			"gives the permit back. Four workers are free, but watch the semaphore: two tasks hold its " +
			"permits while the other workers wait for one, and each release lets exactly one waiter in. " +
			"Every task reports how many were inside with it, and the most is 2: the limit held.",
		Listing:  "semaphore.py",
		Defaults: Params{Workers: 4, Tasks: 8, Seed: 1, Speed: 0.5, Mode: pool.Simulated},
		Outcome:  Completes,
		Steps: map[string]string{
			"init":            "def init_worker(",
			"startup":         "sleep(STARTUP)",
			"store-semaphore": "slots = semaphore",
			"store-counter":   "holders = counter",
			"start":           "def task(",
			"acquire":         "with slots:",
			"lock-in":         "count myself in",
			"enter":           "holders.value += 1",
			"look":            "inside = holders.value",
			"sleep":           "sleep(0.5)",
			"lock-out":        "count myself out",
			"leave":           "holders.value -= 1",
			"release":         "with slots:",
			"return":          "return inside",
			"map":             "pool.map(",
		},
		Main: semaphoreMain,
	}
}

// slotsAndCounter is the semaphore scenario's initargs: (Semaphore(LIMIT), Value("i", 0)).
type slotsAndCounter struct {
	slots   *pool.Semaphore
	holders *pool.Value[int]
}

// String renders the tuple as Python shows initargs.
func (a slotsAndCounter) String() string { return fmt.Sprintf("(%v, %v)", a.slots, a.holders) }

func semaphoreMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	args := slotsAndCounter{slots: pool.NewSemaphore(e, "slots", semaphoreLimit), holders: pool.NewValue(e, "holders", 0, true)}
	initWorker := func(w *pool.Proc, a slotsAndCounter) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("store-semaphore")
		w.Globals().Set("slots", a.slots)
		w.Step("store-counter")
		w.Globals().Set("holders", a.holders)
		return nil
	}
	task := func(w *pool.Proc, i int) (int, error) {
		w.Step("start")
		slots, _ := pool.Global[*pool.Semaphore](w, "slots")
		holders, _ := pool.Global[*pool.Value[int]](w, "holders")
		w.Step("acquire")
		if err := slots.Acquire(w); err != nil {
			return 0, err
		}
		w.Step("lock-in")
		if err := holders.GetLock().Acquire(w); err != nil {
			return 0, err
		}
		w.Step("enter")
		holders.Store(w, holders.Load(w)+1)
		w.Step("look")
		inside := holders.Load(w)
		if err := holders.GetLock().Release(w); err != nil {
			return 0, err
		}
		w.Step("sleep")
		if err := w.Sleep(sleepFor(0.5)); err != nil {
			return 0, err
		}
		w.Step("lock-out")
		if err := holders.GetLock().Acquire(w); err != nil {
			return 0, err
		}
		w.Step("leave")
		holders.Store(w, holders.Load(w)-1)
		if err := holders.GetLock().Release(w); err != nil {
			return 0, err
		}
		w.Step("release")
		if err := slots.Release(w); err != nil {
			return 0, err
		}
		w.Step("return")
		return inside, nil
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, args))
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
	for i, count := range counts {
		p.Printf("task %d: %d inside", i, count)
		most = max(most, count)
	}
	p.Printf("at most %d inside at once (limit %d)", most, semaphoreLimit)
	return nil
}
