package testtime

import (
	"runtime"
	"testing"
	"time"
)

func TestLimitScales(t *testing.T) {
	short := 1.0
	if testing.Short() {
		short = 0.5
	}
	for _, tc := range []struct {
		env  string
		want time.Duration
	}{
		{"", time.Duration(float64(time.Minute) * short)},
		{"3", time.Duration(float64(3*time.Minute) * short)},
		{" 0.5 ", time.Duration(float64(30*time.Second) * short)},
	} {
		t.Setenv(EnvScale, tc.env)
		if got := Limit(t, time.Minute); got != tc.want {
			if end, ok := t.Deadline(); ok && time.Until(end) < 2*tc.want {
				continue // cut short by go test's -timeout: see TestLimitEndsBeforeTheDeadline
			}
			t.Errorf("%s=%q: %v, want %v", EnvScale, tc.env, got, tc.want)
		}
	}
	for _, bad := range []string{"0", "-1", "fast", "1e9"} {
		t.Setenv(EnvScale, bad)
		if _, err := Scale(); err == nil {
			t.Errorf("%s=%q: no error", EnvScale, bad)
		}
	}
}

// fakeDeadline is a test whose binary must end soon.
type fakeDeadline struct {
	testing.TB
	end time.Time
}

func (f fakeDeadline) Deadline() (time.Time, bool) { return f.end, true }

func TestLimitEndsBeforeTheDeadline(t *testing.T) {
	t.Setenv(EnvScale, "")
	tb := fakeDeadline{TB: t, end: time.Now().Add(10 * time.Minute)}
	if got := Limit(tb, time.Hour); got > 9*time.Minute || got < 8*time.Minute {
		t.Errorf("an hour's limit with 10 minutes left: %v", got)
	}
	tb.end = time.Now().Add(-time.Minute)
	if got := Limit(tb, time.Hour); got != time.Second {
		t.Errorf("past the deadline: %v, want a second", got)
	}
}

// A goroutine that sleeps uses no processor time; one that spins does,
// however busy the machine is.
func TestCPU(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("thread CPU time is measured on Linux only")
	}
	slept, ok := CPU(func() { time.Sleep(200 * time.Millisecond) })
	if !ok || slept > 100*time.Millisecond {
		t.Errorf("sleeping 200ms: %v of CPU (measured %v)", slept, ok)
	}
	spun, ok := CPU(func() {
		for start := time.Now(); time.Since(start) < 100*time.Millisecond; {
		}
	})
	if !ok || spun <= 0 {
		t.Errorf("spinning: %v of CPU (measured %v)", spun, ok)
	}
}
