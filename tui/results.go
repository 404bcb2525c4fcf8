package tui

import (
	"fmt"
	"strconv"

	"poolviz/narrate"
	"poolviz/picture"
)

// resultList lists finished tasks in the order they arrived, each with its
// position in its submission, so out-of-order arrival shows at a glance. It
// follows the newest.
type resultList struct{}

func (resultList) info(sn *scene) string {
	st := &sn.v.State
	return fmt.Sprintf("%d/%d arrived", st.Arrived, max(st.Counts.Submitted, sn.prm.Tasks))
}

func (resultList) view(sn *scene, p listBox) ([]string, int) {
	s, rs := sn.s, sn.v.State.Results
	if len(rs) == 0 {
		return []string{s.faint.s(" no result yet")}, 0
	}
	from, to := p.window(len(rs))
	// Widths from the run's size, not from the rows shown: columns never shift.
	total := max(sn.v.State.Counts.Submitted, sn.prm.Tasks, 1)
	ow := len(narrate.Ordinal(total))
	iw := 0
	for i := from; i < to; i++ {
		iw = max(iw, len(resultName(sn, &rs[i])))
	}
	ww := len(strconv.Itoa(len(sn.v.State.Workers))) + 1 // "W12"
	out := make([]string, 0, p.h)
	for i := from; i < to; i++ {
		r := &rs[i]
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
		out = append(out, line)
	}
	return out, len(rs)
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
	}}}
}
