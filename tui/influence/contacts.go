package influence

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// A contact at a meeting is listed under an id that says so and names the
// meeting: meetingRow + meeting id + "/" + attendance id.
const meetingRow = "meeting/"

func meetingOfRow(id string) (string, bool) {
	rest, ok := strings.CutPrefix(id, meetingRow)
	if !ok {
		return "", false
	}
	m, _, _ := strings.Cut(rest, "/")
	return m, true
}

// NewContacts lists senior officers' contacts, the latest first: all of
// them, or (forumID set) those with one forum, whose name titles the list.
func NewContacts(c *kit.Common, l Links, forumID, forumName string) *kit.ListScreen {
	list := kit.NewList(c,
		kit.Column{Title: "Date", Width: 11},
		kit.Column{Title: "Kind", Width: 10},
		kit.Column{Title: "Officer"},
		kit.Column{Title: "Organisation"},
		kit.Column{Title: "Forums"},
		kit.Column{Title: "Open", Width: 4, Right: true},
	)
	list.Empty = "No senior officer's contact yet. Press " + kit.KeyName(c.Keys.Record.New) + " to log one; a senior officer marked attended on a forum meeting's register counts too."
	title := "Senior officers' contacts"
	if forumID != "" {
		title = "Senior officers — " + forumName
	}
	s := kit.NewListScreen(c, title, list, func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		contacts, err := st.Contacts(ctx, store.ContactFilter{ForumID: forumID})
		if err != nil {
			return nil, err
		}
		rows := make([]kit.Row, len(contacts))
		for i, x := range contacts {
			id, open := x.ID, fmt.Sprint(x.Open)
			if x.Derived() {
				id, open = meetingRow+x.MeetingID+"/"+x.ID, "—"
			}
			cells := []string{day(x.Date), shortKind(x.Kind), dash(x.OfficerName), dash(x.Organisation), dash(strings.Join(x.Forums, ", ")), open}
			masked := append([]string{}, cells...)
			masked[2] = dash(initials(x.OfficerName))
			rows[i] = kit.NewRow(id, cells, masked)
			rows[i].AlsoFind(x.Topics + " " + x.Title)
			if x.Open > 0 {
				rows[i].Tone = kit.ToneWarn
			}
		}
		return rows, nil
	})
	atMeeting := func() tea.Cmd {
		return kit.Status("That is a senior officer's attendance at a forum meeting: change it on the meeting's register (enter opens the meeting).")
	}
	s.Open = func(id string) tea.Cmd {
		if m, ok := meetingOfRow(id); ok {
			return push(l.Meeting, m)
		}
		return kit.Push(NewContactScreen(c, l, id))
	}
	s.Create = func(string) tea.Cmd {
		v := store.Contact{Kind: store.ContactVisit, Date: today(c)}
		if forumID != "" {
			v.ForumIDs = []string{forumID}
		}
		return editContact(c, v)
	}
	s.Edit = func(id string) tea.Cmd {
		if _, ok := meetingOfRow(id); ok {
			return atMeeting()
		}
		return kit.LoadThen(c, id, (*store.Store).Contact, func(x store.Contact) tea.Cmd { return editContact(c, x) })
	}
	s.Remove = func(id string) tea.Cmd {
		if _, ok := meetingOfRow(id); ok {
			return atMeeting()
		}
		return deleteContact(c, id, false)
	}
	return s
}

// shortKind names a kind of contact in a list's narrow column.
func shortKind(k store.ContactKind) string {
	switch k {
	case store.ContactAtMeeting:
		return "Meeting"
	case store.ContactWritten:
		return "Written"
	}
	return k.Label()
}

// contactValues are a contact's fields as the form edits them.
type contactValues struct {
	Kind         store.ContactKind
	Date         string
	Officer      string // a person's id, or "" for someone not in People
	Name         string
	Title        string
	Organisation string
	Forums       []string
	Topics       string
}

