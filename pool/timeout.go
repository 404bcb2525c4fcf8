package pool

import "time"

// WaitOption changes how long a blocking call may wait. Without one, a blocking
// call (AsyncResult.Get, Queue.Get, Lock.Acquire and the other waits) waits with
// no limit, as Python's calls do without a timeout argument; the context bounds
// it besides.
//
// The zero WaitOption changes nothing. A bound is given only with Timeout, so
// that a call that waits for ever reads as the plain call and a poll reads as
// Timeout(0): no number stands for "forever" by convention.
type WaitOption struct {
	timeout time.Duration
	set     bool
}

// Timeout bounds a blocking call by d of the engine's time (virtual in Simulated
// mode, the scaled clock in Parallel mode): when d passes before the call can
// go on, it returns ErrTimeout (ErrEmpty or ErrFull for a queue, false for a
// flag, condition or lock that reports). A d of 0 or less does not wait for
// time to pass at all: the call polls, as Python's block=False does, and a
// negative d is taken as 0, as context.WithTimeout takes an expired deadline.
func Timeout(d time.Duration) WaitOption {
	return WaitOption{timeout: max(d, 0), set: true}
}

// noLimit is the internal bound of a wait with no timeout.
const noLimit time.Duration = -1

// waitLimit returns the bound the options set, the last one winning, or noLimit.
func waitLimit(opts []WaitOption) time.Duration { return waitLimitOr(opts, noLimit) }

// waitLimitOr returns the bound the options set, the last one winning, or
// plain where none does (Conn.Poll's plain call polls).
func waitLimitOr(opts []WaitOption, plain time.Duration) time.Duration {
	limit := plain
	for _, o := range opts {
		if o.set {
			limit = o.timeout
		}
	}
	return limit
}
