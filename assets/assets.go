// Package assets holds the files the app ships inside its binary: the Python
// twin of every scenario, shown in the code pane.
package assets

import (
	"embed"
	"fmt"
)

//go:embed python/*.py
var python embed.FS

// Python returns the Python listing with the given file name, e.g. "shared-queue.py".
func Python(file string) (string, error) {
	b, err := python.ReadFile("python/" + file)
	if err != nil {
		return "", fmt.Errorf("no Python listing %q: %w", file, err)
	}
	return string(b), nil
}
