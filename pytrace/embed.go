package pytrace

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
)

// packageName is the Python package the tracer runs with -m.
const packageName = "poolviz_trace"

// pySources holds the Python package. It is written out for each run rather
// than installed, so that tracing needs nothing but a Python interpreter.
//
//go:embed py/poolviz_trace/*.py
var pySources embed.FS

// writePackage writes the Python package into dir/poolviz_trace.
func writePackage(dir string) error {
	dst := filepath.Join(dir, packageName)
	if err := os.Mkdir(dst, 0o700); err != nil {
		return err
	}
	entries, err := fs.ReadDir(pySources, "py/"+packageName)
	if err != nil {
		return err
	}
	for _, e := range entries {
		data, err := pySources.ReadFile("py/" + packageName + "/" + e.Name())
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o600); err != nil {
			return err
		}
	}
	return nil
}
