// Package tui is involve's terminal interface: a root model holding one
// stack of screens per section, the shared widgets (list, form, confirm),
// keys and theme. It touches the store only inside tea.Cmds.
package tui

import (
	"context"
	"os/exec"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
	"github.com/involve/involve/tui/kit"
)

// Common is what every screen is given: the store, the styles, the keys,
// the size of the area it draws in, and whether the privacy screen is on.
type Common struct {
	Store   *store.Store
	Styles  *kit.Styles
	Keys    *kit.KeyMap
	Width   int
	Height  int
	Privacy bool
	Demo    bool
	// Markdown renders (and caches) agendas and minutes.
	Markdown *kit.Markdown
	// Now is the clock screens use for "overdue" and "today".
	Now func() time.Time
	// Exec hands the terminal to another program (the editor) until it
	// exits: tea.ExecProcess, or a stand-in in tests.
	Exec func(*exec.Cmd, tea.ExecCallback) tea.Cmd

	// toggled is what the register's space turned into attended, by
	// "meeting/person": space again gives it back (an apology stays an
	// apology after a slip), for as long as the program runs.
	toggled map[string]store.Attendance
}

// Name is how a person's name is shown: the preferred name, or initials
// while the privacy screen is on.
func (c *Common) Name(name, preferred string) string {
	n := store.DisplayName(name, preferred)
	if c.Privacy {
		return store.Initials(n)
	}
	return n
}

// Screen is one page of the interface.
type Screen interface {
	// Init starts loading what the screen shows.
	Init() tea.Cmd
	// Update handles a message meant for this screen.
	Update(tea.Msg) (Screen, tea.Cmd)
	// View draws the screen in Common.Width × Common.Height.
	View() string
	// Title names the screen in the breadcrumb.
	Title() string
	// Help lists the screen's own keys, in groups, for the help view.
	Help() [][]key.Binding
	// SetSize tells the screen the size of the area it draws in.
	SetSize(width, height int)
}

// Capturer is a screen that can have a text field focused, when every key
// but the few global ones must go to it.
type Capturer interface {
	Capturing() bool
}

// CaptureHelper is a Capturer that says which keys work while it captures,
// for the footer (the screen's usual keys would be typed into the field).
type CaptureHelper interface {
	Capturer
	CaptureHelp() []key.Binding
}

// Refresher is a screen that reloads its data when it comes back to the
// top of the stack.
type Refresher interface {
	Refresh() tea.Cmd
}

// Dirtier is a screen holding changes not yet saved.
type Dirtier interface {
	Dirty() bool
}

// Messages every screen can send to the root model.
type (
	// pushMsg opens a screen on top of the current one.
	pushMsg struct{ screen Screen }
	// popMsg closes the current screen, optionally saying what happened.
	popMsg struct{ status string }
	// statusMsg reports what happened (or went wrong) on the status line.
	statusMsg struct {
		text string
		err  bool
	}
	// privacyMsg tells screens the privacy screen was turned on or off.
	privacyMsg struct{}
)

func push(s Screen) tea.Cmd { return func() tea.Msg { return pushMsg{s} } }

func pop(status string) tea.Cmd { return func() tea.Msg { return popMsg{status} } }

func status(format string) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: format} }
}

func failed(err error) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: errText(err), err: true} }
}

// errText turns an error into a message fit for the status line.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return termsafe.Line(err.Error())
}

// load runs fn against the store in a Cmd, with a time limit, and wraps the
// result with wrap.
func load[T any](c *Common, fn func(context.Context, *store.Store) (T, error), wrap func(T, error) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), defaultTimeout)
		defer cancel()
		v, err := fn(ctx, c.Store)
		return wrap(v, err)
	}
}

// do runs a change against the store in a Cmd and reports it: the done
// message on success, or the error on the status line.
func do(c *Common, fn func(context.Context, *store.Store) error, done tea.Msg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), defaultTimeout)
		defer cancel()
		if err := fn(ctx, c.Store); err != nil {
			return statusMsg{text: errText(err), err: true}
		}
		return done
	}
}

// defaultTimeout bounds every database call made from the interface.
const defaultTimeout = 30 * time.Second
