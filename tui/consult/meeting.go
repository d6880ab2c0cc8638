package consult

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// AddPointFromMeeting is the few keys that add a point raised at a
// meeting, from its page or register: choose the consultation (only those
// open for points that ask the meeting's forum; none to choose when there
// is one), type the point and how many raised it, done.
func AddPointFromMeeting(c *kit.Common, meetingID string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		m, err := c.Store.Meeting(ctx, meetingID)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		if day := civil.In(m.Start, store.London); day.After(today(c)) {
			return kit.StatusMsg{Text: fmt.Sprintf("This meeting is on %s: a point is added once it has been raised, at the meeting or after it.",
				kit.LongDate(m.Start))}
		}
		open, err := c.Store.OpenConsultationsFor(ctx, meetingID)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		where := m.ForumName + ", " + kit.LongDate(m.Start)
		switch len(open) {
		case 0:
			return kit.StatusMsg{Text: fmt.Sprintf("No consultation asking %s is open for points: open one in Influence (%s, then %s).",
				m.ForumName, kit.KeyName(c.Keys.Global.Influence), kit.KeyName(c.Keys.Record.New))}
		case 1:
			return kit.CmdMsg{Cmd: quickPoint(c, open[0], meetingID, where)}
		}
		byID := map[string]store.ConsultationSummary{}
		for _, o := range open {
			byID[o.ID] = o
		}
		return kit.PushMsg{Screen: kit.NewPicker(c, "Which consultation?", []kit.Column{{Title: "Consultation"}, {Title: "Deadline", Width: 11}},
			func(context.Context, *store.Store) ([]kit.Row, error) {
				rows := make([]kit.Row, len(open))
				for i, o := range open {
					rows[i] = kit.NewRow(o.ID, []string{o.Title, Day(o.Deadline)}, nil)
				}
				return rows, nil
			}, func(r kit.Row) tea.Cmd {
				return tea.Sequence(kit.Pop(""), quickPoint(c, byID[r.ID], meetingID, where))
			})}
	}
}

// DashboardPanels are what the dashboard shows of consultations: those
// whose full feedback is overdue, and those awaiting decisions. Each is
// left off the dashboard while it is empty.
func DashboardPanels(c *kit.Common) kit.Panels {
	open := func(id string) tea.Cmd { return kit.Push(NewPage(c, id)) }
	return kit.Panels{
		Panels: []kit.Panel{
			{Title: "Consultations: feedback overdue", Open: open, Columns: []kit.Column{
				{Title: "Feedback due", Width: 12}, {Title: "Consultation"}, {Title: "Status", Width: 19, Min: 10}, {Title: "Asked by", Width: 24, Min: 8}}},
			{Title: "Consultations: decisions awaited", Open: open, Columns: []kit.Column{
				{Title: "Deadline", Width: 12}, {Title: "Consultation"}, {Title: "Waiting", Width: 9}, {Title: "Decided by", Width: 24, Min: 8}}},
		},
		Load: func(ctx context.Context, st *store.Store) ([][]kit.Row, error) {
			d, err := st.ConsultationDashboard(ctx, 10)
			if err != nil {
				return nil, err
			}
			rows := make([][]kit.Row, 2)
			for _, s := range d.Overdue {
				r := kit.NewRow(s.ID, []string{Day(s.FeedbackDue), s.Title, s.Status.Label(), s.Organisation}, nil)
				r.Tone = kit.ToneBad
				rows[0] = append(rows[0], r)
			}
			for _, s := range d.Awaiting {
				waiting := kit.Plural(s.Awaiting, "point", "points")
				rows[1] = append(rows[1], kit.NewRow(s.ID, []string{Day(s.Deadline), s.Title, waiting, s.Decider},
					[]string{Day(s.Deadline), s.Title, waiting, initials(s.Decider)}))
			}
			return rows, nil
		},
	}
}

// initials masks free text that may be a person's name, for the privacy
// screen.
func initials(s string) string {
	if s == "" {
		return ""
	}
	return store.Initials(s)
}
