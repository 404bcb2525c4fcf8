package cli

import (
	"bytes"
	"strings"
	"testing"

	"poolviz/scenarios"
)

// runCLI calls Main as the command line would, returning its exit code and output.
func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestListNamesEveryPresetWithItsTitle(t *testing.T) {
	code, out, errs := runCLI("list")
	if code != exitOK || errs != "" {
		t.Fatalf("list: exit %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	all := scenarios.All()
	if len(lines) != len(all) {
		t.Fatalf("list printed %d lines for %d presets:\n%s", len(lines), len(all), out)
	}
	for i, sc := range all {
		if f := strings.Fields(lines[i]); len(f) == 0 || f[0] != sc.Name || !strings.Contains(lines[i], sc.Title) {
			t.Errorf("line %d is %q, want %s and its title %q", i+1, lines[i], sc.Name, sc.Title)
		}
	}
}

// TestBadCommandLines checks that every mistake exits 2 with a message on stderr
// saying what is allowed, and prints nothing on stdout.
func TestBadCommandLines(t *testing.T) {
	for _, tc := range []struct {
		args []string
		says []string
	}{
		{[]string{"run", "no-such-preset", "--headless"}, []string{`unknown scenario "no-such-preset"`, "choose one of shared-queue,"}},
		{[]string{"run", "lock", "--headless", "--workers", "0"}, []string{"workers 0 is out of range", "use 1 to 256"}},
		{[]string{"run", "lock", "--headless", "--workers", "257"}, []string{"workers 257 is out of range", "use 1 to 256"}},
		{[]string{"run", "lock", "--headless", "--tasks", "1000001"}, []string{"tasks 1000001 is out of range", "use 1 to 1000000"}},
		{[]string{"run", "lock", "--headless", "--tasks", "0"}, []string{"tasks 0 is out of range", "use 1 to 1000000"}},
		{[]string{"run", "lock", "--headless", "--speed", "0"}, []string{"speed 0 is out of range", "use 0.01 to 1000"}},
		{[]string{"run", "lock", "--headless", "--speed", "1e-9"}, []string{"speed 1e-09 is out of range", "use 0.01 to 1000"}},
		{[]string{"run", "lock", "--headless", "--speed", "NaN"}, []string{"speed NaN is out of range"}},
		{[]string{"list", "extra"}, []string{"list takes no arguments, got 1: [extra]"}},
		{[]string{"run", "lock", "--headless", "--speed", "-2"}, []string{"speed -2 is out of range", "use 0.01 to 1000"}},
		{[]string{"run", "lock", "--headless", "--speed", "5000"}, []string{"speed 5000 is out of range", "use 0.01 to 1000"}},
		{[]string{"run", "lock", "--headless", "--mode", "turbo"}, []string{`unknown mode "turbo"`, "use simulated or parallel"}},
		{[]string{"run", "lock", "--headless", "--bogus"}, []string{"flag provided but not defined: --bogus", "run -h"}},
		{[]string{"run", "lock", "--headless", "--workers", "many"}, []string{`--workers "many": use a whole number`}},
		{[]string{"run", "lock", "event", "--headless"}, []string{"run takes one scenario name, got 2"}},
		{[]string{"run", "lock", "--headless", "--light=pink"}, []string{`--light "pink": use true or false`}},
		{[]string{"frobnicate"}, []string{`unknown command "frobnicate"`, "use run, list or help"}},
	} {
		code, out, errs := runCLI(tc.args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", tc.args, code, exitUsage)
		}
		if out != "" {
			t.Errorf("%v: printed on stdout: %q", tc.args, out)
		}
		for _, s := range tc.says {
			if !strings.Contains(errs, s) {
				t.Errorf("%v: stderr %q does not say %q", tc.args, errs, s)
			}
		}
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"run", "-h"}} {
		code, out, errs := runCLI(args...)
		if code != exitOK || errs != "" || !strings.Contains(out, "poolviz run NAME --headless") {
			t.Errorf("%v: exit %d, stderr %q, stdout:\n%s", args, code, errs, out)
		}
	}
}

func tail(s string) string {
	if len(s) > 3000 {
		return "..." + s[len(s)-3000:]
	}
	return s
}
