package tui

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
	"github.com/involve/involve/tui/rights"
)

// Dashboard is the first screen: the next meetings, the actions due, the
// forums that have not met for a while, and what people's rights over
// their data ask of the coordinator (requests due, people to review,
// consent expired). Up and down move through all four; enter opens what is
// under the cursor.
type Dashboard struct {
	c      *kit.Common
	lists  [numLists]*kit.List
	titles [numLists]string
	opens  [numLists]func(id string) tea.Cmd
	focus  int
	loaded bool
	gen    int
	w, h   int
	// meetingOf maps an action's id to its meeting's id.
	meetingOf map[string]string
}

type dashboardMsg struct {
	to        *Dashboard
	gen       int
	rows      [numLists][]kit.Row
	meetingOf map[string]string
	err       error
}

// NewDashboard makes the dashboard.
func NewDashboard(c *kit.Common) *Dashboard {
	d := &Dashboard{c: c}
	d.lists[0] = kit.NewList(c, kit.Column{Title: "Date", Width: 15}, kit.Column{Title: "Time", Width: 11}, kit.Column{Title: "Forum"}, kit.Column{Title: "Venue"}, kit.Column{Title: "Expected", Width: 8, Right: true})
	d.lists[0].Empty = "No meetings planned. Press " + kit.KeyName(c.Keys.Global.Meetings) + ", then " + kit.KeyName(c.Keys.Record.New) + ", to plan one."
	d.lists[1] = kit.NewList(c, kit.Column{Title: "Due", Width: 24}, kit.Column{Title: "Action"}, kit.Column{Title: "Who", Width: 14}, kit.Column{Title: "Forum", Width: 18})
	d.lists[1].Empty = "Nothing due in the next fortnight."
	d.lists[2] = kit.NewList(c, kit.Column{Title: "Forum"}, kit.Column{Title: "Members", Width: 7, Right: true}, kit.Column{Title: "Last met", Width: 12})
	d.lists[2].Empty = "Every forum has met in the last two months."
	d.lists[3] = kit.NewList(c, kit.Column{Title: "What"}, kit.Column{Title: "When", Width: 34, Min: 10})
	d.lists[3].Empty = "No requests due, no one to review, and everyone's consent to be contacted is in force."
	d.titles = [numLists]string{"Next meetings", "Actions due or overdue", "Forums that have not met for two months or more",
		"People's rights over their data"}
	d.opens[0] = func(id string) tea.Cmd { return kit.Push(NewMeetingScreen(c, id)) }
	d.opens[1] = func(id string) tea.Cmd { return kit.Push(NewMeetingScreen(c, d.meetingOf[id])) }
	d.opens[2] = func(id string) tea.Cmd { return kit.Push(NewForumScreen(c, id)) }
	d.opens[3] = func(id string) tea.Cmd {
		switch id {
		case rowReview:
			return kit.Push(rights.NewReviewScreen(c))
		case rowConsent:
			return kit.Push(rights.NewConsentScreen(c))
		}
		return tea.Sequence(kit.Push(rights.NewRequestsScreen(c)), kit.SelectRow(id))
	}
	return d
}

// numLists is how many lists the dashboard shows.
const numLists = 4

// The ids of the rights list's rows that are not requests.
const (
	rowReview  = "review"
	rowConsent = "consent"
)

// rightsRows are the rights list's rows: each request due within a
// fortnight, overdue or waiting; the people due for a retention review;
// the people whose consent to be contacted has expired.
func rightsRows(ctx context.Context, s *store.Store, now time.Time) ([]kit.Row, error) {
	due, err := s.RequestsDueWithin(ctx, rights.SoonDays)
	if err != nil {
		return nil, err
	}
	today := civil.In(now, store.London)
	var rows []kit.Row
	for _, r := range due {
		clock := r.Clock(today)
		what := fmt.Sprintf("Request %d from ", r.Number)
		row := kit.NewRow(r.ID, []string{what + r.Who(), clock.Text()}, []string{what + store.Initials(r.Who()), clock.Text()})
		row.Tone = kit.ToneWarn
		if clock.Overdue() {
			row.Tone = kit.ToneBad
		}
		rows = append(rows, row)
	}
	review, err := s.RetentionDue(ctx)
	if err != nil {
		return nil, err
	}
	if n := len(review); n > 0 {
		years, err := s.RetentionYears(ctx)
		if err != nil {
			return nil, err
		}
		text := fmt.Sprintf("Review %s: not involved for %d years", peopleCount(n), years)
		rows = append(rows, kit.NewRow(rowReview, []string{text, "keep, anonymise or erase"}, nil))
	}
	expired, err := s.ConsentExpired(ctx)
	if err != nil {
		return nil, err
	}
	if n := len(expired); n > 0 {
		text := peopleCount(n) + "'s consent to be contacted has expired"
		if n > 1 {
			text = peopleCount(n) + ": consent to be contacted expired"
		}
		row := kit.NewRow(rowConsent, []string{text, "ask again before contacting"}, nil)
		row.Tone = kit.ToneWarn
		rows = append(rows, row)
	}
	return rows, nil
}

func peopleCount(n int) string {
	if n == 1 {
		return "1 person"
	}
	return fmt.Sprintf("%d people", n)
}

// Init loads the dashboard.
func (d *Dashboard) Init() tea.Cmd { return d.Refresh() }

