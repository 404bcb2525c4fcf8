//go:build !race

package cli

// raceEnabled reports whether the tests run under the race detector, which
// slows the engine down several times.
const raceEnabled = false
