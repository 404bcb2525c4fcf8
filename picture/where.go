package picture

import (
	"strconv"
	"strings"
)

// Where says where a traced program's processes stand, for a run stopped
// before its end: the line main is on and what it waits for, and each
// worker's line ("main at line 34 waiting for queue q; worker 1 at line 23").
func (s *State) Where() string {
	var parts []string
	if m := s.Main; m.Started && !m.Ended {
		part := "main"
		if m.StepLine > 0 {
			part += " at line " + strconv.Itoa(m.StepLine)
		}
		if m.BlockedOn != "" {
			part += " waiting for " + m.BlockedOn
		}
		parts = append(parts, part)
	}
	for _, w := range s.Workers {
		if w.StepLine > 0 {
			parts = append(parts, "worker "+strconv.Itoa(w.ID)+" at line "+strconv.Itoa(w.StepLine))
		}
	}
	return strings.Join(parts, "; ")
}
