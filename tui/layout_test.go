package tui

import (
	"fmt"
	"testing"
)

// checkTiling fails unless the header, the shown panels and the footer cover
// every cell of the screen exactly once.
func checkTiling(t *testing.T, l layout) {
	t.Helper()
	cover := make([]int, l.Width*l.Height)
	mark := func(name string, r rect) {
		if r.Empty() {
			return
		}
		if r.X < 0 || r.Y < 0 || r.X+r.W > l.Width || r.Y+r.H > l.Height {
			t.Fatalf("%s %+v is off the %dx%d screen", name, r, l.Width, l.Height)
		}
		if r.W < 10 || r.H < 3 && name != "header" && name != "footer" {
			t.Errorf("%s %+v is too small to draw", name, r)
		}
		for y := r.Y; y < r.Y+r.H; y++ {
			for x := r.X; x < r.X+r.W; x++ {
				cover[y*l.Width+x]++
			}
		}
	}
	mark("header", l.Header)
	mark("footer", l.Footer)
	for p := range numPanels {
		mark(p.String(), l.Panels[p])
	}
	for i, n := range cover {
		if n != 1 {
			t.Fatalf("cell (%d,%d) is covered %d times", i%l.Width, i/l.Width, n)
		}
	}
}

func TestLayoutTilesTheScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 36}, {200, 60}, {81, 25}, {133, 41}} {
		for _, workers := range []int{1, 4, 8, 64, 256} {
			for _, timeline := range []bool{false, true} {
				for _, dl := range []int{0, 5} {
					name := fmt.Sprintf("%dx%d/w%d/timeline=%v/deadlock=%d", size[0], size[1], workers, timeline, dl)
					t.Run(name, func(t *testing.T) {
						l := computeLayout(layoutInput{Width: size[0], Height: size[1], Workers: workers,
							CodeRows: 37, DeadlockLines: dl, Timeline: timeline})
						if l.TooSmall {
							t.Fatal("too small")
						}
						checkTiling(t, l)
						// A tall screen has the timeline under the workers too, unless they are a grid.
						under := !timeline && size[1]-headerHeight-footerHeight >= tallBody && l.Workers != workersGrid
						if (timeline || under) != !l.Panels[pTimeline].Empty() || timeline == !l.Panels[pWorkers].Empty() {
							t.Errorf("timeline %v: workers %+v, timeline %+v", timeline, l.Panels[pWorkers], l.Panels[pTimeline])
						}
						if (dl > 0) == l.Panels[pDeadlock].Empty() {
							t.Errorf("deadlock lines %d: panel %+v", dl, l.Panels[pDeadlock])
						}
						for _, p := range []panelID{pCode, pQueue, pResults, pObjects, pOutput, pLog} {
							if l.Panels[p].Empty() {
								t.Errorf("%s is not shown", p)
							}
						}
					})
				}
			}
		}
	}
}

func TestLayoutSizes(t *testing.T) {
	tests := []struct {
		w, h, workers int
		mode          workerMode
		workersRect   rect
		codeRect      rect
	}{
		{80, 24, 4, workersDetail, rect{0, 2, 44, 10}, rect{44, 2, 36, 14}},
		{120, 36, 4, workersDetail, rect{0, 2, 66, 10}, rect{66, 2, 54, 19}},
		{120, 36, 8, workersLine, rect{0, 2, 66, 10}, rect{66, 2, 54, 19}},
		{120, 36, 64, workersGrid, rect{0, 2, 66, 7}, rect{66, 2, 54, 19}},
		{120, 36, 256, workersGrid, rect{0, 2, 66, 11}, rect{66, 2, 54, 19}},
		{200, 60, 8, workersDetail, rect{0, 2, 110, 18}, rect{110, 2, 90, 34}},
		{200, 60, 64, workersGrid, rect{0, 2, 110, 6}, rect{110, 2, 90, 34}},
		{200, 60, 256, workersGrid, rect{0, 2, 110, 8}, rect{110, 2, 90, 34}},
		{80, 24, 256, workersGrid, rect{0, 2, 44, 10}, rect{44, 2, 36, 14}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%dx%d/w%d", tt.w, tt.h, tt.workers), func(t *testing.T) {
			l := computeLayout(layoutInput{Width: tt.w, Height: tt.h, Workers: tt.workers, CodeRows: 37})
			if l.Workers != tt.mode {
				t.Errorf("mode %d, want %d", l.Workers, tt.mode)
			}
			if got := l.Panels[pWorkers]; got != tt.workersRect {
				t.Errorf("workers %+v, want %+v", got, tt.workersRect)
			}
			if got := l.Panels[pCode]; got != tt.codeRect {
				t.Errorf("code %+v, want %+v", got, tt.codeRect)
			}
		})
	}
}

