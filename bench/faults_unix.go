//go:build unix

package main

import "syscall"

// minorFaults returns the page faults the process took so far that needed no
// disk (a fresh page mapped in), or -1 where the system does not say.
func minorFaults() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return int64(ru.Minflt)
}
