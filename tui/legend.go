package tui

import (
	"strconv"
	"strings"

	"poolviz/picture"
	"poolviz/pool"
	"poolviz/session"
)

// sign is one thing the screen draws, as it is drawn, and what it means.
type sign struct {
	look  string // drawn in its real style
	means string // plain words, wrapped to the help's width
}

// signGroup is the signs of one panel (or one part of the screen).
type signGroup struct {
	title string
	signs []sign
}

// legendGroups returns every sign the screen draws, grouped by panel. Where a
// panel has a function that draws a sign (a worker's state, a badge, an
// object's state), the legend calls it, so the two cannot drift apart.
func legendGroups(s *styles) []signGroup {
	f := &frame{s: s, spin: initSpinner.Frames[3], v: &session.View{}}
	return []signGroup{
		headerSigns(s),
		workerSigns(f),
		timelineSigns(s),
		codeSigns(s),
		queueSigns(s),
		resultSigns(s),
		objectSigns(f),
		outputSigns(s),
		deadlockSigns(f),
		frameSigns(s),
	}
}

// headerSigns are the run state badges and the figures of the header's second line.
func headerSigns(s *styles) signGroup {
	sep := s.faint.s(" │ ")
	return signGroup{title: "Header", signs: []sign{
		{s.badge[session.Running].s(badges[session.Running]), "the run is going"},
		{s.badge[session.Paused].s(badges[session.Paused]), "paused: space goes on, → steps one event, ← steps back"},
		{runBadge(s, session.Finished, false), "the program has ended: r runs it again"},
		{runBadge(s, session.Finished, true), "the program has ended with an error (Main output says which)"},
		{s.badge[session.Deadlocked].s(badges[session.Deadlocked]), "stopped in a deadlock: the Deadlock panel says why"},
		{s.dim.s("simulated") + sep + s.dim.s("parallel"), "the mode: simulated gives the same run every time, parallel runs the tasks truly at once (sim and par on a narrow screen)"},
		{s.dim.s("t ") + s.bold.s("   2.951s"), "virtual time: the clock the scenario's sleeps and timeouts follow"},
		{s.dim.s("speed ") + s.bold.s("   1×"), "virtual seconds per real second (+ and - change it)"},
		{s.dim.s("seed ") + s.bold.s("1"), "the seed of every random choice: the same seed gives the same run (n picks a new one)"},
		{s.dim.s("tasks ") + s.ok.s(" 3") + s.dim.s("/10 done"), "tasks finished, out of those submitted"},
		{s.bad.s("2 failed"), "tasks that ended with an error"},
		{s.dim.s("event 81/120"), "events shown, out of those recorded so far (ev 81/120 on a narrow screen)"},
		{s.warn.s("◀ back"), "you stepped back: this is an earlier moment (space or → goes forward); a narrow screen shows only ◀"},
		{s.warn.s("12 coalesced"), "parallel mode only: events too many to draw one by one, drawn together; the counts stay exact"},
	}}
}

// workerSigns are a worker row's parts, every worker state drawn by statusText,
// the sleep bar, the globals, the pool's words in the frame, and the grid.
func workerSigns(f *frame) signGroup {
	s := f.s
	st := func(w picture.WorkerView) string { return statusText(f, &w, false) }
	var ids []string
	for id := 1; id <= 4; id++ {
		ids = append(ids, s.workerPaint(id).s("W"+strconv.Itoa(id)))
	}
	bar := newSleepBar(s)
	bar.SetWidth(12)
	return signGroup{title: pWorkers.String(), signs: []sign{
		{strings.Join(ids, " "), "workers 1 to 4: each keeps its colour in every panel"},
		{s.dim.s("g1") + " " + s.dim.s("g2"), "the worker's generation: g2 is the new process that replaced g1 (maxtasksperchild), with fresh globals"},
		{s.ok.s("✓  3"), "tasks this worker has finished"},
		{s.bad.s("✗1"), "tasks that failed on this worker"},
		{st(picture.WorkerView{Status: picture.WorkerStarting}), "its process is starting"},
		{st(picture.WorkerView{Status: picture.WorkerInitializing}), "it runs the initializer (the bar rises and falls)"},
		{st(picture.WorkerView{Status: picture.WorkerIdle}), "it waits for a task"},
		{st(picture.WorkerView{Status: picture.WorkerRunning, TaskArg: "2", Step: "sleep"}), "it runs the task function called with 2; after the dot, the step of the listing it is on"},
		{st(picture.WorkerView{Status: picture.WorkerRunning, Task: 4, TaskCount: 4}), "it runs a chunk: map's tasks 4 to 7 as one job"},
		{st(picture.WorkerView{Status: picture.WorkerBlocked, BlockedVerb: "waits for", BlockedOn: "lock A", BlockedBy: "worker 3"}), "blocked: what it waits for, and who holds that"},
		{st(picture.WorkerView{Status: picture.WorkerReplaced}), "retired after its maxtasksperchild tasks; a new generation takes its place"},
		{st(picture.WorkerView{Status: picture.WorkerExited}), "its process has ended (the pool was closed or terminated)"},
		{st(picture.WorkerView{Status: picture.WorkerFailed}), "its initializer raised an error: no globals, no tasks"},
		{bar.ViewAs(0.6) + s.dim.s(" 0.6s/1.0s"), "how far its current sleep has gone"},
		{globalsText(f, []pool.Var{{Name: "queue", Value: "SimpleQueue(results)"}}, " = "), "this worker's own globals, as its initializer left them (written name=value where room is short)"},
		{s.dim.s("maxtasksperchild 2"), "in the panel's frame: the pool replaces a worker after this many tasks"},
		{s.dim.s("POOL BROKEN"), "in the frame: the pool's state when it is not simply running (closed, terminated, joined, or broken by a failed initializer)"},
		{gridSample(f), "many workers: one sign each (the reversed one is selected; tab to the panel, then ↑↓ picks the worker shown in full)"},
	}}
}

