package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// outcome is what a command line did.
type outcome struct {
	code           int
	stdout, stderr string
}

// poolviz runs a command line in-process.
func poolviz(args ...string) outcome {
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return outcome{code, out.String(), errb.String()}
}

// ok fails the test unless the command exited 0 with nothing on stderr.
func (o outcome) ok(t *testing.T, args ...string) outcome {
	t.Helper()
	if o.code != exitOK || o.stderr != "" {
		t.Fatalf("%v: exit %d, stderr %q", args, o.code, o.stderr)
	}
	return o
}

// demoKeys are the keys of the README's example recording.
const demoKeys = "0s:space,2s:space,4s:right,4.5s:right,5s:left,6s:space,8s:+"

// castEvent is one [time, "o", data] line of a recording.
type castEvent struct {
	at   float64
	data string
}

// readCast checks that data is an asciicast v2 recording of a w x h screen: a
// header line, then [time, "o", data] lines with times that never decrease.
func readCast(t *testing.T, data []byte, w, h int) []castEvent {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	var hd map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &hd); err != nil {
		t.Fatalf("header line: %v", err)
	}
	if hd["version"] != 2.0 || hd["width"] != float64(w) || hd["height"] != float64(h) {
		t.Fatalf("header %v, want version 2, %dx%d", hd, w, h)
	}
	if _, ok := hd["timestamp"]; ok {
		t.Error("the header has a timestamp: two recordings would differ")
	}
	var evs []castEvent
	for i, l := range lines[1:] {
		var ev []any
		if err := json.Unmarshal([]byte(l), &ev); err != nil || len(ev) != 3 {
			t.Fatalf("line %d is not [time, code, data]: %v: %.80s", i+2, err, l)
		}
		at, ok1 := ev[0].(float64)
		code, ok2 := ev[1].(string)
		out, ok3 := ev[2].(string)
		if !ok1 || !ok2 || !ok3 || code != "o" {
			t.Fatalf("line %d is not [number, \"o\", string]: %.80s", i+2, l)
		}
		if len(evs) > 0 && at < evs[len(evs)-1].at {
			t.Fatalf("line %d goes back in time: %g after %g", i+2, at, evs[len(evs)-1].at)
		}
		evs = append(evs, castEvent{at, out})
	}
	if len(evs) == 0 {
		t.Fatal("the recording has no output")
	}
	return evs
}

// drawLine is how a recording draws a line: move there, reset the style.
var drawLine = regexp.MustCompile(`\x1b\[(\d+);1H\x1b\[0m`)

// screenAt rebuilds the screen a recording shows at virtual time at, line by
// line (the recorder draws whole lines).
func screenAt(t *testing.T, evs []castEvent, at time.Duration, h int) string {
	t.Helper()
	screen := make([]string, h)
	for _, ev := range evs {
		if ev.at > at.Seconds()+1e-9 {
			break
		}
		marks := drawLine.FindAllStringSubmatchIndex(ev.data, -1)
		for i, m := range marks {
			row, _ := strconv.Atoi(ev.data[m[2]:m[3]])
			end := len(ev.data)
			if i+1 < len(marks) {
				end = marks[i+1][0]
			}
			if row < 1 || row > h {
				t.Fatalf("a line drawn at row %d of %d", row, h)
			}
			screen[row-1] = strings.TrimSuffix(strings.TrimSuffix(ev.data[m[1]:end], "\x1b[0m\x1b[?25h"), "\x1b[K")
		}
	}
	return strings.Join(screen, "\n")
}

