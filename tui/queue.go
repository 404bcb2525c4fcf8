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
	tw := len(strconv.Itoa(max(st.Counts.Submitted, sn.prm.Tasks)))
	out := make([]string, 0, p.h)
	for i := from; i < to; i++ {
		j := &st.Queue[i]
		var line string
		if j.Count > 1 {
			line = fmt.Sprintf(" tasks %d-%d %s", j.Task, j.Task+j.Count-1, s.dim.s(fmt.Sprintf("#%d-%d chunk %d", j.Index, j.Index+j.Count-1, j.Chunk)))
		} else {
			line = fmt.Sprintf(" task %-*d %s", tw, j.Task, s.dim.s("#"+strconv.Itoa(j.Index)+" "+j.Call))
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
		{"task 6  " + s.dim.s("#5 map"), "task 6 (the pool counts tasks from 1) waits for a free worker; #5 is its item in the submission (counted from 0), then how it was submitted"},
		{"tasks 4-7 " + s.dim.s("#3-6 chunk 1"), "a chunk: map's items 3 to 6 travel to one worker as one job"},
		{s.dim.s("… 40 more"), "more tasks wait than there is room to list"},
	}}}
}
