package tui

import (
	"fmt"
	"strconv"

	"poolviz/narrate"
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
	iw, ow := len(strconv.Itoa(total-1)), len(narrate.Ordinal(total))
	if rs[to-1].Count > 1 {
		iw = 2*iw + 1 // "#4-7"
	}
	ww := len(strconv.Itoa(len(sn.v.State.Workers))) + 1 // "W12"
	out := make([]string, 0, p.h)
	for i := from; i < to; i++ {
		r := &rs[i]
		idx := "#" + strconv.Itoa(r.Index)
		if r.Count > 1 {
			idx += "-" + strconv.Itoa(r.Index+r.Count-1)
		}
		idx = fmt.Sprintf("%-*s", iw+1, idx)
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

// signs are a result row's parts, in and out of turn.
func (resultList) signs(sn *scene) []signGroup {
	s := sn.s
	return []signGroup{{title: pResults.String(), signs: []sign{
		{s.ok.s("#0"), "the result of item 0 of the submission, arriving in its own turn"},
		{s.warn.s("#4"), "a result arriving out of turn: before or after its place in the submission"},
		{s.dim.s("arrived ") + s.bold.s("3rd"), "its place in the order the results arrived"},
		{s.workerPaint(1).s("W1") + " 0.25", "the worker that ran it, then the value it returned"},
		{s.bad.s("failed") + " " + s.bad.s("KeyError"), "the task raised an error instead"},
	}}}
}