// editContact opens the form for a new (empty ID) or logged contact; the
// senior officers and forums to choose from are loaded first.
func editContact(c *kit.Common, x store.Contact) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		officers, err := c.Store.SeniorOfficers(ctx)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		forums, err := c.Store.Forums(ctx)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		v := contactValues{Kind: x.Kind, Date: x.Date.String(), Officer: x.OfficerID, Title: x.Title,
			Organisation: x.Organisation, Forums: append([]string{}, x.ForumIDs...), Topics: x.Topics}
		if x.OfficerID == "" {
			v.Name = x.OfficerName
		}
		people := make([]huh.Option[string], 0, len(officers)+1)
		for _, o := range officers {
			people = append(people, huh.NewOption(o.DisplayName(), o.ID))
		}
		people = append(people, huh.NewOption("Someone not in People", ""))
		forumOpts := make([]huh.Option[string], len(forums))
		for i, f := range forums {
			forumOpts[i] = huh.NewOption(f.Name, f.ID)
		}
		title := "Log a senior officer's contact"
		if x.ID != "" {
			title = "Edit the contact of " + day(x.Date)
		}
		return kit.PushMsg{Screen: kit.NewForm(c, kit.FormSpec{
			Title: title,
			Build: func() *huh.Form {
				groups := []*huh.Group{
					huh.NewGroup(
						huh.NewSelect[store.ContactKind]().Key("kind").Title("Kind of contact").
							Options(kit.OptionsFor(store.ContactKinds, store.ContactKind.Label)...).Value(&v.Kind),
						huh.NewInput().Key("date").Title("Date").Placeholder("YYYY-MM-DD").Value(&v.Date).Validate(requiredDate),
						huh.NewSelect[string]().Key("officer").Title("Senior officer").
							Description("A senior officer in People, or someone who is not.").
							Options(people...).Value(&v.Officer).Height(min(len(people)+2, 8)),
					),
					huh.NewGroup(
						huh.NewInput().Key("name").Title("Officer's name").Value(&v.Name).Validate(kit.NotBlank("the officer's name")),
					).WithHideFunc(func() bool { return v.Officer != "" }),
					huh.NewGroup(
						huh.NewInput().Key("title").Title("Their job title").Value(&v.Title),
						huh.NewInput().Key("organisation").Title("Organisation").Value(&v.Organisation),
					),
				}
				if len(forumOpts) > 0 {
					groups = append(groups, huh.NewGroup(
						huh.NewMultiSelect[string]().Key("forums").Title("Forums").Description(c.TickHint()).
							Options(forumOpts...).Value(&v.Forums).Height(min(len(forumOpts)+2, 10)),
					))
				}
				groups = append(groups, huh.NewGroup(
					huh.NewText().Key("topics").Title("Topics").Description("What was talked about.").Lines(4).Value(&v.Topics),
				))
				return huh.NewForm(groups...)
			},
			Snapshot: func() string { return fmt.Sprint(v) },
			Live:     map[string]func(string) error{"date": requiredDate},
			Save: func(ctx context.Context, st *store.Store) error {
				d, err := civil.Parse(v.Date)
				if err != nil {
					return &store.FieldError{Field: "Date", Message: err.Error()}
				}
				x.Kind, x.Date, x.OfficerID, x.Title, x.Organisation, x.ForumIDs, x.Topics =
					v.Kind, d, v.Officer, v.Title, v.Organisation, v.Forums, v.Topics
				x.OfficerName = ""
				if v.Officer == "" {
					x.OfficerName = v.Name
				}
				return st.SaveContact(ctx, &x)
			},
			Done: func() string { return "Saved the contact of " + day(x.Date) + "." },
			Then: func() tea.Cmd { return kit.SelectRow(x.ID) },
		})}
	}
}

// requiredDate accepts a date civil.Parse reads.
func requiredDate(s string) error {
	_, err := civil.Parse(s)
	return err
}

// deleteContact asks, saying how many commitments go with it, then deletes;
// from the contact's own page (fromPage) it goes back to the list.
func deleteContact(c *kit.Common, id string, fromPage bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		x, err := c.Store.Contact(ctx, id)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		imp, err := c.Store.ContactImpact(ctx, id)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		detail := "This cannot be undone."
		if s := imp.String(); s != "" {
			detail = "This " + strings.Replace(s, "action", "commitment", 1) + ". This cannot be undone."
		}
		what := fmt.Sprintf("the %s of %s", strings.ToLower(x.Kind.Label()), day(x.Date))
		return kit.PushMsg{Screen: kit.NewConfirm(c, "Delete "+what+"?", detail, func() tea.Cmd {
			done := tea.Msg(kit.PopMsg{Status: "Deleted " + what + "."})
			if !fromPage {
				done = kit.ChangedMsg{Status: "Deleted " + what + "."}
			}
			return kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.DeleteContact(ctx, x.ID, x.Version) }, done)
		})}
	}
}

// ContactScreen shows one logged contact: who, when, with which forums,
// and below, its topics or the officer's commitments (] switches).
type ContactScreen struct {
	c       *kit.Common
	l       Links
	id      string
	contact store.Contact
	list    *kit.ActionList
	loaded  bool
	pane    int // 0 topics, 1 commitments
	gen     int
	w, h    int
}

type contactLoadedMsg struct {
	to      *ContactScreen
	gen     int
	contact store.Contact
	actions []store.Action
	err     error
}

// NewContactScreen shows the logged contact with this id.
func NewContactScreen(c *kit.Common, l Links, id string) *ContactScreen {
	s := &ContactScreen{c: c, l: l, id: id}
	s.list = kit.NewActionList(c, "commitment", "No commitments. Press "+kit.KeyName(c.Keys.Influence.AddCommitment)+" to add one.")
	return s
}

