package classroom

import (
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"poolviz/tui"
)

// activity is the time of a session's last key, mouse event or resize, for
// the idle bound. It is written by the session's program and read by its
// watchdog and by the followers' watchdogs.
type activity struct{ at atomic.Int64 }

func (a *activity) touch()      { a.at.Store(time.Now().UnixNano()) }
func (a *activity) last() int64 { return a.at.Load() }

// viewer is the program's model in a session: the poolviz viewer, plus what
// the session needs to know of it. It notes the client's activity, and keeps
// the latest viewer in latest, so that the session closes the viewer's run
// however the program ends (a quit, a kill, a panic in Update).
type viewer struct {
	m      tui.Model
	latest *tui.Model // written on the program's goroutine, read after Run returns
	active *activity
}

// Init starts the viewer.
func (v viewer) Init() tea.Cmd { return v.m.Init() }

// Update passes msg to the viewer, noting the client's keys and resizes.
func (v viewer) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.MouseMsg, tea.WindowSizeMsg:
		v.active.touch()
	}
	next, cmd := v.m.Update(msg)
	if m, ok := next.(tui.Model); ok {
		v.m = m
		*v.latest = m
	}
	return v, cmd
}

// View draws the viewer.
func (v viewer) View() tea.View { return v.m.View() }
