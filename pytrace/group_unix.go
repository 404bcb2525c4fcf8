//go:build unix

package pytrace

import (
	"os/exec"
	"syscall"
)

// The signals that pause and resume a program.
const (
	sigStop = syscall.SIGSTOP
	sigCont = syscall.SIGCONT
)

// ownGroup makes cmd the leader of a new process group, so that the program and
// every process it starts can be stopped together.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// signalGroup sends sig to every process of group pgid; a group that is gone
// already is not an error.
func signalGroup(pgid int, sig syscall.Signal) {
	_ = syscall.Kill(-pgid, sig)
}
