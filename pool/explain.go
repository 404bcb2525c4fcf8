package pool

import (
	"cmp"
	"slices"
	"strings"
)

// This file puts a deadlock into words for a teacher; deadlock.go finds it.
// Sentences start with an actor's name, in lower case ("worker 1 holds ..."), as
// the actors are named everywhere else.

// cycleSentence explains a cycle in one sentence: "worker 1 holds lock A and
// waits for lock B, held by worker 2, which waits for lock A." Each member holds
// what the one before it waits for; the last holds what the first waits for.
func cycleSentence(cyc []edge) string {
	var b strings.Builder
	first, last := cyc[0], cyc[len(cyc)-1]
	b.WriteString(first.who.String())
	if len(cyc) == 1 {
		b.WriteString(" holds " + first.t.Object + " and " + first.t.Verb + " " + first.t.Object + " again: it waits for itself.")
		return b.String()
	}
	b.WriteString(" holds " + last.t.Object + " and " + first.t.Verb + " " + first.t.Object)
	for _, ed := range cyc[1:] {
		b.WriteString(", held by " + ed.who.String() + ", which " + ed.t.Verb + " " + ed.t.Object)
	}
	b.WriteString(".")
	return b.String()
}

// rotateCycle starts a cycle at its first member in actor order, so the sentence
// is the same whichever member closed the cycle (in Parallel mode, whoever blocked last).
func rotateCycle(cyc []edge) []edge {
	i := 0
	for j := range cyc {
		if compareActors(cyc[j].who, cyc[i].who) < 0 {
			i = j
		}
	}
	return append(slices.Clone(cyc[i:]), cyc[:i]...)
}

// compareActors orders actors as people count them: main, worker 1, worker 2, ...,
// then the result handler.
func compareActors(a, b Actor) int {
	rank := func(x Actor) int {
		switch x.Kind {
		case ActorMain:
			return 0
		case ActorWorker:
			return 1
		}
		return 2
	}
	return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.ID, b.ID))
}

// andList joins names as a sentence does: "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func whoNames(es []edge) []string {
	s := make([]string, len(es))
	for i, ed := range es {
		s[i] = ed.who.String()
	}
	return s
}

func actorNames(as []Actor) []string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return s
}

// actorList joins actors with commas, for an event's Other field.
func actorList(as []Actor) string { return strings.Join(actorNames(as), ", ") }

// resultLike is an AsyncResult of any type: its holders run it, they do not hold it.
type resultLike interface {
	Ready() bool
	Label() string
}

// clause says what an actor waits for, without the actor: "waits for lock B,
// held by worker 2", "waits to get from queue results, but nobody left can put to
// it". plural conjugates the verb for several subjects ("wait for").
func clause(ed edge, plural bool) string {
	t := ed.t
	verb := t.Verb
	if plural {
		first, rest, _ := strings.Cut(verb, " ") // "waits for" -> "wait for"
		verb = strings.TrimSpace(strings.TrimSuffix(first, "s") + " " + rest)
	}
	s := verb + " " + t.Object
	if len(t.Holders) > 0 {
		names := andList(actorNames(t.Holders))
		one := len(t.Holders) == 1
		switch ed.on.(type) {
		case *joinWait:
			s += " until " + names + pick(one, " exits", " exit")
		case resultLike:
			s += ", which " + names + pick(one, " is running", " are running")
		default:
			s += ", held by " + names
		}
	}
	if t.Why != "" {
		s += ", but " + t.Why
	}
	return s
}

// edgeVars lists each member of a deadlock with what it waits for.
func edgeVars(es []edge) []Var {
	vs := make([]Var, len(es))
	for i, ed := range es {
		vs[i] = Var{Name: ed.who.String(), Value: clause(ed, false)}
		if ed.t.quiet {
			vs[i].Value = "is idle with nothing to do"
		}
	}
	return vs
}

// stallSentence explains a global stall: the blocked actors, those waiting for
// the same thing in one clause; then the idle ones; then the work that is queued
// with no worker free to run it; then why nothing will change. It returns the
// sentence and its members in the order it names them. The engine lock is held.
func (e *Engine) stallSentence(loud, idle []edge, headline string) (string, []edge) {
	return stallWords(loud, idle, append(e.starvedWork(idle), e.lostWork()...), headline)
}

