package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/involve/involve/tui/kit"
)

// Welcome greets a new user on the first run.
type Welcome struct {
	c    *kit.Common
	w, h int
}

// NewWelcome makes the welcome screen.
func NewWelcome(c *kit.Common) *Welcome { return &Welcome{c: c} }

// Init does nothing.
func (s *Welcome) Init() tea.Cmd { return nil }

// Title names the screen.
func (s *Welcome) Title() string { return "Welcome" }

// SetSize records the size.
func (s *Welcome) SetSize(w, h int) { s.w, s.h = w, h }

// Help lists the one key.
func (s *Welcome) Help() [][]key.Binding {
	return [][]key.Binding{{kit.Either("start", s.c.Keys.List.Open, s.c.Keys.Global.Back)}}
}

// Update closes the welcome on enter or esc.
func (s *Welcome) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.c.Keys.List.Open, s.c.Keys.Global.Back) {
		return s, kit.Pop("Welcome to involve. Press " + kit.KeyName(s.c.Keys.Global.Forums) + " to add your first forum.")
	}
	return s, nil
}

// View draws the welcome.
func (s *Welcome) View() string {
	st := s.c.Styles
	k := s.c.Keys
	keyLine := func(keys, what string) string { return fmt.Sprintf("  %-9s %s", keys, what) }
	text := lipgloss.JoinVertical(lipgloss.Left,
		st.Title.Render("Welcome to involve"),
		"",
		"involve keeps your forums, their members and meetings, the register",
		"and the actions agreed, in one private file on this computer.",
		"",
		keyLine(strings.Join([]string{kit.KeyName(k.Global.Dashboard), kit.KeyName(k.Global.Forums), kit.KeyName(k.Global.People), kit.KeyName(k.Global.Meetings)}, " "),
			"move between Dashboard, Forums, People and Meetings"),
		keyLine(strings.Join([]string{kit.KeyName(k.Record.New), kit.KeyName(k.Record.Edit), kit.KeyName(k.Record.Delete)}, " "), "new, edit, delete"),
		keyLine(kit.KeyName(k.List.Filter), "find as you type"),
		keyLine(kit.KeyName(k.Global.Privacy), "privacy screen: names become initials, contact details hide"),
		keyLine(kit.KeyName(k.Global.Help), "every key, for the screen you are on"),
		"",
		st.Subtle.Render("Your database: "+s.c.Store.Path()),
		"",
		st.Bold.Render("Press "+kit.KeyName(k.List.Open)+" to start."),
	)
	return lipgloss.Place(s.w, s.h, lipgloss.Center, lipgloss.Center, st.Box.Render(text))
}
