package cli

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/colorprofile"

	"poolviz/pool"
	"poolviz/scenarios"
	"poolviz/tui"
)

// Bounds of the screen commands' flags: a screen a terminal could show, frame
// rates a player shows, and recordings that stay a few megabytes.
const (
	maxScreenWidth  = 500
	maxScreenHeight = 200
	maxFPS          = 120
	maxDuration     = time.Hour
)

// screenFlags are the flags of the commands that draw the viewer without a
// terminal, frame by frame in virtual time: record and frame.
type screenFlags struct {
	runFlags
	size  string
	fps   int
	keys  string
	light bool
}

func (f *screenFlags) register(fs *flag.FlagSet) {
	f.runFlags.register(fs)
	fs.StringVar(&f.size, "size", "100x30", "the screen's size, WIDTHxHEIGHT in cells")
	fs.IntVar(&f.fps, "fps", 30, "frames a second of virtual time, 1 to 120")
	fs.StringVar(&f.keys, "keys", startKeys, `keys pressed at virtual times, such as "0s:space,4s:space,5s:right": the run opens paused, as the viewer does, so a script starts it with space`)
	fs.BoolVar(&f.light, "light", false, "draw for a light background (the default is a dark one)")
}

// startKeys is the key script of a record or frame given none: the run opens
// paused, as the viewer does, and space starts it at once. A script of one's
// own replaces it, so keys rehearsed in the viewer play the same in a
// recording: the first space starts the run, the next pauses it.
const startKeys = "0s:space"

// scene is what a screen command draws: the viewer's options, the screen and
// the script of keys and frames (without its duration).
type scene struct {
	run    scenarios.Run
	opts   tui.Options
	screen tui.Screen
	script tui.Script
}

// scene checks the flags and the scenario name of cmd. noColor is the colour
// profile --no-color selects.
func (f *screenFlags) scene(cmd string, pos []string, set map[string]bool, noColor colorprofile.Profile) (scene, error) {
	f.set = set
	sc, err := scenarioArg(cmd, pos)
	if err != nil {
		return scene{}, err
	}
	run, err := f.resolve(sc)
	if err != nil {
		return scene{}, err
	}
	if run.Params.Mode == pool.Parallel {
		return scene{}, usagef("%s draws simulated runs only: a parallel run differs every time, so it has no frame-exact picture; drop --mode parallel", cmd)
	}
	w, h, err := parseSize(f.size)
	if err != nil {
		return scene{}, err
	}
	if w > maxScreenWidth || h > maxScreenHeight {
		return scene{}, usagef("--size %s is too large: use at most %dx%d", f.size, maxScreenWidth, maxScreenHeight)
	}
	if f.fps < 1 || f.fps > maxFPS {
		return scene{}, usagef("--fps %d is out of range: use 1 to %d", f.fps, maxFPS)
	}
	keys, err := parseKeys(f.keys)
	if err != nil {
		return scene{}, err
	}
	s := tui.Screen{Width: w, Height: h, Light: f.light, Profile: colorprofile.TrueColor}
	if f.noColor {
		s.Profile = noColor
	}
	// A script that never steps back draws the same screens without the
	// snapshots a step back starts from: at 256 workers, tens of megabytes.
	return scene{
		run: run, screen: s,
		opts:   tui.Options{Run: &run, NoColor: f.noColor, StartPaused: true, NoSnapshots: !tui.StepsBack(keys)},
		script: tui.Script{FPS: f.fps, Keys: keys},
	}, nil
}

// scenarioArg returns the scenario cmd names in its positional arguments (at
// most one; none means the default scenario).
func scenarioArg(cmd string, pos []string) (scenarios.Scenario, error) {
	name := scenarios.Default
	switch len(pos) {
	case 0:
	case 1:
		name = pos[0]
	default:
		return scenarios.Scenario{}, usagef("%s takes one scenario name, got %d: %v", cmd, len(pos), pos)
	}
	sc, err := scenarios.Get(name)
	if err != nil {
		return sc, usageError{err.Error()}
	}
	return sc, nil
}

// parseKeys reads a key script: comma-separated TIME:KEY items, such as
// "2s:space,4s:right,4.5s:right"; TIME as --at takes it, KEY as the help names it.
func parseKeys(s string) ([]tui.KeyAt, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var keys []tui.KeyAt
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		t, k, ok := strings.Cut(item, ":")
		if !ok || t == "" || k == "" {
			return nil, usagef("--keys: %q is not TIME:KEY, such as 2s:space", item)
		}
		at, err := parseDuration("keys", strings.TrimSpace(t))
		if err != nil {
			return nil, usagef("--keys: in %q, %q is not a time such as 2s or 4.5s", item, t)
		}
		k = strings.TrimSpace(k)
		if _, err := tui.ParseKey(k); err != nil {
			return nil, usagef("--keys: in %q: %v", item, err)
		}
		keys = append(keys, tui.KeyAt{At: at, Key: k})
	}
	return keys, nil
}

// checkKeys refuses a key script that the screen command would not play
// whole: a key after end (after says what end is, with %s for it).
func checkKeys(keys []tui.KeyAt, end time.Duration, after string) error {
	for _, k := range keys {
		if k.At > end {
			return usagef("--keys: %s at %s comes after "+after, k.Key, k.At, end)
		}
	}
	return nil
}

// quitEarly is the mistake of a key script that quit the viewer (q or
// ctrl+c, outside a prompt) at quitAt, before end: the screen command would
// stop there without a word. what names end.
func quitEarly(quitAt, end time.Duration, what string) error {
	return usagef("--keys: a key quit the viewer at %s, before %s at %s; drop the q or ctrl+c", quitAt, what, end)
}

// title names a run for a recording's header: scenario and parameters.
func (sn scene) title() string {
	return fmt.Sprintf("poolviz %s: seed %d, %d workers, %d tasks, speed %gx",
		sn.run.Scenario.Name, sn.run.Asked.Seed, sn.run.Asked.Workers, sn.run.Asked.Tasks, sn.run.Asked.Speed)
}
