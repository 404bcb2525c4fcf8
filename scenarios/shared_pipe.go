package scenarios

import (
	"fmt"

	"poolviz/pool"
)

// sharedPipe is the tutorial's pattern with a pipe instead of a queue: main
// keeps the receiving end of a one-way Pipe and hands the sending end to every
// worker through the initializer, with a Lock the tasks hold around each send.
func sharedPipe() Scenario {
	return Scenario{
		Name:  "shared-pipe",
		Title: "Share a pipe with every worker, and a lock to send one at a time",
		Teaches: "Main makes a one-way Pipe and keeps its receiving end; every worker gets the sending end and a " +
			"Lock as initializer arguments and keeps both in globals. Each task sends its result on the pipe, " +
			"and main receives the results in the order they were sent, as it would from a queue. A Queue takes " +
			"a lock inside every put; a pipe's end takes none, and when several processes send on one end at " +
			"once, the bytes of large messages can interleave and reach main corrupted. So each task holds the " +
			"shared lock around its send: watch a worker acquire the lock, send, and release it, and the " +
			"messages pass through the pipe one whole message at a time. poolviz hands every message over whole, " +
			"so the run cannot show the corruption itself, only the lock that prevents it. The ends are one-way: " +
			"main's end can only receive, the workers' only send.",
		Listing:       "shared-pipe.py",
		Defaults:      Params{Workers: 4, Tasks: 8, Seed: 1, Speed: 0.5, Mode: pool.Simulated},
		Outcome:       Completes,
		ResultsUnused: true,
		Steps: map[string]string{
			"init":       "def init_worker(",
			"startup":    "sleep(STARTUP)",
			"store-conn": "conn = pipe_end",
			"store-lock": "send_lock = lock",
			"start":      "def task(",
			"draw":       "value = random() * 3",
			"sleep":      "sleep(value)",
			"acquire":    "with send_lock:",
			"send":       "conn.send((i, value))",
			"release":    "with send_lock:",
			"submit":     "pool.map_async(",
			"recv":       "reader.recv()",
		},
		Main: sharedPipeMain,
	}
}

// pipeAndLock is the shared-pipe scenario's initargs: (writer, shared_lock).
type pipeAndLock struct {
	conn *pool.Conn[taggedValue]
	lock *pool.Lock
}

// String renders the tuple as Python shows initargs.
func (a pipeAndLock) String() string { return fmt.Sprintf("(%v, %v)", a.conn, a.lock) }

func sharedPipeMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	reader, writer := pool.NewPipe[taggedValue](e, "results", false)
	args := pipeAndLock{conn: writer, lock: pool.NewLock(e, "send lock")}
	initWorker := func(w *pool.Proc, a pipeAndLock) error {
		w.Step("init")
		w.Step("startup")
		if err := w.Sleep(startupTime); err != nil {
			return err
		}
		w.Step("store-conn")
		w.Globals().Set("conn", a.conn)
		w.Step("store-lock")
		w.Globals().Set("send_lock", a.lock)
		return nil
	}
	task := func(w *pool.Proc, i int) (none, error) {
		w.Step("start")
		w.Step("draw")
		value := w.Rand().Float64() * 3
		w.Step("sleep")
		if err := w.Sleep(sleepFor(value)); err != nil {
			return none{}, err
		}
		conn, _ := pool.Global[*pool.Conn[taggedValue]](w, "conn")
		lock, _ := pool.Global[*pool.Lock](w, "send_lock")
		w.Step("acquire")
		if err := lock.Acquire(w); err != nil {
			return none{}, err
		}
		w.Step("send")
		err := conn.Send(w, taggedValue{i, value})
		w.Step("release")
		if rerr := lock.Release(w); err == nil {
			err = rerr
		}
		return none{}, err
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers), pool.WithInitializer(initWorker, args))
	if err != nil {
		return err
	}
	defer pl.Terminate(p) // Python's with-block terminates the pool on the way out
	p.Step("submit")
	if _, err := pool.MapAsync(p, pl, task, ids(prm.Tasks)); err != nil {
		return err
	}
	p.Printf("submitted %d tasks", prm.Tasks)
	for range prm.Tasks {
		p.Step("recv")
		r, err := reader.Recv(p)
		if err != nil {
			return err
		}
		p.Printf("task %d slept %.2f s", r.id, r.value)
	}
	p.Printf("received all %d results", prm.Tasks)
	return nil
}
