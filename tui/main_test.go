package tui

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if a goroutine outlives them: every
// session a test opens must be closed, every engine goroutine must end. The one
// exceptions are teatest's own SIGINT watcher, which waits for a signal
// forever, and the coarse clock of the regular expressions chroma's lexers
// use for their match timeouts, which stops by itself once no match runs.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("github.com/charmbracelet/x/exp/teatest/v2.NewTestModel.func2"),
		goleak.IgnoreTopFunction("os/signal.signal_recv"),
		goleak.IgnoreTopFunction("os/signal.loop"),
		goleak.IgnoreAnyFunction("github.com/dlclark/regexp2/v2.runClock"))
}
