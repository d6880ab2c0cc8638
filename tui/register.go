package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/consult"
	"github.com/involve/involve/tui/kit"
)

// RegisterScreen is a meeting's register: everyone expected, their status,
// and one key to mark each. Marks show at once and are saved in a Cmd.
type RegisterScreen struct {
	c       *kit.Common
	id      string
	meeting store.Meeting
	entries []store.RegisterEntry
	list    *kit.List
	loaded  bool
	gen     int
	w, h    int
	// day is the meeting-day screen: the register with money and taxis.
	day     bool
	dayInfo dayInfo
	// (What space turned into attended is kept in Common, by meeting and
	// person, so that it outlives this screen.)
}

type registerLoadedMsg struct {
	to      *RegisterScreen
	gen     int
	meeting store.Meeting
	entries []store.RegisterEntry
	day     dayInfo
	rows    []kit.Row
	err     error
}

type markFailedMsg struct {
	to  *RegisterScreen
	err error
}

// NewRegister opens the register of the meeting with this id.
func NewRegister(c *kit.Common, meetingID string) *RegisterScreen {
	s := &RegisterScreen{c: c, id: meetingID}
	s.list = kit.NewList(c, kit.PersonColumns(kit.Column{Title: "Status", Width: 15})...)
	s.list.Empty = "Nobody is on this register. Press " + kit.KeyName(c.Keys.Register.AddPerson) + " to add someone."
	return s
}

// Init loads the register.
func (s *RegisterScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the register.
func (s *RegisterScreen) Refresh() tea.Cmd {
	s.gen++
	gen, id := s.gen, s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := registerLoadedMsg{to: s, gen: gen}
		// The register first: when it may not be read (a door volunteer's,
		// of a meeting moved to another day), the refusal is about it.
		if msg.entries, msg.err = s.c.Store.Register(ctx, id); msg.err != nil {
			return msg
		}
		if msg.meeting, msg.err = s.c.Store.Meeting(ctx, id); msg.err != nil {
			return msg
		}
		if s.day {
			if msg.day, msg.err = loadDay(ctx, s.c.Store, id); msg.err != nil {
				return msg
			}
		}
		msg.rows = s.rows(msg.entries, msg.day)
		return msg
	}
}

// rows are the register's rows; on the meeting day they also say what each
// person has claimed and whether their taxi home is booked.
func (s *RegisterScreen) rows(entries []store.RegisterEntry, day dayInfo) []kit.Row {
	rows := registerRows(entries)
	if s.day {
		for i := range rows {
			extra := day.cells(entries[i].ID)
			rows[i].Cells = append(rows[i].Cells, extra...)
			// What someone is paid is nobody else's business: amounts
			// hide with the names while the privacy screen is on.
			rows[i].Masked = append(rows[i].Masked, "·", "·", extra[2])
		}
	}
	return rows
}

func registerRows(entries []store.RegisterEntry) []kit.Row {
	people := make([]store.Member, len(entries))
	for i, e := range entries {
		people[i] = e.Member
	}
	rows := kit.MemberRows(people, func(i int) string { return entries[i].Status.Label() })
	for i, e := range entries {
		rows[i].Tone = statusTone(e.Status)
	}
	return rows
}

func statusTone(a store.Attendance) kit.Tone {
	switch a {
	case store.Attended:
		return kit.ToneGood
	case store.Apologies, store.DidNotAttend:
		return kit.ToneFaint
	}
	return kit.ToneNormal
}

// Title names the register.
func (s *RegisterScreen) Title() string {
	if s.day {
		return "Meeting day"
	}
	return "Register"
}

// SetSize lays the register out.
func (s *RegisterScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.list.SetSize(w, max(3, h-3))
}

// Capturing is true while the find field has the focus.
func (s *RegisterScreen) Capturing() bool { return s.list.Finding() }

// CaptureHelp lists the find field's keys.
func (s *RegisterScreen) CaptureHelp() []key.Binding { return s.list.FindHelp() }

