package main

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui"
)

// opened is the database opened for the interface, and the interface on
// it (its first screen's data being read), or why it could not be.
type opened struct {
	s   *store.Store
	m   *tui.Model
	err error
}

// opening is the program's model while the database opens: an empty frame
// on the terminal as it was (no screen of its own, so that a database that
// cannot be opened leaves the terminal untouched for the message saying
// why). What the terminal tells the program meanwhile (its size, colours,
// keys typed) is kept and given to the interface, which then takes over.
type opening struct {
	open <-chan opened
	once sync.Once
	got  opened
	held []tea.Msg
}

// wait returns what opening the database gave (once it has).
func (o *opening) wait() opened {
	o.once.Do(func() { o.got = <-o.open })
	return o.got
}

type openedMsg struct{}

func (o *opening) Init() tea.Cmd {
	return func() tea.Msg {
		o.wait()
		return openedMsg{}
	}
}

func (o *opening) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(openedMsg); !ok {
		o.held = append(o.held, msg)
		return o, nil
	}
	got := o.wait()
	if got.err != nil {
		return o, tea.Quit
	}
	cmds := []tea.Cmd{got.m.Init()}
	for _, h := range o.held {
		_, cmd := got.m.Update(h)
		cmds = append(cmds, cmd)
	}
	o.held = nil
	return got.m, tea.Batch(cmds...)
}

func (o *opening) View() tea.View { return tea.NewView("") }
