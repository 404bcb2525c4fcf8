package exercise

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"poolviz/pool"
)

// Status is where a goal stands.
type Status uint8

// The statuses: a goal is pending until the run proves it met or failed.
const (
	Pending Status = iota
	Met
	Failed
)

func (s Status) String() string { return [...]string{"pending", "met", "failed"}[s] }

// Result is a goal and where it stands, with why it failed.
type Result struct {
	Goal   Goal
	Status Status
	Why    string
}

// End is how a run ended, for Finish.
type End uint8

// The ends of a run.
const (
	Finished End = iota // main ended without an error
	Deadlocked
	FailedRun // main failed, or the program could not run
	Hung      // the time limit ended it
)

func (e End) String() string { return [...]string{"finished", "deadlock", "failed", "hung"}[e] }

// maxOutputTail bounds the printed text kept for output-ends-with.
const maxOutputTail = 64 << 10

// gen names one generation of one worker.
type gen struct{ worker, gen int }

func (g gen) String() string { return fmt.Sprintf("worker %d (generation %d)", g.worker, g.gen) }

// Checker folds a run's events into its goals' results. Apply every event in
// order; Results says where each goal stands now, Finish once the run ended.
// It is not safe for concurrent use.
type Checker struct {
	results             []Result
	tail                string // the end of what main printed
	deadlock, mainEnded bool
	withInit            bool // the pool was made with an initializer, or one ran
	mainErr             string

	objects                     map[string]string // name -> kind
	inits                       map[gen]int       // initializer runs
	initDone                    map[gen]bool      // initializer ended
	worked                      map[gen]bool      // ran a task
	globals                     map[gen]map[string]string
	order                       []gen                         // generations in start order
	counts                      []int                         // per goal: count goals' events
	holders                     map[string]map[pool.Actor]int // object -> who -> level
	writes                      map[string]int                // Value -> writes so far
	readAt                      map[string]map[pool.Actor]int // Value -> reader -> writes when it read
	lost                        map[string]string             // Value -> its first lost update, worded
	lastDone                    int                           // the highest task id finished
	outOfOrder, replacementWork string
}

// NewChecker returns a checker of goals, every one pending.
func NewChecker(goals []Goal) *Checker {
	c := &Checker{objects: map[string]string{}, inits: map[gen]int{}, initDone: map[gen]bool{}, worked: map[gen]bool{},
		globals: map[gen]map[string]string{}, counts: make([]int, len(goals)), holders: map[string]map[pool.Actor]int{},
		writes: map[string]int{}, readAt: map[string]map[pool.Actor]int{}, lost: map[string]string{}}
	for _, g := range goals {
		c.results = append(c.results, Result{Goal: g})
	}
	return c
}

// Results returns where each goal stands, in the file's order. The slice is
// the checker's own: read it before the next Apply.
func (c *Checker) Results() []Result { return c.results }

// Apply folds one event and settles the goals it proves.
func (c *Checker) Apply(ev pool.Event) {
	c.fold(ev)
	for i := range c.results {
		if c.results[i].Status == Pending {
			c.live(i, ev)
		}
	}
}

// fold records what the goals need from ev.
func (c *Checker) fold(ev pool.Event) {
	g := gen{ev.Actor.ID, ev.Gen}
	who := ev.Actor // not its name: a name costs an allocation an event
	switch ev.Kind {
	case pool.KindWorkerStarted:
		if _, ok := c.inits[g]; !ok {
			c.order = append(c.order, g)
		}
		c.inits[g] += 0
	case pool.KindInitBegan:
		c.inits[g]++
		c.withInit = true
	case pool.KindInitEnded:
		c.initDone[g] = true
		for _, v := range ev.Vars { // the globals the initializer left, read back
			c.setGlobal(g, v.Name, v.Value)
		}
	case pool.KindGlobalSet:
		if !c.initDone[g] { // set by the initializer, not by a task since
			c.setGlobal(g, ev.Object, ev.Value)
		}
	case pool.KindPoolCreated:
		c.withInit = c.withInit || ev.Label != "" // a traced pool names its initializer
	case pool.KindTaskStarted:
		c.worked[g] = true
		if ev.Gen > 1 && c.replacementWork == "" {
			c.replacementWork = fmt.Sprintf("task %d ran on %s, a replacement", ev.Task, g)
		}
	case pool.KindTaskFinished:
		if ev.Task < c.lastDone && c.outOfOrder == "" {
			c.outOfOrder = fmt.Sprintf("task %d finished after task %d, submitted later", ev.Task, c.lastDone)
		}
		c.lastDone = max(c.lastDone, ev.Task+max(ev.Count, 1)-1)
	case pool.KindObjectCreated:
		c.objects[ev.Object] = ev.Label
	case pool.KindAcquireGranted:
		c.hold(ev.Object, who, 1)
	case pool.KindReleased:
		if a, ok := actorNamed(ev.Other); ok { // whose hold a release by another ended
			who = a
		}
		c.hold(ev.Object, who, -1)
	case pool.KindValueRead:
		if c.readAt[ev.Object] == nil {
			c.readAt[ev.Object] = map[pool.Actor]int{}
		}
		c.readAt[ev.Object][who] = c.writes[ev.Object]
	case pool.KindValueWritten:
		c.write(ev.Object, who, ev.Value)
	case pool.KindOutput:
		if ev.Actor.Kind == pool.ActorMain {
			c.tail += ev.Value + "\n"
			if len(c.tail) > maxOutputTail {
				c.tail = c.tail[len(c.tail)-maxOutputTail:]
			}
		}
	case pool.KindDeadlock:
		c.deadlock = true
	case pool.KindMainEnded:
		c.mainEnded, c.mainErr = true, ev.Err
	}
}

