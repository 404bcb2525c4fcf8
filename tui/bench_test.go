package tui

import (
	"fmt"
	"testing"

	"poolviz/scenarios"
)

// BenchmarkView measures one frame's drawing at 120x36, from a State folded from
// a real Simulated run caught mid-way (workers sleeping, queue and results
// filled, log full). Targets: 8 workers <= 0.5 ms, 64 <= 1 ms, 256 <= 2 ms.
//
//	go test ./tui -run '^$' -bench View -benchmem
func BenchmarkView(b *testing.B) {
	for _, workers := range []int{8, 64, 256} {
		for _, timeline := range []bool{false, true} {
			name := fmt.Sprintf("workers=%d", workers)
			if timeline {
				name += "/timeline"
			}
			b.Run(name, func(b *testing.B) {
				m := newTestModel(b, 120, 36, scenarios.Params{Workers: workers, Tasks: 4 * workers})
				m = drive(b, m, frames(75)...) // 2.5 s into the run
				if timeline {
					m = drive(b, m, press("v"))
				}
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					_ = m.View()
				}
			})
		}
	}
}

// BenchmarkFrame measures a whole frame as the program runs it: the session
// advances one frame and the model takes in the new View (the part of a frame
// that runs on Bubble Tea's loop, plus the command's work).
func BenchmarkFrame(b *testing.B) {
	for _, workers := range []int{8, 64, 256} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			m := newTestModel(b, 120, 36, scenarios.Params{Workers: workers, Tasks: 1_000_000})
			m = drive(b, m, frames(30)...)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				m = drive(b, m, FrameMsg{Wall: frameInterval})
			}
		})
	}
}

// BenchmarkViewDialog measures a frame's drawing with the help open over the
// panels at 120x36, the dialog composed over the screen.
//
//	go test ./tui -run '^$' -bench ViewDialog -benchmem
func BenchmarkViewDialog(b *testing.B) {
	m := newTestModel(b, 120, 36, scenarios.Params{})
	m = drive(b, m, frames(75)...)
	m = drive(b, m, press("?"))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}