// Help lists the register's keys.
func (s *RegisterScreen) Help() [][]key.Binding {
	k := s.c.Keys.Register
	marks := []key.Binding{s.c.Keys.List.Filter, k.Attended, k.Toggle, k.Confirmed, k.Apologies, k.Invited, k.DidNotAttend, k.Clear, k.AddPerson, k.AddKnown}
	if s.c.Store.May(store.CapConsultations) {
		marks = append(marks, s.c.Keys.Consult.AddPoint)
	}
	marks = append(marks, s.c.Keys.Global.Back)
	if s.day {
		d := s.c.Keys.Day
		return [][]key.Binding{{s.c.Keys.List.Filter, k.Attended, d.Claim, d.PayCash, d.TaxiHome, s.c.Keys.Money.Float}, marks[1:], s.list.Help()}
	}
	return [][]key.Binding{marks, s.list.Help()}
}

// Update marks people and handles the list.
func (s *RegisterScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case registerLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.meeting, s.entries, s.dayInfo, s.loaded = msg.meeting, msg.entries, msg.day, true
		s.list.SetRows(msg.rows)
		return s, nil
	case markFailedMsg:
		if msg.to != s {
			return s, nil
		}
		return s, tea.Batch(kit.Failed(msg.err), s.Refresh())
	case tea.KeyPressMsg:
		if handled, cmd := s.list.Update(msg); handled {
			return s, cmd
		}
		k := s.c.Keys.Register
		row, ok := s.list.Selected()
		if s.day && ok && s.loaded {
			if cmd, handled := s.dayKey(msg, row.ID); handled {
				return s, cmd
			}
		}
		var status store.Attendance
		switch {
		case key.Matches(msg, k.Attended):
			status = store.Attended
		case key.Matches(msg, k.Confirmed):
			status = store.Confirmed
		case key.Matches(msg, k.Apologies):
			status = store.Apologies
		case key.Matches(msg, k.Invited):
			status = store.Invited
		case key.Matches(msg, k.DidNotAttend):
			status = store.DidNotAttend
		case key.Matches(msg, k.Toggle) && ok:
			return s, s.toggle(row.ID)
		case key.Matches(msg, k.Clear) && ok:
			delete(s.c.Toggled, s.id+"/"+row.ID)
			return s, s.mark(row.ID, "")
		case key.Matches(msg, k.AddPerson) && s.loaded:
			return s, s.addNew()
		case key.Matches(msg, k.AddKnown) && s.loaded:
			return s, s.addKnown()
		case key.Matches(msg, s.c.Keys.Consult.AddPoint) && s.loaded && s.c.Store.May(store.CapConsultations):
			return s, consult.AddPointFromMeeting(s.c, s.id)
		case key.Matches(msg, s.c.Keys.Global.Back):
			return s, kit.Pop("")
		}
		if status != "" && ok {
			delete(s.c.Toggled, s.id+"/"+row.ID)
			return s, s.mark(row.ID, status)
		}
	}
	return s, nil
}

// toggle marks someone attended, or takes the mark off again: back to
// what they were before space marked them, or confirmed (expected) if they
// were marked attended some other way.
func (s *RegisterScreen) toggle(id string) tea.Cmd {
	i := s.index(id)
	if i < 0 {
		return nil
	}
	was := s.entries[i].Status
	if was != store.Attended {
		if s.c.Toggled == nil {
			s.c.Toggled = map[string]store.Attendance{}
		}
		s.c.Toggled[s.id+"/"+id] = was
		return s.mark(id, store.Attended)
	}
	back, ok := s.c.Toggled[s.id+"/"+id]
	if !ok {
		back = store.Confirmed
	}
	return s.mark(id, back)
}

func (s *RegisterScreen) index(id string) int {
	for i, e := range s.entries {
		if e.ID == id {
			return i
		}
	}
	return -1
}

// mark shows the new status at once and saves it in a Cmd; if the save
// fails, the register is reloaded and the error shown. After a mark, any
// search is cleared, ready for the next person through the door.
func (s *RegisterScreen) mark(personID string, status store.Attendance) tea.Cmd {
	i := s.index(personID)
	if i < 0 {
		return nil
	}
	s.entries[i].Status = status
	rows := s.rows(s.entries[i:i+1], s.dayInfo)
	s.list.UpdateRow(rows[0])
	if s.list.Filtered() {
		s.list.ClearFilter()
		s.list.Select(personID)
	}
	meetingID := s.id
	name := s.c.Name(s.entries[i].Name, s.entries[i].PreferredName)
	return tea.Batch(func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		if err := s.c.Store.SetAttendance(ctx, meetingID, personID, status); err != nil {
			return markFailedMsg{to: s, err: err}
		}
		return nil
	}, markedStatus(name, status))
}

