package tui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// keyMap is every key the viewer answers to. It implements help.KeyMap: the
// footer shows ShortHelp, and ? shows FullHelp.
type keyMap struct {
	Pause, Step, Back, Faster, Slower key.Binding
	Restart, NewSeed, Scenarios       key.Binding
	Workers, Tasks, Timeline, Zoom    key.Binding
	Focus, FocusBack                  key.Binding
	Up, Down, PageUp, PageDown        key.Binding
	Top, Bottom                       key.Binding
	Help, Quit, Close                 key.Binding
	Speed                             key.Binding // + and - together, for the footer only
	Hint, Solution                    key.Binding // an exercise's: see forExercise
	Schedule, WhatIf                  key.Binding // you are the scheduler; a teacher's what-if
	Follow                            key.Binding // over SSH: follow the teacher (see forClass)
	tracedLive                        bool        // a live traced program's keys: see forTraced
	tracedRestart                     bool        // a traced program can be run again (an exercise)
}

// newKeyMap returns the viewer's keys. Left and right always step the run, in
// every panel; up, down and the page keys scroll the focused panel.
func newKeyMap() keyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return keyMap{
		Pause:     b([]string{"space"}, "space", "pause"),
		Step:      b([]string{"right", "l"}, "→", "step"),
		Back:      b([]string{"left", "h"}, "←", "back"),
		Faster:    b([]string{"+", "=", "]"}, "+", "faster"),
		Slower:    b([]string{"-", "_", "["}, "-", "slower"),
		Restart:   b([]string{"r"}, "r", "restart"),
		NewSeed:   b([]string{"n"}, "n", "new seed"),
		Scenarios: b([]string{"s"}, "s", "scenarios"),
		Workers:   b([]string{"w"}, "w", "workers"),
		Tasks:     b([]string{"t"}, "t", "tasks"),
		Timeline:  b([]string{"v"}, "v", "timeline"),
		Zoom:      b([]string{"z"}, "z", "zoom panel"),
		Focus:     b([]string{"tab"}, "tab", "focus"),
		FocusBack: b([]string{"shift+tab"}, "shift+tab", "focus back"),
		Up:        b([]string{"up", "k"}, "↑/k", "scroll up"),
		Down:      b([]string{"down", "j"}, "↓/j", "scroll down"),
		PageUp:    b([]string{"pgup"}, "pgup", "page up"),
		PageDown:  b([]string{"pgdown"}, "pgdn", "page down"),
		Top:       b([]string{"home", "g"}, "home", "top"),
		Bottom:    b([]string{"end", "G"}, "end", "bottom / follow"),
		Help:      b([]string{"?"}, "?", "help"),
		Quit:      b([]string{"q", "ctrl+c"}, "q", "quit"),
		Close:     b([]string{"esc"}, "esc", "close"),
		Speed:     b([]string{"+", "-"}, "+/-", "speed"),
		Schedule:  b([]string{"c"}, "c", "you choose who runs"),
		WhatIf:    b([]string{"x"}, "x", "what if (kill, slow, delay)"),
		Follow:    disabled(b([]string{"f"}, "f", "follow the teacher")),
		Hint:      disabled(b([]string{"H"}, "H", "next hint")),
		Solution:  disabled(b([]string{"S"}, "S", "solution")),
	}
}

// disabled returns b turned off: a key only some runs have.
func disabled(b key.Binding) key.Binding {
	b.SetEnabled(false)
	return b
}

// forClass returns the keys with the classroom's turned on (poolviz serve).
func (k keyMap) forClass() keyMap {
	k.Follow.SetEnabled(true)
	return k
}

// forExercise returns the keys with an exercise's own turned on.
func (k keyMap) forExercise() keyMap {
	k.Hint.SetEnabled(true)
	k.Solution.SetEnabled(true)
	return k
}

// ShortHelp returns the keys the footer shows, most used first.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Pause, k.Step, k.Back, k.Speed, k.Restart, k.Hint, k.Solution, k.Scenarios, k.Help, k.Quit, k.Timeline, k.Focus}
}

// FullHelp returns every key, in columns: the run, what runs, the screen.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Pause, k.Step, k.Back, k.Faster, k.Slower, k.Restart, k.NewSeed},
		{k.Scenarios, k.Workers, k.Tasks, k.Schedule, k.WhatIf, k.Timeline, k.Zoom, k.Help, k.Quit},
		{k.Focus, k.FocusBack, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Hint, k.Solution, k.Follow},
	}
}

// tracedOff returns the keys a traced program has no use for: it cannot be
// run again or replaced from here, and its size is its own; live, its clock
// is real too, so it has no speed (a saved run of it replays at any speed).
func (k *keyMap) tracedOff(live bool) []*key.Binding {
	off := []*key.Binding{&k.NewSeed, &k.Scenarios, &k.Workers, &k.Tasks, &k.Schedule, &k.WhatIf}
	if !k.tracedRestart {
		off = append(off, &k.Restart)
	}
	if live {
		off = append(off, &k.Faster, &k.Slower, &k.Speed)
	}
	return off
}

// forTraced returns the keys with tracedOff turned off: the footer and the
// help leave them out, and they match no key.
// restartable says the program can be run again (an exercise's, Options.Remake).
func (k keyMap) forTraced(live, restartable bool) keyMap {
	k.tracedLive, k.tracedRestart = live, restartable
	for _, b := range k.tracedOff(live) {
		b.SetEnabled(false)
	}
	return k
}

// tracedRefuses reports whether msg is one of the keys a traced program has
// no use for, so that the viewer can say why nothing happens.
func tracedRefuses(msg tea.KeyPressMsg, k keyMap) bool {
	for _, b := range k.tracedOff(k.tracedLive) {
		if slices.Contains(b.Keys(), msg.String()) {
			return true
		}
	}
	return false
}
