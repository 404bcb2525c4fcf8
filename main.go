// Command poolviz shows a process pool at work, for teaching: workers starting
// and running their initializer, the per-worker globals it leaves, the tasks in
// flight, and the shared queue as results arrive out of order.
//
// Usage:
//
//	poolviz                      open the viewer on the default scenario
//	poolviz run NAME [flags]     open the viewer on a scenario (--headless: print an account)
//	poolviz list                 list the scenarios
//	poolviz record NAME -o F     record the viewer in virtual time, as an asciicast
//	poolviz frame NAME --at T    print the viewer's screen at a virtual time
//	poolviz export NAME --events F   save a run's events (JSON lines) or a Chrome trace
//	poolviz replay F             open a saved run in the viewer (--headless: print it)
//
// Run 'poolviz help' for every command and flag.
package main

import (
	"os"
	"runtime/debug"

	"poolviz/internal/cli"
)

func main() {
	if limit := cli.MemoryLimit(os.Args[1:], os.Getenv); limit > 0 {
		debug.SetMemoryLimit(limit) // here, not in cli.Main: tests call Main, and the limit is the process's
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
