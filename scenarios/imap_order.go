package scenarios

import (
	"time"

	"poolviz/pool"
)

// imapOrder runs the same work through imap and then imap_unordered: the first
// yields in task order, so one slow task holds back the rest; the second yields
// as tasks finish.
func imapOrder() Scenario {
	return Scenario{
		Name:  "imap-order",
		Title: "imap yields in task order, imap_unordered as tasks finish",
		Teaches: "The same eight tasks run twice on four workers, first through imap, then through " +
			"imap_unordered. Task 0 is slow (3 s); task i > 0 takes 0.5 x i s, so every task finishes at " +
			"its own moment. imap hands results back in task order: tasks 1 to 4 finish early, but main " +
			"gets nothing until task 0 is done, then a burst of everything already waiting. " +
			"imap_unordered hands each result back the moment it finishes: 1 2 3 4 0 5 6 7. Watch " +
			"the results panel and main's output side by side: the same completion order, two different " +
			"orders of delivery. This pool has no initializer, so the workers are ready at once.",
		Listing:  "imap-order.py",
		Defaults: Params{Workers: 4, Tasks: 8, Seed: 1, Speed: 1, Mode: pool.Simulated},
		Outcome:  Completes,
		Steps: map[string]string{
			"start":          "def task(",
			"sleep":          "sleep(3 if i == 0 else 0.5 * i)",
			"return":         "return i",
			"imap":           "pool.imap(task",
			"imap-unordered": "pool.imap_unordered(",
		},
		Main: imapOrderMain,
	}
}

// imapDelay is how long task i of imap-order sleeps: 3 s for task 0, 0.5 x i s
// for the others, so that no two tasks finish at the same moment.
func imapDelay(i int) time.Duration {
	if i == 0 {
		return sleepFor(3)
	}
	return sleepFor(0.5 * float64(i))
}

func imapOrderMain(p *pool.Proc, prm Params) error {
	e := p.Engine()
	task := func(w *pool.Proc, i int) (int, error) {
		w.Step("start")
		w.Step("sleep")
		if err := w.Sleep(imapDelay(i)); err != nil {
			return 0, err
		}
		w.Step("return")
		return i, nil
	}
	pl, err := pool.New(e, pool.Workers(prm.Workers)) // no initializer, as in the listing
	if err != nil {
		return err
	}
	defer pl.Terminate(p)
	p.Step("imap")
	ordered, err := pool.Imap(p, pl, task, ids(prm.Tasks))
	if err != nil {
		return err
	}
	for i, err := range ordered {
		if err != nil {
			return err
		}
		p.Printf("imap: %d", i)
	}
	p.Step("imap-unordered")
	unordered, err := pool.ImapUnordered(p, pl, task, ids(prm.Tasks))
	if err != nil {
		return err
	}
	for i, err := range unordered {
		if err != nil {
			return err
		}
		p.Printf("imap_unordered: %d", i)
	}
	return nil
}
