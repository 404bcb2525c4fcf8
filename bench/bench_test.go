package main

import (
	"fmt"
	"strings"
	"testing"
)

// benchSize is the tasks of one benchmark iteration for the fire, handles and
// map workloads; the sleep and cpu workloads use benchSleep and benchCPU.
const (
	benchSize  = 100_000
	benchSleep = 1_000
	benchCPU   = 2_000
)

// benchName turns a peer name into a sub-benchmark name: "poolviz (observed)"
// becomes "poolviz-observed".
func benchName(s string) string {
	s = strings.NewReplacer(" (", "-", ")", "", " ", "-").Replace(s)
	return s
}

// BenchmarkWorkloads runs every workload on every peer at 2, 8 and 64 workers,
// one batch per iteration, and reports tasks/s. It is the harness's cells as Go
// benchmarks, for profiling one cell:
//
//	go test -run '^$' -bench 'Workloads/fire/poolviz-observed/w2$' -cpuprofile cpu.out
func BenchmarkWorkloads(b *testing.B) {
	c := defaultConfig()
	for _, w := range workloads() {
		n := benchSize
		switch w.key {
		case "sleep":
			n = benchSleep
		case "cpu":
			n = benchCPU
		}
		b.Run(w.key, func(b *testing.B) {
			for _, p := range goPeers() {
				if !w.runs(p) {
					continue
				}
				b.Run(benchName(p.name), func(b *testing.B) {
					for _, workers := range c.workers {
						b.Run(fmt.Sprintf("w%d", workers), func(b *testing.B) {
							var secs float64
							for b.Loop() {
								d, err := w.run(p, workers, n, &c)
								if err != nil {
									b.Fatal(err)
								}
								secs += d.Seconds()
							}
							b.ReportMetric(float64(n)*float64(b.N)/secs, "tasks/s")
						})
					}
				})
			}
		})
	}
}
