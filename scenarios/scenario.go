// Package scenarios holds the preset runs a teacher opens in front of a class:
// each one file with what it teaches, its defaults, the Go driver that plays
// Python's main program on the pool engine, and the name of its Python twin.
package scenarios

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"poolviz/assets"
	"poolviz/pool"
)

// Outcome is how a scenario is expected to end.
type Outcome uint8

// The expected ends of a scenario.
const (
	Completes Outcome = iota // the main program returns without an error
	Deadlocks                // the run stops in a deadlock the scenario teaches
	Fails                    // the main program ends with the error the scenario teaches
)

// Params are what a learner can change: the size of the run, its seed, its
// speed and its mode.
type Params struct {
	Workers int
	Tasks   int
	Seed    uint64
	Speed   float64
	Mode    pool.Mode
}

// Limits on Params, checked by Validate.
const (
	MaxWorkers = 256
	MaxTasks   = 1_000_000
	MinSpeed   = 0.1
	MaxSpeed   = 20.0
	// MinRunSpeed and MaxRunSpeed bound the speed a run may start at: the
	// viewer's controls stay within MinSpeed to MaxSpeed, a headless Parallel
	// run may go faster. Slower than MinRunSpeed, a Parallel run's second
	// lasts minutes, and its clock's arithmetic would overflow long before 0.
	MinRunSpeed = 0.01
	MaxRunSpeed = 1000.0
)

// Validate reports the first parameter out of range, saying what is allowed.
func (p Params) Validate() error {
	switch {
	case p.Workers < 1 || p.Workers > MaxWorkers:
		return fmt.Errorf("workers %d is out of range: use 1 to %d", p.Workers, MaxWorkers)
	case p.Tasks < 1 || p.Tasks > MaxTasks:
		return fmt.Errorf("tasks %d is out of range: use 1 to %d", p.Tasks, MaxTasks)
	case !(p.Speed >= MinRunSpeed) || p.Speed > MaxRunSpeed:
		return fmt.Errorf("speed %g is out of range: use %g to %g (the viewer offers %gx to %gx)",
			p.Speed, MinRunSpeed, MaxRunSpeed, MinSpeed, MaxSpeed)
	}
	return nil
}

// Scenario is one preset.
type Scenario struct {
	Name    string // short name for the command line: "shared-queue"
	Title   string // one line for the header and the picker
	Teaches string // a paragraph: what it teaches and what to watch for
	Listing string // the Python twin's file name in assets/python, or a traced program's name
	// Text, when set, is the listing itself: a traced program's source, which
	// is not among the assets. Source returns it.
	Text     string
	Defaults Params
	Outcome  Outcome
	// Steps maps each step label the driver marks (Proc.Step) to a snippet found
	// on exactly one line of the listing, so the viewer can point at that line.
	Steps map[string]string
	// Main is the driver: Python's main program, run as the engine's main actor.
	// It gets the params as Adjust leaves them.
	Main func(p *pool.Proc, prm Params) error
	// Adjust, when set, changes params a preset cannot run as asked: a lock-order
	// deadlock needs two tasks on two workers. It must leave valid params valid.
	Adjust func(Params) Params
	// AdjustWhy says in a few words what Adjust enforces, for the note shown when
	// it changed what was asked: "at least two workers and two tasks".
	AdjustWhy string
	// ResultsUnused says the program never reads what the pool's calls return
	// (map_async's result is dropped; the tasks return None): a viewer does not
	// show those results as if they were the run's.
	ResultsUnused bool
	// Lesson, when set, ties the way the run stops (a deadlock) to the
	// listing: the engine's sentence names tasks and objects, the lesson the
	// lines a learner reads ("subtask() is the only one that sets the event").
	Lesson string
}

// SharesQueue reports whether the listing makes a queue of its own (Queue,
// SimpleQueue, JoinableQueue, a manager's Queue) or a Pipe, whose messages
// pass through it as a queue's items do: a viewer then shows those items.
func (s Scenario) SharesQueue() bool {
	src, err := s.Source()
	return err == nil && (strings.Contains(src, "Queue(") || strings.Contains(src, "Pipe("))
}

