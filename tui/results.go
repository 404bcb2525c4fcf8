package tui

import (
	"fmt"
	"strconv"
	"strings"

	"poolviz/narrate"
	"poolviz/picture"
)

// resultList lists finished tasks in the order they arrived, each with its
// position in its submission, so out-of-order arrival shows at a glance. It
// follows the newest.
type resultList struct{}

func (resultList) info(sn *scene) string {
	st := &sn.v.State
	return fmt.Sprintf("%d/%s arrived", st.Arrived, tasksTotal(max(st.Counts.Submitted, sn.prm.Tasks), sn.prm.Tasks))
}

func (l resultList) view(sn *scene, p listBox) ([]string, int) {
	s, rs := sn.s, sn.v.State.Results
	if len(rs) == 0 {
		return []string{s.faint.s(" no result yet")}, 0
	}
	// The rows: every result, and where the listing submits more than once
	// (imap, then imap_unordered), a divider above each submission's first.
	type row struct{ r, divider int } // r: a result's index, or -1 under divider
	var rows []row
	split := sn.calls.submissions() > 1
	for i := range rs {
		if split && (i == 0 || submissionOf(&rs[i]) != submissionOf(&rs[i-1])) {
			rows = append(rows, row{-1, i})
		}
		rows = append(rows, row{i, -1})
	}
	from, to := p.window(len(rows))
	// Widths from the run's size, not from the rows shown: columns never shift.
	total := max(sn.v.State.Counts.Submitted, sn.prm.Tasks, 1)
	ow := len(narrate.Ordinal(total))
	iw := 0
	for _, rw := range rows[from:to] {
		if rw.r >= 0 {
			iw = max(iw, len(resultName(sn, &rs[rw.r])))
		}
	}
	ww := len(strconv.Itoa(len(sn.v.State.Workers))) + 1 // "W12"
	held := heldBack(sn, rs)
	out := make([]string, 0, p.h)
	for _, rw := range rows[from:to] {
		if rw.r < 0 {
			out = append(out, divider(sn, &rs[rw.divider], held, p.w-2))
			continue
		}
		r := &rs[rw.r]
		idx := fmt.Sprintf("%-*s", iw, resultName(sn, r))
		if r.Index+1 == r.Order {
			idx = s.ok.s(idx)
		} else {
			idx = s.warn.s(idx)
		}
		verb, val := s.dim.s(" arrived "), r.Value
		if r.Err != "" {
			verb, val = s.bad.s(" failed  "), s.bad.s(r.Err)
		}
		who := spaces(ww)
		if r.Worker > 0 {
			who = s.workerPaint(r.Worker).s(fmt.Sprintf("%-*s", ww, "W"+strconv.Itoa(r.Worker)))
		}
		line := " " + idx + verb + s.bold.s(fmt.Sprintf("%-*s", ow, narrate.Ordinal(r.Order))) + " " + who + " " + val
		if w, ok := held[rw.r]; ok {
			h := " ‖ held for " + w
			if width(line+h) > p.w-2 {
				h = " ‖ held"
			}
			line += s.warn.s(h)
		}
		out = append(out, line)
	}
	return out, len(rows)
}

// submissionOf is the pool's number of the first task of r's submission: the
// pool numbers tasks in submission order, and r is item Index of its own.
func submissionOf(r *picture.ResultView) int { return r.Task - r.Index }

// divider heads a submission's results with its call, as the listing writes
// it, and the order its results reach main in, or how many imap holds back
// and for which call (held is heldBack's).
func divider(sn *scene, r *picture.ResultView, held map[int]string, inner int) string {
	c, ok := sn.calls.lookup(r.Via, r.ViaLine)
	if !ok || c.method == "" {
		return sn.s.faint.s(" " + strings.Repeat("─", max(inner-2, 1)))
	}
	label := c.method + "(" + c.fn + ", …)"
	n, waits := 0, ""
	for i, w := range held {
		if rs := sn.v.State.Results; submissionOf(&rs[i]) == submissionOf(r) {
			n, waits = n+1, w
		}
	}
	switch {
	case n > 0:
		label += ": " + strconv.Itoa(n) + " held for " + waits
	case c.method == "imap":
		label += ": to main in task order"
	case c.method == "imap_unordered":
		label += ": to main as they finish"
	}
	t := " ── " + label + " "
	if width(t) > inner {
		t = " ── " + c.method + "(" + c.fn + ", …) "
	}
	return sn.s.accent.s(t + strings.Repeat("─", max(inner-width(t), 0)))
}

// heldBack finds the results imap holds back: imap hands main its results in
// task order, so a result that arrived before an earlier item of the same
// submission waits for it. It returns, for each such result's index in rs, the
// call it waits for.
func heldBack(sn *scene, rs []picture.ResultView) map[int]string {
	arrived := map[int]map[int]bool{} // submission -> items arrived
	for i := range rs {
		sub := submissionOf(&rs[i])
		if arrived[sub] == nil {
			arrived[sub] = map[int]bool{}
		}
		for k := range max(rs[i].Count, 1) {
			arrived[sub][rs[i].Index+k] = true
		}
	}
	held := map[int]string{}
	for i := range rs {
		r := &rs[i]
		if c, ok := sn.calls.lookup(r.Via, r.ViaLine); !ok || c.method != "imap" {
			continue
		}
		for j := 0; j < r.Index; j++ {
			if !arrived[submissionOf(r)][j] {
				held[i] = sn.calls.call(r.Via, r.ViaLine, "", j, submissionOf(r)+j)
				break
			}
		}
	}
	return held
}

// resultName names a result by its task's call, "task(4)"; a chunk recorded
// as one result by its items' range, "task(4)…task(7)".
func resultName(sn *scene, r *picture.ResultView) string {
	name := sn.calls.call(r.Via, r.ViaLine, r.Arg, r.Index, r.Task)
	if r.Count > 1 {
		name = sn.calls.call(r.Via, r.ViaLine, "", r.Index, r.Task) + "…" +
			sn.calls.call(r.Via, r.ViaLine, "", r.Index+r.Count-1, r.Task+r.Count-1)
	}
	return name
}

// signs are a result row's parts, in and out of turn.
func (resultList) signs(sn *scene) []signGroup {
	s := sn.s
	return []signGroup{{title: pResults.String(), signs: []sign{
		{s.ok.s("task(0)"), "the result of task(0), as the listing calls it, arriving in its own turn"},
		{s.warn.s("task(4)"), "a result arriving out of turn: before or after its place in the submission"},
		{s.dim.s("arrived ") + s.bold.s("3rd"), "its place in the order the results arrived"},
		{s.workerPaint(1).s("W1") + " 0.25", "the worker that ran it, then the value it returned"},
		{s.bad.s("failed") + " " + s.bad.s("KeyError"), "the task raised an error instead"},
		{s.warn.s("‖ held for task(0)"), "held back: imap has this result but hands results to main in task order: it waits for an earlier one"},
		{s.accent.s("── imap(task, …): to main in task order ──"), "a divider: the results of the next submission follow"},
	}}}
}