func (c *Checker) setGlobal(g gen, name, value string) {
	if c.globals[g] == nil {
		c.globals[g] = map[string]string{}
	}
	c.globals[g][name] = value
}

// hold changes who's hold on object by delta.
func (c *Checker) hold(object string, who pool.Actor, delta int) {
	if c.holders[object] == nil {
		c.holders[object] = map[pool.Actor]int{}
	}
	h := c.holders[object]
	if h[who] += delta; h[who] <= 0 {
		delete(h, who)
	}
}

// holding returns how many hold object now: processes for a lock, permits
// taken for a semaphore.
func (c *Checker) holding(object string) int {
	if !strings.Contains(c.objects[object], "semaphore") {
		return len(c.holders[object])
	}
	n := 0
	for _, level := range c.holders[object] {
		n += level
	}
	return n
}

// write records a write of a Value by who: a lost update when someone else
// wrote it after who last read it.
func (c *Checker) write(object string, who pool.Actor, value string) {
	if at, ok := c.readAt[object][who]; ok {
		if c.writes[object] > at {
			missed := "an update"
			if n := c.writes[object] - at; n > 1 {
				missed = strconv.Itoa(n) + " updates"
			}
			if c.lost[object] == "" { // the first says it; a run may lose thousands
				c.lost[object] = fmt.Sprintf("%s wrote %s over %s it never read", who.String(), value, missed)
			}
		}
		delete(c.readAt[object], who)
	}
	c.writes[object]++
}

// live settles goal i, pending, on what ev just showed.
func (c *Checker) live(i int, ev pool.Event) {
	r := &c.results[i]
	g := r.Goal
	switch g.Check {
	case "output-contains":
		if ev.Kind == pool.KindOutput && ev.Actor.Kind == pool.ActorMain && strings.Contains(ev.Value, g.Text) {
			r.Status = Met
		}
	case "initializer-once":
		if ev.Kind == pool.KindInitBegan && c.inits[gen{ev.Actor.ID, ev.Gen}] > 1 {
			r.Status, r.Why = Failed, fmt.Sprintf("%s ran its initializer twice", gen{ev.Actor.ID, ev.Gen})
		}
	case "count":
		if c.counts[i] += countable(g, ev); g.Max >= 0 && c.counts[i] > g.Max {
			r.Status, r.Why = Failed, fmt.Sprintf("more than %d %s", g.Max, g.Event)
		}
	case "max-holders":
		if ev.Kind == pool.KindAcquireGranted && ev.Object == g.Object {
			if n := c.holding(g.Object); n > g.Max {
				r.Status, r.Why = Failed, fmt.Sprintf("%d held %s at once", n, g.Object)
			}
		}
	case "no-lost-update":
		if lost := c.lost[g.Object]; lost != "" {
			r.Status, r.Why = Failed, "an update was lost: "+lost
		}
	case "out-of-order":
		if c.outOfOrder != "" {
			r.Status, r.Why = Met, c.outOfOrder
		}
	case "replacement-work":
		if c.replacementWork != "" {
			r.Status, r.Why = Met, c.replacementWork
			if g.Expect == "none" {
				r.Status = Failed
			}
		}
	}
}

// countable reports 1 when ev counts towards count goal g.
func countable(g Goal, ev pool.Event) int {
	if ev.Kind == g.Event && (g.Object == "" || ev.Object == g.Object) {
		return 1
	}
	return 0
}

// Finish settles every pending goal as the run ended, and returns the results.
// where says where a hung run was (for its message).
func (c *Checker) Finish(end End, where string) []Result {
	for i := range c.results {
		if c.results[i].Status == Pending {
			c.settle(i, end, where)
		}
	}
	return c.results
}

