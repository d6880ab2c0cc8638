package kit

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Early starts the Cmd at once, not when its Cmd is run, and that Cmd gives
// the message.
func TestEarlyStartsAtOnce(t *testing.T) {
	if Early(nil) != nil {
		t.Error("Early(nil) is not nil")
	}
	started := make(chan struct{})
	cmd := Early(func() tea.Msg {
		close(started)
		return "loaded"
	})
	select {
	case <-started:
	case <-time.After(time.Minute):
		t.Fatal("the Cmd did not start before its Cmd was run")
	}
	if msg := cmd(); msg != "loaded" {
		t.Errorf("the message is %v", msg)
	}
}
