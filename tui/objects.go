package tui

import (
	"fmt"
	"strconv"
	"strings"

	"poolviz/picture"
)

// objectList lists the shared objects, a few lines each, from the top.
type objectList struct{}

func (objectList) info(sn *scene) string {
	return plural(len(sn.v.State.Objects), "object", "objects")
}

func (l objectList) view(sn *scene, p listBox) ([]string, int) {
	lines := l.lines(sn, p)
	if len(lines) == 0 {
		return []string{sn.s.faint.s(" none created yet")}, 0
	}
	from, to := p.window(len(lines))
	out := lines[from:to]
	if rest := len(lines) - to; rest > 0 && len(out) > 1 {
		// A lock hidden below would leave half a deadlock on screen: say so.
		out = append(out[:len(out)-1:len(out)-1], sn.s.faint.s(fmt.Sprintf("     … %d more ↓", rest+1)))
	}
	return out, len(lines)
}

// signs are each kind of shared object as the panel draws it.
func (objectList) signs(sn *scene) []signGroup {
	s := sn.s
	head := func(kind, name, state string) string {
		return s.accent.s(kindGlyphs[kind]) + " " + s.bold.s(name) + "  " + state
	}
	obj := func(o picture.ObjectView) string {
		st, counts := objectSummary(sn, &o)
		if counts != "" {
			st += s.dim.s(" · ") + counts
		}
		return st
	}
	return []signGroup{{title: pObjects.String(), signs: []sign{
		{head("queue", "results", obj(picture.ObjectView{Kind: "queue", Len: 3, Capacity: 5, Puts: 4, Gets: 1})), "a queue: its items now (of its maxsize), and how many were put and got"},
		{s.dim.s("[ ") + "1" + s.dim.s(", ") + "2" + s.dim.s(" ]"), "the queue's items, oldest first"},
		{head("pipe", "results", obj(picture.ObjectView{Kind: "pipe", Len: 1, Puts: 3, Gets: 2})), "a pipe: its messages sent and not yet received, and how many were sent and received"},
		{head("lock", "lock", obj(picture.ObjectView{Kind: "lock"})), "a lock nobody holds"},
		{head("lock", "lock", obj(picture.ObjectView{Kind: "lock", Holders: []string{"worker 3"}})), "a lock held: the others must wait for it"},
		{head("rlock", "rlock", obj(picture.ObjectView{Kind: "rlock", Holders: []string{"worker 1"}, Count: 2})), "an RLock, taken twice by its holder"},
		{head("condition", "cond", obj(picture.ObjectView{Kind: "condition"})), "a condition, and its lock"},
		{head("event", "start", obj(picture.ObjectView{Kind: "event", Set: true})), "an event that is set: wait() returns at once"},
		{head("event", "start", obj(picture.ObjectView{Kind: "event"})), "an event not set yet: wait() blocks"},
		{head("semaphore", "slots", obj(picture.ObjectView{Kind: "semaphore", Count: 1, Capacity: 2})), "a semaphore: permits left, of how many"},
		{head("barrier", "barrier", obj(picture.ObjectView{Kind: "barrier", Count: 2, Capacity: 3})), "a barrier: parties waiting, of how many it needs"},
		{head("value", "counter", obj(picture.ObjectView{Kind: "value", Value: "13", Gets: 14, Puts: 14})), "a shared Value: one number for every worker, with its reads and writes"},
		{"     " + s.bad.s("✗ 3 of 8 updates lost"), "of 8 read-modify-writes, 3 were written over by a worker that had read the value before them: the race's cost"},
		{head("log", "log", obj(picture.ObjectView{Kind: "log", Count: 5})), "a shared log: its last lines follow, each with who wrote it"},
		{s.warn.s("waiting: ") + actors(sn, []string{"worker 2", "worker 4"}), "who waits for the object, first come first"},
	}}}
}

// kindGlyphs give each kind of object a sign that reads without colour.
var kindGlyphs = map[string]string{
	"queue": "≡", "simple-queue": "≡", "joinable-queue": "≡", "pipe": "⇉", "lock": "◆", "rlock": "◈",
	"event": "◉", "semaphore": "⊞", "bounded-semaphore": "⊞", "barrier": "╫", "condition": "◇", "log": "¶", "value": "⊡",
}

