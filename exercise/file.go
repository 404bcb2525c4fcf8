package exercise

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"poolviz/internal/safetext"
)

// Version is the exercise file format this poolviz reads.
const Version = 1

// Exercise is one exercise, read from its file.
type Exercise struct {
	// Name is the file's name without ".toml": what `poolviz exercise NAME` takes.
	Name   string
	Title  string
	Lesson string
	Run    Run
	// Predict is asked before the run; nil when the exercise asks nothing.
	Predict *Prediction
	Goals   []Goal
	Hints   []string
	// Solution is the solution's text, shown only on request after an attempt.
	Solution string
	// Dir is the folder the file is in; "" for the built-in course.
	Dir string
	// Path is where the file was read from, for messages ("course/..." for the
	// built-in course).
	Path string
}

// Run says what an exercise runs: a preset with params, or a Python program.
type Run struct {
	Preset  string
	Workers int
	Tasks   int
	Seed    uint64
	// Python is the program the learner edits (a path beside the exercise
	// file), and Starter its text as the exercise hands it out.
	Python  string
	Starter string
	// TimeLimit ends a run that has not ended by then: the check says it hung.
	TimeLimit time.Duration
	// YouSchedule makes the learner the preset's scheduler: the run stops
	// wherever more than one actor could run next, for them to pick (in the
	// viewer), or takes their picks from --schedule (in a check).
	YouSchedule bool
}

// Traced reports whether the exercise runs a Python program.
func (r Run) Traced() bool { return r.Python != "" }

// Prediction is a question asked before the run: a choice among Choices, or a
// number when Choices is empty. Answer is the right choice (1-based) or number.
type Prediction struct {
	Question string
	Choices  []string
	Answer   int
}

// DefaultTimeLimit is a run's time limit when the file gives none.
const DefaultTimeLimit = 30 * time.Second

// MaxTimeLimit bounds time_limit: a workshop's exercise is seconds long.
const MaxTimeLimit = 10 * time.Minute

// fileData is the TOML layout of an exercise file.
type fileData struct {
	Version  int          `toml:"version"`
	Title    string       `toml:"title"`
	Lesson   string       `toml:"lesson"`
	Run      runData      `toml:"run"`
	Predict  *predictData `toml:"predict"`
	Goals    []goalData   `toml:"goal"`
	Hints    []string     `toml:"hints"`
	Solution string       `toml:"solution"`
}

type runData struct {
	Preset      string `toml:"preset"`
	Python      string `toml:"python"`
	Workers     int    `toml:"workers"`
	Tasks       int    `toml:"tasks"`
	Seed        uint64 `toml:"seed"`
	TimeLimit   string `toml:"time_limit"`
	YouSchedule bool   `toml:"you_schedule"`
}

type predictData struct {
	Question string   `toml:"question"`
	Choices  []string `toml:"choices"`
	Answer   *int     `toml:"answer"`
}

// Error is a mistake in an exercise file, with the line it is on (0 when the
// mistake has no one line).
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Files reads the files an exercise names (its starter and its solution): a
// folder on disk, or the built-in course.
type Files interface {
	ReadFile(name string) ([]byte, error)
}

// dirFiles reads files beside an exercise file on disk.
type dirFiles string

func (d dirFiles) ReadFile(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(string(d), name))
}

// ReadFile reads the exercise file at path; the files it names are beside it.
func ReadFile(path string) (*Exercise, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Path: path, Msg: "cannot be read: " + unwrapPath(err)}
	}
	dir := filepath.Dir(path)
	ex, err := Parse(path, data, dirFiles(dir))
	if err != nil {
		return nil, err
	}
	ex.Dir = dir
	return ex, nil
}

