package cli

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"poolviz/internal/pythontest"
	"poolviz/pool"
	"poolviz/pool/trace"
	"poolviz/scenarios"
)

// TestTracedTwinsMatchPresets traces every preset's Python twin with
// 'trace --headless' (its sleeps sped up by the scenarios' test wrapper, see
// pythontest.TimeScale) and compares the traced run with the preset's simulated run at
// its defaults, in structure: each worker generation runs the initializer once,
// the same tasks run with the same arguments, the same shared objects are
// made by name, main prints the same lines (numbers masked), and a deadlock
// is found in exactly the three deadlock presets, as the respawn loop is in
// broken-initializer and the broken executor in process-pool-executor.
func TestTracedTwinsMatchPresets(t *testing.T) {
	needPython3(t)
	wrapper, err := filepath.Abs("../../scenarios/testdata/pywrap")
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range scenarios.All() {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			goPath, pyPath := filepath.Join(dir, "go.jsonl"), filepath.Join(dir, "py.jsonl")
			if code, _, stderr := runCLI("export", sc.Name, "--events", goPath); code != exitOK {
				t.Fatalf("export %s: exit %d: %s", sc.Name, code, stderr)
			}
			o := traceOptions{python: "python3", headless: true, save: pyPath, quiet: 300 * time.Millisecond,
				script: "../../assets/python/" + sc.Name + ".py",
				env:    []string{"PYTHONPATH=" + wrapper, "POOLVIZ_TIME_SCALE=" + strconv.FormatFloat(pythontest.TimeScale(sc.Name), 'g', -1, 64)}}
			var out strings.Builder
			code, err := traceRun(testContext(t), o, nil, &out)
			if err != nil || (code != exitOK && code != exitDeadlock && code != exitFailure) {
				t.Fatalf("trace: exit %d, %v:\n%s", code, err, out.String())
			}
			_, goEvs, err := trace.ReadFile(goPath)
			if err != nil {
				t.Fatal(err)
			}
			_, pyEvs, err := trace.ReadFile(pyPath)
			if err != nil {
				t.Fatal(err)
			}
			compareStructure(t, sc.Name, summarize(goEvs), summarize(pyEvs))
		})
	}
}

// structure is what a run's events must share with its twin's.
type structure struct {
	initsNotOnce []string       // worker generations that ran their initializer twice, or ran tasks without it
	args         map[string]int // the tasks' arguments as they started, counted
	objects      []string       // the shared objects' names, sorted
	printed      map[string]int // main's printed lines, numbers masked, counted
	deadlock     bool
	broken       bool
}

var digits = regexp.MustCompile(`\d+(\.\d+)?`)

func summarize(evs []pool.Event) structure {
	s := structure{args: map[string]int{}, printed: map[string]int{}}
	inits, worked := map[string]int{}, map[string]bool{}
	objects := map[string]bool{}
	withInit := false
	for _, ev := range evs {
		gen := fmt.Sprintf("worker %d gen %d", ev.Actor.ID, ev.Gen)
		switch ev.Kind {
		case pool.KindPoolCreated:
			withInit = ev.Label != ""
		case pool.KindWorkerStarted:
			if withInit {
				inits[gen] += 0
			}
		case pool.KindInitBegan:
			inits[gen]++
		case pool.KindTaskStarted:
			s.args[ev.Value]++
			worked[gen] = true
		case pool.KindObjectCreated:
			objects[ev.Label+" "+ev.Object] = true
		case pool.KindOutput:
			if ev.Actor.Kind == pool.ActorMain {
				s.printed[digits.ReplaceAllString(ev.Value, "#")]++
			}
		case pool.KindDeadlock:
			s.deadlock = true
		case pool.KindPoolBroken:
			s.broken = true
		}
	}
	for gen, n := range inits {
		// A replacement that terminate() kills before its initializer begins is
		// fine: Python starts one whenever a worker retires, work or none.
		if n > 1 || (n == 0 && worked[gen]) {
			s.initsNotOnce = append(s.initsNotOnce, fmt.Sprintf("%s: %d", gen, n))
		}
	}
	s.objects = slices.Sorted(maps.Keys(objects))
	return s
}

// listingNames maps, per preset, the name it gives a shared object to the
// name the tracer gives its Python twin's: the variable in main that holds
// it. The presets name some objects after the workers' global instead, or in
// words; the kinds and every other object must agree.
var listingNames = map[string]map[string]string{
	"shared-queue":          {"simple-queue results": "simple-queue shared_queue"},
	"process-pool-executor": {"simple-queue results": "simple-queue shared_queue"},
	"deadlock-queue":        {"simple-queue results": "simple-queue shared_queue"},
	"barrier":               {"barrier barrier": "barrier shared_barrier"},
	"deadlock-starvation":   {"event subtask done": "event event"},
	"event":                 {"event start signal": "event event"},
	"deadlock-lock-order":   {"lock lock A": "lock a", "lock lock B": "lock b"},
	"lock":                  {"value counter": "value shared_counter", "lock lock": "lock shared_lock"},
	"lock-race":             {"value counter": "value shared_counter"},
	"semaphore": {"semaphore slots": "semaphore semaphore", "value holders": "value counter",
		"rlock holders lock": "rlock counter lock"},
	"shared-log":  {"log log": "log shared_log"},
	"shared-pipe": {"pipe results": "pipe writer", "lock send lock": "lock shared_lock"},
}

// asListed is a preset's object names, each as the tracer names it, sorted.
func asListed(preset string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		if listed, ok := listingNames[preset][n]; ok {
			out[i] = listed
		}
	}
	slices.Sort(out)
	return out
}

func compareStructure(t *testing.T, preset string, goRun, py structure) {
	t.Helper()
	if len(goRun.initsNotOnce) != 0 || len(py.initsNotOnce) != 0 {
		t.Errorf("initializer runs not once per worker generation: simulated %v, traced %v", goRun.initsNotOnce, py.initsNotOnce)
	}
	if !maps.Equal(goRun.args, py.args) {
		t.Errorf("task arguments: simulated %v, traced %v", goRun.args, py.args)
	}
	if !slices.Equal(asListed(preset, goRun.objects), py.objects) {
		t.Errorf("objects: simulated %v, traced %v", goRun.objects, py.objects)
	}
	if !maps.Equal(goRun.printed, py.printed) {
		t.Errorf("printed: simulated %v, traced %v", goRun.printed, py.printed)
	}
	if goRun.deadlock != py.deadlock || goRun.broken != py.broken {
		t.Errorf("deadlock %v, broken %v; traced: deadlock %v, broken %v", goRun.deadlock, goRun.broken, py.deadlock, py.broken)
	}
}