func markedStatus(name string, a store.Attendance) tea.Cmd {
	if a == "" {
		return kit.Status(name + " is off the register.")
	}
	return kit.Status(name + ": " + strings.ToLower(a.Label()) + ".")
}

// addNew opens a short form for someone who is not on the system yet; they
// join the forum and are marked attended.
func (s *RegisterScreen) addNew() tea.Cmd {
	if s.c.Privacy {
		return s.c.PrivacyRefusal("add someone new")
	}
	p := store.Person{Role: store.RoleServiceUser}
	st := store.Attended
	meetingID, forum := s.id, s.meeting.ForumName
	return kit.Push(kit.NewForm(s.c, kit.FormSpec{
		Title: "Someone new at " + forum,
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Key("name").Title("Name").Value(&p.Name).Validate(store.ValidateName),
				huh.NewInput().Key("preferred").Title("Preferred name").Value(&p.PreferredName),
				huh.NewSelect[store.Role]().Key("role").Title("Role").Options(kit.OptionsFor(store.Roles, store.Role.Label)...).Value(&p.Role),
				huh.NewSelect[store.Attendance]().Key("status").Title("On the register as").
					Options(kit.OptionsFor(store.AttendanceStatuses, store.Attendance.Label)...).Value(&st),
			).Description("They are added to People and to " + forum + ". Contact details can wait."))
		},
		Snapshot: func() string { return fmt.Sprint(p, st) },
		Live:     map[string]func(string) error{"name": store.ValidateName},
		Save: func(ctx context.Context, db *store.Store) error {
			return db.AddToRegister(ctx, meetingID, &p, st)
		},
		Done: func() string { return "Added " + s.c.Name(p.Name, p.PreferredName) + " to the register." },
	}))
}

// addKnown lets the user pick someone already in People who is not on this
// register, and marks them attended.
func (s *RegisterScreen) addKnown() tea.Cmd {
	meetingID := s.id
	on := map[string]bool{}
	for _, e := range s.entries {
		on[e.ID] = true
	}
	return kit.Push(kit.NewPicker(s.c, "Add someone to the register", kit.PersonColumns(), func(ctx context.Context, db *store.Store) ([]kit.Row, error) {
		people, err := db.People(ctx)
		if err != nil {
			return nil, err
		}
		var rest []store.Member
		for _, p := range people {
			if !on[p.ID] {
				rest = append(rest, p)
			}
		}
		return kit.MemberRows(rest, nil), nil
	}, func(row kit.Row) tea.Cmd {
		return kit.Do(s.c, func(ctx context.Context, db *store.Store) error {
			return db.SetAttendance(ctx, meetingID, row.ID, store.Attended)
		}, kit.PopMsg{Status: s.c.Mask(row.Cells[0]) + ": attended."})
	}))
}

// View draws the counts and the register.
func (s *RegisterScreen) View() string {
	st := s.c.Styles
	if !s.loaded {
		return st.Subtle.Render("  Loading…")
	}
	m := s.meeting
	head := kit.Truncate(st.Title.Render("  "+m.ForumName)+st.Subtle.Render("  "+kit.LongDate(m.Start)+", "+kit.TimeRange(m.Start, m.End)+", "+m.Venue), s.w)
	line := s.countsLine()
	if s.day {
		return head + "\n" + line + "\n" + s.dayInfo.totals(st, s.c.Keys, s.w) + "\n" + s.list.View()
	}
	return head + "\n" + line + "\n\n" + s.list.View()
}

// countsLine is how many are invited, confirmed, attended... When every
// count does not fit the width, the statuses nobody has are left out
// (attended stays), and only then is the line cut short.
func (s *RegisterScreen) countsLine() string {
	st := s.c.Styles
	counts := store.RegisterCounts(s.entries)
	line := func(all bool) string {
		var parts []string
		for _, a := range store.AttendanceStatuses {
			if !all && counts[a] == 0 && a != store.Attended {
				continue
			}
			text := fmt.Sprintf("%s %d", a.Label(), counts[a])
			if a == store.Attended {
				text = st.Good.Render(text)
			}
			parts = append(parts, text)
		}
		if n := counts[""]; n > 0 {
			parts = append(parts, fmt.Sprintf("Not invited %d", n))
		}
		return "  " + strings.Join(parts, st.Faint.Render(" · "))
	}
	l := line(true)
	if ansi.StringWidth(l) > s.w {
		l = line(false)
	}
	return kit.Truncate(l, s.w)
}
