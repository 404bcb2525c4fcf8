//go:build unix

package tui

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time this process has used, user and system: a
// benchmark's cost that other work on a busy machine does not inflate, as it
// does the wall time, and that counts the garbage collector's workers.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
