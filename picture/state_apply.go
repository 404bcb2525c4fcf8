package picture

import (
	"math"
	"strconv"
	"time"

	"poolviz/pool"
)

// Apply folds one event into the State. It is pure and deterministic: the same
// events in the same order give the same State, and nothing but the State changes.
//
// Apply is robust to what a Parallel engine's recorder does to a stream: events
// may arrive slightly out of order or be shed. Workers, tasks and objects are
// created on demand; an event of an older worker generation does not change the
// slot's picture (its task still counts); a KindCoalesced event adds the tasks
// whose events were shed to the counts. Every slice stays bounded (MaxSpans,
// MaxResults, MaxQueue, ...), so a million-task run folds into a small State.
//
// Seq becomes the event's sequence number; Now never goes back in time.
// Cost: O(1) amortised for most events; O(workers) for those that change a worker;
// O(MaxObjects) for shared-object events.
func (s *State) Apply(ev pool.Event) {
	ev.Time = max(ev.Time, 0) // a negative time is corrupt; spans use End < 0 for "open"
	s.Events++
	s.Seq = ev.Seq
	s.Now = max(s.Now, ev.Time)
	switch ev.Kind {
	case pool.KindPoolCreated, pool.KindPoolClosed, pool.KindPoolTerminated, pool.KindPoolBroken, pool.KindPoolJoined:
		s.applyPool(ev)
	case pool.KindMainStarted, pool.KindMainEnded:
		s.applyMain(ev)
	case pool.KindOutput:
		s.Output = appendBounded(s.Output, OutputLine{Time: ev.Time, Line: ev.Value, Writer: ev.Actor.String()}, MaxOutput)
	case pool.KindTaskSubmitted:
		s.Counts.Submitted += clampCount(ev.Count)
		via, line := s.stepOf(ev.Actor)
		s.enqueue(QueuedJob{Task: ev.Task, Count: clampCount(ev.Count), Chunk: ev.Chunk, Index: ev.Index, Call: ev.Label,
			Via: via, ViaLine: line})
	case pool.KindWorkerStarted, pool.KindInitBegan, pool.KindInitEnded, pool.KindInitFailed, pool.KindWorkerRecycled,
		pool.KindWorkerExited, pool.KindGlobalSet, pool.KindTaskStarted, pool.KindTaskStep, pool.KindTaskSleep,
		pool.KindTaskFinished, pool.KindBlocked, pool.KindUnblocked:
		if ev.Kind == pool.KindUnblocked {
			s.dropDeadlockIfWoken(ev)
		}
		s.applyActor(ev)
	case pool.KindDeadlock:
		s.Deadlock = &DeadlockView{Kind: ev.Label, Sentence: ev.Value, Members: clipVars(ev.Vars), Time: ev.Time, Seq: ev.Seq}
	case pool.KindCoalesced:
		s.applyCoalesced(ev)
	case pool.KindObjectCreated, pool.KindQueuePut, pool.KindQueueGet, pool.KindAcquireRequested, pool.KindAcquireGranted,
		pool.KindReleased, pool.KindWaitBegan, pool.KindWaitEnded, pool.KindFlagSet, pool.KindFlagCleared, pool.KindNotified,
		pool.KindBarrierBroken, pool.KindBarrierReset, pool.KindLogAppended, pool.KindValueRead, pool.KindValueWritten,
		pool.KindConnClosed:
		s.applyObject(ev)
	}
	// KindResultWaited, KindResultReady and KindCallbackRan change nothing drawn:
	// a wait shows through its KindBlocked event, a result through KindTaskFinished.
}

// Fold applies evs in order to a zero State and returns it.
func Fold(evs []pool.Event) State {
	var s State
	for _, ev := range evs {
		s.Apply(ev)
	}
	return s
}

// maxTaskCount bounds the task count one event may carry, so that sums of
// arbitrary (corrupt or fuzzed) counts cannot overflow.
const maxTaskCount = 1 << 30

// clampCount returns an event's task count: Count, at least 1.
func clampCount(n int) int { return min(max(n, 1), maxTaskCount) }

