//go:build !unix

package main

// minorFaults returns -1: this system does not report page faults.
func minorFaults() int64 { return -1 }
