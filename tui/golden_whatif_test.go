package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestGoldenWhatIfKill kills worker 2 of shared-queue in the middle of its
// task with the what-if keys: the event log tells what CPython's Pool,
// concurrent.futures and this pool do, and the stall that follows names the
// task that was lost.
func TestGoldenWhatIfKill(t *testing.T) {
	tm := program(t, 140, 50, Options{})
	send(tm, frames(40)...)                   // 1.33 s: every worker is in its task
	send(tm, keys("x", "k", "2", "space")...) // the dialog pauses the run; space goes on
	send(tm, frames(3)...)                    // the replacement starts; the log shows the what-if
	fm := finish(t, tm)
	screen := ansi.Strip(fm.render())
	for _, want := range []string{"what if worker 2 is killed?", "BrokenProcessPool", "W2 g2"} {
		if !strings.Contains(strings.Join(strings.Fields(screen), " "), want) {
			t.Errorf("the screen does not say %q", want)
		}
	}
}
