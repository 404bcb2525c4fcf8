package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"poolviz/exercise"
	"poolviz/pool"
	"poolviz/pytrace"
	"poolviz/scenarios"
	"poolviz/session"
)

// checkReorder is how long a check holds a traced program's events for their
// time order (the viewer holds them 50 ms, to stay live).
const checkReorder = 500 * time.Millisecond

// exerciseOptions is an exercise command line, parsed.
type exerciseOptions struct {
	dir      string // a teacher's folder of exercises ("" for the built-in course)
	python   string
	file     string // the learner's program to check, instead of the usual one
	solution bool   // check the solution instead of the learner's program
	schedule string // a scheduling exercise's picks, as the viewer lists them
	// env is added to a traced program's environment (tests set PYTHONPATH).
	env     []string
	noColor bool
	light   bool
}

// cmdExercise runs `poolviz exercise list|check|solution|NAME`.
func cmdExercise(args []string, stdout io.Writer) (int, error) {
	if len(args) == 0 {
		return exitUsage, usagef("exercise needs a command or a name: poolviz exercise list, check NAME, solution NAME, or NAME to open it in the viewer")
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "list":
		o, pos, err := parseExercise("exercise list", rest)
		if err != nil {
			return exitUsage, err
		}
		if len(pos) > 0 {
			return exitUsage, usagef("exercise list takes no names, got %v", pos)
		}
		return exerciseList(stdout, o.dir)
	case "check":
		o, pos, err := parseExercise("exercise check", rest)
		if err != nil {
			return exitUsage, err
		}
		if len(pos) != 1 {
			return exitUsage, usagef("exercise check takes one exercise, a name or a .toml file, got %d: %v", len(pos), pos)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
		defer stop()
		return exerciseCheck(ctx, stdout, pos[0], o)
	case "solution":
		o, pos, err := parseExercise("exercise solution", rest)
		if err != nil {
			return exitUsage, err
		}
		if len(pos) != 1 {
			return exitUsage, usagef("exercise solution takes one exercise, got %d: %v", len(pos), pos)
		}
		return exerciseSolution(stdout, pos[0], o)
	}
	o, pos, err := parseExercise("exercise", args)
	if err != nil {
		return exitUsage, err
	}
	if len(pos) != 1 {
		return exitUsage, usagef("exercise takes one exercise, a name or a .toml file, got %d: %v (or list, check NAME, solution NAME)", len(pos), pos)
	}
	if o.solution {
		return exitUsage, usagef("--solution is for exercise check: the viewer runs your program")
	}
	return exerciseView(stdout, pos[0], o)
}

// parseExercise reads the flags of an exercise command.
func parseExercise(name string, args []string) (exerciseOptions, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	var o exerciseOptions
	fs.StringVar(&o.dir, "dir", "", "a folder of exercise files (default: the built-in course)")
	fs.StringVar(&o.python, "python", "python3", "the Python interpreter, for exercises on a Python program")
	fs.StringVar(&o.file, "file", "", "the Python program to check (default: the exercise's, in this folder)")
	fs.BoolVar(&o.solution, "solution", false, "check the exercise's solution instead (for a course's own tests)")
	fs.StringVar(&o.schedule, "schedule", "", "your picks for an exercise where you are the scheduler: 2,2,m,1 (a worker's number, m for main)")
	fs.BoolVar(&o.noColor, "no-color", false, "draw without colors (NO_COLOR is honoured too)")
	fs.BoolVar(&o.light, "light", false, "draw for a light background (default: ask the terminal)")
	pos, _, err := parse(fs, args)
	return o, pos, err
}

// exerciseList prints the exercises of a course in course order.
func exerciseList(w io.Writer, dir string) (int, error) {
	all, err := loadCourse(dir)
	if err != nil {
		return exitUsage, err
	}
	width := 0
	for _, ex := range all {
		width = max(width, len(ex.Name))
	}
	for i, ex := range all {
		what := "preset " + ex.Run.Preset
		if ex.Run.Traced() {
			what = "Python, " + ex.Run.Python
		}
		fmt.Fprintf(w, "%2d  %-*s  %s (%s)\n", i+1, width, ex.Name, ex.Title, what)
	}
	return exitOK, nil
}

func loadCourse(dir string) ([]*exercise.Exercise, error) {
	if dir != "" {
		return exercise.Dir(dir)
	}
	return exercise.Course()
}

// exerciseFind returns the exercise arg names, as a usage error when there is none.
func exerciseFind(arg string, o exerciseOptions) (*exercise.Exercise, error) {
	ex, err := exercise.Find(arg, o.dir)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return ex, nil
}

// exerciseCheck runs an exercise headless and prints each goal's verdict: exit
// 0 when every goal holds, 1 when one fails (with the next hint), 2 for a bad
// exercise file.
func exerciseCheck(ctx context.Context, w io.Writer, arg string, o exerciseOptions) (int, error) {
	ex, err := exerciseFind(arg, o)
	if err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(w, "exercise %s: %s\n", ex.Name, ex.Title)
	if ex.Lesson != "" {
		fmt.Fprintf(w, "%s\n", wrapText(strings.Join(strings.Fields(ex.Lesson), " "), 80))
	}
	var results []exercise.Result
	if ex.Run.Traced() {
		program, text, cleanup, err := programToCheck(w, ex, o)
		if err != nil {
			return exitUsage, err
		}
		defer cleanup()
		fmt.Fprintf(w, "checking %s\n\n", program)
		results, err = checkTraced(ctx, ex, program, text, o)
		if err != nil {
			return exitUsage, err
		}
	} else {
		fmt.Fprintf(w, "checking the preset %s\n", ex.Run.Preset)
		var picks []pool.Actor
		if o.solution && ex.Run.YouSchedule {
			first, _, _ := strings.Cut(ex.Solution, "\n")
			if picks, err = parseSchedule(strings.TrimSpace(first)); err != nil {
				return exitUsage, &exercise.Error{Path: ex.Path, Msg: "the solution's first line is not a schedule (2,2,m,1): " + err.Error()}
			}
		}
		if o.schedule != "" {
			if !ex.Run.YouSchedule {
				return exitUsage, usagef("--schedule is for an exercise where you are the scheduler; %s is not one", ex.Name)
			}
			if picks, err = parseSchedule(o.schedule); err != nil {
				return exitUsage, err
			}
		}
		var told string
		if results, told, err = checkPreset(ex, picks); err != nil {
			return exitUsage, err
		}
		fmt.Fprintf(w, "%s\n", told)
	}
	return tellResults(w, ex, results, o.solution), nil
}

// programToCheck picks the Python program a check runs, and its text: the
// solution, the --file given, or the exercise's program in the learner's
// folder, the current one (a missing one is written from the starter first:
// the learner edits their own copy, never the teacher's starter).
// The solution is written to a private temporary folder, which cleanup removes.
func programToCheck(w io.Writer, ex *exercise.Exercise, o exerciseOptions) (program, text string, cleanup func(), err error) {
	cleanup = func() {}
	switch {
	case o.solution:
		if ex.Solution == "" {
			return "", "", cleanup, usagef("exercise %s has no solution file", ex.Name)
		}
		dir, err := os.MkdirTemp("", "poolviz-solution-")
		if err != nil {
			return "", "", cleanup, err
		}
		program = filepath.Join(dir, ex.Run.Python)
		return program, ex.Solution, func() { os.RemoveAll(dir) }, os.WriteFile(program, []byte(ex.Solution), 0o600)
	case o.file != "":
		data, err := os.ReadFile(o.file)
		if err != nil {
			return "", "", cleanup, usagef("--file %s cannot be read: %v", o.file, errors.Unwrap(err))
		}
		return o.file, string(data), cleanup, nil
	}
	program = ex.Run.Python
	data, err := os.ReadFile(program)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.WriteFile(program, []byte(ex.Run.Starter), 0o644); err != nil {
			return "", "", cleanup, fmt.Errorf("writing the starter %s: %w", program, err)
		}
		fmt.Fprintf(w, "wrote the starter to %s: edit it, and check again\n", program)
		return program, ex.Run.Starter, cleanup, nil
	}
	return program, string(data), cleanup, err
}

