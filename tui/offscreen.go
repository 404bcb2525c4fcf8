package tui

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Offscreen plays the viewer with no terminal: at a fixed size, on a virtual
// clock that moves only when told, with keys pressed when a script says. It
// runs every command the viewer returns synchronously, in order, so the same
// options, size and script give the same screens, byte for byte. Recordings,
// the frame command and golden tests are made with it.
//
// An Offscreen is not safe for concurrent use. Close it to end its run.
type Offscreen struct {
	m       Model
	profile colorprofile.Profile
	quit    bool
}

// Screen is the fixed terminal an Offscreen draws on.
type Screen struct {
	Width, Height int
	// Light draws for a light background; the default is a dark one.
	Light bool
	// Profile is the colour profile of what Render returns: TrueColor (the
	// zero value stands for it) keeps every colour, ANSI256 and ANSI reduce
	// them, Ascii keeps bold and reverse but no colour, NoTTY gives plain text.
	Profile colorprofile.Profile
}

// maxSettle bounds the messages one input may cause: a viewer that keeps
// answering its own commands is a bug, reported rather than looped on.
const maxSettle = 100_000

// NewOffscreen opens the viewer on opts (its ManualFrames is forced on) and
// gives it the screen's size and background, as a terminal would at start.
func NewOffscreen(opts Options, s Screen) (*Offscreen, error) {
	if s.Width < 1 || s.Height < 1 {
		return nil, fmt.Errorf("offscreen size %dx%d: both must be at least 1", s.Width, s.Height)
	}
	opts.ManualFrames = true
	m, err := NewModel(opts)
	if err != nil {
		return nil, err
	}
	o := &Offscreen{m: m, profile: s.Profile}
	var bg color.Color = color.Black
	if s.Light {
		bg = color.White
	}
	if err := o.send(tea.WindowSizeMsg{Width: s.Width, Height: s.Height}, tea.BackgroundColorMsg{Color: bg}); err != nil {
		o.Close()
		return nil, err
	}
	return o, nil
}

// Frame moves the run on by one frame of wall time (times the speed), as one
// tick of the viewer's frame clock does, and waits until the viewer settles.
func (o *Offscreen) Frame(wall time.Duration) error {
	return o.send(FrameMsg{Wall: wall})
}

// Press presses a key, named as ParseKey reads it, and waits until the viewer
// settles.
func (o *Offscreen) Press(name string) error {
	k, err := ParseKey(name)
	if err != nil {
		return err
	}
	return o.send(k)
}

// Quit reports whether the viewer quit (a q or ctrl+c was pressed). The last
// screen stays drawn; frames and keys after it change nothing.
func (o *Offscreen) Quit() bool { return o.quit }

// Render returns the screen as the terminal would show it: Height lines of
// Width cells joined by "\n", with the escape codes of the Screen's profile.
func (o *Offscreen) Render() string {
	s := o.m.render()
	if o.profile == colorprofile.TrueColor || o.profile == colorprofile.Unknown {
		return s
	}
	var b strings.Builder
	w := colorprofile.Writer{Forward: &b, Profile: o.profile}
	w.WriteString(s) // a strings.Builder never fails
	return b.String()
}

// Close ends the run: the session (the last one, after restarts) is closed.
func (o *Offscreen) Close() { o.m.play.sess.Close() }

// send gives msgs to the viewer one by one, runs the commands it returns and
// feeds their messages back, until nothing is left or the viewer quits.
func (o *Offscreen) send(msgs ...tea.Msg) error {
	queue := slices.Clone(msgs)
	for n := 0; len(queue) > 0 && !o.quit; n++ {
		if n == maxSettle {
			return errors.New("offscreen: the viewer never settles")
		}
		msg := queue[0]
		queue = queue[1:]
		if _, ok := msg.(tea.QuitMsg); ok {
			o.quit = true
			break
		}
		next, cmd := o.m.Update(msg)
		o.m = next.(Model)
		queue = append(queue, runSync(cmd)...)
	}
	return nil
}

// runSync runs cmd and returns the messages it produced, in order: a batch is
// run command by command. With ManualFrames the viewer returns no timer (its
// frame clock is off and its cursor does not blink), so no command waits for
// the wall clock.
//
// Only tea.BatchMsg is taken apart: the viewer never returns tea.Sequence, and
// neither do the bubbles it uses (list, textinput, viewport, spinner, progress,
// help), so no message of Bubble Tea's unexported sequence type reaches here.
// Were one to come, Update would ignore it and a golden test would show the
// missing step.
func runSync(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	batch, ok := msg.(tea.BatchMsg)
	if !ok {
		if msg == nil {
			return nil
		}
		return []tea.Msg{msg}
	}
	var out []tea.Msg
	for _, c := range batch {
		out = append(out, runSync(c)...)
	}
	return out
}

