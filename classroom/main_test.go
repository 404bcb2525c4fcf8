package classroom

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if a goroutine outlives them: every
// session's program, engine and forwarders, every connection of a stopped
// server.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m, tickEnds) }

// tickEnds ignores a Bubble Tea tick command still waiting for its timer: a
// program does not cancel its commands when it ends, and a tick's goroutine
// ends by itself within the tick's period (half a second at most, the
// viewer's idle frame).
var tickEnds = goleak.IgnoreTopFunction("charm.land/bubbletea/v2.Tick.func1")
