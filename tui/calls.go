package tui

import (
	"regexp"
	"strconv"
	"strings"

	"poolviz/scenarios"
)

// callBook names a task as the listing calls it: task(4), parent_task(0),
// subtask(). The pool numbers its tasks from 1 and knows no Python names; the
// listing's submission lines do (pool.map_async(task, range(TASKS))). The
// picture keeps, for each job, the step its submitter was on (Via) or the line
// a traced program was on (ViaLine): the book finds there the function.
type callBook struct {
	steps map[string]int  // step label -> 1-based line
	lines map[int]subCall // 1-based line -> what is submitted on it
	only  string          // the one function the listing submits, if it submits one only
	// queue says the listing shares a queue (or a pipe) of its own: the
	// viewer shows the items passing through it. pipe says they pass through
	// a pipe only, and are named so.
	queue, pipe bool
	// objects says the listing makes shared objects (a lock, a Value, an
	// event, a queue...): without any, the objects panel gives its room away.
	objects bool
}

// sharedObject finds the making of a shared object on a line of a listing.
var sharedObject = regexp.MustCompile(`\b(Lock|RLock|Value|Array|Event|Semaphore|BoundedSemaphore|Barrier|Condition|Queue|SimpleQueue|JoinableQueue|Pipe|Manager)\(`)

// subCall is what a listing line submits: the function, and how its argument
// follows from the item (an item of range(...) is its index; a call with no
// argument tuple has none).
type subCall struct {
	method  string // the pool's method: "imap", "apply_async"
	fn      string
	byIndex bool // map over range(...): the item is the index
	noArgs  bool // apply_async(fn) or submit(fn): called with no argument
}

// submitCall finds a submission on a line: the pool method and the function.
var submitCall = regexp.MustCompile(`\.(apply_async|apply|map_async|map|imap_unordered|imap|starmap_async|starmap|submit)\(\s*([A-Za-z_][A-Za-z0-9_.]*)\s*([,)])`)

// newCallBook reads the submission lines of sc's listing.
func newCallBook(sc scenarios.Scenario) callBook {
	b := callBook{steps: map[string]int{}, lines: map[int]subCall{}, queue: sc.SharesQueue(), pipe: sc.SharesPipeOnly(),
		objects: true}
	src, err := sc.Source()
	if err != nil {
		return b
	}
	b.objects = sc.Traced() || sharedObject.MatchString(src) // a traced program may make them where the listing does not say
	fns := map[string]bool{}
	lines := strings.Split(src, "\n")
	for i, line := range lines {
		m := submitCall.FindStringSubmatch(line)
		if m == nil || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		c := subCall{method: m[1], fn: m[2], noArgs: m[3] == ")"}
		// The call's arguments may go on to the next line: imap(task,\n range(TASKS)).
		args := line
		if i+1 < len(lines) && !strings.HasSuffix(strings.TrimSpace(line), ")") {
			args += lines[i+1]
		}
		c.byIndex = !c.noArgs && strings.Contains(m[1], "map") && strings.Contains(args, "range(")
		b.lines[i+1] = c
		fns[c.fn] = true
	}
	if len(fns) == 1 {
		for fn := range fns {
			b.only = fn
		}
	}
	for label := range sc.Steps {
		if n := sc.LineOf(src, label); n > 0 {
			b.steps[label] = n
		}
	}
	return b
}

// lookup returns what the line of a submission made from step via (or from
// source line viaLine) submits.
func (b *callBook) lookup(via string, viaLine int) (subCall, bool) {
	if b == nil {
		return subCall{}, false
	}
	line := viaLine
	if line == 0 {
		line = b.steps[via]
	}
	c, ok := b.lines[line]
	if !ok && b.only != "" {
		c, ok = subCall{fn: b.only}, true
	}
	return c, ok
}

// call writes a task as Python calls it: the function of its submission and
// the argument it started with, "task(4)", "subtask()". A task not started
// yet has no argument recorded: it is the item's index where the listing maps
// over a range, "…" where nothing says. Without a function to name, it is the
// pool's own number, labelled: "task #5".
func (b *callBook) call(via string, viaLine int, arg string, index, task int) string {
	c, ok := b.lookup(via, viaLine)
	if !ok {
		c.fn = "task"
		if arg == "()" || strings.HasPrefix(arg, "(") {
			return c.fn + arg
		}
		if arg != "" {
			return "task(" + arg + ")"
		}
		return "task #" + strconv.Itoa(task)
	}
	switch {
	case arg == "()" || (arg == "" && c.noArgs):
		return c.fn + "()"
	case strings.HasPrefix(arg, "(") && strings.HasSuffix(arg, ")"):
		return c.fn + arg // several arguments, written as a tuple
	case arg != "":
		return c.fn + "(" + arg + ")"
	case c.byIndex:
		return c.fn + "(" + strconv.Itoa(index) + ")"
	}
	return c.fn + "(…)"
}

// fn returns the function a job submitted from step via (or source line
// viaLine) calls, or "": the event log's narrator names tasks with it.
func (b callBook) fn(via string, viaLine int) string {
	c, _ := b.lookup(via, viaLine)
	return c.fn
}

// submissions is how many lines of the listing submit work to the pool.
func (b *callBook) submissions() int {
	if b == nil {
		return 0
	}
	return len(b.lines)
}

// CallNames returns the namer a narrator takes (narrate.Narrator.Func) for a
// run of sc: the headless account names tasks as the viewer does.
func CallNames(sc scenarios.Scenario) func(step string, line int) string {
	return newCallBook(sc).fn
}
