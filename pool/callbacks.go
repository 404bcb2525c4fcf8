package pool

import (
	"fmt"
	"reflect"
)

// AsyncOption is a callback given to ApplyAsync, MapAsync or StarmapAsync:
// OnSuccess or OnError, Python's callback and error_callback. Callbacks run on
// the pool's result handler, one at a time, not on the worker, before the
// handle becomes ready: a Get that returned saw its callback finish.
//
// Callbacks and Terminate: once Terminate is called, no callback starts, as in
// CPython, whose terminate calls none; every handle still resolves, those of
// work Terminate stopped with ErrTerminated. A callback running at that moment
// finishes. A callback may call Terminate on its own pool; it must not call Join,
// which waits for the result handler, that is for the callback itself.
//
// An AsyncOption is a plain value, so building one allocates nothing.
type AsyncOption struct {
	onOK  any // a func(R) for the call's result type R, checked on submission
	onErr func(error)
}

// add sets what o sets over c.
func (c *AsyncOption) add(o AsyncOption) {
	if o.onOK != nil {
		c.onOK = o.onOK
	}
	if o.onErr != nil {
		c.onErr = o.onErr
	}
}

// MapAsyncOption configures MapAsync and StarmapAsync, which take the options of
// both kinds in one list: a MapOption (Chunksize) or an AsyncOption (OnSuccess,
// OnError).
//
//	r, err := pool.MapAsync(ctx, pl, task, items, pool.Chunksize(10),
//		pool.OnSuccess(func(vs []int) { ... }), pool.OnError(func(err error) { ... }))
type MapAsyncOption interface {
	mapAsyncOption(*mapConfig, *AsyncOption)
}

func (o AsyncOption) mapAsyncOption(_ *mapConfig, c *AsyncOption) { c.add(o) }

func (o MapOption) mapAsyncOption(m *mapConfig, _ *AsyncOption) { o(m) }

// OnSuccess registers fn to be called with the value of work that succeeded
// (Python's callback). fn must take exactly the call's result type: R for
// ApplyAsync, []R for MapAsync and StarmapAsync. Go infers R from fn, so the
// type is never spelled: pool.OnSuccess(func(n int) { ... }). Since the options
// share one list with OnError and Chunksize, the compiler cannot match R with the
// call's own (see OnError); a call given an fn of another type returns
// ErrCallback and submits nothing. Given twice, the later replaces the earlier,
// as a Python call has one callback; a nil fn adds none. OnError alike.
func OnSuccess[R any](fn func(R)) AsyncOption {
	if fn == nil {
		return AsyncOption{}
	}
	return AsyncOption{onOK: fn}
}

// OnError registers fn to be called with the error of work that failed (Python's
// error_callback), whatever the call's result type, so it takes no type
// argument: pool.OnError(func(err error) { ... }).
//
// Why it is not generic: Go infers a type argument from a call's arguments, never
// from where its result goes, so a generic OnError, whose argument does not
// mention the result type, would have to be spelled pool.OnError[int](...) at
// every use. And MapAsync takes a MapOption and a callback in one list, which Go
// allows only through an interface whose methods do not mention the result type.
// The price of both: the compiler does not check that OnSuccess's parameter is
// the call's result type; the call checks it on submission (ErrCallback).
func OnError(fn func(error)) AsyncOption {
	return AsyncOption{onErr: fn}
}

// typed checks the callbacks against the call's result type R and returns them
// typed, or nil when there are none.
func typed[R any](call string, c AsyncOption) (*asyncConfig[R], error) {
	if c.onOK == nil && c.onErr == nil {
		return nil, nil
	}
	cfg := &asyncConfig[R]{onErr: c.onErr}
	if c.onOK != nil {
		fn, ok := c.onOK.(func(R))
		if !ok {
			return nil, fmt.Errorf("%w: %s's result is %v, the callback is %T", ErrCallback, call, reflect.TypeFor[R](), c.onOK)
		}
		cfg.onOK = fn
	}
	return cfg, nil
}
