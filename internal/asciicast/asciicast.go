// Package asciicast writes recordings of a terminal screen in the asciicast v2
// format that asciinema plays: a header line, then one [time, "o", data] line
// for each output event, all JSON.
//
// A Writer is given whole screens at virtual times and writes only what
// changed between them. It writes no timestamp and the same text for the same
// time, so the same screens at the same times give the same bytes.
package asciicast

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// header is the first line of an asciicast v2 file. It has no timestamp, so
// that the same recording gives the same bytes.
type header struct {
	Version int               `json:"version"`
	Width   int               `json:"width"`
	Height  int               `json:"height"`
	Title   string            `json:"title,omitempty"`
	Env     map[string]string `json:"env"`
}

// Escape codes of the output events.
const (
	hideCursor  = "\x1b[?25l"
	showCursor  = "\x1b[?25h"
	clearScreen = "\x1b[H\x1b[2J"
	resetStyle  = "\x1b[0m"
	eraseLine   = "\x1b[K"
)

// Writer writes an asciicast v2 recording of full screens. Its first error
// stops it, and every later call returns that error.
type Writer struct {
	w     *bufio.Writer
	width int
	prev  []string // the lines on the screen, nil before the first screen
	err   error
}

// NewWriter starts a recording of a width x height terminal on w, titled
// title (none if empty), by writing its header. The recording is buffered:
// Close flushes it.
func NewWriter(w io.Writer, width, height int, title string) *Writer {
	h := header{Version: 2, Width: width, Height: height, Title: title, Env: map[string]string{"TERM": "xterm-256color"}}
	c := &Writer{w: bufio.NewWriter(w), width: width}
	c.line(h)
	return c
}

// Screen records the screen at virtual time at, lines split by "\n", if it
// changed. The first screen hides the cursor, clears the terminal and draws
// every line; so does a screen with another number of lines, without hiding
// the cursor again. Later screens move to each line that changed and draw it
// whole. Lines are drawn from a reset style, and ones narrower than the
// terminal erase what is left of them. Times must not decrease.
func (c *Writer) Screen(at time.Duration, screen string) error {
	lines := strings.Split(screen, "\n")
	var b strings.Builder
	redraw := c.prev == nil || len(lines) != len(c.prev)
	if redraw {
		if c.prev == nil {
			b.WriteString(hideCursor)
		}
		b.WriteString(clearScreen)
	}
	for i, l := range lines {
		if !redraw && l == c.prev[i] {
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

// Close ends the recording at virtual time end and flushes it. Its last event
// resets the style and shows the cursor again, so that a player's terminal
// has one after playing it. Close does not close the underlying writer.
func (c *Writer) Close(end time.Duration) error {
	c.event(end, resetStyle+showCursor)
	if c.err != nil {
		return c.err
	}
	return c.w.Flush()
}

// event writes one output event.
func (c *Writer) event(at time.Duration, data string) {
	c.line([]any{json.RawMessage(seconds(at)), "o", data})
}

// line writes v as one JSON line, without escaping <, > and &.
func (c *Writer) line(v any) {
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
