package tui

import (
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"poolviz/narrate"
	"poolviz/scenarios"
	"poolviz/session"
)

// Model is the viewer's root model. It owns the session (through its player),
// the latest View the session served, and the panels, which are plain values:
// Update returns a new Model, View only reads.
type Model struct {
	opts Options
	keys keyMap
	st   *styles

	width, height int
	layout        layout
	focus         panelID
	zoom          bool
	timeline      bool
	note          string // a word about the last action, in the footer

	sc      scenarios.Scenario
	calls   callBook // sc's task names, as its listing calls them
	prm     scenarios.Params
	play    player
	view    session.View
	paused  bool    // what the user asked for (the session follows in order)
	speed   float64 // likewise
	seenDL  bool    // the deadlock was seen and the run paused for it
	rewound bool    // the user stepped back and the view has not caught up yet

	lastTick time.Time
	tickGen  int // the live chain of frame ticks
	frames   int // frames advanced, to turn the spinner
	spin     spinner.Model
	logNext  int // the index of the first event the log has not narrated
	narr     narrate.Narrator
	marks    []narrMark // checkpoints of narr, to resume the log after a step back

	header headerPanel
	panels [numPanels]panel // the body's panels, at their ids
	// The footer and the dialogs are large (the picker's list alone is some
	// 30 KB) and rarely change, so the Model holds them by pointer: Update
	// copies the Model on every message, and a copy of pointers is cheap.
	// What they point to is never changed in place; a change stores a new
	// value (ref, or a method that returns a new pointer).
	footer *footerPanel
	picker *picker
	help   *helpScreen
	prompt *prompt

	goals   goalsView  // the exercise's goals; goals.ex is nil without one
	check   *goalCheck // folds the run into the goals, in the session operations
	predict *predictDialog
	watch   fileWatch // the learner's program, restarted when saved
	solved  bool      // the solution dialog is open
	sched   chooser   // you are the scheduler: who runs next, when the run asks
	whatIf  whatIfDialog
	cls     classState // the classroom's side: teaching, following
}

// ref returns a pointer to a copy of v: a new value for one of the Model's
// parts it holds by pointer.
func ref[T any](v T) *T { return &v }

// initSpinner turns while a worker runs its initializer: a bar that rises and
// falls, drawn with block elements that every terminal font has (braille
// spinners are missing from many).
var initSpinner = spinner.Spinner{
	Frames: []string{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█", "▇", "▆", "▅", "▄", "▃", "▂"},
	FPS:    time.Second / 10,
}

// tickMsg is the frame clock's tick. Gen tells a live chain of ticks from one a
// key press replaced, so that only one chain ever runs.
type tickMsg struct {
	at  time.Time
	gen int
}

// idleInterval is the frame clock's period while the run does not move (paused,
// finished, deadlocked): a still screen needs no redraw, and two ticks a second
// keep a paused app near no CPU at all. A key press starts a fast chain at once.
const idleInterval = time.Second / 2

// NewModel prepares the viewer: it finds the scenario, starts its session (which
// does not move until the first frame) and builds the panels. Tests drive it
// with Update; Run gives it to a Bubble Tea program.
func NewModel(opts Options) (Model, error) {
	run, sess, err := opts.start()
	if err != nil {
		return Model{}, err
	}
	sc, prm := run.Scenario, run.Asked
	st := newStyles(opts.Theme != "light")
	calls := newCallBook(sc)
	m := Model{
		opts: opts, keys: newKeyMap(), st: st,
		sc: sc, calls: calls, narr: narrate.Narrator{Func: calls.fn}, prm: prm, play: player{sess: sess, opts: opts.sessionOptions()}, view: sess.View(), speed: prm.Speed,
		spin:    spinner.New(spinner.WithSpinner(initSpinner)),
		panels:  newPanels(sc, run.Params, st),
		footer:  ref(newFooterPanel(st)),
		picker:  ref(newPicker(scenarios.All(), st)),
		help:    ref(newHelpScreen()),
		prompt:  ref(newPrompt(st)),
		predict: &predictDialog{},
	}
	if sc.Traced() {
		m.keys = m.keys.forTraced(sess.Live(), opts.Remake != nil)
	}
	m.sched.on = opts.Asking
	if opts.Class != nil {
		m.keys = m.keys.forClass()
	}
	if ex := opts.Exercise; ex != nil {
		m.goals = goalsView{ex: ex}
		m.check = newGoalCheck(ex.Goals)
		m.goals.results, _ = m.check.fold(sess, m.view)
		m.watch = newFileWatch(opts.Watch)
		m.keys = m.keys.forExercise()
		if ex.Predict != nil {
			opts.StartPaused = true
			m.predict = ref(newPredictDialog(ex.Predict, st))
		}
	}
	if opts.StartPaused {
		// A teacher starts the run when the class is looking: the first picture
		// waits, and the footer says how to begin.
		sess.SetPaused(true)
		m.paused, m.view = true, sess.View()
		m.note = "paused: press space to start"
	}
	if opts.Note != "" {
		m.note = strings.TrimPrefix(m.note+" · "+opts.Note, " · ")
	}
	return m.joinClass(), nil
}

// Init asks for the terminal's background colour and starts the frame clock.
func (m Model) Init() tea.Cmd {
	if m.opts.ManualFrames {
		return tea.Batch(tea.RequestBackgroundColor, m.classInit())
	}
	return tea.Batch(tea.RequestBackgroundColor, tick(m.tickGen, frameInterval), m.classInit())
}

// tick schedules the next tick of chain gen after d.
func tick(gen int, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(t time.Time) tea.Msg { return tickMsg{at: t, gen: gen} })
}

