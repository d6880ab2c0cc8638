// Package influence is the Influence section of involve's interface: senior
// officers' contact with the forums, and training health and care workers.
//
//   - The section (key 7) has two panes, Contacts and Training; ] switches.
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

// Section is the Influence section: the Contacts and Training panes.
type Section struct {
	c     *kit.Common
	panes [2]*kit.ListScreen
	pane  int
}

// NewSection makes the section.
func NewSection(c *kit.Common, l Links) *Section {
	return &Section{c: c, panes: [2]*kit.ListScreen{NewContacts(c, l, "", ""), NewTraining(c, l)}}
}

// Init loads both panes.
func (s *Section) Init() tea.Cmd { return tea.Batch(s.panes[0].Init(), s.panes[1].Init()) }

// Refresh reloads both panes.
func (s *Section) Refresh() tea.Cmd { return tea.Batch(s.panes[0].Refresh(), s.panes[1].Refresh()) }

// Title names the section.
func (s *Section) Title() string { return "Influence" }

// SetSize leaves a line for the pane tabs.
func (s *Section) SetSize(w, h int) {
	for _, p := range s.panes {
		p.SetSize(w, max(3, h-1))
	}
}

func (s *Section) active() *kit.ListScreen { return s.panes[s.pane] }

// Pane is the pane shown: 0 contacts, 1 training.
func (s *Section) Pane() int { return s.pane }

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
			s.pane = 1 - s.pane
			return s, nil
		}
		_, cmd := s.active().Update(msg)
		return s, cmd
	}
	_, a := s.panes[0].Update(msg)
	_, b := s.panes[1].Update(msg)
	return s, tea.Batch(a, b)
}

// View draws the pane tabs and the pane shown.
func (s *Section) View() string {
	tabs := kit.PaneTabs(s.c, []string{
		fmt.Sprintf("Senior officers' contacts (%d)", len(s.panes[0].List().Rows())),
		fmt.Sprintf("Training (%d)", len(s.panes[1].List().Rows())),
	}, s.pane)
	return tabs + "\n" + s.active().View()
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
