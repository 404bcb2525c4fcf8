package scenarios

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"poolviz/pool"
)

// brokenInitializer has an initializer that raises: the pool becomes Broken, its
// tasks fail and the error reaches main, where CPython respawns workers forever.
func brokenInitializer() Scenario {
	return Scenario{
		Name:  "broken-initializer",
		Title: "An initializer that fails breaks the pool",
		Teaches: "The initializer reads settings[\"factor\"], but the settings handed over as initargs " +
			"forgot that key, so it raises KeyError in every worker, before any task can run. CPython " +
			"handles this badly: the worker dies, the pool starts a new one, which fails the same way, " +
			"hundreds of times a second, forever; no task ever runs and main waits in the imap loop for " +
			"a result that never comes (the Python listing hangs, its stderr full of tracebacks). " +
			"poolviz does better: the first failing initializer makes the pool Broken. Watch the " +
			"workers fail their initialization and stay down: the queued tasks fail with the " +
			"initializer's error, new submissions are refused, no worker is started again, and main " +
			"gets the error from imap at once and ends with it.",
		Listing:  "broken-initializer.py",
		Defaults: Params{Workers: 2, Tasks: 4, Seed: 1, Speed: 1, Mode: pool.Simulated},
		Outcome:  Fails,
		Steps: map[string]string{
			"init":        "def init_worker(",
			"startup":     "sleep(STARTUP)",
			"read-config": `factor = settings["factor"]`,
			"start":       "def task(",
			"return":      "return i * factor",
			"imap":        "pool.imap(",
		},
		Main: brokenInitializerMain,
	}
}

// settings is a Python dict of ints, rendered as Python prints one.
type settings map[string]int

// String renders the dict as Python prints it: {'workers': 2}.
func (s settings) String() string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("'%s': %d", k, s[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// errKeyFactor is the initializer's error, as Python reports it.
var errKeyFactor = errors.New("KeyError: 'factor'")

func brokenInitializerMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	config := settings{"workers": prm.Workers} // "factor" was forgotten
	initWorker := func(w *pool.Proc, s settings) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("read-config")
		factor, ok := s["factor"]
		if !ok {
			return errKeyFactor // in every worker
		}
		w.Globals().Set("factor", factor)
		return nil
	}
	task := func(w *pool.Proc, i int) (int, error) {
		w.Step("start")
		factor, _ := pool.Global[int](w, "factor")
		w.Step("return")
		return i * factor, nil
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, config))
	if err != nil {
		return err
	}
	// No deferred Terminate here, unlike the other drivers: every worker of a
	// Broken pool has exited already, and terminating it would only turn the
	// picture's "broken" into "terminated".
	p.Printf("submitting %d tasks", prm.Tasks)
	p.Step("imap")
	results, err := pool.Imap(p, pl, task, ids(prm.Tasks))
	if err != nil {
		return err
	}
	for result, err := range results {
		if err != nil {
			return err // Python never gets here: it waits for a result forever
		}
		p.Printf("result: %d", result)
	}
	return nil
}
