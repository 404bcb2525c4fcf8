package cli

import (
	"errors"
	"flag"
	"io"
	"slices"
	"testing"
)

// testFlags is a flag set with a flag of each kind the commands use.
func testFlags() (*flag.FlagSet, *int, *bool, *string) {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	n := fs.Int("workers", 0, "")
	b := fs.Bool("headless", false, "")
	fs.Uint64("seed", 0, "")
	fs.Float64("speed", 0, "")
	o := fs.String("o", "", "")
	return fs, n, b, o
}

func TestParseTakesFlagsAroundPositionals(t *testing.T) {
	fs, n, b, o := testFlags()
	pos, set, err := parse(fs, []string{"-o", "a.cast", "lock", "--headless", "--workers=3", "more", "--", "--workers"})
	if err != nil {
		t.Fatal(err)
	}
	if *n != 3 || !*b || *o != "a.cast" {
		t.Errorf("workers %d, headless %v, o %q", *n, *b, *o)
	}
	if want := []string{"lock", "more", "--workers"}; !slices.Equal(pos, want) {
		t.Errorf("positionals %q, want %q", pos, want)
	}
	if len(set) != 3 || !set["o"] || !set["headless"] || !set["workers"] {
		t.Errorf("set %v, want o, headless and workers", set)
	}
}

// TestParseSaysWhatIsWrong checks each mistake's message, in the help's words.
func TestParseSaysWhatIsWrong(t *testing.T) {
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"--workers", "many"}, `--workers "many": use a whole number (see 'demo -h')`},
		{[]string{"lock", "-workers=1.5"}, `--workers "1.5": use a whole number (see 'demo -h')`},
		{[]string{"--seed", "-1"}, `--seed "-1": use a whole number, 0 or more (see 'demo -h')`},
		{[]string{"--speed", "fast"}, `--speed "fast": use a number, such as 2 or 0.5 (see 'demo -h')`},
		{[]string{"--headless=pink"}, `--headless "pink": use true or false (see 'demo -h')`},
		{[]string{"--workers", `a"b`}, `--workers "a\"b": use a whole number (see 'demo -h')`},
		{[]string{"--bogus"}, "flag provided but not defined: --bogus (see 'demo -h')"},
		{[]string{"lock", "-x=1"}, "flag provided but not defined: -x (see 'demo -h')"},
		{[]string{"--headless", "--workers"}, "flag needs an argument: --workers (see 'demo -h')"},
		{[]string{"lock", "-o"}, "flag needs an argument: -o (see 'demo -h')"},
		{[]string{"---workers"}, "bad flag syntax: ---workers (see 'demo -h')"},
		{[]string{"--=3"}, "bad flag syntax: --=3 (see 'demo -h')"},
	} {
		fs, _, _, _ := testFlags()
		_, _, err := parse(fs, tc.args)
		if _, ok := errors.AsType[usageError](err); !ok || err.Error() != tc.says {
			t.Errorf("%q: error %v, want the usage error %q", tc.args, err, tc.says)
		}
	}
}

func TestParseAsksForHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"lock", "--help"}, {"--workers", "2", "-help"}} {
		fs, _, _, _ := testFlags()
		if _, _, err := parse(fs, args); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%q: error %v, want flag.ErrHelp", args, err)
		}
	}
}

// FuzzFlagMistake checks that flagMistake reads arguments as the flag package
// does: it finds a mistake exactly when the flag package refuses a command
// line for something other than a value. Its seeds run in every plain go test.
func FuzzFlagMistake(f *testing.F) {
	f.Add("--workers", "3", "lock")
	f.Add("--headless", "--bogus", "x")
	f.Add("-o", "--", "--workers")
	f.Add("---x", "-=", "-")
	f.Add("--headless=false", "--workers", "")
	f.Add("lock", "--bogus", "-h")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		args := []string{a, b, c}
		fs, _, _, _ := testFlags()
		fs.SetOutput(io.Discard)
		badValue := explainValues(fs)
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) || *badValue != "" {
			return
		}
		if got := flagMistake(fs, args); (err != nil) != (got != "") {
			t.Errorf("%q: the flag package says %v, flagMistake says %q", args, err, got)
		}
	})
}