func (s *State) applyPool(ev pool.Event) {
	p := &s.Pool
	switch ev.Kind {
	case pool.KindPoolCreated:
		*p = PoolView{Name: ev.Object, Status: PoolRunning, Workers: ev.Count, InitArgs: ev.Value, MaxTasks: ev.Gen}
		s.slot(min(ev.Count, MaxWorkers))
	case pool.KindPoolClosed:
		if p.Status <= PoolRunning {
			p.Status = PoolClosed
		}
	case pool.KindPoolTerminated:
		if p.Status != PoolJoined {
			p.Status = PoolTerminated
		}
		s.clearQueue()
	case pool.KindPoolBroken:
		if p.Status != PoolJoined && p.Status != PoolTerminated {
			p.Status = PoolBroken
		}
		p.Err = ev.Err
		s.clearQueue()
	case pool.KindPoolJoined:
		p.Status = PoolJoined
	}
	if p.Name == "" {
		p.Name = ev.Object
	}
}

func (s *State) applyMain(ev pool.Event) {
	m := &s.Main
	switch ev.Kind {
	case pool.KindMainStarted:
		m.Started = true
	case pool.KindMainEnded:
		m.Started, m.Ended, m.Err = true, true, ev.Err
		m.BlockedOn, m.BlockedBy, m.BlockedVerb = "", "", ""
		m.SleepFor = 0
	}
}

// dropDeadlockIfWoken forgets a reported deadlock when one of its members'
// wait ends, not by being interrupted (an error) but because what it waited
// for came: it was no deadlock (a stall called early, a wait that ended on its
// own), and a run that goes on to finish must not end as deadlocked.
func (s *State) dropDeadlockIfWoken(ev pool.Event) {
	if s.Deadlock == nil || ev.Err != "" {
		return
	}
	who := ev.Actor.String()
	for _, m := range s.Deadlock.Members {
		if m.Name == who {
			s.Deadlock = nil
			return
		}
	}
}

// applyCoalesced counts events shed: the tasks whose submission or end was
// shed are added to the counts (an older saved run's event carries exact
// counters instead, which replace them).
func (s *State) applyCoalesced(ev pool.Event) {
	s.Coalesced += max(ev.Count, 0)
	for _, v := range ev.Vars {
		n, err := strconv.Atoi(v.Value)
		if err != nil || n < 0 || n > maxTaskCount {
			continue
		}
		var c *int
		switch v.Name {
		case "submitted":
			c = &s.Counts.Submitted
		case "succeeded":
			c = &s.Counts.Succeeded
		case "failed":
			c = &s.Counts.Failed
		default:
			continue
		}
		if ev.Label == pool.CoalescedShed {
			*c = min(*c+n, math.MaxInt/2)
		} else {
			*c = n
		}
	}
	// The queue's events may be among those shed: estimate it from the counters.
	inFlight := 0
	for i := range s.Workers {
		if s.Workers[i].Task != 0 {
			inFlight += max(s.Workers[i].TaskCount, 1)
		}
	}
	s.QueueTasks = max(s.Counts.Submitted-s.Counts.Succeeded-s.Counts.Failed-inFlight, 0)
}

// slot returns worker id's view, making slots up to it; nil for an id out of range.
func (s *State) slot(id int) *WorkerView {
	if id < 1 || id > MaxWorkers {
		return nil
	}
	for len(s.Workers) < id {
		s.Workers = append(s.Workers, WorkerView{ID: len(s.Workers) + 1})
	}
	return &s.Workers[id-1]
}

// applyActor applies an event of the lifecycle of a worker or of a task, or a
// blocked/unblocked event, to the actor it names.
func (s *State) applyActor(ev pool.Event) {
	switch ev.Actor.Kind {
	case pool.ActorWorker:
		if w := s.slot(ev.Actor.ID); w != nil {
			s.applyWorker(w, ev)
			s.recountRunning()
		} else if ev.Kind == pool.KindTaskFinished {
			s.taskFinished(nil, ev)
		}
	case pool.ActorMain:
		s.applyMainActor(ev)
	default:
		if ev.Kind == pool.KindTaskFinished {
			s.taskFinished(nil, ev)
		}
	}
}

