package testtime

import (
	"runtime"
	"testing"
	"time"
)

// CPU runs f and returns the processor time it took, and whether that is
// what was measured: on Linux the time the thread running f spent on a
// processor (f's goroutine is locked to it), which waiting for a busy
// machine's processors does not count; elsewhere the time on the clock
// (measured false), which a caller should then bound more loosely.
func CPU(f func()) (d time.Duration, measured bool) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before, ok := threadCPU()
	start := time.Now()
	f()
	if after, ok2 := threadCPU(); ok && ok2 {
		return after - before, true
	}
	return time.Since(start), false
}

// WorkLimit is the most that work measured by CPU may take, to catch work
// that grows out of bounds (quadratic or worse) rather than to measure
// speed: base when cpu says the time is processor time; else the time on
// the clock, which a busy machine inflates, so thirty times base, scaled
// as every other limit.
func WorkLimit(tb testing.TB, base time.Duration, cpu bool) time.Duration {
	tb.Helper()
	if cpu {
		return base
	}
	return Limit(tb, 30*base)
}
