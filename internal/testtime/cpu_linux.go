package testtime

import (
	"syscall"
	"time"
)

// rusageThread is RUSAGE_THREAD (Linux 2.6.26 on): the calling thread's
// usage only.
const rusageThread = 1

// threadCPU is the processor time (user and system) the calling thread has
// used so far.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