// applyMainActor applies what the main program did (its globals, sleeps, steps
// and waits) and tasks that failed in the queue, which main records.
func (s *State) applyMainActor(ev pool.Event) {
	m := &s.Main
	if ev.Kind != pool.KindTaskSleep && m.SleepFor > 0 {
		m.SleepFor = 0
	}
	switch ev.Kind {
	case pool.KindGlobalSet:
		m.Globals = setVar(m.Globals, ev.Object, ev.Value)
	case pool.KindTaskSleep:
		m.SleepFrom, m.SleepFor = ev.Time, max(ev.Dur, 0)
	case pool.KindTaskStep:
		m.Step, m.StepLine = stepOf(ev)
	case pool.KindBlocked:
		m.BlockedOn, m.BlockedBy, m.BlockedVerb = ev.Object, ev.Other, ev.Label
	case pool.KindUnblocked:
		m.BlockedOn, m.BlockedBy, m.BlockedVerb = "", "", ""
	case pool.KindTaskFinished:
		// A task that never reached a worker: it failed in the queue.
		j, _ := s.dequeue(ev.Task, clampCount(ev.Count))
		s.taskFinished(nil, ev)
		if r := &s.Results[len(s.Results)-1]; j.Count > 0 {
			r.Via, r.ViaLine = j.Via, j.ViaLine
		}
	}
}

// stepOf returns the step a (main or a worker) is on, and the source line it
// names: where a submission it makes comes from.
func (s *State) stepOf(a pool.Actor) (string, int) {
	switch a.Kind {
	case pool.ActorMain:
		return s.Main.Step, s.Main.StepLine
	case pool.ActorWorker:
		if a.ID >= 1 && a.ID <= len(s.Workers) {
			w := &s.Workers[a.ID-1]
			return w.Step, w.StepLine
		}
	}
	return "", 0
}

// taskFinished counts a finished task (or chunk) and lists its result; w is the
// worker that ran it, nil for a task that failed in the queue.
func (s *State) taskFinished(w *WorkerView, ev pool.Event) {
	n := clampCount(ev.Count)
	failed := ev.Err != ""
	if failed {
		s.Counts.Failed += n
	} else {
		s.Counts.Succeeded += n
	}
	r := ResultView{Task: ev.Task, Index: ev.Index, Value: ev.Value, Err: ev.Err, Time: ev.Time, Count: n}
	if w != nil {
		r.Worker = w.ID
		if w.Task == ev.Task && (ev.Gen == 0 || ev.Gen == w.Gen) {
			r.Arg, r.Via, r.ViaLine = w.TaskArg, w.Job.Via, w.Job.ViaLine
		}
		if failed {
			w.Failed += n
		} else {
			w.Done += n
			if ev.Gen == 0 || ev.Gen == w.Gen {
				w.GenDone += n
			}
		}
	}
	s.Arrived++
	r.Order = s.Arrived
	s.Results = appendBounded(s.Results, r, MaxResults)
}

// recountRunning sets Counts.Running: the workers running a task now (a chunk
// recorded as one span counts once: one of its tasks runs at a time).
func (s *State) recountRunning() {
	n := 0
	for i := range s.Workers {
		if s.Workers[i].Task != 0 {
			n++
		}
	}
	s.Counts.Running = n
}

// appendBounded appends v, first dropping the oldest element if s holds max.
// Dropping by reslicing keeps it amortised O(1): append copies the live part
// only when the backing array runs out.
func appendBounded[T any](s []T, v T, limit int) []T {
	if len(s) >= limit {
		s = s[len(s)-limit+1:]
	}
	return append(s, v)
}

// setVar sets name to value in vs, keeping the order names were first set; past
// MaxListed names, new ones are not kept.
func setVar(vs []pool.Var, name, value string) []pool.Var {
	for i := range vs {
		if vs[i].Name == name {
			vs[i].Value = value
			return vs
		}
	}
	if len(vs) >= MaxListed {
		return vs
	}
	return append(vs, pool.Var{Name: name, Value: value})
}

// clipVars copies at most MaxListed vars.
func clipVars(vs []pool.Var) []pool.Var {
	if len(vs) == 0 {
		return nil
	}
	return append([]pool.Var(nil), vs[:min(len(vs), MaxListed)]...)
}

// spanEnd returns when a sleep that began at from and lasts d ended, seen from an
// event at t: at t if the sleep was cut short, else at its planned end.
func spanEnd(from, d, t time.Duration) time.Duration {
	return max(min(t, from+d), from)
}
