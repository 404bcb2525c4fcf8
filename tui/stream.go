package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"poolviz/narrate"
	"poolviz/picture"
)

// streamList lists the items that went through the program's own queues (or
// the messages through its pipes), in the order they arrived: beside each item's place in that order, its task's
// place in the order the tasks were submitted, so an item out of turn shows
// in colour; then who put it and when, how long it sat on the queue, and who
// took it. Main of the tutorial's pattern takes each item the instant it
// lands, so the queue itself is empty in almost every frame: the stream is
// where the items show. It follows the newest.
type streamList struct{}

func (streamList) info(sn *scene) string {
	on, put := 0, 0
	for i := range sn.v.State.Objects {
		if o := &sn.v.State.Objects[i]; isQueue(o.Kind) {
			on += o.Len
			put += o.Puts
		}
	}
	if pipeOnly(sn) {
		return fmt.Sprintf("%d sent · %d in it", put, on)
	}
	return fmt.Sprintf("%d put · %d on it", put, on)
}

// title names the panel after what the listing shares: a pipe's messages
// are not a queue's.
func (streamList) title(sn *scene) string {
	if pipeOnly(sn) {
		return "Shared pipe"
	}
	return ""
}

// pipeOnly reports whether the items listed pass through a pipe and no queue:
// they are sent and received, not put and taken.
func pipeOnly(sn *scene) bool { return sn.calls != nil && sn.calls.pipe }

func (l streamList) view(sn *scene, p listBox) ([]string, int) {
	objs := sn.v.State.Objects
	queues, items := 0, 0
	for i := range objs {
		if isQueue(objs[i].Kind) {
			queues++
			items += len(objs[i].Stream)
		}
	}
	length := items // the rows: each item, under its queue's name when there are several
	if queues > 1 {
		length += queues
	}
	if length == 0 {
		if queues == 0 {
			return []string{sn.s.faint.s(" no queue created yet")}, 0
		}
		nothing := " nothing put yet"
		if pipeOnly(sn) {
			nothing = " nothing sent yet"
		}
		return []string{l.columns(sn, p.w-2).header(sn), sn.s.faint.s(nothing)}, 1
	}
	// The header stays; the rows scroll under it. Only the rows shown are
	// drawn, of up to picture.MaxStream items a queue.
	cols := l.columns(sn, p.w-2)
	body := listBox{w: p.w, h: p.h - 1, list: p.list}
	from, to := body.window(length)
	rows := make([]string, 1, to-from+1)
	rows[0] = cols.header(sn)
	at := 0 // the index of the next row
	for i := range objs {
		o := &objs[i]
		if !isQueue(o.Kind) || at >= to {
			continue
		}
		if queues > 1 {
			if at >= from {
				rows = append(rows, " "+sn.s.accent.s(kindGlyphs[o.Kind])+" "+sn.s.bold.s(o.Name))
			}
			at++
		}
		waiting := "on queue"
		if o.Kind == "pipe" {
			waiting = "in pipe"
		}
		for k := max(from-at, 0); k < len(o.Stream) && at+k < to; k++ {
			rows = append(rows, cols.row(sn, &o.Stream[k], waiting))
		}
		at += len(o.Stream)
	}
	return rows, length + 1
}

// streamCols are the widths of a stream row's columns, from the run's size
// and the items kept, so that they do not shift from row to row; a column
// that does not fit the panel is left out (0), the least telling last.
type streamCols struct {
	in, order, item, by, call, taken int
	sat, at                          bool
	wide                             bool // the headers in full words
}

// Widths of the columns of fixed size.
const (
	satWidth = 7 // " 12.34s"
	atWidth  = 8 // " 123.45s"
)

// columns fits the columns into inner cells.
func (streamList) columns(sn *scene, inner int) streamCols {
	st := &sn.v.State
	n := max(st.Counts.Submitted, sn.prm.Tasks, 1)
	c := streamCols{item: 4, by: 2, taken: len("on queue")}
	for i := range st.Objects {
		o := &st.Objects[i]
		n = max(n, o.Puts)
		for k := range o.Stream {
			it := &o.Stream[k]
			c.item = max(c.item, width(it.Value))
			c.by = max(c.by, len(shortName(it.By)))
			c.taken = max(c.taken, 2+len(shortName(it.TakenBy)))
			c.call = max(c.call, len(sn.calls.call(it.Via, it.ViaLine, it.Arg, it.Index, it.Task)))
		}
	}
	c.order = max(len(narrate.Ordinal(n)), 3)
	if pipeOnly(sn) {
		c.order = max(c.order, len("subm"))
	}
	c.item = min(c.item, 24)
	c.wide = inner >= 64
	c.in = c.order
	if c.wide {
		c.in, c.order = max(c.order, len("arrived")), max(c.order, len("submitted"))
		c.taken = max(c.taken, len("taken by"))
	}
	used := 1 + c.in + 1 + c.order + 1 + c.item
	fits := func(w int) bool {
		if used+w > inner {
			return false
		}
		used += w
		return true
	}
	if !fits(1 + c.by) {
		c.by = 0
	}
	c.sat = fits(satWidth)
	if !fits(2 + c.taken) {
		c.taken = 0
	}
	if c.call > 0 && !fits(1+c.call) {
		c.call = 0
	}
	c.at = fits(atWidth)
	return c
}