// SharesPipeOnly reports whether the items a viewer shows (see SharesQueue)
// pass through a Pipe and no queue: it names them a pipe's.
func (s Scenario) SharesPipeOnly() bool {
	src, err := s.Source()
	return err == nil && strings.Contains(src, "Pipe(") && !strings.Contains(src, "Queue(")
}

// AdjustNote says how the params a run has differ from prm, the ones asked for,
// and why: "runs 3 tasks (not 10): at most one task per worker". It is empty when
// Adjust changed nothing.
func (s Scenario) AdjustNote(prm Params) string {
	eff := s.Effective(prm)
	var parts []string
	if eff.Workers != prm.Workers {
		parts = append(parts, fmt.Sprintf("%d workers (not %d)", eff.Workers, prm.Workers))
	}
	if eff.Tasks != prm.Tasks {
		parts = append(parts, fmt.Sprintf("%d tasks (not %d)", eff.Tasks, prm.Tasks))
	}
	if len(parts) == 0 {
		return ""
	}
	return "runs " + strings.Join(parts, " and ") + ": " + s.AdjustWhy
}

// Effective returns the params the scenario really runs with: prm after Adjust.
// Headers show these, so that "2 workers" is what the screen then shows.
func (s Scenario) Effective(prm Params) Params {
	if s.Adjust == nil {
		return prm
	}
	return s.Adjust(prm)
}

// Source returns the scenario's Python listing.
func (s Scenario) Source() (string, error) {
	if s.Text != "" {
		return s.Text, nil
	}
	return assets.Python(s.Listing)
}

// SourceFor returns the listing as a run with prm (the params it has, after
// Adjust) shows it: the preset's WORKERS and TASKS lines carry them, so that
// a learner who asked for 6 workers reads WORKERS = 6 where the twin in
// assets/python says the defaults. A traced program's listing is its own.
func (s Scenario) SourceFor(prm Params) (string, error) {
	src, err := s.Source()
	if err != nil || s.Traced() || prm.Workers <= 0 || prm.Tasks <= 0 {
		return src, err
	}
	src = workersLine.ReplaceAllString(src, "${1}"+strconv.Itoa(prm.Workers))
	return tasksLine.ReplaceAllString(src, "${1}"+strconv.Itoa(prm.Tasks)), nil
}

// The lines of a Python twin that set its size, at the top of the module.
var (
	workersLine = regexp.MustCompile(`(?m)^(WORKERS = )\d+`)
	tasksLine   = regexp.MustCompile(`(?m)^(TASKS = )\d+`)
)

// Traced reports whether the scenario is a real Python program traced as it
// runs (see Traced) rather than a preset with a driver: it cannot be run
// again from the viewer, and its params are not the learner's to change.
func (s Scenario) Traced() bool { return s.Main == nil }

// TracedRun is the run of a real Python program, traced as it runs: its
// scenario is named after the script (its base name, with its text as the
// listing) and has no driver. about says in one line what runs, for the
// account and the picker. The params are those of a live run on the real
// clock: Parallel mode, speed 1; the workers are the program's own.
func TracedRun(script, text, about string) Run {
	sc := Scenario{Name: script, Title: "a real Python program, traced", Teaches: about, Listing: script, Text: text,
		Outcome: Completes}
	prm := Params{Mode: pool.Parallel, Speed: 1}
	return Run{Scenario: sc, Asked: prm, Params: prm}
}

// LineOf returns the 1-based line of the listing that a step label points at, or 0.
func (s Scenario) LineOf(src, label string) int {
	snippet, ok := s.Steps[label]
	if !ok {
		return 0
	}
	for i, line := range strings.Split(src, "\n") {
		if strings.Contains(line, snippet) {
			return i + 1
		}
	}
	return 0
}

