package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"

	"poolviz/pool"
	"poolviz/pool/trace"
	"poolviz/tui"
)

// payload is what a crafted saved run hides in each of its strings: set the
// window title, write the clipboard, switch to the alternate screen, hide the
// cursor, clear the screen, an 8-bit CSI and a right-to-left override.
const payload = "\x1b]0;PWNED\x07\x1b]52;c;UFdORUQ=\x07\x1b[?1049h\x1b[?25l\x1b[2J\u009b7m\u202e"

// shownPayload is how a screen shows the start of payload: escaped, visible.
const shownPayload = `\x1b]0;PWNED\x07`

// craft writes a saved run of scenario name with payload added to every
// string of every event; traced makes it a traced program's run (version 3),
// with payload in its script's name, its Python version and its listing too.
// It returns the crafted file and, for comparison, the untouched one.
func craft(t *testing.T, name string, traced bool) (crafted, plain string) {
	t.Helper()
	dir := t.TempDir()
	plain = filepath.Join(dir, "plain.jsonl")
	if o := poolviz("export", name, "--events", plain); o.code != exitOK {
		t.Fatalf("export %s: %s", name, o.stderr)
	}
	h, evs, err := trace.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	add := func(s *string) {
		if *s != "" {
			*s += payload
		}
	}
	for i := range evs {
		ev := &evs[i]
		for _, s := range []*string{&ev.Object, &ev.Other, &ev.Label, &ev.Value, &ev.Err} {
			add(s)
		}
		vars := slices.Clone(ev.Vars)
		for j := range vars {
			add(&vars[j].Name)
			add(&vars[j].Value)
		}
		ev.Vars = vars
	}
	last := evs[len(evs)-1]
	evs = append(evs, pool.Event{Seq: last.Seq + 1, Time: last.Time, Kind: pool.KindOutput, Value: "printed " + payload})
	if traced {
		listing := "print('hello')\n# " + payload + "\r\n"
		sum := sha256.Sum256([]byte(listing))
		h = trace.Header{Source: trace.SourceTrace, Mode: "parallel", Script: "evil" + payload + ".py",
			Python: "3.12" + payload, Listing: listing, ScriptSHA256: hex.EncodeToString(sum[:])}
	}
	crafted = filepath.Join(dir, "crafted.jsonl")
	f, err := os.Create(crafted)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := trace.Write(f, h, evs); err != nil {
		t.Fatal(err)
	}
	return crafted, plain
}

// escapeShape matches one escape sequence as a terminal reads it: a CSI with
// its parameters, an OSC up to its end, or any other ESC and the byte after it.
var escapeShape = regexp.MustCompile(`\x1b\[[0-9;:?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x1b.?`)

// shapes returns the escape sequences of s with their numbers blanked: the
// kinds of sequence s sends, not the colours or positions.
func shapes(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range escapeShape.FindAllString(s, -1) {
		out[regexp.MustCompile(`[0-9]+`).ReplaceAllString(m, "n")] = true
	}
	return out
}

// checkSafe fails the test if out, what a path printed for a crafted run,
// sends a sequence of a kind the same path never sends for the plain run
// (want: the app's own styling), or a BEL or an 8-bit CSI, or if it does not
// show the payload escaped.
func checkSafe(t *testing.T, path, out string, want map[string]bool) {
	t.Helper()
	for s := range shapes(out) {
		if !want[s] {
			t.Errorf("%s sends %q, which the app never sends itself", path, s)
		}
	}
	if strings.ContainsAny(out, "\x07\u009b\u202e") {
		t.Errorf("%s prints a BEL, an 8-bit CSI or a right-to-left override raw", path)
	}
	if !strings.Contains(escapeShape.ReplaceAllString(out, ""), shownPayload) {
		t.Errorf("%s does not show the crafted strings escaped (%q)", path, shownPayload)
	}
}

