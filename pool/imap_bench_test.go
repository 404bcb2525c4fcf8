package pool_test

import (
	"context"
	"testing"

	"poolviz/pool"
)

// BenchmarkImapAbandoned measures a loop that takes the first result of an Imap
// over 1,000,000 items and stops: "lazy" with the default window, "eager" with a
// window as long as the input, which is what Imap did before it had one. Compare
// the two in one run:
//
//	go test ./pool -run '^$' -bench ImapAbandoned -benchmem -count 6
func BenchmarkImapAbandoned(b *testing.B) {
	const n = 1_000_000
	items := ints(n)
	for _, c := range []struct {
		name string
		opts []pool.MapOption
	}{
		{"lazy", nil},
		{"eager", []pool.MapOption{pool.Buffersize(n)}},
	} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			e := pool.NewEngine(pool.Parallel)
			defer e.Shutdown()
			pl, err := pool.New(e, pool.Workers(2))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				seq, err := pool.Imap(ctx, pl, square, items, c.opts...)
				if err != nil {
					b.Fatal(err)
				}
				for _, err := range seq {
					if err != nil {
						b.Fatal(err)
					}
					break
				}
			}
		})
	}
}
