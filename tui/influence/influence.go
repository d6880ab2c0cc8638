// Package influence is the Influence section of involve's interface: senior
// officers' contact with the forums, and training health and care workers.
//
//   - The section (key 7) has the Consultations pane the root gives it
//     (package consult), then Contacts and Training; ] switches.
//   - Contacts lists every senior officer's contact, the latest first: their
//     attendances at forum meetings (read from the registers; enter opens
//     the meeting) and the contacts logged here (visit, one-to-one, board
//     seat, written reply), which open on a page with their topics and the
//     officer's commitments.
//   - Training lists the sessions people with lived experience co-delivered;
//     a session's page has its co-trainers (briefed, debriefed, hours, and
//     the involvement payment for them), the stories used and the feedback.
//   - A forum's page opens the contacts with that forum (o), and a person's
//     page their involvement history (h).
//
// It is built from tui/kit, and opens the screens of package tui (a
// meeting, a forum, a person) through the Links it is given, as package tui
// imports this one.
package influence

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// Links open the screens of package tui this section leads to.
type Links struct {
	Meeting func(id string) kit.Screen
	Forum   func(id string) kit.Screen
	Person  func(id string) kit.Screen
}

// push opens a linked screen, if there is a way to.
func push(open func(string) kit.Screen, id string) tea.Cmd {
	if open == nil || id == "" {
		return nil
	}
	return kit.Push(open(id))
}

// Pane is a list the section shows as one of its panes: a kit.ListScreen,
// or one built on it.
type Pane interface {
	kit.Screen
	kit.Refresher
	kit.CaptureHelper
	List() *kit.List
}

// Section is the Influence section: the panes it is given first (the
// consultations), then the Contacts and Training panes.
type Section struct {
	c     *kit.Common
	panes []Pane
	names []string
	pane  int
}

// NewSection makes the section, with lead's panes (named by their titles)
// before its own.
func NewSection(c *kit.Common, l Links, lead ...Pane) *Section {
	s := &Section{c: c}
	for _, p := range lead {
		s.panes, s.names = append(s.panes, p), append(s.names, p.Title())
	}
	s.panes = append(s.panes, NewContacts(c, l, "", ""), NewTraining(c, l))
	s.names = append(s.names, "Officers' contacts", "Training")
	return s
}

// Init loads every pane.
func (s *Section) Init() tea.Cmd {
	cmds := make([]tea.Cmd, len(s.panes))
	for i, p := range s.panes {
		cmds[i] = p.Init()
	}
	return tea.Batch(cmds...)
}

// Refresh reloads every pane.
func (s *Section) Refresh() tea.Cmd {
	cmds := make([]tea.Cmd, len(s.panes))
	for i, p := range s.panes {
		cmds[i] = p.Refresh()
	}
	return tea.Batch(cmds...)
}

// Title names the section.
func (s *Section) Title() string { return "Influence" }

// SetSize leaves a line for the pane tabs.
func (s *Section) SetSize(w, h int) {
	for _, p := range s.panes {
		p.SetSize(w, max(3, h-1))
	}
}

func (s *Section) active() Pane { return s.panes[s.pane] }

// Pane is the pane shown, counted from 0 in the order of the tabs.
func (s *Section) Pane() int { return s.pane }

// Shown is the pane shown.
func (s *Section) Shown() Pane { return s.active() }

// PaneName is the name of the pane shown.
func (s *Section) PaneName() string { return s.names[s.pane] }

// Selected is the row under the cursor of the pane shown.
func (s *Section) Selected() (kit.Row, bool) { return s.active().List().Selected() }

// Capturing is true while the pane's find field has the focus.
func (s *Section) Capturing() bool { return s.active().Capturing() }

// CaptureHelp lists the find field's keys.
func (s *Section) CaptureHelp() []key.Binding { return s.active().CaptureHelp() }

// Help lists the pane's keys and the key that switches panes.
func (s *Section) Help() [][]key.Binding {
	groups := s.active().Help()
	first := append([]key.Binding{}, groups[0]...)
	groups[0] = append(first, s.c.Keys.Detail.SwitchPane)
	return groups
}

// Update switches panes, sends keys to the pane shown and everything else
// to both (each takes only the replies meant for it).
func (s *Section) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if !s.Capturing() && key.Matches(k, s.c.Keys.Detail.SwitchPane) {
			s.pane = (s.pane + 1) % len(s.panes)
			return s, nil
		}
		_, cmd := s.active().Update(msg)
		return s, cmd
	}
	cmds := make([]tea.Cmd, len(s.panes))
	for i, p := range s.panes {
		_, cmds[i] = p.Update(msg)
	}
	return s, tea.Batch(cmds...)
}

// View draws the pane tabs and the pane shown.
func (s *Section) View() string {
	tabs := make([]string, len(s.panes))
	for i, p := range s.panes {
		tabs[i] = fmt.Sprintf("%s (%d)", s.names[i], len(p.List().Rows()))
	}
	return kit.PaneTabs(s.c, tabs, s.pane) + "\n" + s.active().View()
}

// today is the London date by the screens' clock.
func today(c *kit.Common) civil.Date { return civil.In(c.Now(), store.London) }

// day shows a date as "12 Mar 2026".
func day(d civil.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.Time(store.London).Format("2 Jan 2006")
}

// longDay shows a date as "Tue 12 Mar 2026".
func longDay(d civil.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.Time(store.London).Format("Mon 2 Jan 2006")
}

// dash stands for nothing said.
func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// initials masks a free-text name for the privacy screen.
func initials(name string) string {
	if strings.TrimSpace(name) == "" {
		return ""
	}
	return store.Initials(name)
}