// lines renders every object: a heading line, then its holders, waiters and
// contents on lines of their own.
func (objectList) lines(sn *scene, p listBox) []string {
	narrow := *sn
	narrow.shortNames = p.w < 44 // "held by worker 2" would push the holder out of sight
	sn = &narrow
	s := sn.s
	var out []string
	for i := range sn.v.State.Objects {
		o := &sn.v.State.Objects[i]
		g, ok := kindGlyphs[o.Kind]
		if !ok {
			g = "•"
		}
		sum, extra := objectSummary(sn, o)
		kind := s.dim.s(o.Kind) + " "
		if strings.HasPrefix(strings.ToLower(o.Name), o.Kind) {
			kind = "" // "lock A" says it is a lock already
		}
		head := " " + s.accent.s(g) + " " + kind + s.bold.s(o.Name) + "  " + sum
		if kind != "" && width(head) > p.w-2 {
			// Too wide for the panel: the sign says what the object is, and
			// its state keeps the room rather than being cut.
			head = " " + s.accent.s(g) + " " + s.bold.s(o.Name) + "  " + sum
		}
		// Where the counts go depends on the panel's width alone, not on the text:
		// "9 items" becoming "10 items" must not move every object below a row.
		switch {
		case extra == "":
			out = append(out, head)
		case p.w >= countsInline:
			out = append(out, head+s.dim.s(" · ")+extra)
		default: // a narrow panel: the counts go on a line of their own, not cut
			out = append(out, head, "     "+extra)
		}
		if len(o.Holders) > 0 && !isQueue(o.Kind) && !isLockKind(o.Kind) {
			out = append(out, "     "+s.dim.s("held by ")+actors(sn, o.Holders))
		}
		if len(o.Waiters) > 0 {
			out = append(out, "     "+s.warn.s("waiting: ")+actors(sn, o.Waiters))
		}
		if isQueue(o.Kind) && len(o.Contents) > 0 {
			out = append(out, "     "+s.dim.s("[ ")+strings.Join(o.Contents, s.dim.s(", "))+s.dim.s(" ]"))
		}
		if o.Kind == "log" {
			out = append(out, logLines(sn, o.Name)...)
		}
		if l := lostLine(sn, o, p.w-2); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// lostLine counts a shared value's lost updates on a line of its own, the
// point of a race: a write made from a stale read wiped out what others wrote.
// A value written from reads with none lost says so too, for the contrast.
func lostLine(sn *scene, o *picture.ObjectView, inner int) string {
	s := sn.s
	switch {
	case o.Kind != "value" || o.Updates < 2:
		return ""
	case o.Lost > 0:
		t := fmt.Sprintf("✗ %d of %d updates lost", o.Lost, o.Updates)
		if 5+width(t) > inner {
			t = "✗ " + plural(o.Lost, "update", "updates") + " lost"
		}
		return "     " + s.bad.s(t)
	}
	t := fmt.Sprintf("✓ %d updates, none lost", o.Updates)
	if 5+width(t) > inner {
		t = "✓ none lost"
	}
	return "     " + s.ok.s(t)
}

// countsInline is the narrowest objects panel that writes an object's counts on
// its heading line.
const countsInline = 64

// logShown is how many of a shared log's last lines the panel lists.
const logShown = 8

// logLines lists the last lines of the shared log called name, each with who
// wrote it.
func logLines(sn *scene, name string) []string {
	var idx []int
	lines := sn.v.State.Log
	for i := len(lines) - 1; i >= 0 && len(idx) < logShown; i-- {
		if lines[i].Log == name {
			idx = append(idx, i)
		}
	}
	out := make([]string, 0, len(idx))
	for k := len(idx) - 1; k >= 0; k-- {
		l := &lines[idx[k]]
		out = append(out, "     "+actorName(sn, l.Writer)+sn.s.dim.s(": ")+l.Line)
	}
	return out
}

// isQueue reports kinds that hold items: the queues, and a pipe, whose
// messages are its items.
func isQueue(kind string) bool { return strings.HasSuffix(kind, "queue") || kind == "pipe" }

// isLockKind reports kinds with one holder at a time, named in their summary.
func isLockKind(kind string) bool { return kind == "lock" || kind == "rlock" || kind == "condition" }

// objectSummary is an object's state in a few words, and its counts: shown
// after the state when there is room, on a line of their own when not.
func objectSummary(sn *scene, o *picture.ObjectView) (string, string) {
	s := sn.s
	switch {
	case o.Kind == "pipe":
		t := s.bold.s(plural(o.Len, "message", "messages"))
		if len(o.Closed) > 0 {
			t += " " + s.warn.s(strings.Join(o.Closed, ", ")+" closed")
		}
		return t, s.dim.s(fmt.Sprintf("%d sent, %d received", o.Puts, o.Gets))
	case isQueue(o.Kind):
		t := fmt.Sprintf("%d item", o.Len)
		if o.Len != 1 {
			t += "s"
		}
		if o.Capacity > 0 {
			t += fmt.Sprintf(" of %d", o.Capacity)
		}
		return s.bold.s(t), s.dim.s(fmt.Sprintf("%d put, %d got", o.Puts, o.Gets))
	case o.Kind == "value":
		return s.bold.s("= " + o.Value), s.dim.s(fmt.Sprintf("%d read, %d written", o.Gets, o.Puts))
	}
	return objectState(sn, o), ""
}

// objectState is the state of an object other than a queue or a value.
func objectState(sn *scene, o *picture.ObjectView) string {
	s := sn.s
	switch {
	case isLockKind(o.Kind):
		if len(o.Holders) == 0 {
			return s.ok.s("free")
		}
		t := s.warn.s("held by ") + actors(sn, o.Holders)
		if o.Kind == "rlock" && o.Count > 1 {
			t += s.dim.s(fmt.Sprintf(" (×%d)", o.Count))
		}
		return t
	case o.Kind == "event":
		if o.Set {
			return s.ok.s("● set")
		}
		return s.warn.s("○ not set")
	case strings.HasSuffix(o.Kind, "semaphore"):
		return s.bold.s(fmt.Sprintf("%d of %d free", o.Count, o.Capacity))
	case o.Kind == "barrier":
		t := s.bold.s(fmt.Sprintf("%d of %d waiting", o.Count, o.Capacity))
		if o.Broken {
			t += " " + s.bad.s("broken")
		}
		return t
	case o.Kind == "log":
		return s.dim.s(plural(o.Count, "line", "lines"))
	}
	return ""
}

// actors lists actor names, each worker in its colour: "worker 1, main".
func actors(sn *scene, names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString(sn.s.dim.s(", "))
		}
		b.WriteString(actorName(sn, n))
	}
	return b.String()
}

// actorName colours "worker N" in worker N's colour.
func actorName(sn *scene, name string) string {
	if rest, ok := strings.CutPrefix(name, "worker "); ok {
		if id, err := strconv.Atoi(rest); err == nil {
			if sn.shortNames {
				name = shortName(name)
			}
			return sn.s.workerPaint(id).s(name)
		}
	}
	return sn.s.bold.s(name)
}