// checkPreset plays an exercise's preset to its end through a checker. In a
// scheduling exercise the learner's picks decide who runs at each choice
// point; once they run out, each choice takes the first who could run. It
// also returns a line saying how the run was scheduled.
func checkPreset(ex *exercise.Exercise, picks []pool.Actor) ([]exercise.Result, string, error) {
	sc, err := scenarios.Get(ex.Run.Preset)
	if err != nil {
		return nil, "", &exercise.Error{Path: ex.Path, Msg: err.Error()}
	}
	asked := scenarios.Params{Workers: ex.Run.Workers, Tasks: ex.Run.Tasks, Seed: ex.Run.Seed}
	run, err := sc.Resolve(asked, exerciseGiven(ex))
	if err != nil {
		return nil, "", &exercise.Error{Path: ex.Path, Msg: err.Error()}
	}
	c := exercise.NewChecker(ex.Goals)
	var engine []pool.EngineOption
	if ex.Run.YouSchedule {
		engine = []pool.EngineOption{pool.AskChoices(), pool.WithSchedule(picks)}
	}
	sess := session.OpenEngine(run, engine, session.Tap(checkerTap(c)), session.Forward())
	defer sess.Close()
	// Once the picks run out, the pool's own order goes on (the seeded draw,
	// on time), as in the viewer when c hands the picks back.
	sess.RunToEnd(ex.Run.TimeLimit)
	used, wentOn := len(sess.Schedule()), sess.Choice() != nil
	if wentOn {
		sess.StopAsking()
		sess.RunToEnd(ex.Run.TimeLimit)
	}
	hung := sess.Status() == session.Running || sess.Status() == session.Paused
	if err := objectsNamed(ex, c); err != nil {
		return nil, "", err
	}
	told := ""
	if ex.Run.YouSchedule {
		told = fmt.Sprintf("you are the scheduler: %d of your %d picks were used", used, len(picks))
		if k := sess.ScheduleMisfit(); k > 0 {
			told += fmt.Sprintf("; pick %d (%s) named no one who could run there, so the rest were dropped", k, pool.ScheduleText(picks[k-1:k]))
		}
		if wentOn {
			told += "; then the pool's own order went on"
		}
		if len(picks) == 0 {
			told += " (give yours with --schedule 2,2,m,1: who runs at each choice, as the viewer lists them: poolviz exercise " + exerciseArg(ex) + ")"
		}
		told += "\n"
	}
	return c.Finish(c.End(hung), ""), told, nil
}

