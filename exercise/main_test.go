package exercise

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: the
// schedule tests start engines, which must shut down whole.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
