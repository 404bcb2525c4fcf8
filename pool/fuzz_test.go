package pool_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"poolviz/pool"
)

// fuzzHandle is one submission of a fuzzed program: its task ids, and how to
// wait for it and check what it returned.
type fuzzHandle struct {
	ids   []int
	ready func() bool
	// get waits (timeout < 0: no limit) and checks a successful value.
	get func(ctx context.Context, opts ...pool.WaitOption) error
}

// fuzzProgram is a sequence of pool operations decoded from bytes.
type fuzzProgram struct {
	workers, maxTasks int
	init              int // 0: none, 1: sleeps and sets a global, 2: fails
	ops               []fuzzOp
}

type fuzzOp struct{ code, arg byte }

const (
	opSubmit = iota
	opMap
	opGet
	opClose
	opTerminate
	opJoin
	opSleep
	opImap
	opCount
)

func decodeFuzz(data []byte) fuzzProgram {
	var p fuzzProgram
	if len(data) == 0 {
		data = []byte{0}
	}
	b := data[0]
	p.workers = 1 + int(b%3)
	p.maxTasks = int(b>>2) % 3
	p.init = int(b>>4) % 3
	data = data[1:]
	for len(data) >= 2 && len(p.ops) < 48 {
		p.ops = append(p.ops, fuzzOp{data[0] % opCount, data[1]})
		data = data[2:]
	}
	return p
}

// fuzzTask behaves by its argument: x%5 == 1 fails, == 2 panics, == 3 sleeps;
// otherwise (and after sleeping) it returns x*x.
func fuzzTask(p *pool.Proc, x int) (int, error) {
	switch x % 5 {
	case 1:
		return 0, errBoom
	case 2:
		panic(fmt.Sprint("fuzz panic ", x))
	case 3:
		if err := p.Sleep(time.Duration(1+x%7) * 3 * ms); err != nil {
			return 0, err
		}
	}
	return x * x, nil
}

// knownErr reports whether err is an outcome the engine may give a task.
func knownErr(err error) bool {
	var pe *pool.PanicError
	return errors.Is(err, errBoom) || errors.As(err, &pe) || errors.Is(err, pool.ErrTerminated) ||
		errors.Is(err, pool.ErrBroken) || errors.Is(err, pool.ErrTimeout) || errors.Is(err, pool.ErrSkipped)
}

func checkSquares(xs, vs []int) error {
	if len(vs) != len(xs) {
		return fmt.Errorf("%d results for %d items", len(vs), len(xs))
	}
	for i, x := range xs {
		if vs[i] != x*x {
			return fmt.Errorf("item %d (%d) gave %d", i, x, vs[i])
		}
	}
	return nil
}

// run executes the program as a main function; handles collects every submission.
func (fp fuzzProgram) run(p *pool.Proc, handles *[]fuzzHandle) error {
	opts := []pool.Option{pool.Workers(fp.workers), pool.MaxTasksPerChild(fp.maxTasks)}
	switch fp.init {
	case 1:
		opts = append(opts, pool.WithInitializer(func(p *pool.Proc, n int) error {
			p.Globals().Set("n", n)
			return p.Sleep(time.Duration(p.Worker()) * ms)
		}, 1))
	case 2:
		opts = append(opts, pool.WithInitializer(func(p *pool.Proc, _ int) error { return errBoom }, 0))
	}
	pl, err := pool.New(p.Engine(), opts...)
	if err != nil {
		return err
	}
	r := &fuzzRunner{p: p, pl: pl, handles: handles}
	for n, op := range fp.ops {
		if err := r.do(n, op); err != nil {
			return err
		}
	}
	// Every handle resolves: wait for each.
	for _, h := range *handles {
		if err := h.get(p); err != nil {
			return err
		}
	}
	if fp.ops != nil && fp.ops[len(fp.ops)-1].arg&1 == 0 {
		pl.Close()
		return pl.Join(p)
	}
	return nil // leave the pool to Shutdown
}

// fuzzRunner runs a fuzzed program's operations on one pool, as its main
// function, and knows whether the pool was closed or terminated.
type fuzzRunner struct {
	p               *pool.Proc
	pl              *pool.Pool
	handles         *[]fuzzHandle
	closed, stopped bool
}

