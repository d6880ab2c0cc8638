package tui

import (
	"context"
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/equality"
	"github.com/involve/involve/tui/influence"
	"github.com/involve/involve/tui/kit"
)

// ForumScreen shows one forum: what it is, its members and its meetings.
type ForumScreen struct {
	c        *kit.Common
	id       string
	forum    store.Forum
	officer  store.ForumContact // when it last met a senior officer
	loaded   bool
	members  *kit.List
	meetings *kit.List
	pane     int // 0 members, 1 meetings
	gen      int
	w, h     int
}

type forumLoadedMsg struct {
	to       *ForumScreen
	gen      int
	forum    store.Forum
	officer  store.ForumContact
	members  []kit.Row
	meetings []kit.Row
	err      error
}

// NewForumScreen shows the forum with this id.
func NewForumScreen(c *kit.Common, id string) *ForumScreen {
	s := &ForumScreen{c: c, id: id}
	s.members = kit.NewList(c, kit.PersonColumns()...)
	s.members.Empty = "No members yet. Press " + kit.KeyName(c.Keys.Detail.AddMember) + " to add someone."
	s.meetings = meetingList(c)
	s.meetings.Empty = "No meetings yet. Press " + kit.KeyName(c.Keys.Detail.NewMeeting) + " to plan one."
	return s
}

// Init loads the forum.
func (s *ForumScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the forum, its members and meetings.
func (s *ForumScreen) Refresh() tea.Cmd {
	s.gen++
	gen, id := s.gen, s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := forumLoadedMsg{to: s, gen: gen}
		st := s.c.Store
		if msg.forum, msg.err = st.Forum(ctx, id); msg.err != nil {
			return msg
		}
		members, err := st.ForumMembers(ctx, id)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.members = kit.MemberRows(members, nil)
		ms, err := st.ForumMeetings(ctx, id)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.meetings = meetingRows(ms, s.c.Now())
		msg.officer, msg.err = st.ForumOfficerContact(ctx, id)
		return msg
	}
}

// Title is the forum's name.
func (s *ForumScreen) Title() string {
	if !s.loaded {
		return "Forum"
	}
	return s.forum.Name
}

// SetSize lays the screen out.
func (s *ForumScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.layout()
}

func (s *ForumScreen) infoView() string {
	f := s.forum
	social := "No"
	if f.Social {
		social = "Yes"
	}
	return kit.Fields(s.c, s.w,
		kit.Field{Label: "Purpose", Value: f.Purpose},
		kit.Field{Label: "Usual venue", Value: f.Venue},
		kit.Field{Label: "Usual pattern", Value: f.Pattern},
		kit.Field{Label: "Social element", Value: social},
		kit.Field{Label: "Senior officers", Value: officerContactText(s.c, s.officer)},
	)
}

func (s *ForumScreen) layout() {
	used := 2 // pane tabs and blank line
	if s.loaded {
		used += kit.LineCount(s.infoView())
	}
	s.members.SetSize(s.w, max(3, s.h-used))
	s.meetings.SetSize(s.w, max(3, s.h-used))
}

func (s *ForumScreen) list() *kit.List {
	if s.pane == 0 {
		return s.members
	}
	return s.meetings
}

// Capturing is true while a list's filter has the focus.
func (s *ForumScreen) Capturing() bool { return s.list().Finding() }

// CaptureHelp lists the find field's keys.
func (s *ForumScreen) CaptureHelp() []key.Binding { return s.list().FindHelp() }

// Help lists the forum's keys.
func (s *ForumScreen) Help() [][]key.Binding {
	d, r := s.c.Keys.Detail, s.c.Keys.Record
	main := []key.Binding{s.c.Keys.List.Open, d.SwitchPane, r.Edit, d.NewMeeting, d.FindTime, s.c.Keys.Influence.OfficerContacts}
	if s.pane == 0 {
		main = append(main, d.AddMember, d.RemoveMember)
	} else {
		main = append(main, d.Register)
	}
	main = append(main, s.c.Keys.Reach.Open, r.Delete, s.c.Keys.Global.Back)
	return [][]key.Binding{main, s.list().Help()}
}

