package cli

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"poolviz/pool/trace"
	"poolviz/tui"
)

// cmdRecord writes an asciicast v2 recording of the viewer playing a scenario
// in virtual time, frame for frame, without a terminal.
func cmdRecord(args []string) error {
	fs := flag.NewFlagSet("record", flag.ContinueOnError)
	var f screenFlags
	f.register(fs)
	out := fs.String("o", "", "the asciicast v2 file to write, such as demo.cast (required)")
	durFlag := fs.String("duration", "20s", "how much virtual time to record, such as 20s")
	pos, set, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		return usagef("record needs -o FILE: where to write the recording, such as -o demo.cast")
	}
	dur, err := parseDuration("duration", *durFlag)
	if err != nil {
		return err
	}
	if dur <= 0 || dur > maxDuration {
		return usagef("--duration %s is out of range: use above 0 and at most %s", *durFlag, maxDuration)
	}
	// Without colour, bold and reverse still show focus, as in the live viewer.
	sn, err := f.scene("record", pos, set, colorprofile.Ascii)
	if err != nil {
		return err
	}
	for _, k := range sn.script.Keys {
		if k.At > dur {
			return usagef("--keys: %s at %s comes after the end of the recording (--duration %s)", k.Key, k.At, dur)
		}
	}
	sn.script.Duration = dur
	return trace.WriteFileAtomic(*out, func(w io.Writer) error { return record(w, sn) })
}

// record plays sn offscreen and writes it to w as an asciicast v2 recording:
// the header line, then one [time, "o", data] line for each frame that differs
// from the one before, redrawing only the lines that changed. Frame k is at
// k/fps seconds, so the same scene gives the same bytes.
func record(w io.Writer, sn scene) error {
	o, err := tui.NewOffscreen(sn.opts, sn.screen)
	if err != nil {
		return err
	}
	defer o.Close()
	c := newCast(w, sn.screen.Width, sn.screen.Height, sn.title())
	var end time.Duration
	err = o.Play(sn.script, func(_ int, at time.Duration) error {
		end = at
		return c.frame(at, o.Render())
	})
	if err != nil {
		return err
	}
	return c.close(end)
}

// castHeader is the first line of an asciicast v2 file. It has no timestamp,
// so that the same recording gives the same bytes.
type castHeader struct {
	Version int               `json:"version"`
	Width   int               `json:"width"`
	Height  int               `json:"height"`
	Title   string            `json:"title,omitempty"`
	Env     map[string]string `json:"env"`
}

// cast writes an asciicast v2 stream of full-screen frames.
type cast struct {
	w     *bufio.Writer
	width int
	prev  []string // the lines on the screen, nil before the first frame
	err   error
}

func newCast(w io.Writer, width, height int, title string) *cast {
	h := castHeader{Version: 2, Width: width, Height: height, Title: title, Env: map[string]string{"TERM": "xterm-256color"}}
	c := &cast{w: bufio.NewWriter(w), width: width}
	c.line(h)
	return c
}

// Escape codes of the frames.
const (
	hideCursor  = "\x1b[?25l"
	showCursor  = "\x1b[?25h"
	clearScreen = "\x1b[H\x1b[2J"
	resetStyle  = "\x1b[0m"
	eraseLine   = "\x1b[K"
)

// frame writes the screen at virtual time at, if it changed: the first frame
// clears the screen and draws every line; later ones move to each line that
// changed and draw it whole. Lines are drawn from a reset style, and ones
// narrower than the screen erase what is left of them.
func (c *cast) frame(at time.Duration, screen string) error {
	lines := strings.Split(screen, "\n")
	var b strings.Builder
	if c.prev == nil || len(lines) != len(c.prev) {
		if c.prev == nil {
			b.WriteString(hideCursor)
		}
		b.WriteString(clearScreen)
		c.prev = make([]string, len(lines))
		for i := range c.prev {
			c.prev[i] = "\x00" // differs from every line, so each is drawn
		}
	}
	for i, l := range lines {
		if l == c.prev[i] {
			continue
		}
		fmt.Fprintf(&b, "\x1b[%d;1H%s%s", i+1, resetStyle, l)
		if ansi.StringWidth(l) < c.width {
			b.WriteString(eraseLine)
		}
	}
	c.prev = lines
	if b.Len() > 0 {
		c.event(at, b.String())
	}
	return c.err
}

// close ends the recording at virtual time end: it shows the cursor again, so
// a player's terminal has one after playing it.
func (c *cast) close(end time.Duration) error {
	c.event(end, resetStyle+showCursor)
	if c.err != nil {
		return c.err
	}
	return c.w.Flush()
}

// event writes one output event.
func (c *cast) event(at time.Duration, data string) {
	c.line([]any{json.RawMessage(seconds(at)), "o", data})
}

// line writes v as one JSON line, without escaping <, > and &.
func (c *cast) line(v any) {
	if c.err != nil {
		return
	}
	enc := json.NewEncoder(c.w)
	enc.SetEscapeHTML(false)
	c.err = enc.Encode(v)
}

// seconds writes d as seconds with microseconds: a fixed form, so the same
// time always gives the same text.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 6, 64)
}
