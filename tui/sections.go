package tui

import (
	"context"
	"fmt"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// NewForums is the Forums section: every forum with its members and when it
// last met.
func NewForums(c *kit.Common) *ListScreen {
	list := NewList(c,
		Column{Title: "Forum"},
		Column{Title: "Members", Width: 7, Right: true},
		Column{Title: "Usual pattern"},
		Column{Title: "Last met", Width: 11},
		Column{Title: "Next", Width: 11},
	)
	list.Empty = "No forums yet. Press n to add one."
	s := NewListScreen(c, "Forums", list, func(ctx context.Context, st *store.Store) ([]Row, error) {
		forums, err := st.Forums(ctx)
		if err != nil {
			return nil, err
		}
		rows := make([]Row, len(forums))
		for i, f := range forums {
			rows[i] = NewRow(f.ID, []string{f.Name, strconv.Itoa(f.Members), f.Pattern, shortDate(f.LastMet, "never"), shortDate(f.NextMeet, "—")}, nil)
		}
		return rows, nil
	})
	s.Open = func(id string) tea.Cmd { return kit.Push(NewForumScreen(c, id)) }
	s.Create = func(string) tea.Cmd { return editForum(c, store.Forum{}) }
	s.Edit = func(id string) tea.Cmd {
		return kit.LoadThen(c, id, (*store.Store).Forum, func(f store.Forum) tea.Cmd { return editForum(c, f) })
	}
	s.Remove = func(id string) tea.Cmd { return deleteForum(c, id) }
	return s
}

// NewPeople is the People section: everyone, by preferred name.
func NewPeople(c *kit.Common) *ListScreen {
	list := NewList(c, personColumns()...)
	list.Empty = "Nobody here yet. Press n to add someone, or import a CSV with `involve import people`."
	s := NewListScreen(c, "People", list, func(ctx context.Context, st *store.Store) ([]Row, error) {
		people, err := st.People(ctx)
		if err != nil {
			return nil, err
		}
		return memberRows(people, nil), nil
	})
	s.Open = func(id string) tea.Cmd { return kit.Push(NewPersonScreen(c, id)) }
	s.Create = func(string) tea.Cmd { return editPerson(c, store.Person{}) }
	s.Edit = func(id string) tea.Cmd { return editPersonByID(c, id) }
	s.Remove = func(id string) tea.Cmd { return deletePerson(c, id) }
	return s
}

// personColumns are the columns of every list of people: the name they
// are known by and their role, then any extra columns. Lists never show
// the full name, contact details or notes.
func personColumns(extra ...Column) []Column {
	return append([]Column{{Title: "Name"}, {Title: "Role", Width: 22, Min: 8}}, extra...)
}

// memberRows turns people into list rows; status, when given, adds the
// register status column. The full name is searched but not shown.
func memberRows(people []store.Member, status func(i int) string) []Row {
	rows := make([]Row, len(people))
	for i, p := range people {
		shown := p.DisplayName()
		cells := []string{shown, p.Role.Label()}
		masked := []string{store.Initials(shown), p.Role.Label()}
		if status != nil {
			cells = append(cells, status(i))
			masked = append(masked, status(i))
		}
		rows[i] = NewRow(p.ID, cells, masked)
		if shown != p.Name {
			rows[i].AlsoFind(p.Name)
		}
	}
	return rows
}

// NewMeetings is the Meetings section: every meeting, the latest first.
func NewMeetings(c *kit.Common) *ListScreen {
	s := NewListScreen(c, "Meetings", meetingList(c), func(ctx context.Context, st *store.Store) ([]Row, error) {
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

func meetingList(c *kit.Common) *List {
	l := NewList(c,
		Column{Title: "Date", Width: 15},
		Column{Title: "Time", Width: 11},
		Column{Title: "Forum"},
		Column{Title: "Venue"},
		Column{Title: "Status", Width: 9},
		Column{Title: "People", Width: 12, Right: true},
	)
	l.Empty = "No meetings yet. Press n to plan one."
	return l
}

func meetingRows(ms []store.MeetingSummary, now interface{ Unix() int64 }) []Row {
	rows := make([]Row, len(ms))
	for i, m := range ms {
		people := fmt.Sprintf("%d expected", m.Expected())
		switch m.Status {
		case store.MeetingHeld:
			people = fmt.Sprintf("%d came", m.Attended)
		case store.MeetingCancelled:
			people = "—" // nobody is expected at a cancelled meeting
		}
		r := NewRow(m.ID, []string{longDate(m.Start), timeRange(m.Start, m.End), m.ForumName, m.Venue, m.Status.Label(), people}, nil)
		switch {
		case m.Status == store.MeetingCancelled:
			r.Tone = ToneFaint
		case m.Status == store.MeetingPlanned && m.Start.Unix() >= now.Unix():
			r.Tone = ToneGood
		}
		rows[i] = r
	}
	return rows
}
