//go:build unix

package report

import (
	"syscall"
	"time"
)

// processCPU is the processor time (user and system) the whole process has
// used so far, and whether it could be read: a benchmark's figure that a
// busy machine's waiting does not inflate.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
