package asciicast_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"poolviz/internal/asciicast"
)

// event is one [time, "o", data] line of a recording.
type event struct {
	at   float64
	data string
}

// decode checks that data is an asciicast v2 recording of a w x h terminal: a
// header line without a timestamp, then [time, "o", data] lines with times
// that never decrease. It returns the output events.
func decode(t *testing.T, data []byte, w, h int) []event {
	t.Helper()
	if !utf8.Valid(data) {
		t.Fatal("the recording is not UTF-8")
	}
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
	var evs []event
	for i, l := range lines[1:] {
		var ev []any
		if err := json.Unmarshal([]byte(l), &ev); err != nil || len(ev) != 3 {
			t.Fatalf("line %d is not [time, code, data]: %v: %.80q", i+2, err, l)
		}
		at, ok1 := ev[0].(float64)
		code, ok2 := ev[1].(string)
		out, ok3 := ev[2].(string)
		if !ok1 || !ok2 || !ok3 || code != "o" {
			t.Fatalf("line %d is not [number, \"o\", string]: %.80q", i+2, l)
		}
		if len(evs) > 0 && at < evs[len(evs)-1].at {
			t.Fatalf("line %d goes back in time: %g after %g", i+2, at, evs[len(evs)-1].at)
		}
		evs = append(evs, event{at, out})
	}
	return evs
}

// TestTheBytesOfARecording pins the format: the header, the first screen
// drawn whole, an unchanged screen skipped, a changed line redrawn alone, and
// the end.
func TestTheBytesOfARecording(t *testing.T) {
	var b bytes.Buffer
	c := asciicast.NewWriter(&b, 4, 2, "a <demo> & more")
	for _, s := range []struct {
		at     time.Duration
		screen string
	}{
		{0, "ab\ncdef"},
		{33333 * time.Microsecond, "ab\ncdef"},
		{time.Second / 15, "ab\nXY"},
	} {
		if err := c.Screen(s.at, s.screen); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(100 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	want := `{"version":2,"width":4,"height":2,"title":"a <demo> & more","env":{"TERM":"xterm-256color"}}
[0.000000,"o","\u001b[?25l\u001b[H\u001b[2J\u001b[1;1H\u001b[0mab\u001b[K\u001b[2;1H\u001b[0mcdef"]
[0.066667,"o","\u001b[2;1H\u001b[0mXY\u001b[K"]
[0.100000,"o","\u001b[0m\u001b[?25h"]
`
	if b.String() != want {
		t.Errorf("the recording is\n%s\nwant\n%s", b.String(), want)
	}
	decode(t, b.Bytes(), 4, 2)
}

func TestWithoutATitleTheHeaderHasNone(t *testing.T) {
	var b bytes.Buffer
	if err := asciicast.NewWriter(&b, 80, 24, "").Close(0); err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(b.String(), "\n")
	if want := `{"version":2,"width":80,"height":24,"env":{"TERM":"xterm-256color"}}`; header != want {
		t.Errorf("header %s, want %s", header, want)
	}
}

// TestAnotherNumberOfLinesRedrawsAll checks that a screen with more or fewer
// lines clears the terminal and draws every line, without hiding the cursor
// again; and that lines as wide as the terminal, in cells, erase nothing.
func TestAnotherNumberOfLinesRedrawsAll(t *testing.T) {
	var b bytes.Buffer
	c := asciicast.NewWriter(&b, 4, 3, "")
	c.Screen(0, "日本\nab")
	c.Screen(time.Second, "日本\nab\ncd")
	c.Close(2 * time.Second)
	evs := decode(t, b.Bytes(), 4, 3)
	if len(evs) != 3 {
		t.Fatalf("%d events, want 3", len(evs))
	}
	if want := "\x1b[?25l\x1b[H\x1b[2J\x1b[1;1H\x1b[0m日本\x1b[2;1H\x1b[0mab\x1b[K"; evs[0].data != want {
		t.Errorf("first screen %q, want %q", evs[0].data, want)
	}
	if want := "\x1b[H\x1b[2J\x1b[1;1H\x1b[0m日本\x1b[2;1H\x1b[0mab\x1b[K\x1b[3;1H\x1b[0mcd\x1b[K"; evs[1].data != want {
		t.Errorf("screen of 3 lines %q, want %q", evs[1].data, want)
	}
}

// failingWriter refuses every write.
type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }

func TestAWriteErrorIsReturned(t *testing.T) {
	full := errors.New("the disk is full")
	c := asciicast.NewWriter(failingWriter{full}, 80, 24, "")
	c.Screen(0, strings.Repeat("x", 8000)) // more than the buffer holds
	if err := c.Screen(time.Second, "y"); !errors.Is(err, full) {
		t.Errorf("Screen after a failed write: %v, want %v", err, full)
	}
	if err := c.Close(2 * time.Second); !errors.Is(err, full) {
		t.Errorf("Close after a failed write: %v, want %v", err, full)
	}
}

// FuzzScreens records two screens of anything and checks that the recording
// parses as asciicast v2 and draws every line that is new, at its row. Its
// seeds run in every plain go test.
func FuzzScreens(f *testing.F) {
	f.Add("ab\ncd", "ab\nXY")
	f.Add("same", "same")
	f.Add("", "\n\n")
	f.Add("\x00\n\x00", "\x00")
	f.Add("\x1b[31mred\x1b[0m\t<&>\u2028", "\"quoted\"\\ \x7f")
	f.Add("日本語\nwide", "\xff\xfe invalid")
	f.Fuzz(func(t *testing.T, first, second string) {
		var b bytes.Buffer
		c := asciicast.NewWriter(&b, 8, 4, first)
		if err := c.Screen(0, first); err != nil {
			t.Fatal(err)
		}
		if err := c.Screen(time.Second, second); err != nil {
			t.Fatal(err)
		}
		if err := c.Close(2 * time.Second); err != nil {
			t.Fatal(err)
		}
		evs := decode(t, b.Bytes(), 8, 4)
		if end := evs[len(evs)-1]; end.at != 2 || end.data != "\x1b[0m\x1b[?25h" {
			t.Errorf("the last event is %v, want the cursor shown at 2s", end)
		}
		if !strings.HasPrefix(evs[0].data, "\x1b[?25l\x1b[H\x1b[2J") {
			t.Errorf("the first screen does not hide the cursor and clear: %q", evs[0].data)
		}
		if !utf8.ValidString(first) || !utf8.ValidString(second) {
			return // JSON keeps valid UTF-8 only: what was drawn is not the input
		}
		drawsLines(t, evs[0].data, first, nil)
		switch {
		case first == second && len(evs) != 2:
			t.Errorf("an unchanged screen gave %d events, want 2", len(evs))
		case first != second && len(evs) != 3:
			t.Errorf("a changed screen gave %d events, want 3", len(evs))
		case first != second:
			drawsLines(t, evs[1].data, second, strings.Split(first, "\n"))
		}
	})
}

// drawsLines checks that data draws every line of screen that is not the same
// line of prev, at its row and from a reset style.
func drawsLines(t *testing.T, data, screen string, prev []string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if len(prev) == len(lines) && prev[i] == l {
			continue
		}
		if draw := fmt.Sprintf("\x1b[%d;1H\x1b[0m%s", i+1, l); !strings.Contains(data, draw) {
			t.Errorf("line %d, %q, is not drawn in %q", i+1, l, data)
		}
	}
}
