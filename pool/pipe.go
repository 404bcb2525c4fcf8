package pool

import (
	"context"
	"errors"
	"fmt"
)

// A pipe is Python's multiprocessing.Pipe: two connected ends, each a Conn
// (see NewPipe).
//
// Its events (Object = the pipe's name; waits as in object.go):
//   - KindObjectCreated: Label "pipe".
//   - KindQueuePut, Label "send": Actor = the sender; Value = the message,
//     rendered; Count = the messages in the pipe after the send, both ways. A
//     send that feeds a waiting Recv is followed at once by the receiver's
//     KindWaitEnded and KindQueueGet.
//   - KindQueueGet, Label "recv": Actor = the receiver; Value = the message;
//     Count = the messages left in the pipe.
//   - KindWaitBegan, KindWaitEnded: Label "recv" or "poll", when the caller has
//     to wait. A poll that found nothing ends with Err "nothing to receive"; a
//     recv that the other end's Close ends, with Err ErrEOF's text.
//   - KindConnClosed: Actor = who closed; Label = the end ("sending end",
//     "receiving end" of a one-way pipe; "end 1", "end 2" of a duplex one);
//     Count = the messages left in the pipe (the closed end's unread ones are gone).
//
// A message is one item, as a pickled object is in Python: a Conn never
// splits or mixes messages. What the lock that several senders need guards
// against in Python, a large message's bytes interleaving with another
// sender's, is not modelled; a Queue takes that lock itself, a Conn does not.

// Errors of a pipe's end, as Python raises them.
var (
	// ErrEOF is returned by Recv on an end whose other end is closed, when
	// nothing is left to receive, as Python raises EOFError.
	ErrEOF = errors.New("EOF: the other end is closed and nothing is left to receive")
	// ErrConnClosed is returned by any call but Close on an end that was
	// closed, as Python raises OSError("handle is closed").
	ErrConnClosed = errors.New("handle is closed: this end was closed, nothing can be sent or received on it")
	// ErrBrokenPipe is returned by Send when the other end is closed, as Python
	// raises BrokenPipeError: nobody could ever receive the message.
	ErrBrokenPipe = errors.New("broken pipe: the other end is closed, nobody can receive")
	// ErrReadOnly is returned by Send on the receiving end of a one-way pipe,
	// as Python raises OSError("connection is read-only").
	ErrReadOnly = errors.New("connection is read-only: the receiving end of a one-way pipe can only recv and poll")
	// ErrWriteOnly is returned by Recv and Poll on the sending end of a one-way
	// pipe, as Python raises OSError("connection is write-only").
	ErrWriteOnly = errors.New("connection is write-only: the sending end of a one-way pipe can only send")
)

// errNothing ends a poll that found nothing: Poll returns false, not an error.
var errNothing = errors.New("nothing to receive")

// pipeCore is a pipe's two ends, guarded by the engine lock. A duplex pipe is
// two streams of messages, one towards each end; a one-way pipe uses only the
// one towards its first end.
type pipeCore[T any] struct {
	objectBase
	duplex bool
	ends   [2]pipeEnd[T]
}

// pipeEnd is one end: the messages sent to it and not received yet, whether it
// is closed, and who waits on it.
type pipeEnd[T any] struct {
	inbox     []queued[T] // oldest first
	closed    bool
	receivers waitList // each receiver's val receives the queued[T] handed over
	pollers   waitList
}

// Conn is one end of a Pipe, as Python's multiprocessing.connection.Connection:
// what is sent on one end is received on the other, in the order sent.
// Several actors may use one end, as several processes may share a Python
// connection; Close closes it for all of them.
type Conn[T any] struct {
	p   *pipeCore[T]
	end int // 0 for the first end, 1 for the second
}

// NewPipe returns the two ends of a new pipe called name, as Python's
// Pipe(duplex). A duplex pipe's ends both send and receive. A one-way pipe's
// first end only receives and its second end only sends, as in
// "reader, writer = Pipe(duplex=False)".
func NewPipe[T any](e *Engine, name string, duplex bool) (*Conn[T], *Conn[T]) {
	p := &pipeCore[T]{duplex: duplex}
	e.newObject(&p.objectBase, "pipe", "pipe", name, 0, "")
	return &Conn[T]{p: p, end: 0}, &Conn[T]{p: p, end: 1}
}

// Name returns the pipe's name.
func (c *Conn[T]) Name() string { return c.p.name }

