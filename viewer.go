package main

import (
	"fmt"
	"os"

	"poolviz/scenarios"
)

// openViewer opens the interactive viewer.
func openViewer(sc scenarios.Scenario, prm scenarios.Params, noColor bool) (int, error) {
	fmt.Fprintln(os.Stderr, "poolviz: the viewer is not built yet; use --headless")
	return exitFailure, nil
}
