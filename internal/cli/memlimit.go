package cli

// SoftMemoryLimit is the soft memory limit (runtime/debug.SetMemoryLimit) a
// command that plays one run is given: every command but serve. Why: such a
// command keeps a bounded live heap (at the largest sizes, 256 workers and a
// million tasks, some 100 MB: the README lists what each keeps), but the
// collector lets the heap grow to twice the live one and more while a burst
// of garbage (a frame's copy of the picture, a million task events) is
// marked, which took the peak past 300 MB. Near the limit the collector runs
// sooner instead; with the live heap well under it, that costs little.
const SoftMemoryLimit = 200 << 20

// MemoryLimit returns the soft memory limit for the command line args (as
// Main takes them), or -1 for none: serve, whose heap grows with the learners
// it serves, keeps the runtime's default, and so does every command when the
// environment sets GOMEMLIMIT (getenv reads it), which the runtime honours.
func MemoryLimit(args []string, getenv func(string) string) int64 {
	if getenv("GOMEMLIMIT") != "" {
		return -1
	}
	if len(args) > 0 && args[0] == "serve" {
		return -1
	}
	return SoftMemoryLimit
}
