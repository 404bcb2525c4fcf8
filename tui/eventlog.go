package tui

import (
	"strings"

	"charm.land/bubbles/v2/viewport"
	"github.com/charmbracelet/x/ansi"

	"poolviz/narrate"
	"poolviz/pool"
)

// maxLog is how many narrated events the log keeps.
const maxLog = 600

// logPanel is the event log: a viewport of narrated, timestamped events that
// follows the newest one unless the user scrolled back.
type logPanel struct {
	w, h    int
	vp      viewport.Model
	entries []logEntry
	drawn   [][]string // each entry's rendered lines, for the current width and styles
	follow  bool       // stay on the newest event; false once the user scrolls up
	whole   bool       // the viewport holds every line, not only the last page
	st      *styles    // the styles drawn is in
}

func newLogPanel() logPanel {
	vp := viewport.New()
	vp.MouseWheelEnabled = false  // the root routes the wheel to the panel under the pointer
	vp.KeyMap = viewport.KeyMap{} // keys reach the log as nav requests
	return logPanel{vp: vp, follow: true}
}

// setSize sizes the log, and draws its entries again for a new width or new
// styles.
func (p logPanel) setSize(w, h int, sn *scene) panel {
	if p.w == w && p.h == h && p.st == sn.s {
		return p
	}
	p.w, p.h = w, h
	p.vp.SetWidth(max(w-2, 0))
	p.vp.SetHeight(max(h-2, 0))
	return p.redraw(sn.s)
}

// restart empties the log, for a new run.
func (p logPanel) restart(*scene) panel {
	p.entries, p.drawn, p.follow, p.whole = nil, nil, true, true
	p.vp.SetContentLines(nil)
	p.vp.GotoTop()
	return p
}

// add appends entries, keeping the last maxLog, and follows them if the view
// was at the bottom.
func (p logPanel) add(es []logEntry, s *styles) logPanel {
	if len(es) == 0 {
		return p
	}
	for _, e := range es {
		p.entries = append(p.entries, e)
		p.drawn = append(p.drawn, p.render(e, s))
	}
	if over := len(p.entries) - maxLog; over > 0 {
		p.entries = append(p.entries[:0:0], p.entries[over:]...)
		p.drawn = append(p.drawn[:0:0], p.drawn[over:]...)
	}
	return p.refill()
}

// truncate drops the entries of events at index shown and later (after a step back).
func (p logPanel) truncate(shown int) logPanel {
	n := len(p.entries)
	for n > 0 && p.entries[n-1].at >= shown {
		n--
	}
	if n < len(p.entries) {
		p.entries, p.drawn = p.entries[:n:n], p.drawn[:n:n]
		p = p.refill()
	}
	return p
}

// redraw renders every entry again, for a new width or new styles.
func (p logPanel) redraw(s *styles) logPanel {
	p.st = s
	p.drawn = make([][]string, len(p.entries))
	for i, e := range p.entries {
		p.drawn[i] = p.render(e, s)
	}
	return p.refill()
}

// refill gives the viewport the rendered lines, and shows the newest when
// following. A log that follows gives it only its last page: that is all it
// shows, and the viewport measures every line it is given, on every event.
// The first scroll gives it the rest (update).
func (p logPanel) refill() logPanel {
	if p.follow {
		p.vp.SetContentLines(p.lastLines(p.vp.Height()))
		p.vp.GotoBottom()
		p.whole = false
		return p
	}
	p.vp.SetContentLines(p.lastLines(-1))
	p.whole = true
	return p
}

// lastLines returns the last n rendered lines, or all of them when n < 0.
func (p logPanel) lastLines(n int) []string {
	total, from := 0, 0 // from: the first entry whose lines are taken
	for from = len(p.drawn); from > 0 && (n < 0 || total < n); from-- {
		total += len(p.drawn[from-1])
	}
	lines := make([]string, 0, total)
	for _, d := range p.drawn[from:] {
		lines = append(lines, d...)
	}
	if n >= 0 && len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}

// update scrolls the log, from its whole content.
func (p logPanel) update(n nav, _ *scene) panel {
	if !p.whole {
		p.vp.SetContentLines(p.lastLines(-1))
		p.vp.GotoBottom()
		p.whole = true
	}
	switch {
	case n.top:
		p.vp.GotoTop()
	case n.bottom:
		p.vp.GotoBottom()
	case n.lines < 0:
		p.vp.ScrollUp(-n.lines)
	case n.lines > 0:
		p.vp.ScrollDown(n.lines)
	case n.pages < 0:
		p.vp.PageUp()
	case n.pages > 0:
		p.vp.PageDown()
	}
	p.follow = p.vp.AtBottom()
	return p
}

// info tells whether the log follows the newest event.
func (p logPanel) info(*scene, bool) string {
	if p.follow {
		return "newest"
	}
	return "scrolled · end follows"
}

func (p logPanel) view(sn *scene) []string {
	if len(p.entries) == 0 {
		return []string{sn.s.faint.s(" nothing happened yet")}
	}
	if !p.whole {
		if page, ok := p.page(); ok {
			return page
		}
	}
	return strings.Split(p.vp.View(), "\n")
}

// page is what the viewport shows of a log that follows, which it holds
// whole (its last page), without the viewport's drawing: that pads the lines
// to its width and height, which the panel's box does too, and is a fifth of
// the log's cost on every frame. A line with a tab is left to the viewport,
// which turns tabs into spaces.
func (p logPanel) page() ([]string, bool) {
	lines := p.lastLines(p.vp.Height())
	for _, l := range lines {
		if strings.ContainsRune(l, '\t') {
			return nil, false
		}
	}
	return lines, true
}

// signs are none of the log's own: its colours are in the group of main's
// output, which they share.
func (p logPanel) signs(*scene) []signGroup { return nil }

// render draws one entry: its virtual time, then its sentence wrapped under itself.
func (p logPanel) render(e logEntry, s *styles) []string {
	width := max(p.w-2-9, 10)
	text := ansi.Wrap(e.text, width, " ")
	parts := strings.Split(text, "\n")
	paint := entryPaint(e, s)
	out := make([]string, len(parts))
	for i, part := range parts {
		prefix := spaces(9)
		if i == 0 {
			prefix = s.faint.s(narrate.Stamp(e.t)) + " "
			if who := e.actor.String(); e.actor.Kind == pool.ActorWorker && strings.HasPrefix(part, who) {
				out[i] = prefix + s.workerPaint(e.actor.ID).s(who) + paint.s(part[len(who):])
				continue
			}
		}
		out[i] = prefix + paint.s(part)
	}
	return out
}

// entryPaint colours an event by what it means: trouble red, results green,
// waits yellow, main's output bold.
func entryPaint(e logEntry, s *styles) paint {
	switch e.kind {
	case pool.KindDeadlock, pool.KindInitFailed, pool.KindPoolBroken:
		return s.bad
	case pool.KindTaskFinished, pool.KindResultReady:
		if strings.Contains(e.text, "failed") {
			return s.bad
		}
		return s.ok
	case pool.KindBlocked, pool.KindWaitBegan, pool.KindAcquireRequested:
		return s.warn
	case pool.KindOutput:
		return s.bold
	case pool.KindTaskSubmitted, pool.KindQueuePut, pool.KindQueueGet:
		return s.info
	}
	return paint{}
}
