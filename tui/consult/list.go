// Package consult is the Consultations section: the list of consultations,
// a consultation's page (its points raised and the response to each, its
// feedback and its place in the loop), the forms for each, the quick way to
// add a point from a meeting, the "you said, we did" board of a forum (and
// its reading mode for the room), and the dashboard's panels of feedback
// overdue and decisions awaited. It is built from tui/kit; the store does
// the rules.
package consult

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// ListScreen is the Consultations section: every consultation, those
// still in the loop first. It is a kit.ListScreen with the board's key.
type ListScreen struct {
	*kit.ListScreen
	c *kit.Common
}

// NewList makes the Consultations section.
func NewList(c *kit.Common) *ListScreen {
	l := kit.NewList(c,
		kit.Column{Title: "Consultation"},
		kit.Column{Title: "Status", Width: 19, Min: 9},
		kit.Column{Title: "Deadline", Width: 11},
		kit.Column{Title: "Awaiting", Width: 8, Right: true},
		kit.Column{Title: "Feedback", Width: 11},
	)
	l.Empty = "No consultations yet. Press " + kit.KeyName(c.Keys.Record.New) + " to add one."
	ls := kit.NewListScreen(c, "Consultations", l, func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		list, err := st.Consultations(ctx, store.ConsultationFilter{})
		if err != nil {
			return nil, err
		}
		return summaryRows(list), nil
	})
	ls.Open = func(id string) tea.Cmd { return kit.Push(NewPage(c, id)) }
	ls.Create = func(string) tea.Cmd { return editConsultation(c, store.Consultation{}) }
	ls.Edit = func(id string) tea.Cmd {
		return kit.LoadThen(c, id, (*store.Store).Consultation, func(d store.ConsultationDetail) tea.Cmd {
			return editConsultation(c, d.Consultation)
		})
	}
	ls.Remove = func(id string) tea.Cmd { return deleteConsultation(c, id) }
	return &ListScreen{ListScreen: ls, c: c}
}

// summaryRows are consultations as the list shows them; the whole row
// is searched, and the forums asked too.
func summaryRows(list []store.ConsultationSummary) []kit.Row {
	rows := make([]kit.Row, len(list))
	for i, s := range list {
		fb := Day(s.FeedbackDue)
		switch {
		case s.Overdue:
			fb = "overdue"
		case !s.Status.Live():
			fb = "given"
		}
		r := kit.NewRow(s.ID, []string{s.Title, s.Status.Label(), Day(s.Deadline), fmt.Sprintf("%d of %d", s.Awaiting, s.Points), fb}, nil)
		r.AlsoFind(strings.Join(s.Forums, " ") + " " + s.Organisation)
		switch {
		case s.Overdue:
			r.Tone = kit.ToneBad
		case s.Status == store.LoopOpen:
			r.Tone = kit.ToneGood
		case s.Status == store.LoopClosed:
			r.Tone = kit.ToneFaint
		}
		rows[i] = r
	}
	return rows
}

// Help adds the board's key to the list's.
func (s *ListScreen) Help() [][]key.Binding {
	h := s.ListScreen.Help()
	h[0] = append(h[0], s.c.Keys.Consult.Board)
	return h
}

// Update opens a forum's board on its key; the rest is the list's.
func (s *ListScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && !s.Capturing() && key.Matches(k, s.c.Keys.Consult.Board) {
		return s, pickBoard(s.c, nil)
	}
	_, cmd := s.ListScreen.Update(msg)
	return s, cmd
}

// Day shows a date as "12 Mar 2026", or "—".
func Day(d civil.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.Time(time.UTC).Format("2 Jan 2006")
}

// today is the screens' London date.
func today(c *kit.Common) civil.Date { return civil.In(c.Now(), store.London) }

// plural is "1 point" or "3 points".