// gridSample is a row of the workers grid: a few workers in different states,
// one of them selected.
func gridSample(f *frame) string {
	s := f.s
	var b strings.Builder
	for i, st := range []picture.WorkerStatus{picture.WorkerRunning, picture.WorkerRunning, picture.WorkerIdle, picture.WorkerBlocked, picture.WorkerInitializing, picture.WorkerRunning} {
		p := s.status[st]
		if i == 2 {
			p = s.selected
		}
		b.WriteString(p.s(glyph(f, st)))
	}
	return b.String()
}

// timelineSigns are the glyphs of a timeline lane and its axis.
func timelineSigns(s *styles) signGroup {
	return signGroup{title: pTimeline.String() + " (v)", signs: []sign{
		{s.span[picture.SpanInit].s(repeat(glyphInit, 3)), "the worker runs its initializer"},
		{s.spanLabel.s("7") + s.span[picture.SpanTask].s(repeat(glyphTask, 3)), "a task, with its number where it starts"},
		{s.span[picture.SpanTask].s(repeat(glyphSleep, 3)), "the task sleeps"},
		{s.span[picture.SpanBlocked].s(repeat(glyphBlocked, 3)), "the worker is blocked, waiting"},
		{s.bad.s(glyphFailed), "the task ended with an error"},
		{s.dim.s("┴─────────┴"), "the time axis; the frame says how long one column lasts"},
	}}
}

// codeSigns are the markers the code pane puts on the lines actors are on.
func codeSigns(s *styles) signGroup {
	w1 := s.workerPaint(1)
	return signGroup{title: pCode.String(), signs: []sign{
		{w1.s("23 ▶ ") + "sleep(value)", "a line someone is on, in the colour of the first of them"},
		{s.dim.s("◀ ") + w1.s("W1") + " " + s.workerPaint(2).s("W2") + " " + s.strong.s("main"), "who is on that line: workers, and the main program"},
		{s.dim.s(" +3"), "three more are on that line than there is room to name"},
		{s.faint.s(" ↪ ") + "the rest of a long line", "a line of the listing too long for the panel goes on here"},
		{s.faint.s(" ┆ "), "a row kept for the tags of the line above, when its own rows have no room for them"},
		{s.dim.s("scrolled"), "you scrolled the listing: end follows the markers again"},
	}}
}

// queueSigns are the task queue's rows: a task, a chunk, and the rest.
func queueSigns(s *styles) signGroup {
	return signGroup{title: pQueue.String(), signs: []sign{
		{"task 6  " + s.dim.s("#5 map"), "task 6 (the pool counts tasks from 1) waits for a free worker; #5 is its item in the submission (counted from 0), then how it was submitted"},
		{"tasks 4-7 " + s.dim.s("#3-6 chunk 1"), "a chunk: map's items 3 to 6 travel to one worker as one job"},
		{s.dim.s("… 40 more"), "more tasks wait than there is room to list"},
	}}
}

// resultSigns are a result row's parts, in and out of turn.
func resultSigns(s *styles) signGroup {
	return signGroup{title: pResults.String(), signs: []sign{
		{s.ok.s("#0"), "the result of item 0 of the submission, arriving in its own turn"},
		{s.warn.s("#4"), "a result arriving out of turn: before or after its place in the submission"},
		{s.dim.s("arrived ") + s.bold.s("3rd"), "its place in the order the results arrived"},
		{s.workerPaint(1).s("W1") + " 0.25", "the worker that ran it, then the value it returned"},
		{s.bad.s("failed") + " " + s.bad.s("KeyError"), "the task raised an error instead"},
	}}
}

