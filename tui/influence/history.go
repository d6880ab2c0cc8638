package influence

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// HistoryScreen is a person's involvement history: the forum meetings they
// attended, the training they co-delivered, the consultations they raised
// points in and (a senior officer's) logged contacts, the latest first.
type HistoryScreen struct {
	c      *kit.Common
	l      Links
	id     string
	person store.Person
	inv    store.Involvement
	list   *kit.List
	kinds  map[string]store.InvolvementKind // row id → what it is
	loaded bool
	gen    int
	w, h   int
}

type historyLoadedMsg struct {
	to     *HistoryScreen
	gen    int
	person store.Person
	inv    store.Involvement
	err    error
}

// NewHistory shows the involvement history of the person with this id.
func NewHistory(c *kit.Common, l Links, personID string) *HistoryScreen {
	s := &HistoryScreen{c: c, l: l, id: personID}
	s.list = kit.NewList(c, kit.Column{Title: "Date", Width: 11}, kit.Column{Title: "Involvement", Width: 12},
		kit.Column{Title: "What"}, kit.Column{Title: "More"})
	s.list.Empty = "Nothing yet: no meeting attended, no training co-delivered."
	return s
}

// Init loads the history.
func (s *HistoryScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads it.
func (s *HistoryScreen) Refresh() tea.Cmd {
	s.gen++
	gen, id := s.gen, s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := historyLoadedMsg{to: s, gen: gen}
		if msg.person, msg.err = s.c.Store.Person(ctx, id); msg.err == nil {
			msg.inv, msg.err = s.c.Store.PersonInvolvement(ctx, id)
		}
		return msg
	}
}

// Title names whose history it is.
func (s *HistoryScreen) Title() string {
	if !s.loaded {
		return "Involvement"
	}
	return s.c.Name(s.person.Name, s.person.PreferredName) + " — involvement"
}

// SetSize sizes the list under the summary.
func (s *HistoryScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.list.SetSize(w, max(3, h-2))
}

// Capturing is true while the find field has the focus.
func (s *HistoryScreen) Capturing() bool { return s.list.Finding() }

// CaptureHelp lists the find field's keys.
func (s *HistoryScreen) CaptureHelp() []key.Binding { return s.list.FindHelp() }

// Help lists the keys.
func (s *HistoryScreen) Help() [][]key.Binding {
	return [][]key.Binding{{s.c.Keys.List.Open, s.c.Keys.Global.Back}, s.list.Help()}
}

// Update opens what is under the cursor.
func (s *HistoryScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case historyLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.person, s.inv, s.loaded = msg.person, msg.inv, true
		s.kinds = map[string]store.InvolvementKind{}
		rows := make([]kit.Row, len(s.inv.Items))
		for i, it := range s.inv.Items {
			id := string(it.Kind) + "/" + it.ID
			s.kinds[id] = it.Kind
			rows[i] = kit.NewRow(id, []string{day(it.Date), it.Kind.Label(), it.What, dash(it.Detail)}, nil)
		}
		s.list.SetRows(rows)
	case tea.KeyPressMsg:
		if handled, cmd := s.list.Update(msg); handled {
			return s, cmd
		}
		switch {
		case key.Matches(msg, s.c.Keys.List.Open):
			row, ok := s.list.Selected()
			if !ok {
				return s, nil
			}
			_, id, _ := strings.Cut(row.ID, "/")
			switch s.kinds[row.ID] {
			case store.InvolvedMeeting:
				return s, push(s.l.Meeting, id)
			case store.InvolvedTraining:
				return s, kit.Push(NewTrainingScreen(s.c, s.l, id))
			case store.InvolvedContact:
				return s, kit.Push(NewContactScreen(s.c, s.l, id))
			}
			return s, kit.Status("Consultations open from their own section.")
		case key.Matches(msg, s.c.Keys.Global.Back):
			return s, kit.Pop("")
		}
	}
	return s, nil
}

// Summary says in a line what a history holds: "14 meetings attended
// (the last on 3 Mar 2026) · 2 training sessions co-delivered".
func Summary(inv store.Involvement) string {
	parts := []string{kit.Plural(inv.Meetings, "meeting attended", "meetings attended")}
	if inv.Meetings > 0 {
		parts[0] += " (the last on " + day(inv.LastMeeting) + ")"
	}
	parts = append(parts, kit.Plural(inv.Training, "training session co-delivered", "training sessions co-delivered"))
	if inv.Consultations > 0 {
		parts = append(parts, kit.Plural(inv.Consultations, "consultation raised points in", "consultations raised points in"))
	}
	if inv.Contacts > 0 {
		parts = append(parts, kit.Plural(inv.Contacts, "contact logged as a senior officer", "contacts logged as a senior officer"))
	}
	return strings.Join(parts, " · ")
}

// View draws the summary and the list.
func (s *HistoryScreen) View() string {
	if !s.loaded {
		return s.c.Styles.Subtle.Render("  Loading…")
	}
	return s.c.Styles.Subtle.Render(fmt.Sprintf("  %s", Summary(s.inv))) + "\n" + s.list.View()
}