// do runs op, the program's n-th operation.
func (r *fuzzRunner) do(n int, op fuzzOp) error {
	p, pl, x := r.p, r.pl, int(op.arg)
	switch op.code {
	case opSubmit:
		return r.submit(x, op.arg&0x80 != 0)
	case opMap:
		return r.mapAsync(x)
	case opImap:
		return r.imapUnordered(x)
	case opGet:
		if len(*r.handles) == 0 {
			return nil
		}
		h := (*r.handles)[x%len(*r.handles)]
		var opts []pool.WaitOption
		if x&1 == 1 {
			opts = append(opts, pool.Timeout(time.Duration(x>>1%4)*5*ms))
		}
		if err := h.get(p, opts...); err != nil {
			return fmt.Errorf("op %d: %v", n, err)
		}
	case opClose:
		pl.Close()
		r.closed = true
	case opTerminate:
		pl.Terminate(p)
		r.stopped = true
	case opJoin:
		err := pl.Join(p)
		if !r.closed && !r.stopped {
			if !errors.Is(err, pool.ErrJoinBeforeClose) && !errors.Is(err, pool.ErrBroken) && err != nil {
				return fmt.Errorf("Join of a running pool: %v", err)
			}
		} else if err != nil {
			return fmt.Errorf("Join after close/terminate: %v", err)
		}
	case opSleep:
		return p.Sleep(time.Duration(x%5) * 4 * ms)
	}
	return nil
}

// refused checks a submission's error against the pool's state: a running pool
// accepts (unless broken), a closed, terminated or broken one refuses.
func (r *fuzzRunner) refused(op string, err error) error {
	if err == nil {
		if r.stopped {
			return fmt.Errorf("%s accepted by a terminated pool", op)
		}
		return nil
	}
	if !r.closed && !r.stopped && !errors.Is(err, pool.ErrBroken) {
		return fmt.Errorf("%s refused by a running pool: %v", op, err)
	}
	if !errors.Is(err, pool.ErrClosed) && !errors.Is(err, pool.ErrTerminated) && !errors.Is(err, pool.ErrBroken) {
		return fmt.Errorf("%s refused with %v", op, err)
	}
	return nil
}

// submit applies fuzzTask to x asynchronously, with callbacks when asked.
func (r *fuzzRunner) submit(x int, callbacks bool) error {
	var cb []pool.AsyncOption
	if callbacks {
		cb = append(cb, pool.OnSuccess(func(int) {}), pool.OnError(func(error) {}))
	}
	h, err := pool.ApplyAsync(r.p, r.pl, fuzzTask, x, cb...)
	if err := r.refused("apply_async", err); err != nil || h == nil {
		return err
	}
	*r.handles = append(*r.handles, fuzzHandle{ids: []int{h.Task()}, ready: h.Ready,
		get: func(ctx context.Context, opts ...pool.WaitOption) error {
			v, err := h.Get(ctx, opts...)
			if err == nil && v != x*x {
				return fmt.Errorf("task %d (%d) returned %d", h.Task(), x, v)
			}
			if err != nil && !knownErr(err) {
				return fmt.Errorf("task %d: unexpected error %v", h.Task(), err)
			}
			return nil
		}})
	return nil
}

// fuzzItems returns the x%6 items a map operation with argument x runs.
func fuzzItems(x int) []int {
	xs := make([]int, x%6)
	for i := range xs {
		xs[i] = x/6 + i*4 // 0 mod 4 steps: a mix of behaviours
	}
	return xs
}

// mapAsync maps fuzzTask over fuzzItems(x), with a chunk size x picks.
func (r *fuzzRunner) mapAsync(x int) error {
	xs := fuzzItems(x)
	var mo []pool.MapAsyncOption
	if cs := (x >> 5) % 3; cs > 0 {
		mo = append(mo, pool.Chunksize(cs))
	}
	m, err := pool.MapAsync(r.p, r.pl, fuzzTask, xs, mo...)
	if err := r.refused("map_async", err); err != nil || m == nil {
		return err
	}
	ids := make([]int, len(xs))
	for i := range ids {
		ids[i] = m.Task() + i
	}
	*r.handles = append(*r.handles, fuzzHandle{ids: ids, ready: m.Ready,
		get: func(ctx context.Context, opts ...pool.WaitOption) error {
			vs, err := m.Get(ctx, opts...)
			if err == nil {
				return checkSquares(xs, vs)
			}
			if !knownErr(err) {
				return fmt.Errorf("map %d: unexpected error %v", m.Task(), err)
			}
			return nil
		}})
	return nil
}

// imapUnordered runs fuzzTask over fuzzItems(x) and reads every result.
func (r *fuzzRunner) imapUnordered(x int) error {
	xs := fuzzItems(x)
	seq, err := pool.ImapUnordered(r.p, r.pl, fuzzTask, xs)
	if err := r.refused("imap_unordered", err); err != nil || seq == nil {
		return err
	}
	got := 0
	for _, err := range seq {
		if err != nil && !knownErr(err) {
			return fmt.Errorf("imap_unordered: unexpected error %v", err)
		}
		got++
	}
	if got != len(xs) {
		return fmt.Errorf("imap_unordered of %d items yielded %d", len(xs), got)
	}
	return nil
}