// String renders the end as a worker's global shows it: Connection(results).
func (c *Conn[T]) String() string { return "Connection(" + c.p.name + ")" }

// End names the end as events do: "sending end" or "receiving end" of a
// one-way pipe, "end 1" or "end 2" of a duplex one.
func (c *Conn[T]) End() string {
	switch {
	case c.p.duplex:
		return "end " + itoa(c.end+1)
	case c.end == 0:
		return "receiving end"
	}
	return "sending end"
}

// Readable reports whether the end can receive (Python's readable).
func (c *Conn[T]) Readable() bool { return c.p.duplex || c.end == 0 }

// Writable reports whether the end can send (Python's writable).
func (c *Conn[T]) Writable() bool { return c.p.duplex || c.end == 1 }

// Closed reports whether the end was closed (Python's closed).
func (c *Conn[T]) Closed() bool {
	c.p.e.mu.Lock()
	defer c.p.e.mu.Unlock()
	return c.p.ends[c.end].closed
}

// own is the end's own state, other the other end's, which its sends reach.
func (c *Conn[T]) own() *pipeEnd[T]   { return &c.p.ends[c.end] }
func (c *Conn[T]) other() *pipeEnd[T] { return &c.p.ends[1-c.end] }

// fail wraps one of the pipe's errors with the end it happened on.
func (c *Conn[T]) fail(err error) error {
	return fmt.Errorf("%s of %s: %w", c.End(), c.p.phrase, err)
}

// Send sends v to the other end; it never waits. It returns ErrConnClosed on a
// closed end, ErrReadOnly on the receiving end of a one-way pipe, and
// ErrBrokenPipe when the other end is closed. Several senders on one end need
// no lock here, unlike Python's (see the note on pipes above).
func (c *Conn[T]) Send(ctx context.Context, v T) error {
	p := c.p
	e := p.e
	it := queued[T]{v: v}
	if e.recording() {
		it.s = render(v)
	}
	a, who, _, err := e.enterOp(ctx)
	if err != nil {
		return err
	}
	defer e.mu.Unlock()
	switch {
	case c.own().closed:
		return c.fail(ErrConnClosed)
	case !c.Writable():
		return c.fail(ErrReadOnly)
	case c.other().closed:
		return c.fail(ErrBrokenPipe)
	}
	to := c.other()
	to.inbox = append(to.inbox, it)
	e.emit(a, Event{Actor: who, Kind: KindQueuePut, Object: p.name, Label: "send", Value: it.s, Count: p.len()})
	if r := to.receivers.pop(); r != nil {
		// Only an empty end has receivers waiting: the message goes straight on.
		got := to.pop()
		r.val = got
		e.waitEnded(a, r.who, &p.objectBase, "recv", nil)
		e.emit(a, Event{Actor: r.who, Kind: KindQueueGet, Object: p.name, Label: "recv", Value: got.s, Count: p.len()})
		e.wake(r, nil)
		return nil
	}
	// Every poller sees the message; none takes it.
	for w := to.pollers.pop(); w != nil; w = to.pollers.pop() {
		e.waitEnded(a, w.who, &p.objectBase, "poll", nil)
		e.wake(w, nil)
	}
	return nil
}

// Recv returns the oldest message sent to this end, waiting for one; Python's
// recv has no timeout (Poll has). When the other end is closed and nothing is
// left it returns ErrEOF, also to a Recv that was waiting when it closed. It
// returns ErrConnClosed on a closed end (also to a Recv that was waiting when
// its own end was closed) and ErrWriteOnly on the sending end of a one-way pipe.
func (c *Conn[T]) Recv(ctx context.Context) (T, error) {
	p := c.p
	e := p.e
	var zero T
	a, who, pctx, err := e.enterOp(ctx)
	if err != nil {
		return zero, err
	}
	if err := c.readErr(); err != nil {
		e.mu.Unlock()
		return zero, err
	}
	from := c.own()
	if len(from.inbox) > 0 {
		it := from.pop()
		e.emit(a, Event{Actor: who, Kind: KindQueueGet, Object: p.name, Label: "recv", Value: it.s, Count: p.len()})
		e.mu.Unlock()
		return it.v, nil
	}
	if c.other().closed {
		e.mu.Unlock()
		return zero, c.fail(ErrEOF)
	}
	w, err := e.waitTurn(a, pctx, waitSpec{&p.objectBase, p, &from.receivers, "recv", ErrTimeout}, -1, nil)
	if err != nil {
		return zero, c.wrapWake(err)
	}
	return w.val.(queued[T]).v, nil // a send handed its message over
}

