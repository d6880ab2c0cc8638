package kit

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
)

// Common is what every screen is given: the store, the styles, the keys,
// the size of the area it draws in, and whether the privacy screen is on.
type Common struct {
	Store   *store.Store
	Styles  *Styles
	Keys    *KeyMap
	Width   int
	Height  int
	Privacy bool
	Demo    bool
	// Markdown renders (and caches) agendas and minutes.
	Markdown *Markdown
	// Now is the clock screens use for "overdue" and "today".
	Now func() time.Time
	// User is who is at the keyboard (the login name), for the records
	// that say who did something: the erasure log, a retention review.
	User string
	// Exec hands the terminal to another program (the editor) until it
	// exits: tea.ExecProcess, or a stand-in in tests.
	Exec func(*exec.Cmd, tea.ExecCallback) tea.Cmd
	// Run hands the terminal to something in this program until it is
	// done (a form asked a line at a time): tea.Exec when nil, or a
	// stand-in in tests.
	Run func(tea.ExecCommand, tea.ExecCallback) tea.Cmd

	// Accessible is plain output for screen readers: forms asked a line
	// at a time, no box drawing, no colour-only signals, lists that say
	// which row is selected in words.
	Accessible bool
	// SupportMessage, when set, ends every story (else the database's
	// setting, else the standard message).
	SupportMessage string

	// Remote is set for a session over SSH (involve serve): nothing may
	// run on the server for it, so a text box has no ctrl+e for the
	// user's own editor, and Exec says it cannot; nor is a file written
	// there (ErrRemoteFile).
	Remote bool
	// ExportDir is the folder files written from the interface go to (a
	// meeting's calendar file): "" is the folder involve was started in.
	ExportDir string

	// Toggled is what the register's space turned into attended, by
	// "meeting/person": space again gives it back (an apology stays an
	// apology after a slip), for as long as the program runs.
	Toggled map[string]store.Attendance
}

// ErrRemoteEditor is what Exec answers over SSH.
var ErrRemoteEditor = errors.New("your own editor cannot be opened over SSH: use involve on the computer that keeps the database for that")

// ErrRemoteFile is what writing a file from the interface says over SSH:
// it would be written on the server, not on the member's computer.
var ErrRemoteFile = errors.New("over SSH a file would be written on the server, not on your computer: use involve on the computer that keeps the database for that")

// NoExec is Exec for a session over SSH: it runs nothing, and calls back at
// once with ErrRemoteEditor.
func NoExec(_ *exec.Cmd, fn tea.ExecCallback) tea.Cmd {
	return func() tea.Msg {
		if fn == nil {
			return StatusMsg{Text: ErrText(ErrRemoteEditor), Err: true}
		}
		return fn(ErrRemoteEditor)
	}
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

// Mask is a name as the privacy screen lets it show: its initials while
// the screen is on.
func (c *Common) Mask(name string) string {
	if c.Privacy {
		return store.Initials(name)
	}
	return name
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

// ScreenKey tells screens apart for the root model, which does not open
// the same screen twice on top of itself: the same kind of screen with
// the same title (a form, the question it asks) is the same screen.
func ScreenKey(s Screen) string {
	switch s := s.(type) {
	case *Confirm:
		return "confirm\x00" + s.question
	case *FormScreen:
		return "form\x00" + s.spec.Title
	}
	return fmt.Sprintf("%T\x00%s", s, s.Title())
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

// Fullscreen is a screen drawn without the app's header and footer
// (reading mode, with the laptop turned to the room). It is given the whole
// terminal but the last line, where the status, or its first keys, show.
type Fullscreen interface {
	Fullscreen() bool
}

// Saver is a screen with something to write before the app quits (where a
// story was left).
type Saver interface {
	SaveCmd() tea.Cmd
}

// Messages every screen can send to the root model.
type (
	// PushMsg opens a screen on top of the current one.
	PushMsg struct{ Screen Screen }
	// PopMsg closes the current screen, optionally saying what happened.
	PopMsg struct{ Status string }
	// StatusMsg reports what happened (or went wrong) on the status line.
	// Private, when set, is said instead of Text if the privacy screen is
	// on when the message arrives: Text names what someone is paid, say,
	// and Private the same without the amount.
	StatusMsg struct {
		Text    string
		Err     bool
		Private string
	}
	// PrivacyMsg tells screens the privacy screen was turned on or off.
	PrivacyMsg struct{}
	// CmdMsg carries a Cmd to run next, so that a Cmd can decide, after
	// loading, what should happen.
	CmdMsg struct{ Cmd tea.Cmd }
	// ChangedMsg says something was saved: the status says what, and the
	// screen on top reloads.
	ChangedMsg struct{ Status string }
)

// Early starts cmd now, in a goroutine, and returns a Cmd that waits for
// its message: for a load begun before the program runs (the first
// screen's, while the terminal is readied), handed to the program as the
// Cmd it would have run. A cmd whose message is a batch (tea.Batch) has its
// batch's Cmds run when the program gets it, not early.
func Early(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	return func() tea.Msg { return <-done }
}

// Push opens s on top of the current screen.
func Push(s Screen) tea.Cmd { return func() tea.Msg { return PushMsg{s} } }

// Pop closes the current screen; status, when not empty, says what happened.
func Pop(status string) tea.Cmd { return func() tea.Msg { return PopMsg{status} } }

// Status puts text on the status line.
func Status(text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text} }
}

// Failed puts an error on the status line.
func Failed(err error) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: ErrText(err), Err: true} }
}

