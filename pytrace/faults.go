package pytrace

import "strconv"

// Faults counts the failures of the tracer's hooks inside the program's
// processes. A hook that fails is caught where it runs, and the program goes
// on as if untraced at that point: its picture may miss an event there, and
// Faults says so instead of leaving the gap silent.
type Faults struct {
	Count int    // how many faults were reported (each process reports at most 100)
	First string // the first, as "where: Type: message"
}

func (f *Faults) add(w wireEvent) {
	f.Count++
	if f.First == "" {
		f.First = w.Label + ": " + w.Err
	}
}

// String says what failed, for the end of a run, or "" when nothing did.
func (f Faults) String() string {
	if f.Count == 0 {
		return ""
	}
	times := strconv.Itoa(f.Count) + " times"
	if f.Count == 1 {
		times = "once"
	}
	return "poolviz's tracer failed " + times + " inside the program (first: " + f.First +
		"); the program ran on unchanged, but the picture may miss what happened there"
}

// Faults returns the failures of the tracer's hooks reported so far.
func (r *Run) Faults() Faults {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.faults
}