// scene returns what the panels draw from now.
func (m *Model) scene() *scene {
	// The header shows the params the run really has: a preset may adjust them.
	sn := &scene{s: m.st, v: &m.view, sc: &m.sc, prm: m.play.sess.Run().Params, spin: m.spin.View(),
		workers: m.layout.Workers, rewound: m.rewound, calls: &m.calls, label: m.opts.Label}
	if m.goals.ex != nil {
		sn.goals = &m.goals
	}
	return sn
}

// Update handles a message: the frame clock, a finished session operation, a
// key, the mouse, the terminal's size and background.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m.relayout(), nil
	case tea.BackgroundColorMsg:
		if m.opts.Theme != "" {
			return m, nil // chosen on the command line: the terminal's answer does not change it
		}
		return m.restyle(newStyles(msg.IsDark())), nil
	case tickMsg:
		if msg.gen != m.tickGen {
			return m, nil // a chain a key press replaced
		}
		return m.onTick(msg.at)
	case CueMsg:
		return m.onCue()
	case FrameMsg:
		return m.push(op{kind: opAdvance, wall: msg.Wall})
	case opDone:
		return m.onDone(msg)
	case tea.KeyPressMsg:
		next, cmd := m.onKey(msg)
		if nm, ok := next.(Model); ok && !nm.opts.ManualFrames && !nm.play.closing {
			// A key may set the run moving: start a fast chain now rather than
			// wait for the idle chain's next tick.
			nm.tickGen++
			return nm, tea.Batch(cmd, tick(nm.tickGen, frameInterval))
		}
		return next, cmd
	case tea.MouseWheelMsg:
		return m.onWheel(msg), nil
	case tea.MouseClickMsg:
		if p := m.layout.at(msg.X, msg.Y); p >= 0 {
			m.focus = p
		}
		return m, nil
	}
	// Anything else (a list's filter results, a text input's blink) belongs to
	// the open dialog.
	var cmd tea.Cmd
	switch {
	case m.picker.open:
		p, _, c := m.picker.update(msg)
		m.picker, cmd = &p, c
	case m.prompt.open:
		p, _, c := m.prompt.update(msg, m.prm)
		m.prompt, cmd = &p, c
	}
	return m, cmd
}

