package cli

import (
	"fmt"
	"io"

	"poolviz/pool"
	"poolviz/pool/trace"
	"poolviz/scenarios"
	"poolviz/session"
)

// cmdExport runs a scenario headless to its end (or its deadlock), or reads a
// saved run with --from, and writes its events as JSON lines and/or as a
// Chrome trace.
func cmdExport(args []string, stdout, stderr io.Writer) error {
	var rf runFlags
	fs := newFlagSet("export", &rf)
	events := fs.String("events", "", "write the run's events to this file, as JSON lines (pool/trace's schema); - for stdout")
	chrome := fs.String("trace", "", "write the run to this file as a Chrome trace, for Perfetto or chrome://tracing; - for stdout")
	from := fs.String("from", "", "export a saved run (a JSON lines file) instead of running a scenario")
	force := fs.Bool("force", false, "replace an output file even if it is read-only")
	pos, set, err := parse(fs, args)
	if err != nil {
		return err
	}
	rf.set = set
	if *events == "" && *chrome == "" {
		return usagef("export needs --events FILE, --trace FILE or both: where to write the run")
	}
	var outs []output
	var writers []func(w io.Writer, h trace.Header, evs []pool.Event) error
	if *events != "" {
		outs, writers = append(outs, output{"--events", *events}), append(writers, trace.Write)
	}
	if *chrome != "" {
		outs, writers = append(outs, output{"--trace", *chrome}), append(writers, trace.WriteChromeTrace)
	}
	var inputs []string
	if *from != "" {
		inputs = append(inputs, *from)
	}
	if err := checkOutputs(outs, inputs, *force); err != nil {
		return err
	}
	var run savedRun
	if *from != "" { // read before any output is created: a bad saved run writes nothing
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
		run.run = asked
	}
	// The outputs are created before a long simulation, so that a folder that
	// may not be written is said at once; a signal removes them.
	return writeOutputs(outs, stdout, stderr, *force, func(ws []io.Writer) error {
		if *from == "" {
			run = simulate(run.run)
		}
		for i, w := range ws {
			if err := writers[i](w, run.h, run.evs); err != nil {
				return fmt.Errorf("%s %s: %w", outs[i].flag, outs[i].path, err)
			}
		}
		return nil
	})
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
