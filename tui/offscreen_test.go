package tui

import (
	"hash/fnv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"poolviz/pool"
	"poolviz/scenarios"
	"poolviz/session"
)

// offscreen opens the default scenario at seed 1 offscreen and closes it when
// the test ends.
func offscreen(t *testing.T, opts Options, s Screen) *Offscreen {
	t.Helper()
	if opts.Params.Seed == 0 && opts.Session == nil {
		opts.Params.Seed = 1
	}
	o, err := NewOffscreen(opts, s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(o.Close)
	return o
}

// playAll plays the script and returns a hash of every frame's screen, and the
// last screen.
func playAll(t *testing.T, o *Offscreen, s Script) (sums []uint64, last string) {
	t.Helper()
	err := o.Play(s, func(k int, at time.Duration) error {
		if want := FrameTime(k, s.FPS); at != want {
			t.Fatalf("frame %d at %v, want %v", k, at, want)
		}
		last = o.Render()
		h := fnv.New64a()
		h.Write([]byte(last))
		sums = append(sums, h.Sum64())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums, last
}

var demoKeys = []KeyAt{
	{2 * time.Second, "space"}, {3 * time.Second, "right"}, {3500 * time.Millisecond, "right"},
	{4 * time.Second, "left"}, {5 * time.Second, "space"}, {6 * time.Second, "+"}, {7 * time.Second, "v"},
}

// TestOffscreenIsDeterministic plays the same script twice, with keys: every
// frame is the same, byte for byte, and there is one per 1/fps second.
func TestOffscreenIsDeterministic(t *testing.T) {
	s := Script{FPS: 30, Duration: 9 * time.Second, Keys: demoKeys}
	a, lastA := playAll(t, offscreen(t, Options{}, Screen{Width: 100, Height: 30}), s)
	b, lastB := playAll(t, offscreen(t, Options{}, Screen{Width: 100, Height: 30}), s)
	if len(a) != 9*30+1 {
		t.Errorf("%d frames in 9 s at 30 fps, want 271", len(a))
	}
	if !slices.Equal(a, b) || lastA != lastB {
		t.Fatal("the same script gave different screens")
	}
	if !strings.Contains(lastA, "\x1b[") {
		t.Error("the default profile drew no colour")
	}
	lines := strings.Split(lastA, "\n")
	if len(lines) != 30 {
		t.Fatalf("%d lines, want 30", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != 100 {
			t.Fatalf("line %d is %d cells wide, want 100", i, w)
		}
	}
}

// TestOffscreenKeysAtTheirTimes checks that a key lands on the first frame at
// or after its time: space at 2 s pauses, so the virtual clock stops there, and
// a step moves on by exactly one event.
func TestOffscreenKeysAtTheirTimes(t *testing.T) {
	o := offscreen(t, Options{}, Screen{Width: 100, Height: 30, Profile: colorprofile.NoTTY})
	screens := map[int]string{}
	keys := []KeyAt{{2 * time.Second, "space"}, {3 * time.Second, "right"}}
	err := o.Play(Script{FPS: 10, Duration: 4 * time.Second, Keys: keys}, func(k int, _ time.Duration) error {
		screens[k] = o.Render()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(screens[19], "PAUSED") || !strings.Contains(screens[20], "PAUSED") {
		t.Errorf("space at 2 s must pause frame 20, not frame 19:\n%s\n%s", screens[19], screens[20])
	}
	if screens[20] != screens[29] {
		t.Error("the screen changed while paused")
	}
	if shown(t, screens[30]) != shown(t, screens[29])+1 {
		t.Errorf("a step at 3 s showed %d events after %d", shown(t, screens[30]), shown(t, screens[29]))
	}
}

// shown reads "event N/M" from the header.
func shown(t *testing.T, screen string) int {
	t.Helper()
	_, after, ok := strings.Cut(screen, "event ")
	n := 0
	for _, r := range after {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	if !ok || n == 0 {
		t.Fatalf("no event count on the screen:\n%s", screen)
	}
	return n
}

// TestOffscreenProfiles checks that NoTTY gives plain text and Ascii keeps
// no colour, and that both draw the same characters as TrueColor.
func TestOffscreenProfiles(t *testing.T) {
	s := Script{FPS: 30, Duration: 2 * time.Second}
	var screens []string
	for _, p := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.Ascii, colorprofile.NoTTY} {
		_, last := playAll(t, offscreen(t, Options{}, Screen{Width: 90, Height: 28, Profile: p}), s)
		screens = append(screens, last)
	}
	if strings.Contains(screens[2], "\x1b") {
		t.Error("NoTTY drew escape codes")
	}
	if strings.Contains(screens[1], "38;2;") || strings.Contains(screens[1], "48;2;") {
		t.Error("Ascii drew colours")
	}
	for i, sc := range screens {
		if ansi.Strip(sc) != screens[2] {
			t.Errorf("profile %d draws other characters than plain text", i)
		}
	}
	light := offscreen(t, Options{}, Screen{Width: 90, Height: 28, Light: true})
	if _, last := playAll(t, light, s); last == screens[0] || ansi.Strip(last) != screens[2] {
		t.Error("a light background must change the colours, and only them")
	}
}

// TestOffscreenQuitEndsThePlay checks that q ends the script at its frame and
// closes the session.
func TestOffscreenQuitEndsThePlay(t *testing.T) {
	o := offscreen(t, Options{}, Screen{Width: 100, Height: 30})
	frames := 0
	err := o.Play(Script{FPS: 30, Duration: 10 * time.Second, Keys: []KeyAt{{time.Second, "q"}}},
		func(int, time.Duration) error { frames++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if !o.Quit() || frames != 31 {
		t.Errorf("quit %v after %d frames, want true after 31", o.Quit(), frames)
	}
}

// TestOffscreenRestartKeepsOneSession presses r and n: each starts a new
// session and closes the old one (the leak check of TestMain would see it).
func TestOffscreenRestartKeepsOneSession(t *testing.T) {
	o := offscreen(t, Options{}, Screen{Width: 100, Height: 30, Profile: colorprofile.NoTTY})
	_, last := playAll(t, o, Script{FPS: 30, Duration: 3 * time.Second,
		Keys: []KeyAt{{time.Second, "r"}, {2 * time.Second, "n"}}})
	if strings.Contains(last, "seed 1 ") {
		t.Errorf("n must change the seed:\n%s", last)
	}
}

// TestOffscreenReplaysASession shows a prepared session (a replay of a saved
// run) to its end: the last screen is the live run's, byte for byte, whether
// it finished or deadlocked. (Frame by frame, a live session lags its replay
// by one frame: its first Advance only shows the event New had drained.)
func TestOffscreenReplaysASession(t *testing.T) {
	for _, name := range []string{"shared-queue", "deadlock-lock-order", "maxtasksperchild"} {
		t.Run(name, func(t *testing.T) {
			sc, prm, evs := savedRun(t, name)
			s := Script{FPS: 30, Duration: 20 * time.Second}
			screen := Screen{Width: 100, Height: 30}
			_, live := playAll(t, offscreen(t, Options{Scenario: name, Params: prm}, screen), s)
			_, replay := playAll(t, offscreen(t, Options{Session: session.NewReplay(sc, prm, evs)}, screen), s)
			if replay != live {
				t.Errorf("the replay ends on another screen than the live run:\n%s\n%s", ansi.Strip(replay), ansi.Strip(live))
			}
		})
	}
}

// TestOffscreenReplayHasTheControls pauses, steps and steps back a replay.
func TestOffscreenReplayHasTheControls(t *testing.T) {
	sc, prm, evs := savedRun(t, "shared-queue")
	o := offscreen(t, Options{Session: session.NewReplay(sc, prm, evs)}, Screen{Width: 100, Height: 30, Profile: colorprofile.NoTTY})
	screens := map[int]string{}
	keys := []KeyAt{{time.Second, "space"}, {2 * time.Second, "right"}, {3 * time.Second, "left"}, {3 * time.Second, "left"}}
	err := o.Play(Script{FPS: 10, Duration: 4 * time.Second, Keys: keys}, func(k int, _ time.Duration) error {
		screens[k] = o.Render()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	paused := shown(t, screens[10])
	if !strings.Contains(screens[10], "PAUSED") || shown(t, screens[19]) != paused {
		t.Errorf("space did not pause the replay:\n%s", screens[19])
	}
	if got := shown(t, screens[20]); got != paused+1 {
		t.Errorf("a step showed %d events after %d", got, paused)
	}
	if got := shown(t, screens[30]); got != paused-1 {
		t.Errorf("two steps back showed %d events, want %d", got, paused-1)
	}
}

// savedRun plays a scenario at its defaults to its end and returns its events,
// as a saved run holds them.
func savedRun(t *testing.T, name string) (scenarios.Scenario, scenarios.Params, []pool.Event) {
	t.Helper()
	sc, err := scenarios.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	live, err := session.New(sc, sc.Defaults)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	live.RunToEnd(0)
	first, evs := live.History()
	if first != 0 {
		t.Fatalf("%s has more events than a session keeps", name)
	}
	return sc, sc.Defaults, evs
}

// TestParseKey checks that every key the help names parses to a press the
// viewer matches, by the same name, and that unknown names are refused.
func TestParseKey(t *testing.T) {
	km := newKeyMap()
	for _, col := range km.FullHelp() {
		for _, b := range col {
			for _, name := range b.Keys() {
				k, err := ParseKey(name)
				if err != nil {
					t.Errorf("%q: %v", name, err)
				} else if k.String() != name {
					t.Errorf("%q parses to a press named %q", name, k.String())
				}
			}
		}
	}
	for alias, name := range map[string]string{"→": "right", "←": "left", "pgdn": "pgdown"} {
		if k, err := ParseKey(alias); err != nil || k.String() != name {
			t.Errorf("%q: %v, %q", alias, err, k.String())
		}
	}
	for _, bad := range []string{"", "spacebar", "ab", " ", "\x7f"} {
		if _, err := ParseKey(bad); err == nil || !strings.Contains(err.Error(), "space") {
			t.Errorf("%q: error %v, want one listing the names", bad, err)
		}
	}
}

func TestNewOffscreenRefusesAnEmptyScreen(t *testing.T) {
	if _, err := NewOffscreen(Options{}, Screen{Width: 0, Height: 30}); err == nil {
		t.Error("a screen 0 cells wide was accepted")
	}
}