// Update handles the forum's keys.
func (s *ForumScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case forumLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.forum, s.officer, s.loaded = msg.forum, msg.officer, true
		s.members.SetRows(msg.members)
		s.meetings.SetRows(msg.meetings)
		s.layout()
		return s, nil
	case tea.KeyPressMsg:
		if handled, cmd := s.list().Update(msg); handled {
			return s, cmd
		}
		d, r := s.c.Keys.Detail, s.c.Keys.Record
		row, ok := s.list().Selected()
		switch {
		case key.Matches(msg, d.SwitchPane):
			s.pane = 1 - s.pane
		case key.Matches(msg, s.c.Keys.List.Open) && ok && s.pane == 0:
			return s, kit.Push(NewPersonScreen(s.c, row.ID))
		case key.Matches(msg, s.c.Keys.List.Open) && ok:
			return s, kit.Push(NewMeetingScreen(s.c, row.ID))
		case key.Matches(msg, d.Register) && ok && s.pane == 1:
			return s, kit.Push(NewRegister(s.c, row.ID))
		case key.Matches(msg, r.Edit) && s.loaded:
			return s, editForum(s.c, s.forum)
		case key.Matches(msg, d.NewMeeting):
			return s, newMeeting(s.c, s.id)
		case key.Matches(msg, d.FindTime) && s.loaded:
			return s, findTime(s.c, s.forum)
		case key.Matches(msg, s.c.Keys.Influence.OfficerContacts) && s.loaded:
			return s, kit.Push(influence.NewContacts(s.c, influenceLinks(s.c), s.id, s.forum.Name))
		case key.Matches(msg, d.AddMember) && s.pane == 0 && s.loaded:
			return s, s.pickMember()
		case key.Matches(msg, d.RemoveMember) && s.pane == 0 && ok:
			name := row.Cells[0]
			if s.c.Privacy {
				name = row.Masked[0]
			}
			forumID, forumName, personID := s.id, s.forum.Name, row.ID
			return s, kit.Push(kit.NewConfirm(s.c, fmt.Sprintf("Take %s off %s?", name, forumName),
				"They stay in People and keep their past attendance; they will not be invited to new meetings.",
				func() tea.Cmd {
					return tea.Sequence(kit.Do(s.c, func(ctx context.Context, st *store.Store) error {
						return st.SetMember(ctx, forumID, personID, false)
					}, kit.StatusMsg{Text: fmt.Sprintf("Took %s off %s.", name, forumName)}), s.Refresh())
				}))
		case key.Matches(msg, s.c.Keys.Reach.Open):
			return s, kit.Push(equality.NewReach(s.c, s.id))
		case key.Matches(msg, r.Delete) && s.loaded:
			return s, deleteForum(s.c, s.id)
		case key.Matches(msg, s.c.Keys.Global.Back):
			return s, kit.Pop("")
		}
	case kit.PrivacyMsg:
	}
	return s, nil
}

// pickMember opens a list of everyone to choose a new member from.
func (s *ForumScreen) pickMember() tea.Cmd {
	forumID, forumName := s.id, s.forum.Name
	members := map[string]bool{}
	for _, r := range s.members.Rows() {
		members[r.ID] = true
	}
	return kit.Push(kit.NewPicker(s.c, "Add a member to "+forumName, kit.PersonColumns(), func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		people, err := st.People(ctx)
		if err != nil {
			return nil, err
		}
		// Only those who are not members already.
		people = slices.DeleteFunc(people, func(p store.Member) bool { return members[p.ID] })
		return kit.MemberRows(people, nil), nil
	}, func(row kit.Row) tea.Cmd {
		name := row.Cells[0]
		return kit.Do(s.c, func(ctx context.Context, st *store.Store) error {
			return st.SetMember(ctx, forumID, row.ID, true)
		}, kit.PopMsg{Status: "Added " + s.c.Mask(name) + " to " + forumName + "."})
	}))
}

// View draws the forum.
func (s *ForumScreen) View() string {
	if !s.loaded {
		return s.c.Styles.Subtle.Render("  Loading…")
	}
	tabs := kit.PaneTabs(s.c, []string{
		fmt.Sprintf("Members (%d)", len(s.members.Rows())),
		fmt.Sprintf("Meetings (%d)", len(s.meetings.Rows())),
	}, s.pane)
	return s.infoView() + "\n\n" + tabs + "\n" + s.list().View()
}
