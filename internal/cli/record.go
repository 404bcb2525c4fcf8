package cli

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/charmbracelet/colorprofile"

	"poolviz/internal/asciicast"
	"poolviz/tui"
)

// cmdRecord writes an asciicast v2 recording of the viewer playing a scenario
// in virtual time, frame for frame, without a terminal.
func cmdRecord(args []string, stdout, stderr io.Writer) error {
	var f screenFlags
	fs := newFlagSet("record", &f)
	out := fs.String("o", "", "the asciicast v2 file to write, such as demo.cast, or - for stdout (required)")
	force := fs.Bool("force", false, "replace the file at -o even if it is read-only")
	durFlag := fs.String("duration", "20s", "how much virtual time to record, such as 20s")
	pos, set, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		return usagef("record needs -o FILE: where to write the recording, such as -o demo.cast (- writes to stdout)")
	}
	outs := []output{{"-o", *out}}
	if err := checkOutputs(outs, nil, *force); err != nil {
		return err
	}
	dur, err := virtualTime("duration", *durFlag, "record needs --duration TIME: how much virtual time to record, such as 20s", true)
	if err != nil {
		return err
	}
	// Without colour, bold and reverse still show focus, as in the live viewer.
	sn, err := f.scene("record", pos, set, colorprofile.Ascii)
	if err != nil {
		return err
	}
	if err := checkKeys(sn.script.Keys, dur, "the end of the recording (--duration %s)"); err != nil {
		return err
	}
	sn.script.Duration = dur
	return writeOutputs(outs, stdout, stderr, *force, func(ws []io.Writer) error {
		err := record(ws[0], sn)
		if _, usage := errors.AsType[usageError](err); err != nil && !usage {
			return fmt.Errorf("-o %s: %w", *out, err)
		}
		return err
	})
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
	c := asciicast.NewWriter(w, sn.screen.Width, sn.screen.Height, sn.title())
	var end time.Duration
	err = o.Play(sn.script, func(_ int, at time.Duration) error {
		end = at
		return c.Screen(at, o.Render())
	})
	if err != nil {
		return err
	}
	if o.Quit() && end < sn.script.Duration {
		return quitEarly(end, sn.script.Duration, "the end of the recording (--duration)")
	}
	return c.Close(end)
}