// header names the columns. A pipe's messages are sent and received, so a
// narrow panel heads the submission order "subm" there, not "sent".
func (c streamCols) header(sn *scene) string {
	in, sent := "in", "sent"
	putAt, taken := "put at", "taken"
	if c.wide {
		in, sent = "arrived", "submitted"
	}
	if pipeOnly(sn) {
		putAt, taken = "sent at", "received"
		if !c.wide {
			sent = "subm"
		}
	}
	h := " " + fmt.Sprintf("%-*s %-*s %-*s", c.in, in, c.order, sent, c.item, "item")
	if c.by > 0 {
		h += " " + fmt.Sprintf("%-*s", c.by, "by")
	}
	if c.call > 0 {
		h += " " + fmt.Sprintf("%-*s", c.call, "task")
	}
	if c.at {
		h += padLeft(putAt, atWidth)
	}
	if c.sat {
		h += padLeft("sat", satWidth)
	}
	if c.taken > 0 {
		h += "  " + fmt.Sprintf("%-*s", c.taken, taken)
	}
	return sn.s.dim.s(strings.TrimRight(h, " "))
}

// row draws one item; waiting is what an item nobody took yet says: "on
// queue", "in pipe".
func (c streamCols) row(sn *scene, it *picture.QueueItem, waiting string) string {
	s := sn.s
	var b strings.Builder
	b.WriteString(" " + s.bold.s(fmt.Sprintf("%-*s", c.in, narrate.Ordinal(it.Order))) + " ")
	sent := fmt.Sprintf("%-*s", c.order, "—")
	if it.Task > 0 {
		sent = fmt.Sprintf("%-*s", c.order, narrate.Ordinal(it.Task))
		if it.Task == it.Order {
			sent = s.ok.s(sent)
		} else {
			sent = s.warn.s(sent)
		}
	}
	b.WriteString(sent + " " + fit(it.Value, c.item))
	short := *sn
	short.shortNames = true
	if c.by > 0 {
		b.WriteString(" " + fit(actorName(&short, it.By), c.by))
	}
	if c.call > 0 {
		b.WriteString(" " + fit(s.dim.s(sn.calls.call(it.Via, it.ViaLine, it.Arg, it.Index, it.Task)), c.call))
	}
	if c.at {
		b.WriteString(s.faint.s(padLeft(seconds(it.PutAt), atWidth)))
	}
	sat, paint := it.TakenAt-it.PutAt, s.dim
	if !it.Taken {
		sat, paint = sn.v.State.Now-it.PutAt, s.warn
	}
	if c.sat {
		b.WriteString(paint.s(padLeft(seconds(sat), satWidth)))
	}
	if c.taken > 0 {
		if it.Taken {
			b.WriteString("  " + s.dim.s("→ ") + actorName(&short, it.TakenBy))
		} else {
			b.WriteString("  " + s.warn.s(waiting))
		}
	}
	return b.String()
}

// seconds writes a time in seconds with two decimals: "2.30s".
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + "s"
}

// signs are a stream row's parts.
func (streamList) signs(sn *scene) []signGroup {
	s := sn.s
	return []signGroup{{title: pStream.String(), signs: []sign{
		{s.bold.s("2nd"), "in: the item's place in the order items arrived on the queue (the rows' order)"},
		{s.ok.s("2nd"), "sent: its task's place in the order the tasks were submitted, the same as its arrival"},
		{s.warn.s("5th"), "sent out of turn: the task was submitted 5th but its item arrived earlier or later"},
		{s.workerPaint(1).s("W1") + " " + s.dim.s("task(4)"), "who put the item, and the task (the call in the listing) that put it"},
		{s.faint.s("  2.30s") + "  " + s.dim.s("   0.00s"), "when it was put, and how long it sat on the queue before someone took it"},
		{s.dim.s("→ ") + s.bold.s("main"), "who took it off the queue"},
		{s.warn.s("on queue"), "still on the queue, nobody took it yet: its time keeps counting"},
	}}}
}
