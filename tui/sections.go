package tui

import (
	"context"
	"fmt"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/equality"
	"github.com/involve/involve/tui/kit"
	"github.com/involve/involve/tui/rights"
)

// NewForums is the Forums section: every forum with its members and when it
// last met.
func NewForums(c *kit.Common) *kit.ListScreen {
	list := kit.NewList(c,
		kit.Column{Title: "Forum"},
		kit.Column{Title: "Members", Width: 7, Right: true},
		kit.Column{Title: "Usual pattern"},
		kit.Column{Title: "Last met", Width: 11},
		kit.Column{Title: "Next", Width: 11},
	)
	list.Empty = "No forums yet. Press " + kit.KeyName(c.Keys.Record.New) + " to add one."
	s := kit.NewListScreen(c, "Forums", list, func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		forums, err := st.Forums(ctx)
		if err != nil {
			return nil, err
		}
		rows := make([]kit.Row, len(forums))
		for i, f := range forums {
			rows[i] = kit.NewRow(f.ID, []string{f.Name, strconv.Itoa(f.Members), f.Pattern, kit.ShortDate(f.LastMet, "never"), kit.ShortDate(f.NextMeet, "—")}, nil)
		}
		return rows, nil
	})
	s.Open = func(id string) tea.Cmd { return kit.Push(NewForumScreen(c, id)) }
	s.Create = func(string) tea.Cmd { return editForum(c, store.Forum{}) }
	s.Edit = func(id string) tea.Cmd {
		return kit.LoadThen(c, id, (*store.Store).Forum, func(f store.Forum) tea.Cmd { return editForum(c, f) })
	}
	s.Remove = func(id string) tea.Cmd { return deleteForum(c, id) }
	s.Extra = []kit.ListAction{{Key: c.Keys.Reach.Open, AnyRow: true, Do: func(string) tea.Cmd { return kit.Push(equality.NewReach(c, "")) }}}
	return s
}

// NewPeople is the People section: everyone, by preferred name.
func NewPeople(c *kit.Common) *kit.ListScreen {
	list := kit.NewList(c, kit.PersonColumns()...)
	list.Empty = "Nobody here yet. Press " + kit.KeyName(c.Keys.Record.New) + " to add someone, or import a CSV with `involve import people`."
	s := kit.NewListScreen(c, "People", list, func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		people, err := st.People(ctx)
		if err != nil {
			return nil, err
		}
		return kit.MemberRows(people, nil), nil
	})
	s.Open = func(id string) tea.Cmd { return kit.Push(NewPersonScreen(c, id)) }
	s.Create = func(string) tea.Cmd { return editPerson(c, store.Person{}) }
	s.Edit = func(id string) tea.Cmd { return editPersonByID(c, id) }
	s.Remove = func(id string) tea.Cmd { return erasePerson(c, id, false) }
	s.Extra = rightsActions(c)
	return s
}

// rightsActions are the People list's ways to people's rights over their
// data: requests, the retention review, expired consent.
func rightsActions(c *kit.Common) []kit.ListAction {
	r := c.Keys.Rights
	return []kit.ListAction{
		{Key: r.Requests, AnyRow: true, Do: func(string) tea.Cmd { return kit.Push(rights.NewRequestsScreen(c)) }},
		{Key: r.Review, AnyRow: true, Do: func(string) tea.Cmd { return kit.Push(rights.NewReviewScreen(c)) }},
		{Key: r.Consent, AnyRow: true, Do: func(string) tea.Cmd { return kit.Push(rights.NewConsentScreen(c)) }},
	}
}

func init() {
	rights.OpenPerson = func(c *kit.Common, id string) tea.Cmd { return kit.Push(NewPersonScreen(c, id)) }
}

// NewMeetings is the Meetings section: every meeting, the latest first.
func NewMeetings(c *kit.Common) *kit.ListScreen {
	s := kit.NewListScreen(c, "Meetings", meetingList(c), func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		ms, err := st.Meetings(ctx)
		if err != nil {
			return nil, err
		}
		return meetingRows(ms, c.Now()), nil
	})
	s.Open = func(id string) tea.Cmd { return kit.Push(NewMeetingScreen(c, id)) }
	s.Create = func(string) tea.Cmd { return newMeeting(c, "") }
	s.Edit = func(id string) tea.Cmd {
		return kit.LoadThen(c, id, (*store.Store).Meeting, func(m store.Meeting) tea.Cmd { return editMeeting(c, m) })
	}
	s.Remove = func(id string) tea.Cmd { return deleteMeeting(c, id) }
	return s
}

func meetingList(c *kit.Common) *kit.List {
	l := kit.NewList(c,
		kit.Column{Title: "Date", Width: 15},
		kit.Column{Title: "Time", Width: 11},
		kit.Column{Title: "Forum"},
		kit.Column{Title: "Venue"},
		kit.Column{Title: "Status", Width: 9},
		kit.Column{Title: "People", Width: 12, Right: true},
	)
	l.Empty = "No meetings yet. Press " + kit.KeyName(c.Keys.Record.New) + " to plan one."
	return l
}

func meetingRows(ms []store.MeetingSummary, now interface{ Unix() int64 }) []kit.Row {
	rows := make([]kit.Row, len(ms))
	for i, m := range ms {
		people := fmt.Sprintf("%d expected", m.Expected())
		switch m.Status {
		case store.MeetingHeld:
			people = fmt.Sprintf("%d came", m.Attended)
		case store.MeetingCancelled:
			people = "—" // nobody is expected at a cancelled meeting
		}
		r := kit.NewRow(m.ID, []string{kit.LongDate(m.Start), kit.TimeRange(m.Start, m.End), m.ForumName, m.Venue, m.Status.Label(), people}, nil)
		switch {
		case m.Status == store.MeetingCancelled:
			r.Tone = kit.ToneFaint
		case m.Status == store.MeetingPlanned && m.Start.Unix() >= now.Unix():
			r.Tone = kit.ToneGood
		}
		rows[i] = r
	}
	return rows
}

// NewToday is a door volunteer's one section: today's meetings, each
// opening its register.
func NewToday(c *kit.Common) *kit.ListScreen {
	list := kit.NewList(c,
		kit.Column{Title: "Time", Width: 11},
		kit.Column{Title: "Forum"},
		kit.Column{Title: "Venue"},
		kit.Column{Title: "People", Width: 12, Right: true},
	)
	list.Empty = "No meetings today."
	s := kit.NewListScreen(c, "Today's meetings", list, func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		ms, err := st.TodaysMeetings(ctx)
		if err != nil {
			return nil, err
		}
		rows := make([]kit.Row, len(ms))
		for i, m := range ms {
			people := fmt.Sprintf("%d expected", m.Expected())
			if m.Attended > 0 {
				people = fmt.Sprintf("%d here", m.Attended)
			}
			rows[i] = kit.NewRow(m.ID, []string{kit.TimeRange(m.Start, m.End), m.ForumName, m.Venue, people}, nil)
		}
		return rows, nil
	})
	s.Open = func(id string) tea.Cmd { return kit.Push(NewRegister(c, id)) }
	return s
}
