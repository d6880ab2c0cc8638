package tui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
	"github.com/involve/involve/tui/rights"
)

// editForum opens the form for a new (empty ID) or existing forum.
func editForum(c *kit.Common, f store.Forum) tea.Cmd {
	v := f
	title := "New forum"
	if f.ID != "" {
		title = "Edit " + f.Name
	}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: title,
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Key("name").Title("Name").Value(&v.Name).Validate(store.ValidateName),
				huh.NewText().Key("purpose").Title("Purpose").Lines(3).Value(&v.Purpose),
				huh.NewInput().Key("venue").Title("Usual venue").Value(&v.Venue),
				huh.NewInput().Key("pattern").Title("Usual pattern").Placeholder("e.g. monthly, first Tuesday, 13:00–15:00").Value(&v.Pattern),
				huh.NewConfirm().Key("social").Title("Has a social element?").Value(&v.Social),
			))
		},
		Snapshot: func() string { return fmt.Sprint(v) },
		Live:     map[string]func(string) error{"name": store.ValidateName},
		Save:     func(ctx context.Context, s *store.Store) error { return s.SaveForum(ctx, &v) },
		Done:     func() string { return "Saved " + v.Name + "." },
		Then:     func() tea.Cmd { return kit.SelectRow(v.ID) },
	}))
}

// deleteForum asks, saying what else goes, then deletes.
func deleteForum(c *kit.Common, id string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		f, err := c.Store.Forum(ctx, id)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		imp, err := c.Store.ForumImpact(ctx, id)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		return kit.PushMsg{Screen: kit.NewConfirm(c, "Delete the forum "+f.Name+"?", impactText(imp, "This cannot be undone."),
			func() tea.Cmd {
				return kit.Do(c, func(ctx context.Context, s *store.Store) error { return s.DeleteForum(ctx, f.ID, f.Version) },
					kit.PopMsg{Status: "Deleted " + f.Name + "."})
			})}
	}
}

func impactText(imp store.Impact, tail string) string {
	var out []string
	if s := imp.String(); s != "" {
		out = append(out, "This "+s+".")
	}
	if s := imp.Kept(); s != "" {
		out = append(out, s)
	}
	return strings.Join(append(out, tail), " ")
}

// personForm is the person's values and the forums they belong to.
type personForm struct {
	store.Person
	Forums []string
	today  string // London date, for the consent date
}

// editPersonByID loads a person and the forums, then opens the form.
func editPersonByID(c *kit.Common, id string) tea.Cmd {
	if c.Privacy {
		return c.PrivacyRefusal("edit someone's details")
	}
	return kit.LoadThen(c, id, (*store.Store).Person, func(p store.Person) tea.Cmd { return editPerson(c, p) })
}

// editPerson opens the form for a new (empty ID) or existing person; the
// forums to choose from are loaded first.
func editPerson(c *kit.Common, p store.Person) tea.Cmd {
	if c.Privacy {
		return c.PrivacyRefusal("add or edit someone's details")
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		forums, err := c.Store.Forums(ctx)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		v := personForm{Person: p, today: store.LocalDate(c.Now())}
		if p.ID != "" {
			mine, err := c.Store.PersonForums(ctx, p.ID)
			if err != nil {
				return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
			}
			for _, f := range mine {
				v.Forums = append(v.Forums, f.ID)
			}
		}
		if v.Role == "" {
			v.Role = store.RoleServiceUser
		}
		opts := make([]huh.Option[string], len(forums))
		for i, f := range forums {
			opts[i] = huh.NewOption(f.Name, f.ID)
		}
		title := "New person"
		if p.ID != "" {
			title = "Edit " + p.DisplayName()
		}
		today := store.LocalDate(c.Now())
		return kit.PushMsg{Screen: kit.NewForm(c, kit.FormSpec{
			Title: title,
			Build: func() *huh.Form { return personFormFields(c, &v, opts, today) },
			Snapshot: func() string {
				return fmt.Sprint(v.Person, v.Forums)
			},
			Live: personLive(&v),
			Save: func(ctx context.Context, s *store.Store) error {
				if v.ConsentDate != p.ConsentDate && v.ConsentReview == p.ConsentReview {
					// Consent given again: reviewed two years on, unless
					// another review date was typed.
					v.ConsentReview = ""
				}
				return s.SavePerson(ctx, &v.Person, v.Forums)
			},
			Done: func() string { return "Saved " + c.Name(v.Name, v.PreferredName) + "." },
			Then: func() tea.Cmd { return kit.SelectRow(v.ID) },
		})}
	}
}

func personLive(v *personForm) map[string]func(string) error {
	return map[string]func(string) error{
		"name":         store.ValidateName,
		"phone":        store.ValidatePhone,
		"email":        store.ValidateEmail,
		"consent_date": v.checkConsentDate,
	}
}