// onTick advances the run by the wall time since the last tick, unless an
// operation is still running: then the frame is skipped and the next one
// catches up, so a slow frame never piles work up.
func (m Model) onTick(now time.Time) (tea.Model, tea.Cmd) {
	if m.play.closing {
		return m, nil
	}
	if m.cls.following {
		return m.followTick()
	}
	next := tick(m.tickGen, frameInterval)
	var saved bool
	if m.watch, saved = m.watch.changed(now); saved {
		m.note = "the program was saved: running it again"
		m2, cmd := m.restart(m.sc, m.withSpeed())
		return m2, tea.Batch(next, cmd)
	}
	// A paused live run (a Parallel engine) is still drained (at the idle rate: its clock and
	// its task starts are stopped, so few events come), so its recorder never sheds.
	moving := m.view.Status == session.Running
	drainOnly := m.play.sess.Live() && m.view.Status == session.Paused
	if !moving && !drainOnly || !m.play.idle() {
		if m.play.idle() {
			m.lastTick = now
			next = tick(m.tickGen, idleInterval)
		}
		return m, next
	}
	if drainOnly {
		next = tick(m.tickGen, idleInterval)
	}
	wall := frameInterval
	if !m.lastTick.IsZero() {
		wall = min(max(now.Sub(m.lastTick), 0), 4*frameInterval)
	}
	m.lastTick = now
	m2, cmd := m.push(op{kind: opAdvance, wall: wall})
	return m2, tea.Batch(next, cmd)
}

// story is where the log stands, for the next session operation to go on from.
func (m Model) story() story {
	return story{from: m.logNext, narr: m.narr, marks: m.marks, check: m.check}
}

// push queues a session operation.
func (m Model) push(o op) (Model, tea.Cmd) {
	var cmd tea.Cmd
	m.play, cmd = m.play.push(o, m.story())
	return m, cmd
}

// onDone takes in the result of an operation and starts the next one.
func (m Model) onDone(d opDone) (tea.Model, tea.Cmd) {
	m.play = m.play.done(d)
	switch {
	case d.kind == opClose:
		return m, tea.Quit // the last picture stays: a closed engine has nothing to show
	case d.err != nil:
		m.note = d.err.Error()
		if d.kind == opRestart && m.goals.ex != nil {
			// The learner's program did not start (a syntax error, say): the
			// last run's verdicts are not about it.
			m.goals = m.goals.undecided()
			m.note = "your program did not start: " + d.err.Error()
		}
	case d.kind == opRestart:
		m = m.restarted(d)
	}
	m.view = d.view
	if d.kind != opClose {
		m.sched = m.sched.update(d.choice, d.schedule)
	}
	if m.goals.ex != nil && d.err == nil && d.kind != opClose {
		m = m.goalsDone(d)
	}
	log := m.panels[pLog].(logPanel)
	if d.view.Shown < m.logNext { // stepped back: forget what is no longer shown
		m.panels[pLog] = log.truncate(d.view.Shown)
	} else {
		m.panels[pLog] = log.add(d.lines, m.st)
	}
	m.narr, m.marks = d.narr, keepMarks(m.marks, d.view.Shown, d.marks)
	m.logNext = d.view.Shown
	switch {
	case d.view.Shown >= d.view.Total:
		m.rewound = false
	case d.kind == opBack:
		m.rewound = true
	}
	if (d.kind == opAdvance || d.kind == opSeek) && m.view.Status == session.Running {
		m.frames++
		if m.frames%3 == 0 {
			m.spin, _ = m.spin.Update(spinner.TickMsg{ID: m.spin.ID()})
		}
	}
	// A deadlock stops the run: pause it once (the deadlock panel says why).
	switch {
	case m.view.Status == session.Deadlocked && !m.seenDL:
		m.seenDL, m.paused = true, true
		m.play = m.play.preempt(op{kind: opPause, paused: true})
	case m.view.Status != session.Deadlocked:
		m.seenDL = false
	}
	m = m.relayout()
	var cmd, ccmd tea.Cmd
	m.play, cmd = m.play.next(m.story())
	m, ccmd = m.afterOp(d)
	return m, tea.Batch(cmd, ccmd)
}

