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
	if *events != "" {
		outs = append(outs, output{"--events", *events})
	}
	if *chrome != "" {
		outs = append(outs, output{"--trace", *chrome})
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
	// may not be written is said at once; a signal removes them. The events are
	// written as the run goes (a run of a million tasks has some fifteen
	// million): none is kept.
	return writeOutputs(outs, stdout, stderr, *force, func(ws []io.Writer) error {
		h := run.h
		if *from == "" {
			h = header(run.run)
		}
		out, err := newEventWriters(outs, ws, h)
		if err != nil {
			return err
		}
		if *from == "" {
			simulate(run.run, out.write)
		} else if err := run.events(out.write); err != nil {
			return err
		}
		return out.close()
	})
}

// eventWriters writes a run's events to export's outputs as they come: the
// event log (--events) and the Chrome trace (--trace).
type eventWriters struct {
	outs []output
	ws   []interface {
		Write(block []pool.Event) error
		Close() error
	}
	err error // the first error, naming its output
}

func newEventWriters(outs []output, ws []io.Writer, h trace.Header) (*eventWriters, error) {
	e := &eventWriters{outs: outs}
	for i, o := range outs {
		if o.flag == "--trace" {
			e.ws = append(e.ws, trace.NewChromeWriter(ws[i], h))
			continue
		}
		lw, err := trace.NewWriter(ws[i], h)
		if err != nil {
			return nil, e.named(i, err)
		}
		e.ws = append(e.ws, lw)
	}
	return e, nil
}

// write writes block to every output; after an error it writes nothing more.
func (e *eventWriters) write(block []pool.Event) error {
	for i, w := range e.ws {
		if e.err == nil {
			if err := w.Write(block); err != nil {
				e.err = e.named(i, err)
			}
		}
	}
	return e.err
}

// close ends every output, or returns the first error.
func (e *eventWriters) close() error {
	for i, w := range e.ws {
		if e.err == nil {
			if err := w.Close(); err != nil {
				e.err = e.named(i, err)
			}
		}
	}
	return e.err
}

func (e *eventWriters) named(i int, err error) error {
	return fmt.Errorf("%s %s: %w", e.outs[i].flag, e.outs[i].path, err)
}

// simulate plays a Simulated run to its end, or until it deadlocks, and hands
// each block of events to each, once, as the session pulls it: the session
// keeps no history (session.Forward), so memory does not grow with the run.
func simulate(run scenarios.Run, each func(block []pool.Event) error) {
	sess := session.Open(run, session.Tap(func(block []pool.Event) { _ = each(block) }), session.Forward())
	defer sess.Close()
	sess.RunToEnd(0)
}

// header describes a run in a saved run's first line: the params asked for.
func header(run scenarios.Run) trace.Header {
	prm := run.Asked
	return trace.Header{Scenario: run.Scenario.Name, Seed: prm.Seed, Mode: prm.Mode.String(),
		Workers: prm.Workers, Tasks: prm.Tasks, Speed: prm.Speed}
}