// Refresh reloads the dashboard.
func (d *Dashboard) Refresh() tea.Cmd {
	d.gen++
	gen := d.gen
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		db, err := d.c.Store.Dashboard(ctx)
		if err != nil {
			return dashboardMsg{to: d, gen: gen, err: err}
		}
		msg := dashboardMsg{to: d, gen: gen, meetingOf: map[string]string{}}
		for _, m := range db.Upcoming {
			msg.rows[0] = append(msg.rows[0], kit.NewRow(m.ID, []string{kit.LongDate(m.Start), kit.TimeRange(m.Start, m.End), m.ForumName, m.Venue,
				fmt.Sprintf("%d", m.Expected())}, nil))
		}
		for _, a := range db.Due {
			due, tone := kit.DueText(a.Due, db.Today)
			r := kit.NewRow(a.ID, []string{due, a.Description, a.Owner, a.ForumName}, []string{due, a.Description, initialsOrEmpty(a.Owner), a.ForumName})
			r.Tone = tone
			msg.rows[1] = append(msg.rows[1], r)
			msg.meetingOf[a.ID] = a.MeetingID
		}
		for _, f := range db.Quiet {
			msg.rows[2] = append(msg.rows[2], kit.NewRow(f.ID, []string{f.Name, fmt.Sprintf("%d", f.Members), kit.ShortDate(f.LastMet, "never")}, nil))
		}
		if msg.rows[3], err = rightsRows(ctx, d.c.Store, d.c.Now()); err != nil {
			return dashboardMsg{to: d, gen: gen, err: err}
		}
		return msg
	}
}

// Title names the dashboard.
func (d *Dashboard) Title() string { return "Dashboard" }

// SetSize shares the height between the three lists.
func (d *Dashboard) SetSize(w, h int) {
	d.w, d.h = w, h
	d.layout()
}

func (d *Dashboard) layout() {
	avail := d.h - numLists*2 // a title and a blank line each
	want := [numLists]int{}
	total := 0
	for i, l := range d.lists {
		want[i] = max(2, min(len(l.Rows()), 8)+1)
		total += want[i]
	}
	for total > avail && total > numLists*2 {
		// take a line from the tallest until it fits
		big := 0
		for i := range want {
			if want[i] > want[big] {
				big = i
			}
		}
		if want[big] <= 2 {
			break
		}
		want[big]--
		total--
	}
	for i, l := range d.lists {
		l.SetSize(d.w, want[i])
	}
}

// Help lists the dashboard's keys.
func (d *Dashboard) Help() [][]key.Binding {
	l := d.c.Keys.List
	return [][]key.Binding{{l.Up, l.Down, l.Open, l.Top, l.Bottom}}
}

// Update moves the cursor through the three lists.
func (d *Dashboard) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case dashboardMsg:
		if msg.to != d || msg.gen != d.gen {
			return d, nil
		}
		if msg.err != nil {
			return d, kit.Failed(msg.err)
		}
		d.meetingOf = msg.meetingOf
		for i, rows := range msg.rows {
			d.lists[i].SetRows(rows)
		}
		d.loaded = true
		d.layout()
		if d.lists[d.focus].Len() == 0 {
			d.step(1)
		}
	case tea.KeyPressMsg:
		l := d.c.Keys.List
		cur := d.lists[d.focus]
		switch {
		case key.Matches(msg, l.Down):
			if row, _ := cur.Selected(); cur.Len() == 0 || row.ID == cur.Shown(cur.Len()-1).ID {
				d.step(1)
				return d, nil
			}
			cur.Update(msg)
		case key.Matches(msg, l.Up):
			if cur.Cursor() == 0 {
				d.step(-1)
				if n := d.lists[d.focus].Len(); n > 0 {
					d.lists[d.focus].SetCursor(n - 1)
				}
				return d, nil
			}
			cur.Update(msg)
		case key.Matches(msg, l.Open):
			if row, ok := cur.Selected(); ok {
				return d, d.opens[d.focus](row.ID)
			}
		case key.Matches(msg, l.Top):
			was := d.focus
			d.focus = -1
			d.step(1) // the first list with rows, at its top
			if d.focus < 0 {
				d.focus = was
			}
		case key.Matches(msg, l.Bottom):
			for i := numLists - 1; i >= 0; i-- {
				if n := d.lists[i].Len(); n > 0 {
					d.focus = i
					d.lists[i].SetCursor(n - 1)
					break
				}
			}
		}
	}
	return d, nil
}

// step moves the focus to the next (or previous) list that has rows.
func (d *Dashboard) step(dir int) {
	for i := 1; i <= numLists; i++ {
		n := d.focus + dir*i
		if n < 0 || n >= numLists {
			return
		}
		if d.lists[n].Len() > 0 {
			d.focus = n
			d.lists[n].SetCursor(0)
			return
		}
	}
}

// View draws the three lists, the focused one with its cursor.
func (d *Dashboard) View() string {
	st := d.c.Styles
	out := ""
	for i, l := range d.lists {
		if i > 0 {
			out += "\n\n"
		}
		name := d.titles[i]
		if n, shown := l.Len(), l.BodyHeight(); n > shown {
			// Not all of it fits: say so, and how to see the rest.
			name += fmt.Sprintf(" (%d; ↓ for more)", n)
		}
		title := st.Header.Render(" " + name)
		if i == d.focus {
			title = st.Title.Render(st.CursorMark() + name)
		}
		out += title + "\n"
		if i == d.focus {
			out += l.View()
		} else {
			out += l.ViewWithoutCursor()
		}
	}
	return out
}

// initialsOrEmpty masks a free-text name for the privacy screen.
func initialsOrEmpty(name string) string {
	if name == "" {
		return ""
	}
	return store.Initials(name)
}