// restarted resets the viewer for the session a restart created.
func (m Model) restarted(d opDone) Model {
	if d.sc.Name != m.sc.Name || d.sc.Traced() {
		m.calls = newCallBook(d.sc)
	}
	m.sc, m.prm = d.sc, d.prm
	m.opts.Label = "" // a new run of the preset, no longer the saved one
	if d.paused {
		m.note = "opened " + d.sc.Name + ": press space to start"
	}
	m.paused, m.speed, m.seenDL, m.rewound = d.paused, d.prm.Speed, false, false
	if d.check != nil {
		m.check, m.goals.settled = d.check, false
	}
	m.sched = chooser{on: d.asking}
	m.logNext, m.narr, m.marks, m.frames = 0, narrate.Narrator{Func: m.calls.fn}, nil, 0
	sn := m.scene()
	for id, p := range m.panels {
		m.panels[id] = p.restart(sn)
	}
	return m
}

// restyle switches every style, for a dark or light background. The panels
// take the new styles when relayout sizes them.
func (m Model) restyle(s *styles) Model {
	m.st = s
	m.footer = ref(m.footer.restyle(s))
	m.picker = ref(m.picker.restyle(s))
	m.prompt = ref(m.prompt.restyle(s))
	return m.relayout() // the footer's keys are drawn again in the new styles
}

// relayout places the panels for the current size, state and toggles.
func (m Model) relayout() Model {
	if m.width == 0 {
		return m
	}
	in := layoutInput{
		Width: m.width, Height: m.height,
		Workers:       max(m.play.sess.Run().Params.Workers, len(m.view.State.Workers)),
		DeadlockLines: deadlockLines(&m.view.State, &m.calls, m.sc.Lesson, m.width),
		Focus:         m.focus, Zoom: m.zoom, Timeline: m.timeline,
		GoalsRows:   m.goalsRows(),
		HideResults: m.sc.ResultsUnused, Stream: m.calls.queue, NoObjects: !m.calls.objects,
	}
	if !m.zoom || m.focus != pCode { // zoomed, the listing takes the body whatever its length
		_, right := columns(m.width)
		code := m.panels[pCode].(codePanel).wrapTo(right - 2) // the panel's own width: setSize keeps this wrap
		m.panels[pCode] = code
		in.CodeRows = len(code.wrap.rows)
	}
	m.layout = computeLayout(in)
	l := &m.layout
	m.header = m.header.setSize(m.width)
	m.footer = m.footer.setSize(m.width, m.keys)
	m.picker = m.picker.setSize(m.width, m.height)
	m.help = m.help.setSize(m.width, m.height, m.keys, m.st)
	sn := m.scene()
	for id, p := range m.panels {
		m.panels[id] = p.setSize(l.Panels[id].W, l.Panels[id].H, sn)
	}
	if !l.TooSmall && l.Panels[m.focus].Empty() {
		if vis := l.visible(); len(vis) > 0 {
			m.focus = vis[0]
		}
	}
	return m
}

// cycleFocus moves focus to the next (dir 1) or previous (-1) shown panel.
func (m Model) cycleFocus(dir int) Model {
	vis := m.layout.visible()
	if len(vis) == 0 {
		return m
	}
	i := slices.Index(vis, m.focus)
	m.focus = vis[(i+dir+len(vis))%len(vis)]
	if m.zoom {
		m = m.relayout()
	}
	return m
}

// navigate scrolls panel id.
func (m Model) navigate(id panelID, n nav) Model {
	m.panels[id] = m.panels[id].update(n, m.scene())
	return m
}

// onWheel scrolls the panel under the pointer.
func (m Model) onWheel(msg tea.MouseWheelMsg) Model {
	mouse := msg.Mouse()
	if m.help.open {
		return m.wheelHelp(mouse.Button)
	}
	p := m.layout.at(mouse.X, mouse.Y)
	if p < 0 || m.picker.open || m.prompt.open {
		return m
	}
	switch mouse.Button {
	case tea.MouseWheelUp:
		return m.navigate(p, nav{lines: -3})
	case tea.MouseWheelDown:
		return m.navigate(p, nav{lines: 3})
	}
	return m
}

// wheelHelp scrolls the open help with the mouse wheel, wherever the pointer is.
func (m Model) wheelHelp(b tea.MouseButton) Model {
	switch b {
	case tea.MouseWheelUp:
		m.help = ref(m.help.scroll(-3))
	case tea.MouseWheelDown:
		m.help = ref(m.help.scroll(3))
	}
	return m
}
