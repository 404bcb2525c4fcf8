package tui

import (
	"fmt"
	"strconv"
)

// queueList lists the jobs waiting for a worker, oldest first, from the top.
type queueList struct{}

func (queueList) info(sn *scene) string {
	return strconv.Itoa(sn.v.State.QueueTasks) + " waiting"
}

func (queueList) view(sn *scene, p listBox) ([]string, int) {
	s, st := sn.s, &sn.v.State
	if len(st.Queue) == 0 {
		if st.Counts.Submitted == 0 {
			return []string{s.faint.s(" nothing submitted yet")}, 1
		}
		return []string{s.faint.s(" empty")}, 1
	}
	from, to := p.window(len(st.Queue))
	out := make([]string, 0, p.h)
	for i := from; i < to; i++ {
		j := &st.Queue[i]
		first := sn.calls.call(j.Via, j.ViaLine, "", j.Index, j.Task)
		var line string
		if j.Count > 1 {
			last := sn.calls.call(j.Via, j.ViaLine, "", j.Index+j.Count-1, j.Task+j.Count-1)
			line = " " + first + "…" + last + " " + s.dim.s("chunk "+strconv.Itoa(j.Chunk))
		} else {
			line = " " + first + " " + s.dim.s(j.Call)
		}
		out = append(out, line)
	}
	shown := 0
	for _, j := range st.Queue {
		shown += max(j.Count, 1)
	}
	if more := st.QueueTasks - shown; more > 0 && len(out) < p.h-2 {
		out = append(out, s.dim.s(fmt.Sprintf(" … %d more", more)))
	}
	return out, len(st.Queue) + 1 // room for the "… more" line
}

// signs are the task queue's rows: a task, a chunk, and the rest.
func (queueList) signs(sn *scene) []signGroup {
	s := sn.s
	return []signGroup{{title: pQueue.String(), signs: []sign{
		{"task(5) " + s.dim.s("map"), "task(5) waits for a free worker: the task function called with 5, as the listing calls it, then how it was submitted"},
		{"task(3)…task(6) " + s.dim.s("chunk 1"), "a chunk: map's items 3 to 6 travel to one worker as one job"},
		{"parent_task(…) " + s.dim.s("apply_async"), "a task whose argument is known only once it starts"},
		{s.dim.s("… 40 more"), "more tasks wait than there is room to list"},
	}}}
}