// checkConsentDate needs a date when consent was given, and not one
// still to come (the store's rule).
func (v *personForm) checkConsentDate(s string) error {
	if v.Consent && strings.TrimSpace(s) == "" {
		return fmt.Errorf("say when consent was given")
	}
	return store.ValidateConsentDate(s, v.today)
}

func personFormFields(c *kit.Common, v *personForm, forums []huh.Option[string], today string) *huh.Form {
	roles := kit.OptionsFor(store.Roles, store.Role.Label)
	ways := kit.OptionsFor(store.ContactWays, store.ContactBy.Label)
	about := huh.NewGroup(
		huh.NewInput().Key("name").Title("Name").Value(&v.Name).Validate(store.ValidateName),
		huh.NewInput().Key("preferred").Title("Preferred name").Description("What the screen shows. Leave empty to use the name.").Value(&v.PreferredName),
		huh.NewSelect[store.Role]().Key("role").Title("Role").Options(roles...).Value(&v.Role),
	).Title("About them")
	contact := huh.NewGroup(
		huh.NewInput().Key("phone").Title("Phone").Value(&v.Phone).Validate(store.ValidatePhone),
		huh.NewInput().Key("email").Title("Email").Value(&v.Email).Validate(store.ValidateEmail),
		huh.NewSelect[store.ContactBy]().Key("contact_by").Title("Prefers to be contacted by").Options(ways...).Value(&v.ContactBy),
		huh.NewConfirm().Key("consent").Title("Consents to be contacted?").Value(&v.Consent),
		huh.NewInput().Key("consent_date").Title("Consent given on").Placeholder("YYYY-MM-DD").
			Description("Needed when they consent. Today is "+today+".").
			Value(&v.ConsentDate).Validate(v.checkConsentDate),
		huh.NewInput().Key("consent_review").Title("Review consent by").Placeholder("YYYY-MM-DD").
			Description("Empty: two years after it was given. After this day they are left off contact lists until they agree again.").
			Value(&v.ConsentReview).Validate(func(s string) error { _, err := store.NormalDate(s); return err }),
	).Title("Contact")
	groups := []*huh.Group{about, contact}
	if len(forums) > 0 {
		groups = append(groups, huh.NewGroup(
			huh.NewMultiSelect[string]().Key("forums").Title("Forums").Description(c.TickHint()).
				Options(forums...).Value(&v.Forums).Height(min(len(forums)+2, 12)),
		).Title("Forums"))
	}
	groups = append(groups, huh.NewGroup(
		huh.NewText().Key("notes").Title("Private notes").Description("Never shown on lists or to the room.").Lines(4).Value(&v.Notes),
	).Title("Notes"))
	return huh.NewForm(groups...)
}

// erasePerson shows what forgetting the person would do, and does it if
// the answer is yes. From the person's own page (fromPage), their page
// closes too once they are gone.
func erasePerson(c *kit.Common, id string, fromPage bool) tea.Cmd {
	if c.Privacy {
		return c.PrivacyRefusal("erase someone")
	}
	e := rights.NewEraseScreen(c, id, store.ModeErase, store.ReasonRequest)
	if fromPage {
		e.Done = func(status string) tea.Cmd { return tea.Sequence(kit.Pop(""), kit.Pop(status)) }
	}
	return kit.Push(e)
}

// meetingForm holds the meeting's values as typed.
type meetingForm struct {
	ForumID, Date, Start, End, Venue string
	Status                           store.MeetingStatus
}

// newMeeting opens the form for a new meeting, for forumID if given.
func newMeeting(c *kit.Common, forumID string) tea.Cmd {
	return meetingFormCmd(c, store.Meeting{ForumID: forumID, Status: store.MeetingPlanned})
}

// editMeeting opens the form for an existing meeting.
func editMeeting(c *kit.Common, m store.Meeting) tea.Cmd { return meetingFormCmd(c, m) }