// unwrapPath returns an *os.PathError's reason without the path, which the
// message names already.
func unwrapPath(err error) string {
	if pe, ok := errors.AsType[*os.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse reads an exercise from data, read from path; files gives the files it
// names. Every mistake is an *Error naming the line and what is allowed.
func Parse(path string, data []byte, files Files) (*Exercise, error) {
	var fd fileData
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&fd); err != nil {
		return nil, decodeError(path, err)
	}
	lines := indexLines(data)
	bad := func(line int, format string, a ...any) error {
		return &Error{Path: path, Line: line, Msg: fmt.Sprintf(format, a...)}
	}
	switch {
	case fd.Version == 0:
		return nil, bad(1, "no version: the first line should be `version = %d`", Version)
	case fd.Version != Version:
		return nil, bad(lines.key("", "version"), "version %d: this poolviz reads version %d (a newer poolviz may read this file)", fd.Version, Version)
	case strings.TrimSpace(fd.Title) == "":
		return nil, bad(0, "no title: give one with `title = \"...\"`")
	case len(fd.Goals) == 0:
		return nil, bad(0, "no goals: an exercise needs at least one [[goal]]")
	}
	// An exercise file comes from someone else: what it says is shown
	// escaped, never obeyed by the terminal.
	ex := &Exercise{Name: strings.TrimSuffix(filepath.Base(path), ".toml"), Title: safetext.Line(strings.TrimSpace(fd.Title)),
		Lesson: safetext.Text(strings.TrimSpace(fd.Lesson)), Path: path}
	for _, h := range fd.Hints {
		ex.Hints = append(ex.Hints, safetext.Line(h))
	}
	var err error
	if ex.Run, err = parseRun(fd.Run, lines, files, bad); err != nil {
		return nil, err
	}
	if ex.Predict, err = parsePredict(fd.Predict, lines, bad); err != nil {
		return nil, err
	}
	for i, g := range fd.Goals {
		goal, err := parseGoal(g, lines.table("goal", i))
		if err != nil {
			return nil, &Error{Path: path, Line: lines.table("goal", i), Msg: fmt.Sprintf("goal %d: %v", i+1, err)}
		}
		ex.Goals = append(ex.Goals, goal)
	}
	if fd.Solution != "" {
		text, err := files.ReadFile(fd.Solution)
		if err != nil {
			return nil, bad(lines.key("", "solution"), "solution %q cannot be read: %s", fd.Solution, unwrapPath(err))
		}
		ex.Solution = safetext.Text(string(text))
	}
	if ex.Run.Traced() {
		for i, g := range ex.Goals {
			if g.Object != "" && !mentions(ex.Run.Starter, g.Object) && !mentions(ex.Solution, g.Object) {
				return nil, bad(g.Line, "goal %d names the object %q, which neither the starter nor the solution makes: an object is named after the variable that holds it", i+1, g.Object)
			}
		}
	}
	return ex, nil
}

// mentions reports whether a Python program's text has the variable an object
// is named after: its name's first word ("total lock" is total's lock).
func mentions(program, object string) bool {
	word, _, _ := strings.Cut(object, " ")
	return regexp.MustCompile(`\b` + regexp.QuoteMeta(word) + `\b`).MatchString(program)
}

// parseRun reads the [run] table.
func parseRun(r runData, lines lineIndex, files Files, bad func(int, string, ...any) error) (Run, error) {
	line := lines.header("run")
	run := Run{Preset: r.Preset, Python: r.Python, Workers: r.Workers, Tasks: r.Tasks, Seed: r.Seed, TimeLimit: DefaultTimeLimit, YouSchedule: r.YouSchedule}
	switch {
	case r.Preset == "" && r.Python == "":
		return run, bad(line, "[run] names nothing to run: give `preset = \"NAME\"` (see `poolviz list`) or `python = \"FILE.py\"`")
	case r.Preset != "" && r.Python != "":
		return run, bad(line, "[run] gives both a preset and a Python program: give one")
	case r.Python != "" && r.YouSchedule:
		return run, bad(lines.key("run", "you_schedule"), "you_schedule is for a preset: a real program's processes are scheduled by its system")
	case r.Python != "" && (r.Workers != 0 || r.Tasks != 0 || r.Seed != 0):
		return run, bad(line, "[run] gives workers, tasks or seed to a Python program: those belong to presets (the program sets its own)")
	case r.Workers < 0 || r.Workers > 256:
		return run, bad(lines.key("run", "workers"), "workers = %d: allowed are 1 to 256", r.Workers)
	case r.Tasks < 0 || r.Tasks > 1000000:
		return run, bad(lines.key("run", "tasks"), "tasks = %d: allowed are 1 to 1000000", r.Tasks)
	}
	if r.TimeLimit != "" {
		d, err := time.ParseDuration(r.TimeLimit)
		if err != nil || d <= 0 || d > MaxTimeLimit {
			return run, bad(lines.key("run", "time_limit"), "time_limit = %q: allowed is a duration above 0 and at most %s, such as \"20s\"", r.TimeLimit, MaxTimeLimit)
		}
		run.TimeLimit = d
	}
	if r.Python != "" {
		if !strings.HasSuffix(r.Python, ".py") || strings.ContainsAny(r.Python, `/\`) {
			return run, bad(lines.key("run", "python"), "python = %q: allowed is the name of a .py file beside the exercise file", r.Python)
		}
		text, err := files.ReadFile(r.Python)
		if err != nil {
			return run, bad(lines.key("run", "python"), "the starter %q cannot be read: %s", r.Python, unwrapPath(err))
		}
		run.Starter = string(text)
	}
	return run, nil
}

// parsePredict reads the [predict] table.
func parsePredict(p *predictData, lines lineIndex, bad func(int, string, ...any) error) (*Prediction, error) {
	if p == nil {
		return nil, nil
	}
	line := lines.header("predict")
	switch {
	case strings.TrimSpace(p.Question) == "":
		return nil, bad(line, "[predict] has no question")
	case p.Answer == nil:
		return nil, bad(line, "[predict] has no answer: the right choice's number (1 for the first), or the right number")
	case len(p.Choices) == 1:
		return nil, bad(lines.key("predict", "choices"), "[predict] has one choice: give two or more, or none for a number")
	case len(p.Choices) > 9:
		return nil, bad(lines.key("predict", "choices"), "[predict] has %d choices: allowed are 2 to 9 (a key each)", len(p.Choices))
	case len(p.Choices) > 0 && (*p.Answer < 1 || *p.Answer > len(p.Choices)):
		return nil, bad(lines.key("predict", "answer"), "answer = %d: allowed are 1 to %d, the right choice's number", *p.Answer, len(p.Choices))
	}
	choices := make([]string, len(p.Choices))
	for i, c := range p.Choices {
		choices[i] = safetext.Line(c)
	}
	return &Prediction{Question: safetext.Line(strings.TrimSpace(p.Question)), Choices: choices, Answer: *p.Answer}, nil
}

// decodeError words a TOML decoding error with its line.
func decodeError(path string, err error) error {
	if se, ok := errors.AsType[*toml.StrictMissingError](err); ok && len(se.Errors) > 0 {
		e := se.Errors[0]
		row, _ := e.Position()
		return &Error{Path: path, Line: row, Msg: fmt.Sprintf("unknown key %q: allowed are %s", strings.Join(e.Key(), "."), allowedKeys(e.Key()))}
	}
	if de, ok := errors.AsType[*toml.DecodeError](err); ok {
		row, _ := de.Position()
		if key := strings.Join(de.Key(), "."); key != "" && strings.Contains(de.Error(), "cannot decode") {
			return &Error{Path: path, Line: row, Msg: fmt.Sprintf("%s has a value of the wrong kind: a number, a quoted string, true or false, or a list, as the README's example writes it", key)}
		}
		return &Error{Path: path, Line: row, Msg: "not valid TOML: " + de.Error()}
	}
	return &Error{Path: path, Msg: "not valid TOML: " + err.Error()}
}

// allowedKeys lists the keys allowed beside an unknown one.
func allowedKeys(key []string) string {
	if len(key) > 1 {
		switch key[0] {
		case "run":
			return "preset, python, workers, tasks, seed, time_limit, you_schedule"
		case "predict":
			return "question, choices, answer"
		case "goal":
			return "check, say, and the check's own keys (" + goalKeys + ")"
		}
	}
	return "version, title, lesson, hints, solution, [run], [predict], [[goal]]"
}

// lineIndex finds the lines of tables and keys in an exercise file, for
// messages: the TOML decoder reports lines only for what it cannot decode.
type lineIndex []string

var tableHeader = regexp.MustCompile(`^\s*\[\[?\s*([A-Za-z_]+)\s*\]\]?`)

func indexLines(data []byte) lineIndex { return strings.Split(string(data), "\n") }

// header returns the line of the table name's first header, or 0.
func (l lineIndex) header(name string) int { return l.table(name, 0) }

// table returns the line of the i-th header of table name (an array of
// tables has one per element), or 0.
func (l lineIndex) table(name string, i int) int {
	for n, line := range l {
		if m := tableHeader.FindStringSubmatch(line); m != nil && m[1] == name {
			if i == 0 {
				return n + 1
			}
			i--
		}
	}
	return 0
}

// key returns the line of key in table ("" for the top level), or the
// table's line when the key is not there.
func (l lineIndex) key(table, key string) int {
	from := 0 // the index of the first line after the table's header
	if table != "" {
		if from = l.header(table); from == 0 {
			return 0
		}
	}
	for n := from; n < len(l); n++ {
		if tableHeader.MatchString(l[n]) {
			break
		}
		if k, _, ok := strings.Cut(l[n], "="); ok && strings.TrimSpace(k) == key {
			return n + 1
		}
	}
	return from
}