// Script is a run of the viewer in virtual time: FPS frames a second, frame k
// at k/FPS seconds, from frame 0 (before the first frame of the run) to the
// last frame at or before Duration, with Keys pressed at their times.
type Script struct {
	FPS      int
	Duration time.Duration
	Keys     []KeyAt // in any order; keys at the same time keep their order
}

// KeyAt is a key pressed at a virtual time of a Script. It is pressed just
// before the first frame drawn at or after At.
type KeyAt struct {
	At  time.Duration
	Key string // as ParseKey reads it
}

// StepsBack reports whether keys may step the run back (← or h): a script
// whose keys never do can play on sessions without snapshots
// (Options.NoSnapshots). A back key that a prompt would take as text counts
// too, which is the safe side.
func StepsBack(keys []KeyAt) bool {
	back := newKeyMap().Back
	for _, k := range keys {
		if msg, err := ParseKey(k.Key); err == nil && key.Matches(msg, back) {
			return true
		}
	}
	return false
}

// FrameTime returns the virtual time of frame k at fps frames a second,
// rounded down to the nanosecond, so frame times never drift.
func FrameTime(k, fps int) time.Duration {
	return time.Duration(int64(k) * int64(time.Second) / int64(fps))
}

// Play runs the script: for each frame, it moves the run on to the frame's
// time, presses the keys due, and calls each with the frame's number and
// time (each may call Render). It stops after the last frame, after a frame
// where the viewer quit, or at the first error.
func (o *Offscreen) Play(s Script, each func(frame int, at time.Duration) error) error {
	if s.FPS < 1 {
		return fmt.Errorf("offscreen: %d frames a second: use at least 1", s.FPS)
	}
	keys := slices.Clone(s.Keys)
	slices.SortStableFunc(keys, func(a, b KeyAt) int { return cmp.Compare(a.At, b.At) })
	for _, k := range keys {
		if _, err := ParseKey(k.Key); err != nil {
			return err
		}
	}
	for k := 0; ; k++ {
		at := FrameTime(k, s.FPS)
		if at > s.Duration {
			return nil
		}
		if k > 0 {
			if err := o.Frame(at - FrameTime(k-1, s.FPS)); err != nil {
				return err
			}
		}
		for len(keys) > 0 && keys[0].At <= at && !o.quit {
			if err := o.Press(keys[0].Key); err != nil {
				return err
			}
			keys = keys[1:]
		}
		if err := each(k, at); err != nil {
			return err
		}
		if o.quit {
			return nil
		}
	}
}

// namedKeys are the keys ParseKey knows by name besides single characters,
// spelled as Bubble Tea and the viewer's help spell them.
var namedKeys = map[string]tea.Key{
	"space":     {Code: tea.KeySpace, Text: " "},
	"enter":     {Code: tea.KeyEnter},
	"esc":       {Code: tea.KeyEscape},
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"backspace": {Code: tea.KeyBackspace},
	"up":        {Code: tea.KeyUp},
	"down":      {Code: tea.KeyDown},
	"left":      {Code: tea.KeyLeft},
	"right":     {Code: tea.KeyRight},
	"pgup":      {Code: tea.KeyPgUp},
	"pgdown":    {Code: tea.KeyPgDown},
	"home":      {Code: tea.KeyHome},
	"end":       {Code: tea.KeyEnd},
	"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
}

// keyAliases are the arrows as the help draws them.
var keyAliases = map[string]string{"→": "right", "←": "left", "↑": "up", "↓": "down", "pgdn": "pgdown"}

// KeyNames lists the key names ParseKey knows, besides single characters.
func KeyNames() []string {
	names := make([]string, 0, len(namedKeys))
	for n := range namedKeys {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// ParseKey returns the key press for a name: one of KeyNames, an arrow as the
// help draws it (→ ← ↑ ↓), or a single printable character such as +, v or 7.
func ParseKey(name string) (tea.KeyPressMsg, error) {
	if a, ok := keyAliases[name]; ok {
		name = a
	}
	if k, ok := namedKeys[name]; ok {
		return tea.KeyPressMsg(k), nil
	}
	if r := []rune(name); len(r) == 1 && r[0] > ' ' && r[0] != 0x7f {
		return tea.KeyPressMsg{Code: r[0], Text: name}, nil
	}
	return tea.KeyPressMsg{}, fmt.Errorf("unknown key %q: use a single character (such as +, v or r) or one of %s",
		name, strings.Join(KeyNames(), ", "))
}