// lostWork says which tasks were lost with a worker a what-if killed: the
// work that never comes, for a stall that follows. The engine lock is held.
func (e *Engine) lostWork() []string {
	var parts []string
	for _, p := range e.pools {
		for _, l := range p.lost {
			parts = append(parts, TaskRangeLabel(l.task, l.n)+" was lost with "+l.worker.String()+", "+l.how+": its work never comes")
		}
	}
	return parts
}

// stallWords is stallSentence without the engine: starved lists the queued
// work nobody is free to run, in words.
func stallWords(loud, idle []edge, starved []string, headline string) (string, []edge) {
	type group struct {
		key     string
		members []edge
	}
	var groups []*group
	for _, ed := range loud {
		if _, ok := ed.on.(resultLike); ok && len(starved) > 0 {
			ed.t.Why = "" // the queued work is explained once, below
		}
		key := ed.t.Verb + "\x00" + ed.t.Object + "\x00" + actorList(ed.t.Holders) + "\x00" + ed.t.Why
		i := slices.IndexFunc(groups, func(g *group) bool { return g.key == key })
		if i < 0 {
			groups = append(groups, &group{key: key})
			i = len(groups) - 1
		}
		groups[i].members = append(groups[i].members, ed)
	}
	// Waits nobody holds are the root of the stall: they come first; the waits on
	// something an actor holds are explained by what that actor waits for. Then
	// actor order, so that timing (in Parallel mode) does not change the sentence.
	held := func(g *group) int { return min(len(g.members[0].t.Holders), 1) }
	for _, g := range groups {
		slices.SortStableFunc(g.members, func(a, b edge) int { return compareActors(a.who, b.who) })
	}
	slices.SortStableFunc(groups, func(a, b *group) int {
		return cmp.Or(cmp.Compare(held(a), held(b)), compareActors(a.members[0].who, b.members[0].who))
	})
	var parts []string
	var members []edge
	for _, g := range groups {
		parts = append(parts, andList(whoNames(g.members))+" "+clause(g.members[0], len(g.members) > 1))
		members = append(members, g.members...)
	}
	if len(idle) > 0 {
		idle = slices.Clone(idle)
		slices.SortStableFunc(idle, func(a, b edge) int { return compareActors(a.who, b.who) })
		parts = append(parts, andList(whoNames(idle))+pick(len(idle) == 1, " is", " are")+" idle with nothing to do")
		members = append(members, idle...)
	}
	parts = append(parts, starved...)
	them := pick(len(members) == 1, "it", "them")
	return strings.Join(parts, "; ") + ". Nothing can wake " + them + ": " + headline + ".", members
}

// starvedWork describes, for each pool with queued tasks and no idle worker, the
// tasks that wait for a worker that will never be free. The engine lock is held.
func (e *Engine) starvedWork(idle []edge) []string {
	var parts []string
	for _, p := range e.pools {
		if slices.ContainsFunc(idle, func(ed edge) bool { return ed.on == waitable(&p.tq) }) {
			continue
		}
		var ids []int
		n := 0
		add := func(j job) bool {
			h := j.header()
			for id := h.task; id < h.task+max(h.n, 1) && len(ids) < 4; id++ {
				ids = append(ids, id)
			}
			n += max(h.n, 1)
			return true
		}
		p.tq.mu.Lock()
		p.tq.jobs.each(add)
		p.tq.mu.Unlock()
		for _, w := range p.workers {
			if w != nil {
				w.mu.Lock()
				for _, j := range w.claimed { // claimed ahead of time, still queued
					add(j)
				}
				w.mu.Unlock()
			}
		}
		if n == 0 {
			continue
		}
		slices.Sort(ids)
		parts = append(parts, StarvedWork(ids, n, p.cfg.name))
	}
	return parts
}

// queuedTasks names n queued tasks from the first few ids, with the verb:
// "task 3 is", "tasks 3 and 4 are", "7 tasks (3, 4, 5, ...) are".
func queuedTasks(ids []int, n int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = itoa(id)
	}
	switch {
	case n == 1:
		return "task " + s[0] + " is"
	case n <= 3:
		return "tasks " + andList(s) + " are"
	}
	return itoa(n) + " tasks (" + strings.Join(s[:3], ", ") + ", ...) are"
}

func pick(c bool, yes, no string) string {
	if c {
		return yes
	}
	return no
}
