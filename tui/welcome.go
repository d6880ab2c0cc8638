package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

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

// Help lists the keys that close it.
func (s *Welcome) Help() [][]key.Binding {
	return [][]key.Binding{{s.start(), s.c.Keys.Global.Back}}
}

// start is the key that closes the welcome (the key that opens things).
func (s *Welcome) start() key.Binding {
	b := s.c.Keys.List.Open
	b.SetHelp(b.Help().Key, "start")
	return b
}

// Update closes the welcome on enter or esc.
func (s *Welcome) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.c.Keys.List.Open, s.c.Keys.Global.Back) {
		return s, kit.Pop("Welcome to involve. Press " + s.c.Keys.Global.Forums.Help().Key + " to add your first forum.")
	}
	return s, nil
}

// sections lists every section with its key, as many to a line as fit in
// width: made from the sections themselves, so a new one is never left out.
func (s *Welcome) sections(width int) []string {
	keys := sectionKeys(s.c.Keys)
	var lines []string
	line := " "
	for i, name := range sectionNames {
		item := " " + keys[i].Help().Key + " " + name
		if ansi.StringWidth(line)+ansi.StringWidth(item)+1 > width && line != " " {
			lines = append(lines, line)
			line = " "
		}
		if line != " " {
			item = " " + item
		}
		line += item
	}
	return append(lines, line)
}

// View draws the welcome: what involve keeps, its sections and the few keys
// that get a new user going, every key from the key map.
func (s *Welcome) View() string {
	st := s.c.Styles
	k := s.c.Keys
	// The box's border and padding take 6 columns, its margin 2.
	inner := max(20, min(74, s.w-8))
	keyLine := func(keys, what string) string {
		return kit.Truncate("  "+keys+strings.Repeat(" ", max(1, 10-ansi.StringWidth(keys)))+what, inner)
	}
	lines := []string{
		st.Title.Render("Welcome to involve"),
		"",
		kit.Wrap("involve keeps your forums and their people, meetings, registers, actions, transport, "+
			"expenses, consultations and stories in one private file on this computer.", inner),
		"",
		"  Its sections, and the key for each:",
	}
	lines = append(lines, s.sections(inner)...)
	lines = append(lines, "",
		keyLine(k.Record.New.Help().Key+" "+k.Record.Edit.Help().Key+" "+k.Record.Delete.Help().Key, "new, edit, delete"),
		keyLine(k.List.Filter.Help().Key, "find as you type"),
		keyLine(k.Global.Privacy.Help().Key, "privacy screen: names become initials, contact details hide"),
		keyLine(k.Global.Help.Help().Key, "every key, for the screen you are on"),
		"",
		st.Subtle.Render(kit.Truncate("Your database: "+s.c.Store.Path(), inner)),
		st.Bold.Render("Press "+k.List.Open.Help().Key+" to start."),
	)
	text := lipgloss.JoinVertical(lipgloss.Left, lines...)
	box := st.Box
	if lipgloss.Width(box.Render(text)) > s.w {
		box = box.Width(s.w) // narrower: the lines wrap inside the box
	}
	return lipgloss.Place(s.w, s.h, lipgloss.Center, lipgloss.Center, box.Render(text))
}