// Init loads the contact.
func (s *ContactScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the contact and its commitments.
func (s *ContactScreen) Refresh() tea.Cmd {
	s.gen++
	gen, id := s.gen, s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := contactLoadedMsg{to: s, gen: gen}
		if msg.contact, msg.err = s.c.Store.Contact(ctx, id); msg.err == nil {
			msg.actions, msg.err = s.c.Store.ContactActions(ctx, id)
		}
		return msg
	}
}

// Title names the contact.
func (s *ContactScreen) Title() string {
	if !s.loaded {
		return "Contact"
	}
	return s.contact.Kind.Label() + ", " + day(s.contact.Date)
}

// SetSize lays the screen out.
func (s *ContactScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.list.SetSize(w, s.bodyHeight())
}

func (s *ContactScreen) headerView() string {
	x := s.contact
	officer := s.c.Mask(x.OfficerName)
	if x.OfficerID == "" && x.OfficerName == "" {
		officer = "(no longer in People)"
	} else if x.OfficerID != "" {
		officer += " (in People)"
	}
	return kit.Fields(s.c, s.w,
		kit.Field{Label: "Kind", Value: x.Kind.Label()},
		kit.Field{Label: "Date", Value: longDay(x.Date)},
		kit.Field{Label: "Officer", Value: officer},
		kit.Field{Label: "Job title", Value: x.Title},
		kit.Field{Label: "Organisation", Value: x.Organisation},
		kit.Field{Label: "Forums", Value: strings.Join(x.Forums, ", ")},
	)
}

func (s *ContactScreen) bodyHeight() int {
	used := 2
	if s.loaded {
		used += kit.LineCount(s.headerView())
	}
	return max(3, s.h-used)
}

// Capturing is true while the commitments' find field has the focus.
func (s *ContactScreen) Capturing() bool { return s.pane == 1 && s.list.Finding() }

// CaptureHelp lists the find field's keys.
func (s *ContactScreen) CaptureHelp() []key.Binding { return s.list.FindHelp() }

// Help lists the contact's keys.
func (s *ContactScreen) Help() [][]key.Binding {
	d, r, l, k := s.c.Keys.Detail, s.c.Keys.Record, s.c.Keys.List, s.c.Keys.Influence
	main := []key.Binding{k.AddCommitment, d.SwitchPane, r.Edit}
	if s.pane == 1 {
		main = append(main, s.list.ActionHelp()...)
	} else {
		main = append(main, r.Delete)
	}
	main = append(main, s.c.Keys.Global.Back)
	return [][]key.Binding{main, {l.Up, l.Down, l.PageUp, l.PageDown, l.Top, l.Bottom}}
}

// Update handles the contact's keys.
func (s *ContactScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case contactLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.contact, s.loaded = msg.contact, true
		s.list.SetActions(msg.actions)
		s.list.SetSize(s.w, s.bodyHeight())
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *ContactScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	d, r, k := s.c.Keys.Detail, s.c.Keys.Record, s.c.Keys.Influence
	if s.pane == 1 {
		if handled, cmd := s.list.Update(msg); handled {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, d.SwitchPane):
		s.pane = 1 - s.pane
		return nil
	case key.Matches(msg, s.c.Keys.Global.Back):
		return kit.Pop("")
	}
	if !s.loaded {
		return nil
	}
	switch {
	case key.Matches(msg, k.AddCommitment):
		s.pane = 1
		owner := s.contact.OfficerName
		return kit.EditAction(s.c, store.Action{ContactID: s.id, Owner: owner})
	case key.Matches(msg, r.Edit):
		return editContact(s.c, s.contact)
	}
	if s.pane == 0 {
		if key.Matches(msg, r.Delete) {
			return deleteContact(s.c, s.id, true)
		}
		return nil
	}
	_, cmd := s.list.Act(msg)
	return cmd
}

// View draws the contact.
func (s *ContactScreen) View() string {
	st := s.c.Styles
	if !s.loaded {
		return st.Subtle.Render("  Loading…")
	}
	tabs := kit.PaneTabs(s.c, []string{"Topics", fmt.Sprintf("Commitments (%d open)", s.list.Open())}, s.pane)
	var body string
	if s.pane == 1 {
		body = s.list.View()
	} else if strings.TrimSpace(s.contact.Topics) == "" {
		body = st.Subtle.Render("  No topics written down. Press " + kit.KeyName(s.c.Keys.Record.Edit) + " to add them.")
	} else {
		body = kit.Wrap(s.contact.Topics, s.w-4)
		body = "  " + strings.ReplaceAll(body, "\n", "\n  ")
	}
	return s.headerView() + "\n\n" + tabs + "\n" + body
}
