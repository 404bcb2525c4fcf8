package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// parse parses args with fs, allowing flags before and after positional
// arguments ("run shared-queue --headless"), and returns the positionals and
// the names of the flags that were set. A mistake is a usage error in the
// command line's own words, with flags written as the help and the README
// write them (--workers, -o): the flag package's messages write one dash,
// and say only "parse error" of a value that does not parse.
func parse(fs *flag.FlagSet, args []string) ([]string, map[string]bool, error) {
	fs.SetOutput(io.Discard)
	badValue := explainValues(fs)
	var pos []string
	for {
		if err := parseOnce(fs, args, badValue); err != nil {
			return nil, nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return pos, set, nil
}

// parseHead parses the flags of args up to the first positional argument,
// which it returns with everything after it, untouched: the arguments of a
// program the command runs.
func parseHead(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	if err := parseOnce(fs, args, explainValues(fs)); err != nil {
		return nil, err
	}
	return fs.Args(), nil
}

// parseOnce parses args with fs once, turning a mistake into a usage error in
// the command line's own words; badValue is explainValues' explanation.
func parseOnce(fs *flag.FlagSet, args []string, badValue *string) error {
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	msg := *badValue
	if msg == "" {
		msg = flagMistake(fs, args)
	}
	if msg == "" { // not expected: the flag package refused what flagMistake takes
		msg = err.Error()
	}
	return usagef("%s (see '%s -h')", msg, fs.Name())
}

// explainValues makes each flag of fs, on a value that does not parse, write
// what the flag takes into the string it returns, such as
// `--workers "many": use a whole number`.
func explainValues(fs *flag.FlagSet) *string {
	msg := new(string)
	fs.VisitAll(func(f *flag.Flag) {
		f.Value = explainedValue{Value: f.Value, name: f.Name, want: wantFor(f), msg: msg}
	})
	return msg
}

// explainedValue is a flag's value that explains a value it cannot take.
type explainedValue struct {
	flag.Value
	name, want string  // the flag's name and what it takes
	msg        *string // where the explanation goes
}

// Set sets the value, or explains why it cannot.
func (v explainedValue) Set(s string) error {
	if err := v.Value.Set(s); err != nil {
		*v.msg = fmt.Sprintf("%s %q: %s", dashed(v.name), s, v.want)
		return errors.New(v.want)
	}
	return nil
}

// IsBoolFlag says whether the flag takes no value, as the flag package asks.
func (v explainedValue) IsBoolFlag() bool { return takesNoValue(v.Value) }

// Get returns the value, as a flag.Getter does.
func (v explainedValue) Get() any {
	if g, ok := v.Value.(flag.Getter); ok {
		return g.Get()
	}
	return nil
}

// wantFor says what a flag takes, from the type of its value.
func wantFor(f *flag.Flag) string {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return "see the flag's help"
	}
	switch g.Get().(type) {
	case int, int64:
		return "use a whole number"
	case uint, uint64:
		return "use a whole number, 0 or more"
	case float64:
		return "use a number, such as 2 or 0.5"
	case bool:
		return "use true or false"
	case time.Duration:
		return "use a duration, such as 1.5s"
	}
	return "see the flag's help"
}

// flagMistake says what is wrong with the first flag in args that fs cannot
// take, other than its value: a flag it does not define, one that needs a
// value and has none, or one badly written. It reads args as the flag package
// does: flags up to the first other argument or "--", each with its value
// after "=" or, unless it is a boolean flag, in the next argument. It returns
// "" if it finds nothing wrong.
func flagMistake(fs *flag.FlagSet, args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			return ""
		}
		written := strings.TrimPrefix(a[1:], "-")
		if written == "" || written[0] == '-' || written[0] == '=' {
			return "bad flag syntax: " + a
		}
		name, _, hasValue := strings.Cut(written, "=")
		f := fs.Lookup(name)
		switch {
		case f == nil:
			return "flag provided but not defined: " + dashed(name)
		case hasValue || takesNoValue(f.Value):
		case i+1 < len(args):
			i++ // the value
		default:
			return "flag needs an argument: " + dashed(name)
		}
	}
	return ""
}

// dashed writes a flag's name as the help does: -o with one dash, --workers
// with two.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// takesNoValue says whether a flag's value is a boolean flag's, which needs
// no value after the flag.
func takesNoValue(v flag.Value) bool {
	b, ok := v.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
