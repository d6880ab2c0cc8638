// Package testtime is the one place that says how long a test may wait: for
// a child process, for a screen to show something, for a build. Tests never
// assume the machine is idle, so every limit here is generous (minutes), is
// scaled by the environment variable INVOLVE_TEST_TIMEOUT_SCALE (2 doubles
// every limit, 0.5 halves it), is halved under -short, and never runs past
// the test binary's own -timeout: a test that waits too long fails with its
// own message, and its cleanups run, before go test would panic.
//
// Limits are for hangs, not for speed: how fast something is belongs in a
// benchmark. Where a test must bound work (a renderer that must not go
// quadratic), CPU measures the processor time the work took, which a busy
// machine does not inflate as it does the time on the clock.
//
// Only tests import it.
package testtime

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// EnvScale names the environment variable that scales every limit.
const EnvScale = "INVOLVE_TEST_TIMEOUT_SCALE"

// The limits before scaling.
const (
	// Child is how long one run of a child process (the involve binary, a
	// tmux command, a crashing writer) may take.
	Child = 5 * time.Minute
	// Build is how long building a program for the tests may take (go
	// build of the whole module on a loaded machine with a cold cache).
	Build = 15 * time.Minute
	// Wait is how long to wait for something to happen on a screen or in
	// a file before failing.
	Wait = 2 * time.Minute
	// Poll is how often to look again while waiting.
	Poll = 50 * time.Millisecond
)

// Scale is the factor every limit is multiplied by: the value of
// INVOLVE_TEST_TIMEOUT_SCALE (a positive number; 1 when unset), halved
// under -short.
func Scale() (float64, error) {
	f := 1.0
	if v := strings.TrimSpace(os.Getenv(EnvScale)); v != "" {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n <= 0 || n > 1000 {
			return 1, fmt.Errorf("%s is %q: it should be a positive number such as 2 or 0.5", EnvScale, v)
		}
		f = n
	}
	if testing.Testing() && testing.Short() {
		f /= 2
	}
	return f, nil
}

// deadliner is a test with a deadline (*testing.T has one, testing.B not).
type deadliner interface {
	Deadline() (time.Time, bool)
}

// Limit is base scaled (see Scale), cut short so that it ends before the
// test binary's deadline with time to spare for the test to report and
// clean up.
func Limit(tb testing.TB, base time.Duration) time.Duration {
	tb.Helper()
	f, err := Scale()
	if err != nil {
		tb.Fatal(err)
	}
	d := time.Duration(float64(base) * f)
	if t, ok := tb.(deadliner); ok {
		if end, ok := t.Deadline(); ok {
			left := time.Until(end)
			spare := min(left/10, time.Minute)
			if room := left - spare; room < d {
				d = max(room, time.Second)
			}
		}
	}
	return d
}

// Context is a context that ends after Limit(tb, base), or when the test
// ends, whichever is first.
func Context(tb testing.TB, base time.Duration) (context.Context, context.CancelFunc) {
	tb.Helper()
	return context.WithTimeout(tb.Context(), Limit(tb, base))
}

// Until polls ok every Poll until it says yes, for at most Limit(tb, Wait),
// and reports whether it did.
func Until(tb testing.TB, ok func() bool) bool {
	tb.Helper()
	end := time.Now().Add(Limit(tb, Wait))
	for {
		if ok() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
		time.Sleep(Poll)
	}
}
