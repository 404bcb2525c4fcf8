package pool_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"poolviz/pool"
)

// The tests of Pipe check each rule against what Python's multiprocessing.Pipe
// does (Python 3.11): the same calls on a real pipe raise the errors named.

// TestPipeOrderAndEnds: messages arrive in the order sent, each way of a duplex
// pipe on its own, and a one-way pipe's ends say what they can do.
func TestPipeOrderAndEnds(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		a, b := pool.NewPipe[string](e, "chat", true)
		for _, m := range []string{"one", "two", "three"} {
			if err := a.Send(ctx, m); err != nil {
				return err
			}
		}
		if err := b.Send(ctx, "back"); err != nil {
			return err
		}
		var got []string
		for range 3 {
			m, err := b.Recv(ctx)
			if err != nil {
				return err
			}
			got = append(got, m)
		}
		back, err := a.Recv(ctx)
		if err != nil {
			return err
		}
		if !slices.Equal(got, []string{"one", "two", "three"}) || back != "back" {
			return fmt.Errorf("end 2 got %q, end 1 got %q; want one, two, three and back", got, back)
		}
		r, w := pool.NewPipe[int](e, "results", false)
		ends := fmt.Sprintln(a.End(), b.End(), r.End(), w.End(), a.Readable(), a.Writable(), r.Readable(), r.Writable(),
			w.Readable(), w.Writable(), r, r.Name())
		if want := "end 1 end 2 receiving end sending end true true true false false true Connection(results) results\n"; ends != want {
			return fmt.Errorf("ends: %s\nwant  %s", ends, want)
		}
		return nil
	})
}

// TestPipeWrongEnd: a one-way pipe's receiving end cannot send, its sending
// end can neither receive nor poll, as Python raises OSError("connection is
// read-only") and ("... write-only"); the error says what the end can do.
func TestPipeWrongEnd(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		r, w := pool.NewPipe[int](e, "results", false)
		_, recvErr := w.Recv(ctx)
		_, pollErr := w.Poll(ctx)
		for _, c := range []struct {
			what      string
			err, want error
			says      string
		}{
			{"send on the receiving end", r.Send(ctx, 1), pool.ErrReadOnly, "receiving end of pipe results: connection is read-only: the receiving end of a one-way pipe can only recv and poll"},
			{"recv on the sending end", recvErr, pool.ErrWriteOnly, "sending end of pipe results: connection is write-only: the sending end of a one-way pipe can only send"},
			{"poll on the sending end", pollErr, pool.ErrWriteOnly, "can only send"},
		} {
			if !errors.Is(c.err, c.want) || !strings.Contains(fmt.Sprint(c.err), c.says) {
				return fmt.Errorf("%s: %v, want %v saying %q", c.what, c.err, c.want, c.says)
			}
		}
		return nil
	})
}

// TestPipeClose: after the sending end closes, what was sent is still
// received, then Recv returns EOF and Poll reports it; a closed end refuses
// everything but another Close, and a send to a closed end is a broken pipe.
func TestPipeClose(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		r, w := pool.NewPipe[int](e, "results", false)
		if err := w.Send(ctx, 7); err != nil {
			return err
		}
		w.Close(ctx)
		w.Close(ctx) // closing twice is allowed, as in Python
		ready, err := r.Poll(ctx)
		v, recvErr := r.Recv(ctx)
		ready2, _ := r.Poll(ctx)
		_, eof := r.Recv(ctx)
		switch {
		case !ready || err != nil || v != 7 || recvErr != nil:
			return fmt.Errorf("poll %v %v, recv %v %v; want true and the 7 sent before the close", ready, err, v, recvErr)
		case !ready2 || !errors.Is(eof, pool.ErrEOF):
			return fmt.Errorf("then poll %v, recv %v; want true (EOF is there to read) and ErrEOF", ready2, eof)
		case !errors.Is(w.Send(ctx, 8), pool.ErrConnClosed) || !w.Closed() || r.Closed():
			return fmt.Errorf("a closed end must refuse to send; closed: %v, %v", w.Closed(), r.Closed())
		}
		a, b := pool.NewPipe[int](e, "chat", true)
		b.Close(ctx)
		if err := a.Send(ctx, 1); !errors.Is(err, pool.ErrBrokenPipe) {
			return fmt.Errorf("send to a closed end: %v, want ErrBrokenPipe", err)
		}
		if _, err := b.Recv(ctx); !errors.Is(err, pool.ErrConnClosed) {
			return fmt.Errorf("recv on a closed end: %v, want ErrConnClosed", err)
		}
		if _, err := b.Poll(ctx); !errors.Is(err, pool.ErrConnClosed) {
			return fmt.Errorf("poll on a closed end: %v, want ErrConnClosed", err)
		}
		return nil
	})
}

