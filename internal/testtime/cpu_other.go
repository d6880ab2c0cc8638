//go:build !linux

package testtime

import "time"

// threadCPU cannot measure a thread's processor time here.
func threadCPU() (time.Duration, bool) { return 0, false }
