package pool

// This file lends the deadlock sentences to sources that find deadlocks
// outside the engine (a traced Python program), so that a real program's
// deadlock reads as a preset's does.

// WaitMember is one member of a deadlock found outside the engine: who waits,
// and for what, in the words of its blocked event.
type WaitMember struct {
	Who     Actor
	Verb    string  // "waits for", "waits to get from"
	Object  string  // "lock B", "the result of task 3"
	Holders []Actor // who holds it: only they could end the wait
	Why     string  // why nobody will end the wait, for an object nobody holds
	Idle    bool    // an idle worker, waiting for work that will not come
}

func (m WaitMember) edge() edge {
	return edge{who: m.Who, t: waitTarget{Object: m.Object, Verb: m.Verb, Holders: m.Holders, Why: m.Why, quiet: m.Idle}}
}

// CycleDeadlock returns the Deadlock event (Label "cycle") of a wait-for
// cycle: each member holds what the one before it waits for, and the last
// holds what the first waits for. Its Actor is the cycle's first member in
// actor order, where the sentence starts.
func CycleDeadlock(members []WaitMember) Event {
	cyc := make([]edge, len(members))
	for i, m := range members {
		cyc[i] = m.edge()
	}
	cyc = rotateCycle(cyc)
	return Event{Actor: cyc[0].who, Kind: KindDeadlock, Label: "cycle", Value: cycleSentence(cyc), Vars: edgeVars(cyc)}
}

// StallDeadlock returns the Deadlock event (Label "stall") of a global stall:
// members wait (or are idle), notes say what else can never happen ("task 3
// will never finish ..."), headline why nothing will change ("nothing happened
// for 2s"). It needs at least one member that is not idle.
func StallDeadlock(members []WaitMember, notes []string, headline string) Event {
	var loud, idle []edge
	for _, m := range members {
		if m.Idle {
			idle = append(idle, m.edge())
		} else {
			loud = append(loud, m.edge())
		}
	}
	sentence, ordered := stallWords(loud, idle, notes, headline)
	return Event{Actor: ordered[0].who, Kind: KindDeadlock, Label: "stall", Value: sentence, Vars: edgeVars(ordered)}
}

// StarvedWork says that n tasks, the first few of them ids, wait in the queue
// of the pool named poolName with no worker free to run them: "task 3 is still
// queued in the pool, but no worker is free to run it".
func StarvedWork(ids []int, n int, poolName string) string {
	return queuedTasks(ids, n) + " still queued in " + ObjectPhrase("pool", poolName) +
		", but no worker is free to run " + pick(n == 1, "it", "them")
}
