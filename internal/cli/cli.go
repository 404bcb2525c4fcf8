package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"poolviz/pool"
	"poolviz/scenarios"
	"poolviz/tui"
)

// Exit codes, documented in the README.
const (
	exitOK       = 0
	exitFailure  = 1 // the run or a file operation failed
	exitUsage    = 2 // bad command line or input file
	exitDeadlock = 3 // the headless run stopped in a deadlock
	// exitClosedPipe is 128 plus SIGPIPE's number: the reader of stdout went
	// away (poolviz run NAME --headless | head), which ends a command as the
	// signal would end a program that did not ignore it, and as quietly.
	exitClosedPipe = 128 + 13
)

// usageError is a command-line mistake: it exits with exitUsage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// flagGroup is a set of flags that several commands share (runFlags, screenFlags).
type flagGroup interface{ register(fs *flag.FlagSet) }

// newFlagSet returns the flags of the command name with each group registered
// on it. Parsing goes through parse, which words every mistake itself.
func newFlagSet(name string, groups ...flagGroup) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	for _, g := range groups {
		g.register(fs)
	}
	return fs
}

// runFlags are the flags every command that plays a scenario shares.
type runFlags struct {
	workers, tasks int
	seed           uint64
	speed          float64
	mode           string
	schedule       string
	noColor        bool
	set            map[string]bool
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&f.workers, "workers", 0, "number of workers, 1 to 256 (default: the scenario's)")
	fs.IntVar(&f.tasks, "tasks", 0, "number of tasks, 1 to 1000000 (default: the scenario's)")
	fs.Uint64Var(&f.seed, "seed", 0, "seed of the run: the same seed gives the same run (default: the scenario's)")
	fs.Float64Var(&f.speed, "speed", 0, "speed factor, 0.01 to 1000 (default: the scenario's)")
	fs.StringVar(&f.mode, "mode", "", "simulated or parallel (default: the scenario's)")
	fs.StringVar(&f.schedule, "schedule", "", "who runs at each choice point, as the viewer's c key lists it: 2,2,m,1, a worker's number or m for main (simulated only)")
	fs.BoolVar(&f.noColor, "no-color", false, "draw without colors (NO_COLOR is honoured too)")
}

// lightFlag registers --light, for the commands that open the viewer, as frame
// and record have it: the viewer otherwise asks the terminal for its background.
func lightFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("light", false, "draw for a light background (default: ask the terminal)")
}

// theme is the viewer's Options.Theme for a --light flag.
func theme(light bool) string {
	if light {
		return "light"
	}
	return ""
}

// resolve resolves a run of sc with the flags that were set; the others take
// the scenario's defaults. What is out of range is a usage error.
func (f *runFlags) resolve(sc scenarios.Scenario) (scenarios.Run, error) {
	asked := scenarios.Params{Workers: f.workers, Tasks: f.tasks, Seed: f.seed, Speed: f.speed}
	var given scenarios.Fields
	for name, field := range map[string]scenarios.Fields{"workers": scenarios.GivenWorkers,
		"tasks": scenarios.GivenTasks, "seed": scenarios.GivenSeed, "speed": scenarios.GivenSpeed} {
		if f.set[name] {
			given |= field
		}
	}
	if f.set["mode"] {
		m, err := pool.ParseMode(f.mode)
		if err != nil {
			return scenarios.Run{}, usagef("--mode: %v", err)
		}
		asked.Mode, given = m, given|scenarios.GivenMode
	}
	run, err := sc.Resolve(asked, given)
	if err != nil {
		return run, usagef("%v", err)
	}
	if f.schedule != "" {
		if run.Params.Mode != pool.Simulated {
			return run, usagef("--schedule replays a simulated run: a parallel one has no choice points")
		}
		if run.Schedule, err = parseSchedule(f.schedule); err != nil {
			return run, err
		}
	}
	return run, nil
}

// parseSchedule reads a --schedule: who runs at each choice point, as the
// viewer lists the picks (a worker's number, m for main).
func parseSchedule(s string) ([]pool.Actor, error) {
	picks, err := pool.ParseSchedule(s)
	if err != nil {
		return nil, usagef("--schedule %q: %v", s, err)
	}
	return picks, nil
}

// parseSize reads "100x30", and nothing more: "100x30x5" is a mistake.
func parseSize(s string) (int, int, error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	w, errW := strconv.Atoi(ws)
	h, errH := strconv.Atoi(hs)
	if !ok || errW != nil || errH != nil || w < 1 || h < 1 {
		return 0, 0, usagef("--size %q: use WIDTHxHEIGHT, for example 100x30", s)
	}
	if w < tui.MinWidth || h < tui.MinHeight {
		return 0, 0, usagef("--size %s is too small: the screen needs at least %dx%d", s, tui.MinWidth, tui.MinHeight)
	}
	return w, h, nil
}

// virtualTime reads a required flag that names a point or a length of virtual
// time, up to maxDuration: missing says what to write when it is not given, and
// positive refuses zero (a recording of no time).
func virtualTime(flagName, s, missing string, positive bool) (time.Duration, error) {
	if s == "" {
		return 0, usageError{missing}
	}
	d, err := parseDuration(flagName, s)
	switch {
	case err != nil:
		return 0, err
	case positive && (d <= 0 || d > maxDuration):
		return 0, usagef("--%s %s is out of range: use above 0 and at most %s", flagName, s, maxDuration)
	case d > maxDuration:
		return 0, usagef("--%s %s is out of range: use at most %s", flagName, s, maxDuration)
	}
	return d, nil
}

// parseDuration reads "3.5s" or a plain number of seconds.
func parseDuration(flagName, s string) (time.Duration, error) {
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return d, nil
	}
	var secs float64
	if _, err := fmt.Sscanf(s, "%g", &secs); err == nil && secs >= 0 {
		return time.Duration(secs * float64(time.Second)), nil
	}
	return 0, usagef("--%s %q: use a duration such as 3.5s or 1m", flagName, s)
}