func recordTo(t *testing.T, path string, args ...string) []byte {
	t.Helper()
	args = append([]string{"record", "-o", path}, args...)
	poolviz(args...).ok(t, args...)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestRecordingIsByteIdenticalAndFrameExact records the same scenario twice:
// the files are the same bytes, parse as asciicast v2, and show at each time
// the screen 'poolviz frame' prints for it.
func TestRecordingIsByteIdenticalAndFrameExact(t *testing.T) {
	dir := t.TempDir()
	flags := []string{"shared-queue", "--keys", demoKeys, "--size", "100x30", "--seed", "3"}
	a := recordTo(t, filepath.Join(dir, "a.cast"), append(flags, "--duration", "9s")...)
	b := recordTo(t, filepath.Join(dir, "b.cast"), append(flags, "--duration", "9s")...)
	if !bytes.Equal(a, b) {
		t.Fatal("two recordings of the same run differ")
	}
	evs := readCast(t, a, 100, 30)
	if last := evs[len(evs)-1]; last.at != 9 {
		t.Errorf("the recording ends at %gs, want 9s", last.at)
	}
	if frames := len(evs); frames < 20 || frames > 9*30 {
		t.Errorf("%d events for 271 frames: unchanged frames must be skipped, changed ones kept", frames)
	}
	for _, at := range []string{"0s", "1s", "2.5s", "4.6s", "5s", "7.3s", "9s"} {
		d, _ := time.ParseDuration(at)
		// frame refuses keys after --at: it gets those up to then.
		fflags := slices.Clone(flags)
		fflags[2] = keysUpTo(t, demoKeys, d)
		f := poolviz(append([]string{"frame", "--at", at}, fflags...)...)
		f.ok(t, "frame", at)
		if want, got := strings.TrimSuffix(f.stdout, "\n"), screenAt(t, evs, d, 30); got != want {
			t.Errorf("at %s the recording shows\n%s\nand frame prints\n%s", at, ansi.Strip(got), ansi.Strip(want))
		}
	}
	other := recordTo(t, filepath.Join(dir, "c.cast"), append(flags[:len(flags)-1], "4", "--duration", "9s")...)
	if bytes.Equal(a, other) {
		t.Error("another seed gave the same recording")
	}
}

// keysUpTo returns the items of the key script keys pressed at or before at.
func keysUpTo(t *testing.T, keys string, at time.Duration) string {
	t.Helper()
	var kept []string
	for item := range strings.SplitSeq(keys, ",") {
		when, _, _ := strings.Cut(item, ":")
		d, err := time.ParseDuration(when)
		if err != nil {
			t.Fatal(err)
		}
		if d <= at {
			kept = append(kept, item)
		}
	}
	return strings.Join(kept, ",")
}

func TestRecordWithoutColor(t *testing.T) {
	data := recordTo(t, filepath.Join(t.TempDir(), "a.cast"), "deadlock-lock-order", "--duration", "4s", "--no-color")
	evs := readCast(t, data, 100, 30)
	for _, ev := range evs {
		if strings.Contains(ev.data, "38;2;") || strings.Contains(ev.data, "48;2;") {
			t.Fatalf("--no-color recorded colours: %q", ev.data)
		}
	}
	if s := ansi.Strip(screenAt(t, evs, 4*time.Second, 30)); !strings.Contains(s, "DEADLOCK") {
		t.Errorf("the deadlock is not on the last screen:\n%s", s)
	}
}

// TestAsciinemaPlaysTheRecording asks asciinema itself, where it is installed,
// to print a recording. 'asciinema cat' needs a terminal: util-linux's script
// gives it one.
func TestAsciinemaPlaysTheRecording(t *testing.T) {
	for _, tool := range []string{"asciinema", "script"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the recording is checked by readCast only (apt-get install asciinema)", tool)
		}
	}
	path := filepath.Join(t.TempDir(), "a.cast")
	recordTo(t, path, "shared-queue", "--duration", "8s", "--keys", demoKeys)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "script", "-qec", "asciinema cat "+path, "/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("asciinema cat: %v\n%s", err, out)
	}
	if s := ansi.Strip(string(out)); !strings.Contains(s, "shared-queue") || !strings.Contains(s, "Task queue") {
		t.Errorf("asciinema cat did not print the run (%d bytes):\n%.2000s", len(out), s)
	}
}
