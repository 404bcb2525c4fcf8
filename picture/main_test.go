package picture_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: every engine
// a test starts must be shut down, and Shutdown must leave nothing behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
