package exercise

import (
	"fmt"
	"regexp"
	"strings"

	"poolviz/internal/safetext"
	"poolviz/pool"
)

// Goal is one goal of an exercise: a check from the closed vocabulary that
// Checks lists, with its arguments.
type Goal struct {
	Check string
	// Say is what the goal says on screen: the file's words, or the check's.
	Say  string
	Line int // its [[goal]] line in the file
	// The check's arguments; each check uses the ones Checks names.
	Text     string
	As       string // "finished", "deadlock" or "failed"
	Name     string // a global's name
	Value    string // a global's value; AnyValue when any will do
	Event    pool.Kind
	Object   string
	Min, Max int
	Expect   string // "some" or "none"
}

// AnyValue is a global goal's Value when the file gives none: any value will do.
const AnyValue = "\x00any"

// CheckInfo describes one check of the vocabulary.
type CheckInfo struct {
	Name  string
	Keys  string // the keys it takes, "" for none
	About string
}

// Checks returns the closed vocabulary of goals, in the order the README lists them.
func Checks() []CheckInfo {
	return []CheckInfo{
		{"output-contains", "text", "a line main printed contains text"},
		{"output-ends-with", "text", "what main printed ends with text"},
		{"ends", "as", `the run ends as "finished", "deadlock" or "failed"`},
		{"initializer-once", "", "every worker ran its initializer exactly once per generation"},
		{"global", "name, value (optional)", "every worker's initializer left the global name (with that repr)"},
		{"count", "event, object (optional), min, max (at least one)", "the events of a kind (on an object) number from min to max"},
		{"max-holders", "object, max", "at most max processes hold the lock or semaphore at once"},
		{"no-lost-update", "object", "no write to the Value overwrote a write its writer had not read"},
		{"out-of-order", "", "some result arrived before a result submitted earlier"},
		{"replacement-work", "expect", `"some" or "none" of the tasks ran on a replacement worker`},
	}
}

// goalKeys names every key a goal may carry, for messages.
const goalKeys = "text, as, name, value, event, object, min, max, expect"

// goalData is the TOML layout of a [[goal]].
type goalData struct {
	Check  string  `toml:"check"`
	Say    string  `toml:"say"`
	Text   *string `toml:"text"`
	As     *string `toml:"as"`
	Name   *string `toml:"name"`
	Value  *string `toml:"value"`
	Event  *string `toml:"event"`
	Object *string `toml:"object"`
	Min    *int    `toml:"min"`
	Max    *int    `toml:"max"`
	Expect *string `toml:"expect"`
}

// given lists the argument keys a goal's data carries.
func (g goalData) given() []string {
	var keys []string
	for _, k := range []struct {
		name string
		set  bool
	}{{"text", g.Text != nil}, {"as", g.As != nil}, {"name", g.Name != nil}, {"value", g.Value != nil},
		{"event", g.Event != nil}, {"object", g.Object != nil}, {"min", g.Min != nil}, {"max", g.Max != nil},
		{"expect", g.Expect != nil}} {
		if k.set {
			keys = append(keys, k.name)
		}
	}
	return keys
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_ ]*$`)

// parseGoal checks one [[goal]] and returns it.
func parseGoal(g goalData, line int) (Goal, error) {
	goal := Goal{Check: g.Check, Say: safetext.Line(strings.TrimSpace(g.Say)), Line: line, Value: AnyValue, Max: -1}
	var info *CheckInfo
	all := Checks()
	for i := range all {
		if all[i].Name == g.Check {
			info = &all[i]
		}
	}
	if info == nil {
		names := make([]string, len(all))
		for i, c := range all {
			names[i] = c.Name
		}
		if g.Check == "" {
			return goal, fmt.Errorf("no check: give `check = \"NAME\"`, one of %s", strings.Join(names, ", "))
		}
		return goal, fmt.Errorf("unknown check %q: allowed are %s", g.Check, strings.Join(names, ", "))
	}
	for _, k := range g.given() {
		if !strings.Contains(info.Keys, k) {
			takes := "no keys"
			if info.Keys != "" {
				takes = info.Keys
			}
			return goal, fmt.Errorf("check %q does not take %q: it takes %s", g.Check, k, takes)
		}
	}
	need := func(p *string, key string) (string, error) {
		if p == nil || strings.TrimSpace(*p) == "" {
			return "", fmt.Errorf("check %q needs %s", g.Check, key)
		}
		return *p, nil
	}
	var err error
	switch g.Check {
	case "output-contains", "output-ends-with":
		goal.Text, err = need(g.Text, "text")
	case "ends":
		if goal.As, err = need(g.As, `as = "finished", "deadlock" or "failed"`); err == nil && goal.As != "finished" && goal.As != "deadlock" && goal.As != "failed" {
			err = fmt.Errorf(`as = %q: allowed are "finished", "deadlock" and "failed"`, goal.As)
		}
	case "global":
		goal.Name, err = need(g.Name, "name, the global's name")
		if g.Value != nil {
			goal.Value = *g.Value
		}
	case "count":
		err = parseCount(&goal, g)
	case "max-holders":
		if goal.Object, err = need(g.Object, "object"); err == nil {
			if g.Max == nil || *g.Max < 1 {
				err = fmt.Errorf("check %q needs max, 1 or more", g.Check)
			} else {
				goal.Max = *g.Max
			}
		}
	case "no-lost-update":
		goal.Object, err = need(g.Object, "object, the Value's name")
	case "replacement-work":
		if goal.Expect, err = need(g.Expect, `expect = "some" or "none"`); err == nil && goal.Expect != "some" && goal.Expect != "none" {
			err = fmt.Errorf(`expect = %q: allowed are "some" and "none"`, goal.Expect)
		}
	}
	if err == nil && goal.Object != "" && !identifier.MatchString(goal.Object) {
		err = fmt.Errorf("object = %q: allowed is an object's name as poolviz shows it (the variable that holds it)", goal.Object)
	}
	if goal.Say == "" {
		goal.Say = safetext.Line(goal.worded()) // it quotes the file's text
	}
	return goal, err
}

