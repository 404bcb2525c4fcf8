//go:build unix

package scenarios_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"poolviz/internal/pythontest"
	"poolviz/pool"
	"poolviz/scenarios"
)

// twin says how a preset's Python twin is run and compared with the Go run.
type twin struct {
	// hangs: the twin is expected to hang. Once it printed what the Go run
	// printed and its initializers ran (at least minInits times), it must go on
	// running for hangQuiet (and hangListing of its own time); then its process
	// group is killed.
	hangs    bool
	minInits int
	// ordered: the output is deterministic, so the lines must match in order.
	// Otherwise they are compared as multisets.
	ordered bool
	// mask finds the parts of a line that vary from run to run (a random float,
	// a count that depends on which worker ran which task); their numbers become X.
	mask *regexp.Regexp
	// inits compares the initializer runs of the Go run with the twin's trace;
	// nil means they must be equal.
	inits func(t *testing.T, sc scenarios.Scenario, goRuns int, py []string)
	// check adds a preset's own invariant on both outputs.
	check func(t *testing.T, who string, out []string)
}

var twins = map[string]twin{
	"shared-queue":        {mask: regexp.MustCompile(`\d+\.\d\d`)},
	"worker-globals":      {mask: regexp.MustCompile(`local_count = \d+$`)},
	"shared-log":          {},
	"lock":                {ordered: true},
	"lock-race":           {mask: regexp.MustCompile(`got \d+`), check: checkLostUpdates},
	"shared-pipe":         {mask: regexp.MustCompile(`\d+\.\d\d`)},
	"event":               {ordered: true},
	"semaphore":           {mask: regexp.MustCompile(`: \d+ inside$`)},
	"barrier":             {ordered: true},
	"deadlock-lock-order": {ordered: true, hangs: true},
	"deadlock-starvation": {ordered: true, hangs: true},
	"deadlock-queue":      {hangs: true, check: checkSubmittedFirst},
	"maxtasksperchild":    {ordered: true, inits: maxTasksInits},
	"broken-initializer":  {ordered: true, hangs: true, minInits: 20, inits: brokenInits},
	"imap-order":          {check: checkImapOrder},
	// Its tasks finish 0.5 s apart (100 ms at its scale), and the crash
	// comes 0.5 s before the first task of the second round could finish.
	"process-pool-executor": {check: checkBrokenExecutorOutput},
}

const (
	// hangQuiet is how long a hanging twin must go on running after it reached
	// the point where it hangs, and at least hangListing of its own time.
	hangQuiet   = time.Second
	hangListing = 10 * time.Second
	// twinLimit bounds a twin's run, on a machine however busy.
	twinLimit = 30 * time.Second
)

// TestPythonTwins runs every preset's Python twin under the test wrapper and
// compares it with the Go run at the same defaults: the initializer runs, the
// printed lines, and whether it hangs where the Go run reports a deadlock.
func TestPythonTwins(t *testing.T) {
	python := pythontest.Need(t, "the Python twins in assets/python cannot be compared with the Go drivers")
	wrapper, err := filepath.Abs("testdata/pywrap")
	if err != nil {
		t.Fatal(err)
	}
	var first, last []scenarios.Scenario
	for _, sc := range scenarios.All() {
		if _, ok := twins[sc.Name]; !ok {
			t.Errorf("%s: no entry in the twins table of this test", sc.Name)
			continue
		}
		// broken-initializer starts hundreds of processes a second while it
		// hangs; it runs alone, after the others, so it cannot upset their timing.
		if sc.Name == "broken-initializer" {
			last = append(last, sc)
		} else {
			first = append(first, sc)
		}
	}
	dir := t.TempDir()
	for _, group := range []struct {
		name string
		scs  []scenarios.Scenario
	}{{"together", first}, {"alone", last}} {
		// The twins of a group all run at once, whatever -parallel says: they
		// mostly sleep or hang.
		gos := map[string]run{}
		runs := map[string]chan twinRun{}
		for _, sc := range group.scs {
			gorun := playToEnd(t, sc, sc.Defaults)
			gos[sc.Name] = gorun
			tw := twins[sc.Name]
			want := readiness{lines: len(gorun.output()), inits: tw.minInits}
			if tw.inits == nil {
				want.inits = gorun.count(pool.KindInitEnded) + gorun.count(pool.KindInitFailed)
			}
			ch := make(chan twinRun, 1)
			runs[sc.Name] = ch
			go func() {
				ch <- runTwin(python, wrapper, sc, tw, want, filepath.Join(dir, sc.Name+".inits"))
			}()
		}
		t.Run(group.name, func(t *testing.T) {
			for _, sc := range group.scs {
				t.Run(sc.Name, func(t *testing.T) {
					t.Parallel()
					compareTwin(t, sc, twins[sc.Name], gos[sc.Name], <-runs[sc.Name])
				})
			}
		})
	}
}