func meetingFormCmd(c *kit.Common, m store.Meeting) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		forums, err := c.Store.Forums(ctx)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		if len(forums) == 0 {
			return kit.StatusMsg{Text: "Add a forum first (2, then n): every meeting belongs to a forum.", Err: true}
		}
		v := meetingForm{ForumID: m.ForumID, Venue: m.Venue, Status: m.Status}
		saved := m.ID // the meeting's id once saved, for the list's cursor
		venues := map[string]string{}
		opts := make([]huh.Option[string], len(forums))
		for i, f := range forums {
			opts[i] = huh.NewOption(f.Name, f.ID)
			venues[f.ID] = f.Venue
		}
		if v.ForumID == "" {
			v.ForumID = forums[0].ID
		}
		// A new meeting is offered its forum's usual times, as suggestions
		// that follow the forum chosen until they are typed over.
		var start, end func() string
		if m.ID != "" {
			v.Date, v.Start, v.End = store.LocalDate(m.Start), store.LocalClock(m.Start), store.LocalClock(m.End)
		} else {
			usual := make(map[string][2]string, len(forums))
			for _, f := range forums {
				a, b, err := c.Store.NewMeetingTimes(ctx, f.ID)
				if err != nil {
					return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
				}
				usual[f.ID] = [2]string{a, b}
			}
			start = func() string { return usual[v.ForumID][0] }
			end = func() string { return usual[v.ForumID][1] }
		}
		title := "New meeting"
		if m.ID != "" {
			title = "Edit meeting of " + m.ForumName
		}
		checkEnd := func(s string) error {
			if err := store.ValidateClock(s); err != nil {
				return err
			}
			if a, e1 := store.LocalTime(orToday(c, v.Date), v.Start); e1 == nil {
				if b, e2 := store.LocalTime(orToday(c, v.Date), s); e2 == nil && !b.After(a) {
					return fmt.Errorf("the meeting must end after it starts (%s)", v.Start)
				}
			}
			return nil
		}
		return kit.PushMsg{Screen: kit.NewForm(c, kit.FormSpec{
			Title: title,
			Build: func() *huh.Form {
				return huh.NewForm(huh.NewGroup(
					huh.NewSelect[string]().Key("forum").Title("Forum").Options(opts...).Value(&v.ForumID),
					huh.NewInput().Key("date").Title("Date").Placeholder("YYYY-MM-DD or DD/MM/YYYY").Value(&v.Date).
						Validate(func(s string) error { _, err := store.ParseDate(s); return err }),
					kit.Suggest(c, huh.NewInput().Key("start").Title("Starts").Placeholder("e.g. 13:00").Value(&v.Start).Validate(store.ValidateClock), &v.Start, start),
					kit.Suggest(c, huh.NewInput().Key("end").Title("Ends").Placeholder("e.g. 15:00").Value(&v.End).Validate(checkEnd), &v.End, end),
					huh.NewInput().Key("venue").Title("Venue").Description("Leave empty for the forum's usual venue.").Value(&v.Venue),
					huh.NewSelect[store.MeetingStatus]().Key("status").Title("Status").
						Options(kit.OptionsFor(store.MeetingStatuses, store.MeetingStatus.Label)...).Value(&v.Status),
				))
			},
			Snapshot: func() string { return fmt.Sprint(v) },
			Live: map[string]func(string) error{
				"date":  func(s string) error { _, err := store.ParseDate(s); return err },
				"start": store.ValidateClock,
				"end":   checkEnd,
			},
			Save: func(ctx context.Context, s *store.Store) error {
				g := m
				var err error
				g.ForumID, g.Status = v.ForumID, v.Status
				if g.Start, err = store.LocalTime(v.Date, v.Start); err != nil {
					return &store.FieldError{Field: "Date", Message: err.Error()}
				}
				if g.End, err = store.LocalTime(v.Date, v.End); err != nil {
					return &store.FieldError{Field: "Ends", Message: err.Error()}
				}
				g.Venue = v.Venue
				if strings.TrimSpace(g.Venue) == "" {
					g.Venue = venues[g.ForumID]
				}
				if err := s.SaveMeeting(ctx, &g); err != nil {
					return err
				}
				saved = g.ID
				return nil
			},
			Done: func() string { return "Saved the meeting." },
			Then: func() tea.Cmd { return kit.SelectRow(saved) },
		})}
	}
}

func orToday(c *kit.Common, date string) string {
	if strings.TrimSpace(date) == "" {
		return store.LocalDate(c.Now())
	}
	return date
}

// deleteMeeting asks, saying what else goes, then deletes.
func deleteMeeting(c *kit.Common, id string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		m, err := c.Store.Meeting(ctx, id)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		imp, err := c.Store.MeetingImpact(ctx, id)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		what := m.ForumName + " on " + kit.LongDate(m.Start)
		return kit.PushMsg{Screen: kit.NewConfirm(c, "Delete the meeting of "+what+"?", impactText(imp, "This cannot be undone."),
			func() tea.Cmd {
				return kit.Do(c, func(ctx context.Context, s *store.Store) error { return s.DeleteMeeting(ctx, m.ID, m.Version) },
					kit.PopMsg{Status: "Deleted the meeting of " + what + "."})
			})}
	}
}

// editText opens a one-field form for a meeting's agenda or minutes.
func editText(c *kit.Common, m store.Meeting, minutes bool) tea.Cmd {
	v := m
	field, title := &v.Agenda, "Agenda"
	if minutes {
		field, title = &v.Minutes, "Minutes"
	}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: title + " — " + m.ForumName + ", " + kit.LongDate(m.Start),
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewText().Key("text").Title(title).Description(c.MarkdownHint()).
					Lines(max(5, c.Height-10)).Value(field),
			))
		},
		Snapshot: func() string { return *field },
		Save:     func(ctx context.Context, s *store.Store) error { return s.SaveMeeting(ctx, &v) },
		Done:     func() string { return "Saved the " + strings.ToLower(title) + "." },
	}))
}
