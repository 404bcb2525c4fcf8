//go:build !unix

package pytrace

import (
	"os"
	"os/exec"
	"syscall"
)

// There is no pausing a program here: these signals are sent to nobody.
const (
	sigStop = syscall.Signal(-1)
	sigCont = syscall.Signal(-2)
)

// ownGroup does nothing where there are no process groups.
func ownGroup(cmd *exec.Cmd) {}

// signalGroup kills the main process alone where there are no process groups
// (a terminate request kills too: there is no SIGTERM to send).
func signalGroup(pid int, sig syscall.Signal) {
	if sig == sigStop || sig == sigCont {
		return
	}
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Kill()
	}
}