// parseCount reads a count goal's event, object and bounds.
func parseCount(goal *Goal, g goalData) error {
	if g.Event == nil {
		return fmt.Errorf(`check "count" needs event, an event kind such as "acquire-granted" or "queue-put"`)
	}
	k, ok := pool.ParseKind(*g.Event)
	if !ok || k == pool.KindNone {
		return fmt.Errorf("event = %q: allowed are the event kinds of a saved run: %s", *g.Event, kindNames())
	}
	goal.Event = k
	if g.Object != nil {
		goal.Object = *g.Object
	}
	if g.Min == nil && g.Max == nil {
		return fmt.Errorf(`check "count" needs min, max or both`)
	}
	if g.Min != nil {
		goal.Min = *g.Min
	}
	if g.Max != nil {
		goal.Max = *g.Max
	}
	if goal.Min < 0 || (goal.Max >= 0 && goal.Max < goal.Min) || (g.Max != nil && *g.Max < 0) {
		return fmt.Errorf("min %d, max %d: allowed are 0 <= min <= max", goal.Min, goal.Max)
	}
	return nil
}

// kindNames lists the event kinds a count goal may name.
func kindNames() string {
	names := make([]string, 0, pool.NumKinds)
	for k := pool.Kind(1); int(k) < pool.NumKinds; k++ {
		names = append(names, k.String())
	}
	return strings.Join(names, ", ")
}

// worded is what a goal says when the file gives no words.
func (g Goal) worded() string {
	switch g.Check {
	case "output-contains":
		return fmt.Sprintf("main prints %q", g.Text)
	case "output-ends-with":
		return fmt.Sprintf("main's output ends with %q", g.Text)
	case "ends":
		return map[string]string{"finished": "the program finishes", "deadlock": "the program deadlocks", "failed": "the program fails"}[g.As]
	case "initializer-once":
		return "every worker runs its initializer exactly once"
	case "global":
		if g.Value != AnyValue {
			return fmt.Sprintf("every worker's %s is %s", g.Name, g.Value)
		}
		return fmt.Sprintf("every worker has its own %s", g.Name)
	case "count":
		on := ""
		if g.Object != "" {
			on = " on " + g.Object
		}
		switch {
		case g.Max < 0:
			return fmt.Sprintf("at least %d %s%s", g.Min, g.Event, on)
		case g.Min == g.Max:
			return fmt.Sprintf("exactly %d %s%s", g.Min, g.Event, on)
		}
		return fmt.Sprintf("%d to %d %s%s", g.Min, g.Max, g.Event, on)
	case "max-holders":
		return fmt.Sprintf("at most %d hold %s at once", g.Max, g.Object)
	case "no-lost-update":
		return fmt.Sprintf("no update of %s is lost", g.Object)
	case "out-of-order":
		return "results arrive out of submission order"
	case "replacement-work":
		if g.Expect == "none" {
			return "no task runs on a replacement worker"
		}
		return "some task runs on a replacement worker"
	}
	return g.Check
}
