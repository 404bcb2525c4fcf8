package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"

	"poolviz/exercise"
	"poolviz/pool"
	"poolviz/pytrace"
	"poolviz/scenarios"
	"poolviz/session"
	"poolviz/tui"
)

// exerciseView opens the viewer on an exercise: its goals panel, the
// prediction first. A Python exercise traces the learner's program, and runs
// it again each time they save it.
func exerciseView(w io.Writer, arg string, o exerciseOptions) (int, error) {
	ex, err := exerciseFind(arg, o)
	if err != nil {
		return exitUsage, err
	}
	opts := tui.Options{Exercise: ex, StartPaused: true, NoColor: o.noColor, Theme: theme(o.light),
		Attempted: func(passed bool) { recordAttempt(ex, passed) }}
	if !ex.Run.Traced() {
		sc, err := scenarios.Get(ex.Run.Preset)
		if err != nil {
			return exitUsage, &exercise.Error{Path: ex.Path, Msg: err.Error()}
		}
		asked := scenarios.Params{Workers: ex.Run.Workers, Tasks: ex.Run.Tasks, Seed: ex.Run.Seed}
		run, err := sc.Resolve(asked, exerciseGiven(ex))
		if err != nil {
			return exitUsage, &exercise.Error{Path: ex.Path, Msg: err.Error()}
		}
		if ex.Run.YouSchedule {
			opts.Session, opts.Asking = session.OpenEngine(run, []pool.EngineOption{pool.AskChoices()}), true
			opts.Note = "you are the scheduler: pick who runs at each choice"
		} else {
			opts.Run = &run
		}
		return openViewer(opts)
	}
	if err := tui.CheckTerminal(os.Stdout); err != nil {
		return exitUsage, usageError{err.Error() + ": poolviz exercise check NAME checks an exercise without one"}
	}
	program, _, cleanup, err := programToCheck(w, ex, o)
	if err != nil {
		return exitUsage, err
	}
	defer cleanup()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // ends the program of the last run, whatever happened
	remake := func() (*session.Session, error) { return tracedExerciseSession(ctx, program, "exercise: "+ex.Title, o) }
	sess, err := remake()
	if err != nil {
		return exitUsage, err
	}
	opts.Session, opts.Remake, opts.Watch, opts.Note = sess, remake, program, "edit "+program+" and save: the run starts again"
	return openViewer(opts)
}

// tracedExerciseSession starts the learner's program under the tracer and
// returns the session that plays it (closing it ends the program).
func tracedExerciseSession(ctx context.Context, program, title string, o exerciseOptions) (*session.Session, error) {
	text, err := os.ReadFile(program)
	if err != nil {
		return nil, usagef("%s cannot be read: %v", program, err)
	}
	tr, err := pytrace.Start(ctx, pytrace.Options{Python: o.python, Script: program, Env: o.env})
	if err != nil {
		return nil, usageError{strings.TrimPrefix(err.Error(), "pytrace: ")}
	}
	run := scenarios.TracedRun(filepath.Base(program), string(text), "the exercise's program, traced")
	run.Scenario.Title = title
	return session.Play(run, tr.AsSource()), nil
}
