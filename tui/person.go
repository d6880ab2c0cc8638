package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/equality"
	"github.com/involve/involve/tui/influence"
	"github.com/involve/involve/tui/kit"
	"github.com/involve/involve/tui/rights"
)

// PersonScreen shows one person. Contact details and notes are hidden
// while the privacy screen is on.
type PersonScreen struct {
	c      *kit.Common
	id     string
	person store.Person
	forums []store.Forum
	// Whether equality monitoring answers are held, and when they were
	// given: never the answers themselves (they show only on their form).
	equalityOn   civil.Date
	equalityHeld bool
	inv          store.Involvement // their involvement history, for its summary
	loaded       bool
	gen          int
	w, h         int
}

type personLoadedMsg struct {
	to           *PersonScreen
	gen          int
	person       store.Person
	forums       []store.Forum
	equalityOn   civil.Date
	equalityHeld bool
	inv          store.Involvement
	err          error
}

// NewPersonScreen shows the person with this id.
func NewPersonScreen(c *kit.Common, id string) *PersonScreen { return &PersonScreen{c: c, id: id} }

// Init loads the person.
func (s *PersonScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the person and their forums.
func (s *PersonScreen) Refresh() tea.Cmd {
	s.gen++
	gen, id := s.gen, s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := personLoadedMsg{to: s, gen: gen}
		if msg.person, msg.err = s.c.Store.Person(ctx, id); msg.err == nil {
			msg.forums, msg.err = s.c.Store.PersonForums(ctx, id)
		}
		if msg.err == nil {
			msg.equalityOn, msg.equalityHeld, msg.err = s.c.Store.EqualityRecorded(ctx, id)
			if msg.err == nil {
				msg.inv, msg.err = s.c.Store.PersonInvolvement(ctx, id)
			}
		}
		return msg
	}
}

// Title is the person's name as shown.
func (s *PersonScreen) Title() string {
	if !s.loaded {
		return "Person"
	}
	return s.c.Name(s.person.Name, s.person.PreferredName)
}

// SetSize records the size.
func (s *PersonScreen) SetSize(w, h int) { s.w, s.h = w, h }

// Help lists the person's keys.
func (s *PersonScreen) Help() [][]key.Binding {
	r := s.c.Keys.Record
	return [][]key.Binding{{r.Edit, s.c.Keys.Detail.Access, s.c.Keys.Detail.Equality, s.c.Keys.Influence.History, s.c.Keys.Rights.Export, r.Delete, s.c.Keys.Global.Back}}
}

// Update handles the person's keys.
func (s *PersonScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case personLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.person, s.forums, s.inv, s.loaded = msg.person, msg.forums, msg.inv, true
		s.equalityOn, s.equalityHeld = msg.equalityOn, msg.equalityHeld
	case tea.KeyPressMsg:
		r := s.c.Keys.Record
		switch {
		case key.Matches(msg, r.Edit) && s.loaded:
			return s, editPerson(s.c, s.person)
		case key.Matches(msg, r.Delete) && s.loaded:
			return s, erasePerson(s.c, s.id, true)
		case key.Matches(msg, s.c.Keys.Rights.Export) && s.loaded:
			if s.c.Privacy {
				return s, s.c.PrivacyRefusal("see everything held about them")
			}
			return s, kit.Push(rights.NewExportScreen(s.c, s.id))
		case key.Matches(msg, s.c.Keys.Detail.Access):
			return s, kit.Push(NewAccessScreen(s.c, s.id))
		case key.Matches(msg, s.c.Keys.Detail.Equality):
			return s, equality.Open(s.c, s.id)
		case key.Matches(msg, s.c.Keys.Influence.History):
			return s, kit.Push(influence.NewHistory(s.c, influenceLinks(s.c), s.id))
		case key.Matches(msg, s.c.Keys.Global.Back):
			return s, kit.Pop("")
		}
	}
	return s, nil
}

// View draws the person.
func (s *PersonScreen) View() string {
	st := s.c.Styles
	if !s.loaded {
		return st.Subtle.Render("  Loading…")
	}
	p := s.person
	var names []string
	for _, f := range s.forums {
		names = append(names, f.Name)
	}
	forums := strings.Join(names, ", ")
	if forums == "" {
		forums = "none"
	}
	out := st.Title.Render(kit.Truncate("  "+s.c.Name(p.Name, p.PreferredName), s.w)) + "\n\n"
	if s.c.Privacy {
		out += kit.Fields(s.c, s.w,
			kit.Field{Label: "Role", Value: p.Role.Label()},
			kit.Field{Label: "Forums", Value: forums},
			kit.Field{Label: "Involvement", Value: influence.Summary(s.inv)},
		)
		return out + "\n\n" + st.Subtle.Render(strings.Join(kit.WrapLines("Contact details and notes are hidden while the privacy screen is on ("+kit.KeyName(s.c.Keys.Global.Privacy)+").", s.w, "  ", 0), "\n"))
	}
	today := store.LocalDate(s.c.Now())
	consent := p.ConsentText(today)
	if p.ContactConsent(today) == store.ContactExpired {
		consent = s.c.Styles.Bad.Render(consent)
	}
	eq := "None held (" + s.c.Keys.Detail.Equality.Help().Key + " to record them)"
	if s.equalityHeld {
		eq = "Held, given " + kit.CivilDate(s.equalityOn) + " (" + s.c.Keys.Detail.Equality.Help().Key + " opens them)"
	}
	return out + kit.Fields(s.c, s.w,
		kit.Field{Label: "Full name", Value: p.Name},
		kit.Field{Label: "Preferred name", Value: p.PreferredName},
		kit.Field{Label: "Role", Value: p.Role.Label()},
		kit.Field{Label: "Phone", Value: p.Phone},
		kit.Field{Label: "Email", Value: p.Email},
		kit.Field{Label: "Contact by", Value: p.ContactBy.Label()},
		kit.Field{Label: "Consent to contact", Value: consent},
		kit.Field{Label: "Forums", Value: forums},
		kit.Field{Label: "Involvement", Value: influence.Summary(s.inv) + " (" + kit.KeyName(s.c.Keys.Influence.History) + ": history)"},
		kit.Field{Label: "Private notes", Value: p.Notes},
		kit.Field{Label: "Equality monitoring", Value: eq},
	)
}
