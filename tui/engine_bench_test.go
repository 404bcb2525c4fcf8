package tui

import (
	"testing"
	"time"

	"poolviz/pool"
	"poolviz/scenarios"
	"poolviz/session"
)

// flatOut is a scenario made for measuring: the main program runs n trivial
// tasks through the pool in Parallel mode as fast as it can, and reports how
// long that took on the real clock.
func flatOut(rounds int, took *time.Duration) scenarios.Scenario {
	sc, _ := scenarios.Get(scenarios.Default) // its listing, for the code pane
	sc.Name, sc.Title = "flat-out", "Trivial tasks as fast as the pool goes"
	sc.Defaults = scenarios.Params{Workers: 2, Tasks: 1_000_000, Seed: 1, Speed: 1, Mode: pool.Parallel}
	sc.Main = func(p *pool.Proc, prm scenarios.Params) error {
		start := time.Now()
		pl, err := pool.New(p.Engine(), pool.Workers(prm.Workers))
		if err != nil {
			return err
		}
		for range rounds * prm.Tasks {
			if err := pl.Go(p, func(*pool.Proc) error { return nil }); err != nil {
				return err
			}
		}
		pl.Close()
		err = pl.Join(p)
		*took = time.Since(start)
		return err
	}
	return sc
}

// BenchmarkEngineWithUI measures the engine's throughput in Parallel mode with
// the viewer attached (drawing a 120x36 screen 30 times a second) against the
// same run headless (its session drained 30 times a second, nothing drawn), in
// the same run. The target: with the UI, at least 90% of headless throughput.
func BenchmarkEngineWithUI(b *testing.B) {
	const tasks = 4_000_000
	frame := time.Second / 30
	run := func(withUI bool) float64 {
		var took time.Duration
		sc := flatOut(tasks/1_000_000, &took)
		sess, err := session.New(sc, sc.Defaults)
		if err != nil {
			b.Fatal(err)
		}
		var o *Offscreen
		if withUI {
			if o, err = NewOffscreen(Options{Session: sess}, Screen{Width: 120, Height: 36}); err != nil {
				b.Fatal(err)
			}
			defer o.Close()
		} else {
			defer sess.Close()
		}
		for sess.Status() != session.Finished {
			time.Sleep(frame)
			if withUI {
				if err := o.Frame(frame); err != nil {
					b.Fatal(err)
				}
				_ = o.Render()
			} else {
				sess.Advance(frame)
			}
		}
		return tasks / took.Seconds()
	}
	var headless, ui float64
	for b.Loop() {
		headless += run(false)
		ui += run(true)
	}
	n := float64(b.N)
	b.ReportMetric(headless/n/1e6, "headless-Mtasks/s")
	b.ReportMetric(ui/n/1e6, "ui-Mtasks/s")
	b.ReportMetric(ui/headless, "ui/headless")
}
