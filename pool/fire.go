package pool

import "context"

// goJob is a task submitted with Go: no handle, so nothing to resolve.
type goJob struct {
	pool *Pool
	id   int
	fn   func(p *Proc) error
}

func (j *goJob) header() jobHeader { return jobHeader{task: j.id, n: 1, call: "go"} }

func (j *goJob) run(p *Proc) {
	err := runGo(p, j.id, j.fn)
	if j.pool.state.Load() == stateTerminated && err == nil {
		err = ErrTerminated
	}
	finishTask(j.pool, p, j.id, 0, struct{}{}, err)
}

func runGo(p *Proc, id int, fn func(*Proc) error) (err error) {
	p.task = id
	if e := p.e; e.observing(p.a) {
		e.emit(p.a, Event{Actor: p.a.ref, Kind: KindTaskStarted, Gen: p.w.gen, Task: id})
	}
	returned := false
	defer func() {
		if r := recover(); r != nil {
			err = newPanicError(r)
		} else if !returned {
			return // runtime.Goexit: p.task stays set for the worker's exited
		}
		p.task = 0
	}()
	err = fn(p)
	returned = true
	return err
}

func (j *goJob) fail(err error) { finishTask(j.pool, nil, j.id, 0, struct{}{}, err) }
func (j *goJob) abort(error)    {}

func (j *goJob) exited(p *Proc, err error) {
	if j.pool.state.Load() == stateTerminated {
		err = ErrTerminated
	}
	finishTask(j.pool, p, j.id, 0, struct{}{}, err)
}

// Go submits fn as one fire-and-forget task: like ApplyAsync with the handle
// dropped, but cheaper, since there is no result to keep. Its end, and its error
// or panic, is counted and recorded as any task's. ctx identifies the submitter.
// Cost: one small allocation and one queue push.
func (p *Pool) Go(ctx context.Context, fn func(p *Proc) error) error {
	a, _ := p.e.caller(ctx)
	if err := refuseDone(ctx, "go"); err != nil {
		return err
	}
	return p.submit(a, &goJob{pool: p, id: p.taskIDs(1), fn: fn}, false)
}