// objectSigns are each kind of shared object as the panel draws it.
func objectSigns(f *frame) signGroup {
	s := f.s
	head := func(kind, name, state string) string {
		return s.accent.s(kindGlyphs[kind]) + " " + s.bold.s(name) + "  " + state
	}
	obj := func(o picture.ObjectView) string {
		st, counts := objectSummary(f, &o)
		if counts != "" {
			st += s.dim.s(" · ") + counts
		}
		return st
	}
	return signGroup{title: pObjects.String(), signs: []sign{
		{head("queue", "results", obj(picture.ObjectView{Kind: "queue", Len: 3, Capacity: 5, Puts: 4, Gets: 1})), "a queue: its items now (of its maxsize), and how many were put and got"},
		{s.dim.s("[ ") + "1" + s.dim.s(", ") + "2" + s.dim.s(" ]"), "the queue's items, oldest first"},
		{head("lock", "lock", obj(picture.ObjectView{Kind: "lock"})), "a lock nobody holds"},
		{head("lock", "lock", obj(picture.ObjectView{Kind: "lock", Holders: []string{"worker 3"}})), "a lock held: the others must wait for it"},
		{head("rlock", "rlock", obj(picture.ObjectView{Kind: "rlock", Holders: []string{"worker 1"}, Count: 2})), "an RLock, taken twice by its holder"},
		{head("condition", "cond", obj(picture.ObjectView{Kind: "condition"})), "a condition, and its lock"},
		{head("event", "start", obj(picture.ObjectView{Kind: "event", Set: true})), "an event that is set: wait() returns at once"},
		{head("event", "start", obj(picture.ObjectView{Kind: "event"})), "an event not set yet: wait() blocks"},
		{head("semaphore", "slots", obj(picture.ObjectView{Kind: "semaphore", Count: 1, Capacity: 2})), "a semaphore: permits left, of how many"},
		{head("barrier", "barrier", obj(picture.ObjectView{Kind: "barrier", Count: 2, Capacity: 3})), "a barrier: parties waiting, of how many it needs"},
		{head("value", "counter", obj(picture.ObjectView{Kind: "value", Value: "13", Gets: 14, Puts: 14})), "a shared Value: one number for every worker, with its reads and writes"},
		{head("log", "log", obj(picture.ObjectView{Kind: "log", Count: 5})), "a shared log: its last lines follow, each with who wrote it"},
		{s.warn.s("waiting: ") + actors(f, []string{"worker 2", "worker 4"}), "who waits for the object, first come first"},
	}}
}

// outputSigns are main's output lines and the colours of the event log.
func outputSigns(s *styles) signGroup {
	return signGroup{title: pOutput.String() + " and " + pLog.String(), signs: []sign{
		{s.faint.s("  2.30 ") + "task 0 slept 1.70 s", "a line main printed, after the virtual time it printed it"},
		{s.dim.s("worker 2: ") + "hello", "a line a worker printed"},
		{s.faint.s("  2.301s"), "the virtual time of an event in the log"},
		{s.bad.s("DEADLOCK: main waits…"), "red: trouble (a deadlock, a failed task, a broken pool)"},
		{s.ok.s("task(0) finished"), "green: a task finished, its result is ready"},
		{s.warn.s("main waits to get"), "yellow: someone begins to wait, or asks for a lock"},
		{s.info.s("put (0, 1.70) on results"), "blue: a task submitted, or an item put on or got from a queue"},
		{s.bold.s("main prints: task 0 …"), "bold: what main printed"},
		{s.dim.s("scrolled · end follows"), "you scrolled the log back: end follows the newest event again"},
	}}
}

// deadlockSigns are the arrows of a deadlock's cycle.
func deadlockSigns(f *frame) signGroup {
	s := f.s
	arrow := func(label string) string { return s.dim.s(" ─" + label + "─▶ ") }
	return signGroup{title: pDeadlock.String(), signs: []sign{
		{s.dim.s("┌ ") + actorName(f, "worker 1") + arrow("holds") + s.accent.s("lock A"), "each member of the deadlock, and what it holds"},
		{arrow("waits for") + s.accent.s("lock B") + arrow("held by") + actorName(f, "worker 2"), "what it waits for, and who holds that"},
		{s.dim.s("└ … ↑ back to ") + actorName(f, "worker 1"), "the last waits for the first: a cycle nobody can leave"},
	}}
}

// frameSigns are the panels' frames and the footer's note.
func frameSigns(s *styles) signGroup {
	return signGroup{title: "Frames and footer", signs: []sign{
		{s.borderFocus.s("┏━ ") + s.titleFocus.s("Workers") + s.borderFocus.s(" ━┓"), "the panel with the focus: ↑↓ pgup pgdn scroll it, z zooms it"},
		{s.border.s("╭─ ") + s.title.s("Code") + s.border.s(" ─╮"), "another panel: tab moves the focus to it"},
		{s.dim.s("4 workers"), "at the right of a frame: what the panel shows, or where it is scrolled"},
		{s.warn.s("new seed 7"), "at the right of the footer: what the last key did"},
	}}
}