// TestPipeBlockingRecv: a Recv on an empty end waits until a task sends, and
// a Poll with a timeout waits as long, takes nothing, and gives up at its
// timeout; a Close of the sending end ends a waiting Recv with EOF, a Close of
// the end itself with ErrConnClosed.
func TestPipeBlockingRecv(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		r, w := pool.NewPipe[int](e, "results", false)
		pl, err := pool.New(e, pool.Workers(2))
		if err != nil {
			return err
		}
		after := func(d time.Duration, do func(p *pool.Proc) error) (*pool.AsyncResult[int], error) {
			return pool.ApplyAsync(ctx, pl, func(p *pool.Proc, _ int) (int, error) {
				if err := p.Sleep(d); err != nil {
					return 0, err
				}
				return 0, do(p)
			}, 0)
		}
		start := e.Now()
		if _, err := after(time.Second, func(p *pool.Proc) error { return w.Send(p, 42) }); err != nil {
			return err
		}
		if ok, err := r.Poll(ctx, pool.Timeout(300*time.Millisecond)); ok || err != nil {
			return fmt.Errorf("poll(0.3) before the send: %v, %v; want false", ok, err)
		}
		if ok, err := r.Poll(ctx, pool.Timeout(time.Hour)); !ok || err != nil {
			return fmt.Errorf("poll(3600) while the send comes: %v, %v; want true", ok, err)
		}
		v, err := r.Recv(ctx)
		if v != 42 || err != nil {
			return fmt.Errorf("recv: %v, %v; want the 42 sent", v, err)
		}
		if d := e.Now() - start; d < time.Second {
			return fmt.Errorf("recv returned after %v, before the send at 1s", d)
		}
		if _, err := after(time.Second, func(p *pool.Proc) error { w.Close(p); return nil }); err != nil {
			return err
		}
		if _, err := r.Recv(ctx); !errors.Is(err, pool.ErrEOF) || !strings.Contains(err.Error(), "receiving end of pipe results") {
			return fmt.Errorf("recv while the sending end closes: %v, want ErrEOF on the receiving end", err)
		}
		r2, _ := pool.NewPipe[int](e, "other", false)
		if _, err := after(time.Second, func(p *pool.Proc) error { r2.Close(p); return nil }); err != nil {
			return err
		}
		if _, err := r2.Recv(ctx); !errors.Is(err, pool.ErrConnClosed) {
			return fmt.Errorf("recv while its own end closes: %v, want ErrConnClosed", err)
		}
		return closeAndJoin(ctx, pl)
	})
}

// TestPipeSenders: several tasks send on one end at once; every message
// arrives, once, and each task's own messages in the order it sent them. In
// Parallel mode the race detector watches the engine lock guard the pipe.
func TestPipeSenders(t *testing.T) {
	inBothModes(t, func(ctx context.Context, e *pool.Engine) error {
		const tasks, each = 4, 25
		r, w := pool.NewPipe[[2]int](e, "results", false)
		pl, err := pool.New(e, pool.Workers(tasks))
		if err != nil {
			return err
		}
		res, err := pool.MapAsync(ctx, pl, func(p *pool.Proc, i int) (int, error) {
			for k := range each {
				if err := w.Send(p, [2]int{i, k}); err != nil {
					return 0, err
				}
			}
			return i, nil
		}, []int{0, 1, 2, 3}, pool.Chunksize(1))
		if err != nil {
			return err
		}
		next := make([]int, tasks)
		for range tasks * each {
			m, err := r.Recv(ctx)
			if err != nil {
				return err
			}
			if m[1] != next[m[0]] {
				return fmt.Errorf("task %d's message %d arrived when %d was due", m[0], m[1], next[m[0]])
			}
			next[m[0]]++
		}
		if ok, _ := r.Poll(ctx); ok {
			return errors.New("a message more than was sent")
		}
		if _, err := res.Get(ctx); err != nil {
			return err
		}
		return closeAndJoin(ctx, pl)
	})
}

// TestPipeEvents: what a run records of a pipe, for the picture: its
// creation, each send and recv with the messages left, a recv's wait ended by
// the send that feeds it, a poll that found nothing, and a close.
func TestPipeEvents(t *testing.T) {
	evs := mustSim(t, 1, func(p *pool.Proc) error {
		r, w := pool.NewPipe[int](p.Engine(), "results", false)
		pl, err := pool.New(p.Engine(), pool.Workers(1))
		if err != nil {
			return err
		}
		if _, err := pool.ApplyAsync(p, pl, func(p *pool.Proc, _ int) (int, error) {
			p.Sleep(time.Second)
			w.Send(p, 1)
			w.Send(p, 2)
			return 0, nil
		}, 0); err != nil {
			return err
		}
		r.Poll(p)
		r.Recv(p)
		p.Sleep(time.Second)
		r.Recv(p)
		w.Close(p)
		return closeAndJoin(p, pl)
	})
	var got []string
	for _, ev := range evs {
		if ev.Object != "results" {
			continue
		}
		s := fmt.Sprintf("%s %s %s", ev.Actor, ev.Kind, ev.Label)
		if ev.Value != "" || ev.Kind == pool.KindQueuePut || ev.Kind == pool.KindQueueGet || ev.Kind == pool.KindConnClosed {
			s += fmt.Sprintf(" %s #%d", ev.Value, ev.Count)
		}
		if ev.Err != "" {
			s += ": " + ev.Err
		}
		got = append(got, s)
	}
	want := []string{
		"main object-created pipe",
		"main wait-began poll", "main wait-ended poll: nothing to receive",
		"main wait-began recv",
		"worker 1 queue-put send 1 #1", "main wait-ended recv", "main queue-get recv 1 #0",
		"worker 1 queue-put send 2 #1",
		"main queue-get recv 2 #0",
		"main connection-closed sending end  #0",
	}
	if !slices.Equal(got, want) {
		t.Errorf("events of the pipe:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