// Poll reports whether a Recv would return at once: a message is waiting, or
// the other end is closed (Recv then returns ErrEOF), as Python's poll. It
// takes no message; its errors are Recv's.
//
// Called plainly it does not wait, as Python's poll() does not: the one wait of
// the package whose plain call is a poll, because its name says so. With a
// Timeout option it waits up to that long for a message and reports false when
// the timeout passes first. Python's poll(None), a wait with no limit, is Recv.
func (c *Conn[T]) Poll(ctx context.Context, opts ...WaitOption) (bool, error) {
	timeout := waitLimitOr(opts, 0)
	p := c.p
	e := p.e
	a, _, pctx, err := e.enterOp(ctx)
	if err != nil {
		return false, err
	}
	if err := c.readErr(); err != nil {
		e.mu.Unlock()
		return false, err
	}
	if len(c.own().inbox) > 0 || c.other().closed {
		e.mu.Unlock()
		return true, nil
	}
	_, err = e.waitTurn(a, pctx, waitSpec{&p.objectBase, p, &c.own().pollers, "poll", errNothing}, timeout, nil)
	switch {
	case err == errNothing:
		return false, nil
	case err != nil:
		return false, c.wrapWake(err)
	}
	return true, nil
}

// readErr is why the end cannot receive, or nil. The engine lock is held.
func (c *Conn[T]) readErr() error {
	switch {
	case c.own().closed:
		return c.fail(ErrConnClosed)
	case !c.Readable():
		return c.fail(ErrWriteOnly)
	}
	return nil
}

// wrapWake names the end in an error a Close woke a waiter with.
func (c *Conn[T]) wrapWake(err error) error {
	if err == ErrEOF || err == ErrConnClosed {
		return c.fail(err)
	}
	return err
}

// Close closes the end, for every actor that uses it; closing it again does
// nothing, as in Python. Messages sent to it and not received are gone. A
// Recv waiting on the other end gets ErrEOF, a Poll there returns true; a
// Recv or Poll waiting on this end gets ErrConnClosed.
func (c *Conn[T]) Close(ctx context.Context) {
	p := c.p
	e := p.e
	a := e.lockedCaller(ctx)
	defer e.mu.Unlock()
	own := c.own()
	if own.closed {
		return
	}
	own.closed = true
	clear(own.inbox)
	own.inbox = nil
	e.emit(a, Event{Actor: actorRef(a), Kind: KindConnClosed, Object: p.name, Label: c.End(), Count: p.len()})
	for _, l := range []*waitList{&own.receivers, &own.pollers} {
		for w := l.pop(); w != nil; w = l.pop() {
			e.wake(w, ErrConnClosed) // the waiter closes its wait, with the error
		}
	}
	other := c.other()
	for w := other.receivers.pop(); w != nil; w = other.receivers.pop() {
		e.wake(w, ErrEOF)
	}
	for w := other.pollers.pop(); w != nil; w = other.pollers.pop() {
		e.waitEnded(a, w.who, &p.objectBase, "poll", nil) // EOF is something to receive
		e.wake(w, nil)
	}
}

// len is the number of messages in the pipe, both ways. The engine lock is held.
func (p *pipeCore[T]) len() int { return len(p.ends[0].inbox) + len(p.ends[1].inbox) }

// pop removes and returns the oldest message sent to the end, which has one.
func (pe *pipeEnd[T]) pop() queued[T] {
	it := pe.inbox[0]
	pe.inbox[0] = queued[T]{}
	pe.inbox = pe.inbox[1:]
	if len(pe.inbox) == 0 {
		pe.inbox = nil // let the backing array go
	}
	return it
}

func (p *pipeCore[T]) withdraw(w *waiter) bool {
	for i := range p.ends {
		if p.ends[i].receivers.remove(w) || p.ends[i].pollers.remove(w) {
			return true
		}
	}
	return false
}

// waitFor: nobody holds a pipe, so a wait on it can end through anyone who can
// send on the other end; the explanation says whether anybody is left to.
func (p *pipeCore[T]) waitFor(w *waiter) waitTarget {
	verb := "waits to receive from"
	for i := range p.ends {
		for _, x := range p.ends[i].pollers {
			if x == w {
				verb = "waits for a message on"
			}
		}
	}
	return waitTarget{Object: p.phrase, Verb: verb,
		Why: p.e.because("nobody left can send on it", "it is empty")}
}