// settle decides goal i, still pending at the end.
func (c *Checker) settle(i int, end End, where string) {
	r := &c.results[i]
	g := r.Goal
	fail := func(format string, a ...any) { r.Status, r.Why = Failed, fmt.Sprintf(format, a...) }
	r.Status = Met
	switch g.Check {
	case "output-contains":
		fail("main never printed %q", g.Text)
	case "output-ends-with":
		if !strings.HasSuffix(strings.TrimRight(c.tail, "\n"), strings.TrimRight(g.Text, "\n")) {
			fail("main's output ends %q", lastLine(c.tail))
		}
	case "ends":
		if end.String() != g.As {
			why := "it " + map[End]string{Finished: "finished", Deadlocked: "deadlocked", FailedRun: "failed", Hung: "hung"}[end]
			if end == Hung && where != "" {
				why += ": " + where
			}
			if end == FailedRun && c.mainErr != "" {
				why += ": " + firstLine(c.mainErr)
			}
			fail("%s", why)
		}
	case "initializer-once":
		c.settleInits(r)
	case "global":
		c.settleGlobal(r)
	case "count":
		if c.counts[i] < g.Min {
			fail("%d %s, fewer than %d", c.counts[i], g.Event, g.Min)
		}
	case "max-holders", "no-lost-update":
		kind := c.objects[g.Object]
		switch {
		case kind == "":
			fail("%s", c.neverMade(g.Object))
		case g.Check == "no-lost-update" && kind != "value":
			fail("%s is a %s: no-lost-update is about a Value's reads and writes", g.Object, kind)
		case g.Check == "max-holders" && !strings.Contains(kind, "lock") && !strings.Contains(kind, "semaphore"):
			fail("%s is a %s: max-holders is about a lock or a semaphore", g.Object, kind)
		}
	case "out-of-order":
		fail("every result arrived in submission order")
	case "replacement-work":
		if g.Expect == "some" {
			fail("no task ran on a replacement worker")
		}
	}
}

// settleInits decides initializer-once at the end: a generation that ran tasks
// without its initializer fails it (one that terminate() killed before its
// initializer began, idle, does not).
func (c *Checker) settleInits(r *Result) {
	if len(c.order) == 0 {
		r.Status, r.Why = Failed, "no worker started"
		return
	}
	if !c.withInit {
		r.Status, r.Why = Failed, "the pool has no initializer"
		return
	}
	for _, g := range c.order {
		if c.inits[g] == 0 && c.worked[g] {
			r.Status, r.Why = Failed, fmt.Sprintf("%s ran tasks without running the initializer", g)
			return
		}
	}
}

// settleGlobal decides a global goal: every generation whose initializer ended
// left the global, with the value asked for.
func (c *Checker) settleGlobal(r *Result) {
	g := r.Goal
	seen := 0
	for _, w := range c.order {
		if !c.initDone[w] {
			continue
		}
		seen++
		v, ok := c.globals[w][g.Name]
		switch {
		case !ok:
			r.Status, r.Why = Failed, fmt.Sprintf("%s has no global %s after its initializer (%s)", w, g.Name, globalNames(c.globals[w]))
			return
		case g.Value != AnyValue && v != g.Value:
			r.Status, r.Why = Failed, fmt.Sprintf("%s has %s = %s", w, g.Name, v)
			return
		}
	}
	if seen == 0 {
		r.Status, r.Why = Failed, "no worker finished an initializer"
	}
}

// neverMade says an object was never created, naming those that were.
func (c *Checker) neverMade(name string) string {
	made := make([]string, 0, len(c.objects))
	for n := range c.objects {
		made = append(made, n)
	}
	slices.Sort(made)
	if len(made) == 0 {
		return fmt.Sprintf("the program never created %s (it created no shared object)", name)
	}
	return fmt.Sprintf("the program never created %s (it created %s)", name, strings.Join(made, ", "))
}

// End says how the run ended from its events: timedOut says the time limit
// stopped it.
func (c *Checker) End(timedOut bool) End {
	switch {
	case c.deadlock:
		return Deadlocked
	case c.mainEnded && c.mainErr == "":
		return Finished
	case timedOut && !c.mainEnded:
		return Hung
	}
	return FailedRun
}

// Objects returns the names of the objects the run created so far.
func (c *Checker) Objects() map[string]string { return c.objects }

// actorNamed reads an actor's name as events write it: "main", "worker 3".
func actorNamed(name string) (pool.Actor, bool) {
	if name == "main" {
		return pool.MainActor, true
	}
	if n, ok := strings.CutPrefix(name, "worker "); ok {
		if id, err := strconv.Atoi(n); err == nil {
			return pool.Actor{Kind: pool.ActorWorker, ID: id}, true
		}
	}
	return pool.Actor{}, false
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// globalNames says which globals a worker's initializer left, for a goal that
// names another: the learner may have stored the right thing under a name of
// their own.
func globalNames(globals map[string]string) string {
	if len(globals) == 0 {
		return "it set none"
	}
	names := make([]string, 0, len(globals))
	for n := range globals {
		names = append(names, n)
	}
	slices.Sort(names)
	return "it set " + strings.Join(names, ", ")
}
