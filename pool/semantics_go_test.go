package pool

import (
	"errors"
	"testing"
)

// TestGoFireAndForget checks that Go runs every task once, counts failures and
// panics, and refuses work after Close.
func TestGoFireAndForget(t *testing.T) {
	e := NewEngine(Simulated, WithSeed(1))
	ran := map[int]int{}
	var goErr error
	e.Start(func(p *Proc) error {
		pl, err := New(e, Workers(2))
		if err != nil {
			return err
		}
		for i := range 6 {
			err := pl.Go(p, func(w *Proc) error {
				ran[i]++
				switch i {
				case 4:
					return errors.New("boom")
				case 5:
					panic("bang")
				}
				return w.Sleep(1)
			})
			if err != nil {
				return err
			}
		}
		pl.Close()
		goErr = pl.Go(p, func(*Proc) error { return nil })
		if err := pl.Join(p); err != nil {
			return err
		}
		c := pl.Counters()
		if c.Submitted != 6 || c.Succeeded != 4 || c.Failed != 2 {
			t.Errorf("counters = %+v, want 6 submitted, 4 succeeded, 2 failed", c)
		}
		return nil
	})
	e.RunToEnd()
	e.Shutdown()
	for i := range 6 {
		if ran[i] != 1 {
			t.Errorf("task %d ran %d times", i, ran[i])
		}
	}
	if !errors.Is(goErr, ErrClosed) {
		t.Errorf("Go after Close = %v, want ErrClosed", goErr)
	}
}
