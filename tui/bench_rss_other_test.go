//go:build !unix

package tui

import "os"

// maxRSS is not measured on this system.
func maxRSS(*os.ProcessState) uint64 { return 0 }
