package tui

import (
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
	return [][]key.Binding{{kit.Bind("enter/esc", "start", "enter", "esc")}}
}

// Update closes the welcome on enter or esc.
func (s *Welcome) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "enter" || k.String() == "esc") {
		return s, kit.Pop("Welcome to involve. Press 2 to add your first forum.")
	}
	return s, nil
}

// View draws the welcome.
func (s *Welcome) View() string {
	st := s.c.Styles
	text := lipgloss.JoinVertical(lipgloss.Left,
		st.Title.Render("Welcome to involve"),
		"",
		"involve keeps your forums, their members and meetings, the register",
		"and the actions agreed, in one private file on this computer.",
		"",
		"  1 2 3 4   move between Dashboard, Forums, People and Meetings",
		"  5 6 7     Money, Stories, Consultations (you said, we did)",
		"  n e D     new, edit, delete",
		"  /         find as you type",
		"  ctrl+p    privacy screen: names become initials, contact details hide",
		"  ?         every key, for the screen you are on",
		"",
		st.Subtle.Render("Your database: "+s.c.Store.Path()),
		"",
		st.Bold.Render("Press enter to start."),
	)
	return lipgloss.Place(s.w, s.h, lipgloss.Center, lipgloss.Center, st.Box.Render(text))
}