// TestCraftedRunCannotReachTheTerminal plays saved runs whose every string
// holds escape sequences (presets' runs and traced programs' runs) through
// every path that prints them: replay --headless, the viewer (offscreen, as
// replay draws it), a recording of that viewer, and export. None lets an
// escape sequence through: each shows it as text.
func TestCraftedRunCannotReachTheTerminal(t *testing.T) {
	for _, name := range []string{"shared-log", "broken-initializer", "deadlock-lock-order"} {
		for _, traced := range []bool{false, true} {
			t.Run(name+map[bool]string{true: "-traced"}[traced], func(t *testing.T) {
				crafted, plain := craft(t, name, traced)
				o := poolviz("replay", "--headless", crafted)
				if o.code == exitUsage || o.stderr != "" {
					t.Fatalf("replay --headless: exit %d, %q", o.code, o.stderr)
				}
				checkSafe(t, "replay --headless", o.stdout, nil)

				screens := func(path string) (string, string) {
					run, err := loadRun(path)
					if err != nil {
						t.Fatal(err)
					}
					sn := scene{run: run.run, screen: tui.Screen{Width: 120, Height: 40, Profile: colorprofile.TrueColor},
						opts:   tui.Options{Session: run.session()},
						script: tui.Script{FPS: 2, Duration: 8 * time.Second, Keys: []tui.KeyAt{{At: 7 * time.Second, Key: "v"}}}}
					var cast bytes.Buffer
					if err := record(&cast, sn); err != nil {
						t.Fatal(err)
					}
					var frames strings.Builder
					sn.opts.Session = run.session()
					off, err := tui.NewOffscreen(sn.opts, sn.screen)
					if err != nil {
						t.Fatal(err)
					}
					defer off.Close()
					if err := off.Play(sn.script, func(int, time.Duration) error {
						frames.WriteString(off.Render())
						return nil
					}); err != nil {
						t.Fatal(err)
					}
					var data strings.Builder
					for _, ev := range readCast(t, cast.Bytes(), 120, 40) {
						data.WriteString(ev.data)
					}
					return frames.String(), data.String()
				}
				plainFrames, plainCast := screens(plain)
				frames, cast := screens(crafted)
				checkSafe(t, "the viewer", frames, shapes(plainFrames))
				checkSafe(t, "record", cast, shapes(plainCast))

				dir := t.TempDir()
				out := poolviz("export", "--from", crafted, "--trace", filepath.Join(dir, "t.json"), "--events", filepath.Join(dir, "e.jsonl"))
				if out.code != exitOK || out.stdout != "" || out.stderr != "" {
					t.Fatalf("export: exit %d, %q, %q", out.code, out.stdout, out.stderr)
				}
				for _, f := range []string{"t.json", "e.jsonl"} {
					b, err := os.ReadFile(filepath.Join(dir, f))
					if err != nil {
						t.Fatal(err)
					}
					if bytes.ContainsAny(b, "\x1b\x07\u009b") {
						t.Errorf("export wrote an escape sequence raw into %s", f)
					}
				}
			})
		}
	}
}

// TestCraftedErrorsAreEscaped gives replay saved runs whose header or event
// kind, quoted in the error, holds escape sequences: the message shows them
// escaped.
func TestCraftedErrorsAreEscaped(t *testing.T) {
	good := exported(t, "shared-queue")
	for name, edit := range map[string][2]string{
		"scenario": {`"shared-queue"`, `"\u001b]0;PWNED\u0007"`},
		"mode":     {`"simulated"`, `"\u001b]0;PWNED\u0007"`},
		"kind":     {`"kind":"pool-created"`, `"kind":"\u001b]0;PWNED\u0007"`},
	} {
		lines := slices.Clone(good)
		for i := range lines {
			if strings.Contains(lines[i], edit[0]) {
				lines[i] = strings.Replace(lines[i], edit[0], edit[1], 1)
				break
			}
		}
		path := filepath.Join(t.TempDir(), "bad.jsonl")
		if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
			t.Fatal(err)
		}
		o := poolviz("replay", "--headless", path)
		if o.code != exitUsage || strings.ContainsAny(o.stderr+o.stdout, "\x1b\x07") || !strings.Contains(o.stderr, "PWNED") {
			t.Errorf("%s: exit %d, stderr %q: want exit 2 and the sequence escaped", name, o.code, o.stderr)
		}
	}
}
