package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui"
)

// The program starts on opening while the database opens: what the
// terminal says meanwhile (its size) reaches the interface when it takes
// over; a database that cannot be opened quits the program with nothing
// drawn, for the message to say why.
func TestOpeningHandsOverToTheInterface(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "involve.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ch := make(chan opened, 1)
	o := &opening{open: ch}
	init := o.Init()
	if _, cmd := o.Update(tea.WindowSizeMsg{Width: 100, Height: 30}); cmd != nil {
		t.Fatal("opening did something with the window's size before the interface was there")
	}
	if v := o.View(); v.Content != "" || v.AltScreen {
		t.Fatalf("opening draws %q (alt screen %v)", v.Content, v.AltScreen)
	}
	m := tui.New(s, tui.Options{})
	ch <- opened{s: s, m: m}
	next, cmd := o.Update(init())
	if next != tea.Model(m) || cmd == nil {
		t.Fatalf("opening handed over to %T (a Cmd: %v)", next, cmd != nil)
	}
	if v := m.View(); !strings.Contains(v.Content, "Dashboard") {
		t.Fatalf("the interface did not get the window's size:\n%s", v.Content)
	}

	bad := make(chan opened, 1)
	o = &opening{open: bad}
	bad <- opened{err: errors.New("damaged")}
	next, cmd = o.Update(o.Init()())
	if next != tea.Model(o) || cmd == nil {
		t.Fatalf("a failed opening went on to %T", next)
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("a failed opening does not quit the program")
	}
	if o.wait().err == nil {
		t.Fatal("the failure is lost")
	}
}
