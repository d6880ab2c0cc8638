package kit

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
)

// ListScreen is a section's list of records: it loads its rows in a Cmd,
// filters them, and hands open/new/edit/delete to the functions it is given.
// Forums, People and Meetings are each one of these.
type ListScreen struct {
	c     *Common
	title string
	list  *List
	load  func(context.Context, *store.Store) ([]Row, error)
	// Each action gets the selected row's ID (New gets "").
	Open, Create, Edit, Remove func(id string) tea.Cmd
	// Extra are the list's other actions, each on a key of its own, given
	// the selected row's ID ("" when there is none and AnyRow is set).
	Extra []ListAction
	gen   int
	// pick is a row to put the cursor on once it is in the list (a record
	// just added: the list reloads after the form closes).
	pick string
}

// ListAction is an action of a list screen besides open, new, edit and
// delete: its key, and what it does (given the selected row's ID, or ""
// when the list is empty and AnyRow is set).
type ListAction struct {
	Key    key.Binding
	Do     func(id string) tea.Cmd
	AnyRow bool // it needs no row (it opens another screen)
}

// NewListScreen makes a list screen titled title over list, its rows from
// load. Set Open, Create, Edit and Remove for the actions it offers.
func NewListScreen(c *Common, title string, list *List, load func(context.Context, *store.Store) ([]Row, error)) *ListScreen {
	return &ListScreen{c: c, title: title, list: list, load: load}
}

// List is the screen's list.
func (s *ListScreen) List() *List { return s.list }

// selectRowMsg asks the list on top to put its cursor on a row, now or
// when the row arrives.
type selectRowMsg struct{ id string }

// SelectRow is a Cmd that puts the cursor of the list below a form on the
// record the form saved.
func SelectRow(id string) tea.Cmd {
	return func() tea.Msg { return selectRowMsg{id: id} }
}

type rowsMsg struct {
	to   *ListScreen
	gen  int
	rows []Row
	err  error
}

// Init loads the rows.
func (s *ListScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the rows; a reply to an earlier request is dropped.
func (s *ListScreen) Refresh() tea.Cmd {
	s.gen++
	gen := s.gen
	return Load(s.c, s.load, func(rows []Row, err error) tea.Msg { return rowsMsg{to: s, gen: gen, rows: rows, err: err} })
}

// Title names the list.
func (s *ListScreen) Title() string { return s.title }

// SetSize sizes the list.
func (s *ListScreen) SetSize(w, h int) { s.list.SetSize(w, h) }

// Capturing is true while the filter has the focus.
func (s *ListScreen) Capturing() bool { return s.list.Finding() }

// CaptureHelp lists the find field's keys.
func (s *ListScreen) CaptureHelp() []key.Binding { return s.list.FindHelp() }

// Help lists the keys this list answers to.
func (s *ListScreen) Help() [][]key.Binding {
	r := s.c.Keys.Record
	var acts []key.Binding
	if s.Open != nil {
		acts = append(acts, s.c.Keys.List.Open)
	}
	if s.Create != nil {
		acts = append(acts, r.New)
	}
	if s.Edit != nil {
		acts = append(acts, r.Edit)
	}
	if s.Remove != nil {
		acts = append(acts, r.Delete)
	}
	for _, a := range s.Extra {
		acts = append(acts, a.Key)
	}
	return [][]key.Binding{acts, s.list.Help()}
}

// Update handles the list and its actions.
func (s *ListScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case rowsMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil // a reply for another screen, or an older request
		}
		if msg.err != nil {
			return s, Failed(msg.err)
		}
		s.list.SetRows(msg.rows)
		if s.pick != "" && s.list.Select(s.pick) {
			s.pick = ""
		}
		return s, nil
	case selectRowMsg:
		if !s.list.Select(msg.id) {
			s.pick = msg.id
		}
		return s, nil
	case tea.KeyPressMsg:
		if handled, cmd := s.list.Update(msg); handled {
			return s, cmd
		}
		row, ok := s.list.Selected()
		r := s.c.Keys.Record
		switch {
		case key.Matches(msg, s.c.Keys.List.Open) && ok && s.Open != nil:
			return s, s.Open(row.ID)
		case key.Matches(msg, r.New) && s.Create != nil:
			return s, s.Create("")
		case key.Matches(msg, r.Edit) && ok && s.Edit != nil:
			return s, s.Edit(row.ID)
		case key.Matches(msg, r.Delete) && ok && s.Remove != nil:
			return s, s.Remove(row.ID)
		case key.Matches(msg, s.c.Keys.Global.Back):
			return s, Pop("")
		}
		for _, a := range s.Extra {
			if key.Matches(msg, a.Key) && (ok || a.AnyRow) {
				return s, a.Do(row.ID)
			}
		}
	default:
		if _, cmd := s.list.Update(msg); cmd != nil {
			return s, cmd
		}
	}
	return s, nil
}

// View draws the list.
func (s *ListScreen) View() string { return s.list.View() }