// objectsNamed refuses a preset exercise whose goals name an object the preset
// never creates: the file is wrong, not the run.
func objectsNamed(ex *exercise.Exercise, c *exercise.Checker) error {
	for i, g := range ex.Goals {
		if _, ok := c.Objects()[g.Object]; g.Object != "" && !ok {
			return &exercise.Error{Path: ex.Path, Line: g.Line, Msg: fmt.Sprintf("goal %d names the object %q, which the preset %s never creates", i+1, g.Object, ex.Run.Preset)}
		}
	}
	return nil
}

func checkerTap(c *exercise.Checker) func([]pool.Event) {
	return func(block []pool.Event) {
		for i := range block {
			c.Apply(block[i])
		}
	}
}

// checkTraced traces program (text is what it holds) until it ends or the
// exercise's time limit, through a checker.
func checkTraced(ctx context.Context, ex *exercise.Exercise, program, text string, o exerciseOptions) ([]exercise.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, ex.Run.TimeLimit)
	defer cancel()
	// A check sees the whole run at its end: events are held half a second
	// for their time order, so that a busy machine never shows a write
	// before the read it followed (a lost update that was not).
	popts := pytrace.Options{Python: o.python, Script: program, Quiet: time.Second, Env: o.env, Reorder: checkReorder}
	tr, err := pytrace.Start(ctx, popts)
	if err != nil {
		return nil, usageError{strings.TrimPrefix(err.Error(), "pytrace: ")}
	}
	defer tr.Close()
	c := exercise.NewChecker(ex.Goals)
	run := scenarios.TracedRun(filepath.Base(program), text, "the exercise's program")
	sess := session.Play(run, tr.AsSource(), session.Tap(checkerTap(c)), session.Forward())
	defer sess.Close()
	for sess.Status() == session.Running && ctx.Err() == nil {
		time.Sleep(headlessFrame)
		sess.Advance(headlessFrame)
	}
	timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded)
	v := sess.View()
	return c.Finish(c.End(timedOut), v.State.Where()), nil
}

// exerciseArg is how a command line names ex: its file, or its name in the
// built-in course.
func exerciseArg(ex *exercise.Exercise) string {
	if ex.Dir != "" {
		return ex.Path
	}
	return ex.Name
}

// wrapText breaks text into lines of at most width columns, at spaces.
func wrapText(text string, width int) string {
	var b strings.Builder
	n := 0
	for _, word := range strings.Fields(text) {
		if n > 0 && n+1+len(word) > width {
			b.WriteByte('\n')
			n = 0
		} else if n > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}

// exerciseGiven says which params an exercise's [run] gives: workers, tasks
// and seed where set; the preset's defaults fill the rest.
func exerciseGiven(ex *exercise.Exercise) scenarios.Fields {
	asked := scenarios.Params{Workers: ex.Run.Workers, Tasks: ex.Run.Tasks}
	given := asked.NonZero()
	if ex.Run.Seed != 0 {
		given |= scenarios.GivenSeed
	}
	return given
}
