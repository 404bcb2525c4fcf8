//go:build !unix

package atomicfile

import "os"

// links returns 1: hard links are not counted on this system.
func links(os.FileInfo) uint64 { return 1 }
