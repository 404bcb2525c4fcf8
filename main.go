// Command poolviz shows a process pool at work, for teaching.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "poolviz: the viewer is not built yet")
	os.Exit(1)
}
