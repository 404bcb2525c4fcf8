//go:build !unix

package cli

import "os"

// fileID reports no identity: paths are compared instead.
func fileID(os.FileInfo) (string, bool) { return "", false }