// checkFuzzRun checks what every fuzzed run must satisfy, whatever its mode.
func checkFuzzRun(t *testing.T, mode string, evs []pool.Event, handles []fuzzHandle) {
	t.Helper()
	var ids []int
	for i, h := range handles {
		if !h.ready() {
			t.Errorf("%s: submission %d (tasks %v) never resolved", mode, i, h.ids)
		}
		ids = append(ids, h.ids...)
	}
	// ImapUnordered's tasks have no handle: take every id the events say was submitted.
	seen := map[int]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	for _, id := range submittedTasks(evs) {
		if !seen[id] {
			ids = append(ids, id)
			seen[id] = true
		}
	}
	checkEachFinishedOnce(t, evs, ids)
}

// runFuzzSimulated runs the program on a Simulated engine, checks it, and returns
// its encoded events.
func runFuzzSimulated(t *testing.T, fp fuzzProgram) []byte {
	var handles []fuzzHandle
	r := runSim(t, 1, func(p *pool.Proc) error { return fp.run(p, &handles) })
	if r.MainErr != nil {
		t.Fatalf("simulated: %v\nlast events:\n%s", r.MainErr, tailEvents(r.Events, 40))
	}
	if r.Engine.Live() != 0 {
		t.Fatalf("simulated: %d actors live after Shutdown", r.Engine.Live())
	}
	checkFuzzRun(t, "simulated", r.Events, handles)
	return encodeEvents(t, r.Events)
}

func runFuzzParallel(t *testing.T, fp fuzzProgram) {
	synctest.Test(t, func(t *testing.T) {
		e := pool.NewEngine(pool.Parallel, pool.WithObserver(1<<14))
		var handles []fuzzHandle
		done := make(chan error, 1)
		e.Start(func(p *pool.Proc) error {
			err := fp.run(p, &handles)
			done <- err
			return err
		})
		if err := <-done; err != nil {
			e.Shutdown()
			t.Fatalf("parallel: %v", err)
		}
		e.Shutdown()
		evs := e.Drain(nil)
		if n := len(ofKind(evs, pool.KindCoalesced)); n != 0 {
			t.Fatalf("parallel: events were shed with a ring of 16384")
		}
		checkFuzzRun(t, "parallel", evs, handles)
	})
}

func FuzzPoolOps(f *testing.F) {
	for _, seed := range [][]byte{
		{},
		{0x00, opSubmit, 0, opSubmit, 3, opGet, 0, opClose, 0, opJoin, 0},
		{0x01, opSubmit, 2, opSubmit, 1, opMap, 0x25, opGet, 1, opGet, 2, opClose, 0, opJoin, 2},
		{0x02, opSubmit, 3, opSubmit, 8, opSubmit, 13, opTerminate, 0, opJoin, 0, opSubmit, 1},
		{0x14, opMap, 0x5d, opSleep, 3, opTerminate, 0, opGet, 0},                        // maxtasks 1, init; parallel too
		{0x25, opSubmit, 0x83, opSubmit, 0x88, opMap, 0x4b, opClose, 0, opJoin, 0},       // callbacks, failing init
		{0x18, opImap, 0x23, opSubmit, 0x93, opGet, 1, opGet, 3, opClose, 0, opJoin, 1},  // maxtasks 2, init
		{0x31, opSubmit, 8, opGet, 3, opGet, 5, opGet, 7, opSleep, 4, opTerminate, 1},    // get with timeouts
		{0x10, opJoin, 0, opClose, 0, opSubmit, 0, opMap, 3, opImap, 5, opJoin, 0},       // refused after close
		{0x16, opSubmit, 0x83, opSleep, 1, opTerminate, 0, opTerminate, 0, opClose, 0},   // terminate twice
		{0x1a, opMap, 0xff, opMap, 0x3b, opImap, 0x1d, opSleep, 2, opClose, 0, opGet, 1}, // chunks
		{0x20, opSubmit, 0x80, opSubmit, 0x81, opSubmit, 0x82, opSubmit, 0x83, opGet, 0x02},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		base := runtime.NumGoroutine()
		fp := decodeFuzz(data)
		first := runFuzzSimulated(t, fp)
		if again := runFuzzSimulated(t, fp); !bytes.Equal(first, again) {
			t.Fatalf("the same program ran differently twice: %s", firstDiff(first, again))
		}
		// A subset runs in Parallel mode too, in a synctest bubble (fake clock).
		if len(data) > 0 && data[0]&0x10 != 0 {
			runFuzzParallel(t, fp)
		}
		// Shutdown left no goroutine: allow the last ones a moment to return.
		for i := 0; runtime.NumGoroutine() > base; i++ {
			if i == 1000 {
				t.Fatalf("%d goroutines after the run, %d before", runtime.NumGoroutine(), base)
			}
			runtime.Gosched()
			time.Sleep(time.Millisecond)
		}
	})
}
