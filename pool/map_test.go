package pool_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"testing"
	"time"

	"poolviz/pool"
)

// imapSquares runs imap (Imap or ImapUnordered) of randomSleepSquare over 0..14
// on three workers, in a Simulated run with seed, and returns what it yielded
// and the run's events.
func imapSquares(t *testing.T, seed uint64, imap func(context.Context, *pool.Pool, pool.TaskFunc[int, int], []int, ...pool.MapOption) (iter.Seq2[int, error], error)) ([]int, []pool.Event) {
	var got []int
	evs := mustSim(t, seed, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(3))
		if err != nil {
			return err
		}
		seq, err := imap(p, pl, randomSleepSquare, ints(15))
		if err != nil {
			return err
		}
		if got, err = collect(seq); err != nil {
			return err
		}
		pl.Close()
		return pl.Join(p)
	})
	return got, evs
}

func TestImapYieldsInInputOrder(t *testing.T) {
	got, evs := imapSquares(t, 5, pool.Imap[int, int])
	want := make([]int, 15)
	for i := range want {
		want[i] = i * i
	}
	if !slices.Equal(got, want) {
		t.Fatalf("imap yielded %v, want input order %v", got, want)
	}
	if fin := finishedTasks(evs); slices.IsSorted(fin) {
		t.Fatalf("tasks finished in input order %v: the test cannot tell imap's order from completion order", fin)
	}
}

func TestImapUnorderedYieldsInCompletionOrder(t *testing.T) {
	got, evs := imapSquares(t, 6, pool.ImapUnordered[int, int])
	var completion []int
	for _, ev := range ofKind(evs, pool.KindTaskFinished) {
		completion = append(completion, ev.Index*ev.Index)
	}
	if !slices.Equal(got, completion) {
		t.Fatalf("imap_unordered yielded %v, want completion order %v", got, completion)
	}
	sorted := slices.Clone(got)
	slices.Sort(sorted)
	for i, v := range sorted {
		if v != i*i {
			t.Fatalf("imap_unordered yielded %v: want every square of 0..14 exactly once", got)
		}
	}
	if slices.IsSorted(got) {
		t.Fatalf("imap_unordered yielded input order %v: the test cannot tell the orders apart", got)
	}
}

// TestDefaultChunksize checks Python's rule: chunksize, extra = divmod(n, 4*workers);
// if extra: chunksize += 1; and 0 for an empty input. The table was computed with it.
func TestDefaultChunksize(t *testing.T) {
	for _, c := range []struct{ n, workers, want int }{
		{0, 1, 0}, {0, 4, 0}, {1, 1, 1}, {4, 1, 1}, {5, 1, 2}, {8, 1, 2}, {9, 1, 3},
		{10, 2, 2}, {10, 4, 1}, {16, 4, 1}, {17, 4, 2}, {100, 4, 7}, {96, 3, 8}, {97, 3, 9},
		{1000, 8, 32}, {1, 64, 1}, {256, 64, 1}, {257, 64, 2}, {7, 3, 1}, {12, 3, 1}, {13, 3, 2},
	} {
		if got := pool.DefaultChunksize(c.n, c.workers); got != c.want {
			t.Errorf("DefaultChunksize(%d, %d) = %d, want %d", c.n, c.workers, got, c.want)
		}
	}
}

// TestMapUsesDefaultChunksize: map splits 10 items on 2 workers into chunks of 2, as
// Python does, and imap uses chunks of 1.
func TestMapUsesDefaultChunksize(t *testing.T) {
	evs := mustSim(t, 1, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(2))
		if err != nil {
			return err
		}
		if _, err := pool.Map(p, pl, square, ints(10)); err != nil {
			return err
		}
		seq, err := pool.Imap(p, pl, square, ints(3))
		if err != nil {
			return err
		}
		for range seq {
		}
		pl.Close()
		return pl.Join(p)
	})
	var mapChunks, imapChunks []int
	for _, ev := range ofKind(evs, pool.KindTaskSubmitted) {
		switch ev.Label {
		case "map":
			mapChunks = append(mapChunks, ev.Count)
		case "imap":
			imapChunks = append(imapChunks, ev.Count)
		}
	}
	if want := []int{2, 2, 2, 2, 2}; !slices.Equal(mapChunks, want) {
		t.Errorf("map of 10 items on 2 workers submitted chunks of %v, want %v", mapChunks, want)
	}
	if want := []int{1, 1, 1}; !slices.Equal(imapChunks, want) {
		t.Errorf("imap of 3 items submitted chunks of %v, want %v", imapChunks, want)
	}
}

func TestApplyMapStarmapResults(t *testing.T) {
	mustSim(t, 9, func(p *pool.Proc) error {
		pl, err := pool.New(p.Engine(), pool.Workers(3))
		if err != nil {
			return err
		}
		if v, err := pool.Apply(p, pl, randomSleepSquare, 12); v != 144 || err != nil {
			return fmt.Errorf("Apply = %v, %v; want 144", v, err)
		}
		want := make([]int, 20)
		for i := range want {
			want[i] = i * i
		}
		for _, cs := range []int{0, 1, 3, 7, 20, 50} {
			var opts []pool.MapOption
			if cs > 0 {
				opts = append(opts, pool.Chunksize(cs))
			}
			vs, err := pool.Map(p, pl, randomSleepSquare, ints(20), opts...)
			if err != nil || !slices.Equal(vs, want) {
				return fmt.Errorf("Map with chunksize %d = %v, %v; want %v", cs, vs, err, want)
			}
		}
		m, err := pool.MapAsync(p, pl, randomSleepSquare, ints(20), pool.Chunksize(2))
		if err != nil {
			return err
		}
		if vs, err := m.Get(p); err != nil || !slices.Equal(vs, want) {
			return fmt.Errorf("MapAsync = %v, %v", vs, err)
		}
		pairs := []pool.Pair[int, string]{{3, "a"}, {1, "b"}, {2, "c"}}
		ss, err := pool.Starmap(p, pl, func(p *pool.Proc, n int, s string) (string, error) {
			if err := p.Sleep(time.Duration(4-n) * ms); err != nil {
				return "", err
			}
			return fmt.Sprint(s, n), nil
		}, pairs, pool.Chunksize(1))
		if err != nil || !slices.Equal(ss, []string{"a3", "b1", "c2"}) {
			return fmt.Errorf("Starmap = %v, %v; want [a3 b1 c2]", ss, err)
		}
		empty, err := pool.Map(p, pl, square, nil)
		if err != nil || len(empty) != 0 {
			return fmt.Errorf("Map of nothing = %v, %v; want an empty result", empty, err)
		}
		seq, err := pool.Imap(p, pl, square, nil)
		if err != nil {
			return err
		}
		for v := range seq {
			return fmt.Errorf("Imap of nothing yielded %v", v)
		}
		// A failing item fails the whole map with its error, as Python's map raises.
		_, err = pool.Map(p, pl, func(p *pool.Proc, x int) (int, error) {
			if x == 5 {
				return 0, errBoom
			}
			return x, nil
		}, ints(10))
		if !errors.Is(err, errBoom) {
			return fmt.Errorf("Map with a failing item: %v, want errBoom", err)
		}
		pl.Close()
		return pl.Join(p)
	})
}
