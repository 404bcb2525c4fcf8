package scenarios

import (
	"fmt"
	"strings"
)

// noArgs is an empty initargs tuple, for an initializer that takes no argument.
type noArgs struct{}

// String renders the empty tuple as Python does.
func (noArgs) String() string { return "()" }

// pyInts renders a list of ints as Python prints a list: [0, 1, 2].
func pyInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// intList is a Python list of ints held in a worker's global, shown as [0, 1].
type intList []int

// String renders the list as Python prints it.
func (l intList) String() string { return pyInts(l) }

// pyRepr renders a value as Python's print does for the few types the drivers
// print: nil is None.
func pyRepr(v any) string {
	if v == nil {
		return "None"
	}
	return fmt.Sprint(v)
}

// none is what a Python task that returns nothing gives back: None.
type none struct{}

// String renders the result as Python shows it.
func (none) String() string { return "None" }
