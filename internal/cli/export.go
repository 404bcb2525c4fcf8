package cli

import (
	"poolviz/pool"
	"poolviz/pool/trace"
	"poolviz/scenarios"
	"poolviz/session"
)

// cmdExport runs a scenario headless to its end (or its deadlock), or reads a
// saved run with --from, and writes its events as JSON lines and/or as a
// Chrome trace.
func cmdExport(args []string) error {
	var rf runFlags
	fs := newFlagSet("export", &rf)
	events := fs.String("events", "", "write the run's events to this file, as JSON lines (pool/trace's schema)")
	chrome := fs.String("trace", "", "write the run to this file as a Chrome trace, for Perfetto or chrome://tracing")
	from := fs.String("from", "", "export a saved run (a JSON lines file) instead of running a scenario")
	pos, set, err := parse(fs, args)
	if err != nil {
		return err
	}
	rf.set = set
	if *events == "" && *chrome == "" {
		return usagef("export needs --events FILE, --trace FILE or both: where to write the run")
	}
	var run savedRun
	if *from != "" {
		for _, name := range []string{"workers", "tasks", "seed", "speed", "mode"} {
			if set[name] {
				return usagef("export --from writes a saved run as it is: --%s cannot change it", name)
			}
		}
		if len(pos) > 0 {
			return usagef("export --from takes no scenario name: the saved run names its own")
		}
		if run, err = loadRun(*from); err != nil {
			return err
		}
	} else {
		sc, err := scenarioArg("export", pos)
		if err != nil {
			return err
		}
		asked, err := rf.resolve(sc)
		if err != nil {
			return err
		}
		if asked.Params.Mode == pool.Parallel {
			return usagef("export runs simulated runs only: a parallel run's events are not all kept; drop --mode parallel")
		}
		run = simulate(asked)
	}
	if *events != "" {
		if err := trace.WriteFile(*events, run.h, run.evs); err != nil {
			return err
		}
	}
	if *chrome != "" {
		return trace.WriteChromeTraceFile(*chrome, run.h, run.evs)
	}
	return nil
}

// simulate plays a Simulated run to its end, or until it deadlocks, and
// returns every event: the session taps each as it is pulled, since it keeps
// only a bounded history, and a saved run must be whole.
func simulate(run scenarios.Run) savedRun {
	var evs []pool.Event
	keep := func(block []pool.Event) { evs = append(evs, block...) }
	sess := session.Open(run, session.Tap(keep), session.Forward())
	defer sess.Close()
	sess.RunToEnd(0)
	return savedRun{h: header(run), evs: evs, run: run}
}

// header describes a run in a saved run's first line: the params asked for.
func header(run scenarios.Run) trace.Header {
	prm := run.Asked
	return trace.Header{Scenario: run.Scenario.Name, Seed: prm.Seed, Mode: prm.Mode.String(),
		Workers: prm.Workers, Tasks: prm.Tasks, Speed: prm.Speed}
}