func TestLayoutTooSmall(t *testing.T) {
	for _, size := range [][2]int{{79, 24}, {80, 23}, {60, 15}, {0, 0}} {
		if l := computeLayout(layoutInput{Width: size[0], Height: size[1], Workers: 4}); !l.TooSmall {
			t.Errorf("%dx%d is drawn", size[0], size[1])
		}
	}
	if l := computeLayout(layoutInput{Width: 80, Height: 24, Workers: 4}); l.TooSmall {
		t.Error("80x24 is too small")
	}
}

func TestLayoutIgnoresFocusUnlessZoomed(t *testing.T) {
	in := layoutInput{Width: 120, Height: 36, Workers: 4, CodeRows: 37}
	base := computeLayout(in)
	for p := range numPanels {
		in.Focus = p
		if got := computeLayout(in); got != base {
			t.Errorf("focus on %s moved the panels", p)
		}
	}
	in.Focus, in.Zoom = pCode, true
	z := computeLayout(in)
	if z.Panels[pCode] != (rect{0, 2, 120, 33}) {
		t.Errorf("zoomed code %+v", z.Panels[pCode])
	}
	checkTiling(t, z)
	if vis := z.visible(); len(vis) != 1 || vis[0] != pCode {
		t.Errorf("zoom shows %v", vis)
	}
}

func TestWorkersFit(t *testing.T) {
	for _, tt := range []struct {
		n, inner, limit, h int
		mode               workerMode
	}{
		{4, 64, 14, 10, workersDetail},
		{6, 64, 14, 14, workersDetail},
		{7, 64, 14, 9, workersLine},
		{16, 64, 10, 10, workersLine},
		{17, 64, 10, 6, workersGrid},
		{256, 64, 14, 11, workersGrid},
		{256, 108, 25, 8, workersGrid},
	} {
		h, mode := workersFit(tt.n, tt.inner, tt.limit)
		if h != tt.h || mode != tt.mode {
			t.Errorf("workersFit(%d, %d, %d) = %d, %d; want %d, %d", tt.n, tt.inner, tt.limit, h, mode, tt.h, tt.mode)
		}
	}
}

// TestLayoutQueueRows: a program that shares a queue shows its stream, and the
// pool's results only where the program reads them; the screen stays tiled.
func TestLayoutQueueRows(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 36}, {200, 60}, {81, 25}} {
		for _, workers := range []int{1, 4, 64} {
			for _, dl := range []int{0, 5} {
				for _, c := range []struct{ stream, hide bool }{{true, true}, {true, false}, {false, true}} {
					name := fmt.Sprintf("%dx%d/w%d/deadlock=%d/stream=%v/hide=%v", size[0], size[1], workers, dl, c.stream, c.hide)
					t.Run(name, func(t *testing.T) {
						l := computeLayout(layoutInput{Width: size[0], Height: size[1], Workers: workers, CodeRows: 37,
							DeadlockLines: dl, Stream: c.stream, HideResults: c.hide})
						checkTiling(t, l)
						results := !l.Panels[pResults].Empty()
						if c.stream == l.Panels[pStream].Empty() || (c.hide && results) || (!c.hide && size[1] > 30 && !results) {
							t.Errorf("stream %+v, results %+v", l.Panels[pStream], l.Panels[pResults])
						}
						if s, q := l.Panels[pStream], l.Panels[pQueue]; c.stream && c.hide && (s.W <= q.W || s.H < q.H) {
							t.Errorf("the stream %+v is smaller than the task queue %+v beside it", s, q)
						}
					})
				}
			}
		}
	}
}