// start starts the scenario's driver with run, the params it runs with.
func (s Scenario) start(run Params, opts []pool.EngineOption) *pool.Engine {
	opts = append([]pool.EngineOption{pool.WithSeed(run.Seed), pool.WithSpeed(run.Speed)}, opts...)
	if run.Mode == pool.Parallel {
		opts = append(opts, pool.WithObserver(0))
	}
	e := pool.NewEngine(run.Mode, opts...)
	e.Start(func(p *pool.Proc) error { return s.Main(p, run) })
	return e
}

// Run is one run resolved once, where it is asked for (a command line, a
// saved run's header, the viewer's restart), and passed down whole: the
// defaults are merged, the params validated and adjusted here only.
type Run struct {
	Scenario Scenario
	// Asked are the params asked for, the scenario's defaults filling the
	// fields not given.
	Asked Params
	// Params are the params the run has: Asked after the preset's Adjust.
	Params Params
	// Note says how Params differ from Asked and why, or is empty.
	Note string
	// Schedule, when set, picks who runs next at the run's first choice
	// points (pool.WithSchedule), replaying a run a person scheduled by hand.
	Schedule []pool.Actor
}

// Fields says which fields of asked params were given; the others take the
// scenario's defaults.
type Fields uint8

// The fields of Params a caller can give.
const (
	GivenWorkers Fields = 1 << iota
	GivenTasks
	GivenSeed
	GivenSpeed
	GivenMode
	GivenAll = GivenWorkers | GivenTasks | GivenSeed | GivenSpeed | GivenMode
)

// NonZero returns the fields among Workers, Tasks and Speed that p sets to
// other than zero: the fields given, where zero means the default.
func (p Params) NonZero() Fields {
	var f Fields
	if p.Workers != 0 {
		f |= GivenWorkers
	}
	if p.Tasks != 0 {
		f |= GivenTasks
	}
	if p.Speed != 0 {
		f |= GivenSpeed
	}
	return f
}

// Resolve resolves a run of the scenario named name with the given fields of asked.
func Resolve(name string, asked Params, given Fields) (Run, error) {
	sc, err := Get(name)
	if err != nil {
		return Run{}, err
	}
	return sc.Resolve(asked, given)
}

// Resolve resolves a run of s with the given fields of asked: the others take
// s's defaults, then the params are validated and adjusted.
func (s Scenario) Resolve(asked Params, given Fields) (Run, error) {
	prm := s.Defaults
	if given&GivenWorkers != 0 {
		prm.Workers = asked.Workers
	}
	if given&GivenTasks != 0 {
		prm.Tasks = asked.Tasks
	}
	if given&GivenSeed != 0 {
		prm.Seed = asked.Seed
	}
	if given&GivenSpeed != 0 {
		prm.Speed = asked.Speed
	}
	if given&GivenMode != 0 {
		prm.Mode = asked.Mode
	}
	if err := prm.Validate(); err != nil {
		return Run{}, err
	}
	return Run{Scenario: s, Asked: prm, Params: s.Effective(prm), Note: s.AdjustNote(prm)}, nil
}

// Start starts the run on a new engine in its mode and returns it.
func (r Run) Start(opts ...pool.EngineOption) *pool.Engine {
	if len(r.Schedule) > 0 {
		opts = append([]pool.EngineOption{pool.WithSchedule(r.Schedule)}, opts...)
	}
	return r.Scenario.start(r.Params, opts)
}

// sleepFor turns seconds into a duration, for drivers written in Python's units.
func sleepFor(seconds float64) time.Duration {
	return time.Duration(seconds * float64(time.Second))
}

// startupTime is how long a worker sleeps in its initializer, as the listings'
// sleep(STARTUP) does, in plain sight: long enough to watch initialization
// happen, as a real process start is visible too.
const startupTime = 600 * time.Millisecond

// ids returns 0..n-1, Python's range(n).
func ids(n int) []int {
	r := make([]int, n)
	for i := range r {
		r[i] = i
	}
	return r
}
