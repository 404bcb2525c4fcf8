package exercise

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

// files is an in-memory folder of the files an exercise names.
type files map[string]string

func (f files) ReadFile(name string) ([]byte, error) {
	if text, ok := f[name]; ok {
		return []byte(text), nil
	}
	return nil, fmt.Errorf("open %s: no such file", name)
}

const goodFile = `version = 1
title = "Share a queue"
lesson = "One queue for all."
hints = ["first", "second"]
solution = "s.py"

[run]
python = "p.py"
time_limit = "5s"

[predict]
question = "What happens?"
choices = ["a", "b"]
answer = 2

[[goal]]
check = "ends"
as = "finished"

[[goal]]
check = "count"
event = "queue-put"
object = "answers"
min = 6
`

var goodFiles = files{"p.py": "answers = 1\n", "s.py": "answers = 2\n"}

func TestParseAGoodFile(t *testing.T) {
	ex, err := Parse("ex.toml", []byte(goodFile), goodFiles)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Name != "ex" || ex.Run.Python != "p.py" || ex.Run.Starter != "answers = 1\n" || ex.Solution != "answers = 2\n" ||
		ex.Run.TimeLimit.Seconds() != 5 || ex.Predict.Answer != 2 || len(ex.Goals) != 2 || len(ex.Hints) != 2 {
		t.Errorf("parsed %+v", ex)
	}
	if g := ex.Goals[1]; g.Line != 20 || g.Min != 6 || g.Max != -1 || g.Say != "at least 6 queue-put on answers" {
		t.Errorf("goal %+v", g)
	}
}

// TestParseRefusesWithTheLine checks that each mistake names the file, the
// line and what is allowed.
func TestParseRefusesWithTheLine(t *testing.T) {
	cases := []struct {
		name, from, to string
		line           int
		want           string
	}{
		{"future version", "version = 1", "version = 7", 1, "this poolviz reads version 1"},
		{"no version", "version = 1", "", 1, "no version"},
		{"bad toml", `lesson = "One queue for all."`, `lesson = "One queue`, 3, "not valid TOML"},
		{"unknown key", `lesson = "One queue for all."`, `lessons = "x"`, 3, `unknown key "lessons": allowed are version, title`},
		{"unknown run key", `time_limit = "5s"`, `timeout = "5s"`, 9, `unknown key "run.timeout": allowed are preset, python`},
		{"unknown goal", `check = "ends"`, `check = "finishes"`, 16, `goal 1: unknown check "finishes": allowed are output-contains`},
		{"key of another check", `as = "finished"`, `as = "finished"` + "\ntext = \"x\"", 16, `check "ends" does not take "text": it takes as`},
		{"bad as", `as = "finished"`, `as = "done"`, 16, `as = "done": allowed are "finished", "deadlock" and "failed"`},
		{"unknown event", `event = "queue-put"`, `event = "put"`, 20, `event = "put": allowed are the event kinds of a saved run: pool-created`},
		{"missing starter", `python = "p.py"`, `python = "missing.py"`, 8, `the starter "missing.py" cannot be read`},
		{"starter in a folder", `python = "p.py"`, `python = "../p.py"`, 8, "allowed is the name of a .py file beside the exercise file"},
		{"missing solution", `solution = "s.py"`, `solution = "gone.py"`, 5, `solution "gone.py" cannot be read`},
		{"both", `python = "p.py"`, "python = \"p.py\"\npreset = \"lock-race\"", 7, "gives both a preset and a Python program"},
		{"nothing to run", `python = "p.py"`, "", 7, "names nothing to run"},
		{"bad time limit", `time_limit = "5s"`, `time_limit = "forever"`, 9, `time_limit = "forever": allowed is a duration above 0`},
		{"answer out of range", "answer = 2", "answer = 3", 14, "answer = 3: allowed are 1 to 2"},
		{"object the program never names", `object = "answers"`, `object = "results"`, 20, `names the object "results", which neither the starter nor the solution makes`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(goodFile, c.from) {
				t.Fatalf("the good file has no %q", c.from)
			}
			text := strings.Replace(goodFile, c.from, c.to, 1)
			_, err := Parse("ex.toml", []byte(text), goodFiles)
			fe, ok := errors.AsType[*Error](err)
			if !ok {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if fe.Line != c.line || !strings.Contains(fe.Msg, c.want) || !strings.HasPrefix(err.Error(), fmt.Sprintf("ex.toml:%d: ", c.line)) {
				t.Errorf("err = %q (line %d), want line %d and %q", err, fe.Line, c.line, c.want)
			}
		})
	}
}

// FuzzParse feeds the parser any bytes: it returns an exercise or an *Error,
// and never panics.
func FuzzParse(f *testing.F) {
	f.Add([]byte(goodFile))
	f.Add([]byte("version = 1\n[[goal]]\ncheck = 3\n"))
	f.Add([]byte("[run\n"))
	f.Add([]byte("version = 1\ntitle = \"t\"\n[run]\npreset = \"x\"\n[[goal]]\ncheck = \"count\"\nevent = \"queue-put\"\nmin = -1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ex, err := Parse("f.toml", data, goodFiles)
		if err == nil && (ex == nil || len(ex.Goals) == 0) {
			t.Fatalf("no error, but exercise %+v", ex)
		}
		if _, ok := errors.AsType[*Error](err); err != nil && !ok {
			t.Fatalf("err %v is not an *Error", err)
		}
	})
}

// TestTheREADMEExampleParses keeps the README's complete example true: it is
// the first TOML block of the section on writing an exercise.
func TestTheREADMEExampleParses(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "### Writing an exercise")
	if !ok {
		t.Fatal("the README has no section on writing an exercise")
	}
	_, rest, _ = strings.Cut(rest, "```toml\n")
	block, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("the section has no TOML block")
	}
	ex, err := Parse("README.md", []byte(block), files{"lost_update.py": "total = 0", "lost_update_solution.py": "total = 0"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Goals) != 3 || ex.Predict == nil || len(ex.Hints) != 2 {
		t.Errorf("parsed %+v", ex)
	}
}

// TestUntrustedTextIsEscaped: an exercise file's words reach the terminal
// escaped: a title, a hint, a goal's words, a choice.
func TestUntrustedTextIsEscaped(t *testing.T) {
	text := strings.NewReplacer(`title = "Share a queue"`, "title = \"Share\\u001b]0;owned\\u0007\"",
		`"first"`, "\"\\u001b[2J\"", `check = "ends"`, "check = \"ends\"\nsay = \"\\u001b[?1049h\"",
		`choices = ["a", "b"]`, "choices = [\"\\u001b[31m\", \"b\"]").Replace(goodFile)
	ex, err := Parse("ex.toml", []byte(text), goodFiles)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{ex.Title, ex.Hints[0], ex.Goals[0].Say, ex.Predict.Choices[0]} {
		if strings.ContainsRune(s, 0x1b) || strings.ContainsRune(s, 0x07) {
			t.Errorf("%q reaches the terminal raw", s)
		}
	}
}