func compareTwin(t *testing.T, sc scenarios.Scenario, tw twin, gorun run, py twinRun) {
	if py.setup != nil {
		t.Fatal(py.setup)
	}
	// How it ends.
	switch {
	case py.timedOut:
		t.Errorf("the twin ran for %v without reaching its end; stderr:\n%s", twinLimit, tail(py.stderr))
	case tw.hangs && !py.hung:
		t.Errorf("the twin was expected to hang, but it exited (%v) after %v; stderr:\n%s", py.err, py.took, tail(py.stderr))
	case !tw.hangs && py.err != nil:
		t.Errorf("the twin failed: %v; stderr:\n%s", py.err, tail(py.stderr))
	}
	if tw.hangs != (sc.Outcome == scenarios.Deadlocks || sc.Outcome == scenarios.Fails) {
		t.Errorf("the twin hangs = %v, but the Go preset's outcome is %v", tw.hangs, sc.Outcome)
	}

	// What it prints.
	goOut := gorun.output()
	if tw.ordered {
		if !slices.Equal(py.out, goOut) {
			t.Errorf("output differs\nPython: %q\nGo:     %q", py.out, goOut)
		}
	} else if pm, gm := masked(py.out, tw.mask), masked(goOut, tw.mask); !slices.Equal(pm, gm) {
		t.Errorf("output differs (lines masked and sorted)\nPython: %q\nGo:     %q", pm, gm)
	}
	if tw.check != nil {
		tw.check(t, "Python", py.out)
		tw.check(t, "Go", goOut)
	}

	// How often the initializer ran.
	goRuns := gorun.count(pool.KindInitEnded) + gorun.count(pool.KindInitFailed)
	if tw.inits != nil {
		tw.inits(t, sc, goRuns, py.inits)
		return
	}
	for _, l := range py.inits {
		if !strings.HasSuffix(l, " ok") {
			t.Errorf("the twin's initializer: %q", l)
		}
	}
	switch n := len(py.inits); {
	case n == goRuns:
	case n < goRuns && n > 0 && !tw.hangs:
		// On a busy machine the twin can finish its work and terminate its pool
		// before its last worker processes got the CPU to initialize: those are
		// killed without a trace line. The Go run can never have fewer.
		t.Logf("the initializer ran %d times in Python, %d in Go: the twin's pool was shut before "+
			"%d of its workers finished starting (a busy machine)", n, goRuns, goRuns-n)
	default:
		t.Errorf("the initializer ran %d times in Python, %d in Go", n, goRuns)
	}
}

// readiness is the point a hanging twin must reach before it is watched for
// hangQuiet: how many lines printed, how many initializer runs traced.
type readiness struct{ lines, inits int }

// twinRun is what a run of a Python twin gave.
type twinRun struct {
	out      []string // stdout, by line
	stderr   string
	inits    []string // the init trace, by line
	hung     bool     // reached its hanging point and was still running hangQuiet later
	timedOut bool     // killed at twinLimit, its end or hanging point not reached
	err      error
	took     time.Duration
	setup    error // the twin could not be run or read
}

// runTwin runs sc's listing under the wrapper in a process group of its own and
// kills the whole group when it hung or its time is up. It runs on a goroutine
// of its own, so it reports problems in its result rather than to a *testing.T.
func runTwin(python, wrapper string, sc scenarios.Scenario, tw twin, want readiness, trace string) twinRun {
	listing, err := filepath.Abs(filepath.Join("..", "assets", "python", sc.Listing))
	if err != nil {
		return twinRun{setup: err}
	}
	cmd := exec.Command(python, listing)
	cmd.Dir = filepath.Dir(listing)
	cmd.Env = append(os.Environ(),
		"PYTHONPATH="+wrapper,
		"POOLVIZ_TIME_SCALE="+strconv.FormatFloat(pythontest.TimeScale(sc.Name), 'g', -1, 64),
		"POOLVIZ_INIT_TRACE="+trace,
		"PYTHONDONTWRITEBYTECODE=1",
	)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 2 * time.Second // a worker that outlived the group kill would hold the pipes
	var stdout lockedBuffer
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return twinRun{setup: err}
	}
	killGroup := func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	r := twinRun{}
	limit := time.NewTimer(twinLimit)
	defer limit.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var readyAt time.Time
wait:
	for {
		select {
		case r.err = <-done:
			break wait
		case <-limit.C:
			r.timedOut = true
			killGroup()
			r.err = <-done
			break wait
		case <-tick.C:
			if !tw.hangs {
				continue
			}
			if readyAt.IsZero() {
				if len(lines(stdout.String())) >= want.lines && countLines(trace) >= want.inits {
					readyAt = time.Now()
				}
			} else if time.Since(readyAt) >= max(hangQuiet, time.Duration(float64(hangListing)*pythontest.TimeScale(sc.Name))) {
				r.hung = true
				killGroup()
				r.err = <-done
				break wait
			}
		}
	}
	killGroup() // whatever is left of the group
	r.took = time.Since(start)
	r.stderr = stderr.String()
	r.out = lines(stdout.String())
	if b, err := os.ReadFile(trace); err == nil {
		r.inits = lines(string(b))
	} else if !errors.Is(err, os.ErrNotExist) {
		r.setup = err
	}
	return r
}

// lockedBuffer is a bytes.Buffer that the test can read while the twin writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// countLines returns the number of lines in the file, 0 if it does not exist yet.
func countLines(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return bytes.Count(b, []byte("\n"))
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

var number = regexp.MustCompile(`\d+(\.\d+)?`)

// masked replaces what varies in each line by X and sorts the lines.
func masked(out []string, mask *regexp.Regexp) []string {
	m := make([]string, len(out))
	for i, l := range out {
		if mask != nil {
			l = mask.ReplaceAllStringFunc(l, func(s string) string {
				return number.ReplaceAllString(s, "X")
			})
		}
		m[i] = l
	}
	slices.Sort(m)
	return m
}

func tail(s string) string {
	if len(s) > 2000 {
		return "..." + s[len(s)-2000:]
	}
	return s
}
