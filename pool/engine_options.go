package pool

import (
	"fmt"
	"time"
)

// Mode selects how an engine runs its actors.
type Mode uint8

const (
	// Simulated runs one actor at a time on virtual time: the same seed and
	// parameters give the same events, byte for byte, on any machine.
	Simulated Mode = iota
	// Parallel runs actors as ordinary goroutines, in parallel, on the real clock
	// scaled by a speed factor.
	Parallel
)

// String returns "simulated" or "parallel".
func (m Mode) String() string {
	if m == Parallel {
		return "parallel"
	}
	return "simulated"
}

// ParseMode accepts "simulated" or "parallel".
func ParseMode(s string) (Mode, error) {
	switch s {
	case "simulated", "sim":
		return Simulated, nil
	case "parallel", "par":
		return Parallel, nil
	}
	return Simulated, fmt.Errorf("unknown mode %q: use simulated or parallel", s)
}

// EngineOption configures an Engine.
type EngineOption func(*engineConfig)

type engineConfig struct {
	seed     uint64
	speed    float64
	observed bool
	ringSize int
	quiet    time.Duration
	ask      bool    // AskChoices
	schedule []Actor // WithSchedule
}

// WithSeed sets the seed of the scheduler's tie-breaks and of every task's random
// source (Proc.Rand). The default is 1.
func WithSeed(seed uint64) EngineOption { return func(c *engineConfig) { c.seed = seed } }

// WithSpeed sets a Parallel engine's speed factor: virtual time runs speed times as
// fast as real time. The default is 1.
func WithSpeed(speed float64) EngineOption { return func(c *engineConfig) { c.speed = speed } }

// WithObserver makes a Parallel engine record events for Drain. Each actor gets a
// ring of ringSize events (0 picks a default of 256; sizes are rounded up to a
// power of two, at least 16); while a ring is full its events are
// shed and counted, never blocking the engine. A Simulated engine always records
// every event.
func WithObserver(ringSize int) EngineOption {
	return func(c *engineConfig) { c.observed, c.ringSize = true, ringSize }
}

// WithWatchdog sets how long a Parallel engine waits, with every actor blocked and
// nothing progressing, before it reports a deadlock. The default is 2 s of real time;
// 0 turns the watchdog off.
func WithWatchdog(quiet time.Duration) EngineOption { return func(c *engineConfig) { c.quiet = quiet } }
