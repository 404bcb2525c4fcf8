package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/colorprofile"

	"poolviz/tui"
)

// cmdFrame prints the viewer's screen at a virtual time: the frame a recording
// with the same flags shows then (the last one at or before it).
func cmdFrame(args []string, stdout io.Writer) error {
	var f screenFlags
	fs := newFlagSet("frame", &f)
	atFlag := fs.String("at", "", "the virtual time of the frame, such as 3.5s (required)")
	pos, set, err := parse(fs, args)
	if err != nil {
		return err
	}
	at, err := virtualTime("at", *atFlag, "frame needs --at TIME: the virtual time of the frame, such as --at 3.5s", false)
	if err != nil {
		return err
	}
	// The output is for a terminal: NO_COLOR is honoured, as in the viewer.
	// Without colour the frame is plain text, for slides and golden files.
	f.noColor = f.noColor || os.Getenv("NO_COLOR") != ""
	sn, err := f.scene("frame", pos, set, colorprofile.NoTTY)
	if err != nil {
		return err
	}
	if err := checkKeys(sn.script.Keys, at, "the frame (--at %s)"); err != nil {
		return err
	}
	sn.script.Duration = at
	o, err := tui.NewOffscreen(sn.opts, sn.screen)
	if err != nil {
		return err
	}
	defer o.Close()
	var last time.Duration
	if err := o.Play(sn.script, func(_ int, t time.Duration) error { last = t; return nil }); err != nil {
		return err
	}
	if o.Quit() && last < at {
		return quitEarly(last, at, "the frame (--at)")
	}
	_, err = fmt.Fprintln(stdout, o.Render())
	return err
}