// ErrText turns an error into a message fit for the status line.
func ErrText(err error) string {
	if err == nil {
		return ""
	}
	return termsafe.Line(err.Error())
}

// Load runs fn against the store in a Cmd, with a time limit, and wraps the
// result with wrap.
func Load[T any](c *Common, fn func(context.Context, *store.Store) (T, error), wrap func(T, error) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), DefaultTimeout)
		defer cancel()
		v, err := fn(ctx, c.Store)
		return wrap(v, err)
	}
}

// Do runs a change against the store in a Cmd and reports it: the done
// message on success, or the error on the status line.
func Do(c *Common, fn func(context.Context, *store.Store) error, done tea.Msg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), DefaultTimeout)
		defer cancel()
		if err := fn(ctx, c.Store); err != nil {
			return StatusMsg{Text: ErrText(err), Err: true}
		}
		return done
	}
}

// DefaultTimeout bounds every database call made from the interface.
const DefaultTimeout = 30 * time.Second

// LoadThen loads a record by id in a Cmd, then runs next with it.
func LoadThen[T any](c *Common, id string, get func(*store.Store, context.Context, string) (T, error), next func(T) tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), DefaultTimeout)
		defer cancel()
		v, err := get(c.Store, ctx, id)
		if err != nil {
			return StatusMsg{Text: ErrText(err), Err: true}
		}
		return CmdMsg{next(v)}
	}
}

// RunCmd hands the terminal to cmd until it is done, then sends what fn
// makes of how it went.
func (c *Common) RunCmd(cmd tea.ExecCommand, fn tea.ExecCallback) tea.Cmd {
	if c.Run != nil {
		return c.Run(cmd, fn)
	}
	return tea.Exec(cmd, fn)
}

// PrivacyRefusal says that something waits for the privacy screen to be
// turned off, naming the key that does it: "The privacy screen is on: turn
// it off (ctrl+p) to edit someone's details."
func (c *Common) PrivacyRefusal(toDo string) tea.Cmd {
	return Status(c.PrivacyRefusalText(toDo))
}

// PrivacyRefusalText is PrivacyRefusal's sentence, for a Cmd that finds
// the privacy screen turned on while it ran.
func (c *Common) PrivacyRefusalText(toDo string) string {
	return fmt.Sprintf("The privacy screen is on: turn it off (%s) to %s.", KeyName(c.Keys.Global.Privacy), toDo)
}

// TickHint describes a list of choices where several may be ticked:
// "space or x to tick, enter when done".
func (c *Common) TickHint() string {
	k := c.Keys.Form
	names := make([]string, len(k.Toggle.Keys()))
	for i, key := range k.Toggle.Keys() {
		names[i] = KeyLabel(key)
	}
	return fmt.Sprintf("%s to tick, %s when done", strings.Join(names, " or "), KeyName(k.Next))
}

// MarkdownHint describes a box of several lines written in markdown that
// saves the form when left: "Markdown. enter starts a new line; tab saves;
// ctrl+e opens your editor."
func (c *Common) MarkdownHint() string {
	k := c.Keys.Form
	if len(k.Editor.Keys()) == 0 {
		// Over SSH (Remote): no editor.
		return fmt.Sprintf("Markdown. %s starts a new line; %s saves.", KeyName(k.NewLine), KeyName(k.TextNext))
	}
	return fmt.Sprintf("Markdown. %s starts a new line; %s saves; %s opens your editor.", KeyName(k.NewLine), KeyName(k.TextNext), KeyName(k.Editor))
}
