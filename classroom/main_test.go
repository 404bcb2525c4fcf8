package classroom

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if a goroutine outlives them: every
// session's program, engine and forwarders, every connection of a stopped
// server.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
