package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/involve/involve/civil"
)

// roleFixture is a database with a meeting today and one tomorrow, someone
// on them with notes and a phone number, a claim and a story that may be
// read, and a view of it for each role.
type roleFixture struct {
	s                    *Store // the owner: a coordinator
	coord, fin, door, rd *Store
	today, tomorrow      Meeting
	ann                  Person
	claim                Claim
	story                Story
}

func newRoleFixture(t *testing.T) *roleFixture {
	t.Helper()
	s := recOpen(t)
	fx := &roleFixture{s: s}
	f := recForum(t, s, "Carers Forum")
	fx.ann = Person{Name: "Ann Example", Phone: "07700 900123", Notes: "private note"}
	if err := s.SavePerson(recCtx, &fx.ann, []string{f.ID}); err != nil {
		t.Fatal(err)
	}
	// recNow is 11:00 in London on 16 June 2026.
	fx.today = recMeeting(t, s, f.ID, recLondon(2026, 6, 16, 13, 0))
	fx.tomorrow = recMeeting(t, s, f.ID, recLondon(2026, 6, 17, 13, 0))
	fx.today.Minutes = "Ann said something private."
	if err := s.SaveMeeting(recCtx, &fx.today); err != nil {
		t.Fatal(err)
	}
	fx.claim = Claim{PersonID: fx.ann.ID, MeetingID: fx.today.ID, Category: CatFare, Amount: 340, Date: "2026-06-16"}
	if err := s.RecordClaim(recCtx, &fx.claim); err != nil {
		t.Fatal(err)
	}
	fx.story = saveStory(t, s, readyStory("Climbing"))
	view := func(name string, r TeamRole) *Store {
		v, err := s.As(recCtx, Actor{Name: name, Role: r})
		if err != nil {
			t.Fatalf("As(%s): %v", r, err)
		}
		return v
	}
	fx.coord = view("Cora", TeamCoordinator)
	fx.fin = view("Fin", TeamFinance)
	fx.door = view("Dee", TeamDoor)
	fx.rd = view("Rae", TeamReader)
	return fx
}

func wantRefused(t *testing.T, what string, err error, needs string) {
	t.Helper()
	var r *RefusedError
	if !errors.As(err, &r) || !errors.Is(err, ErrRefused) {
		t.Errorf("%s: got %v, want a refusal", what, err)
		return
	}
	if !strings.Contains(err.Error(), needs) {
		t.Errorf("%s: the refusal %q does not say %q", what, err, needs)
	}
}

func wantAllowed(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

// The roles, capability by capability, as the README lists them. This is
// written out by hand, apart from roleGrants, so that a change to what a
// role may do is a change to this test too.
func TestRoleMatrix(t *testing.T) {
	want := map[Capability][4]string{ // coordinator, finance, door, reader
		CapAnyone:        {"yes", "yes", "yes", "yes"},
		CapPeopleNames:   {"yes", "yes", "yes", "no"},
		CapPeople:        {"yes", "no", "no", "no"},
		CapAccess:        {"yes", "no", "no", "no"},
		CapForums:        {"yes", "no", "no", "no"},
		CapMeetings:      {"yes", "yes", "today", "no"},
		CapRegister:      {"yes", "no", "today", "no"},
		CapTransport:     {"yes", "no", "no", "no"},
		CapMoney:         {"yes", "yes", "no", "no"},
		CapStoriesRead:   {"yes", "yes", "no", "yes"},
		CapStories:       {"yes", "no", "no", "no"},
		CapAdmin:         {"yes", "no", "no", "no"},
		CapConsultations: {"yes", "no", "no", "no"},
		CapEquality:      {"yes", "no", "no", "no"},
		CapTeam:          {"yes", "no", "no", "no"},
		CapAudit:         {"yes", "no", "no", "no"},
		CapInfluence:     {"yes", "no", "no", "no"},
		CapTraining:      {"yes", "no", "no", "no"},
		CapReport:        {"yes", "no", "no", "no"},
		CapRights:        {"yes", "no", "no", "no"},
	}
	seen := map[Capability]bool{}
	for _, c := range methodCapability {
		seen[c] = true
	}
	for c := range seen {
		if _, ok := want[c]; !ok {
			t.Errorf("capability %q is not in this test's matrix", c)
		}
	}
	names := map[grant]string{noGrant: "no", todayOnly: "today", fullGrant: "yes"}
	for c, row := range want {
		for i, r := range TeamRoles {
			if got := names[granted(r, c)]; got != row[i] {
				t.Errorf("%s holds %s: %s, want %s", r, c, got, row[i])
			}
		}
	}
}

// Every method, in every role, is let through or refused by its
// capability, before it touches the database.
func TestEveryMethodRefusedOrAllowedByRole(t *testing.T) {
	fx := newRoleFixture(t)
	for method, c := range methodCapability {
		for _, v := range []*Store{fx.coord, fx.fin, fx.door, fx.rd} {
			err := v.allow(recCtx, method)
			switch granted(v.actor.Role, c) {
			case fullGrant:
				wantAllowed(t, string(v.actor.Role)+" "+method, err)
			default:
				// A narrow grant without a scope is refused too.
				wantRefused(t, string(v.actor.Role)+" "+method, err, "coordinator")
			}
		}
	}
}

func TestFinanceRole(t *testing.T) {
	fx := newRoleFixture(t)
	v := fx.fin
	cl, err := v.Claims(recCtx, ClaimFilter{})
	wantAllowed(t, "finance lists claims", err)
	if len(cl) != 1 || cl[0].PersonName != "Ann Example" {
		t.Errorf("finance sees the claims and their people's names: %+v", cl)
	}
	c := cl[0]
	wantAllowed(t, "finance approves a claim", v.ApproveClaim(recCtx, &c))
	_, err = v.Ledger(recCtx, fx.ann.ID, "2026-06-01", "2026-06-30")
	wantAllowed(t, "finance reads a ledger (which reads the person's name inside the store)", err)
	people, err := v.People(recCtx)
	wantAllowed(t, "finance lists people's names", err)
	if len(people) != 1 {
		t.Errorf("people: %+v", people)
	}
	_, err = v.Person(recCtx, fx.ann.ID)
	wantRefused(t, "finance reads a person's details and notes", err, "is for the coordinator role: Fin is signed in as finance")
	_, err = v.AccessNeeds(recCtx, fx.ann.ID)
	wantRefused(t, "finance reads access needs and their reasons", err, "coordinator")
	_, err = v.Exceptions(recCtx, fx.ann.ID)
	wantRefused(t, "finance reads availability exceptions", err, "coordinator")
	m, err := v.Meeting(recCtx, fx.today.ID)
	wantAllowed(t, "finance reads a meeting's date for a claim", err)
	if m.Minutes != "" || m.Agenda != "" || m.ForumName != "Carers Forum" {
		t.Errorf("finance sees a meeting without its minutes: %+v", m)
	}
	_, err = v.Stories(recCtx, StoryFilter{})
	wantRefused(t, "finance lists every story whatever its consent", err, "Managing the story library is for the coordinator role")
	_, err = v.Stories(recCtx, StoryFilter{ReadableFor: UseForums})
	wantAllowed(t, "finance lists the stories that may be read", err)
	wantRefused(t, "finance withdraws a story's consent", v.WithdrawConsent(recCtx, fx.story.ID, "2026-06-16"), "coordinator")
	wantRefused(t, "finance signs someone in", v.SetAttendance(recCtx, fx.today.ID, fx.ann.ID, Attended), "The register is for the coordinator role, or door")
	_, err = v.Dashboard(recCtx)
	wantRefused(t, "finance opens the dashboard", err, "coordinator")
	_, err = v.As(recCtx, Actor{Name: "x", Role: TeamCoordinator})
	wantRefused(t, "finance makes itself a coordinator", err, "The team's users and keys is for the coordinator role")
}

func TestDoorRole(t *testing.T) {
	fx := newRoleFixture(t)
	v := fx.door
	ms, err := v.TodaysMeetings(recCtx)
	wantAllowed(t, "door lists today's meetings", err)
	if len(ms) != 1 || ms[0].ID != fx.today.ID {
		t.Errorf("today's meetings: %+v", ms)
	}
	_, err = v.Meetings(recCtx)
	wantRefused(t, "door lists every meeting", err, "door for today's meetings only")
	reg, err := v.Register(recCtx, fx.today.ID)
	wantAllowed(t, "door reads today's register", err)
	if len(reg) != 1 || reg[0].Name != "Ann Example" {
		t.Errorf("register: %+v", reg)
	}
	_, err = v.Register(recCtx, fx.tomorrow.ID)
	wantRefused(t, "door reads tomorrow's register", err, "not today")
	wantAllowed(t, "door signs someone in today", v.SetAttendance(recCtx, fx.today.ID, fx.ann.ID, Attended))
	wantRefused(t, "door marks someone on tomorrow's register", v.SetAttendance(recCtx, fx.tomorrow.ID, fx.ann.ID, Confirmed), "Dee is signed in as door")
	m, err := v.Meeting(recCtx, fx.today.ID)
	wantAllowed(t, "door reads today's meeting", err)
	if m.Minutes != "" {
		t.Errorf("door sees the minutes: %q", m.Minutes)
	}
	_, err = v.Meeting(recCtx, fx.tomorrow.ID)
	wantRefused(t, "door reads tomorrow's meeting", err, "not today")

	newcomer := Person{Name: "Bo New", Role: RoleCarer}
	wantAllowed(t, "door adds someone new by name", v.AddToRegister(recCtx, fx.today.ID, &newcomer, Attended))
	withPhone := Person{Name: "Cy New", Phone: "07700 900999"}
	err = v.AddToRegister(recCtx, fx.today.ID, &withPhone, Attended)
	if err == nil || !strings.Contains(err.Error(), "by name only") {
		t.Errorf("door adds someone new with a phone number: %v", err)
	}
	other := Person{Name: "Di New"}
	wantRefused(t, "door adds someone to tomorrow's register", v.AddToRegister(recCtx, fx.tomorrow.ID, &other, Attended), "not today")
	edit := fx.ann
	edit.Name = "Ann Changed"
	if err := v.AddToRegister(recCtx, fx.today.ID, &edit, Attended); err == nil {
		t.Error("door changed someone known through AddToRegister")
	}

	_, err = v.People(recCtx)
	wantAllowed(t, "door lists names to add someone known", err)
	_, err = v.Person(recCtx, fx.ann.ID)
	wantRefused(t, "door reads contact details", err, "coordinator")
	_, err = v.Claims(recCtx, ClaimFilter{})
	wantRefused(t, "door reads money", err, "Money (claims, payments, petty cash, rates) is for the coordinator or finance role: Dee is signed in as door")
	_, err = v.MeetingMoney(recCtx, fx.today.ID)
	wantRefused(t, "door reads a meeting's money", err, "finance")
	_, err = v.Stories(recCtx, StoryFilter{ReadableFor: UseForums})
	wantRefused(t, "door reads stories", err, "reader")
}

func TestReaderRole(t *testing.T) {
	fx := newRoleFixture(t)
	v := fx.rd
	list, err := v.Stories(recCtx, StoryFilter{ReadableFor: UseForums})
	wantAllowed(t, "reader lists what may be read", err)
	if len(list) != 1 {
		t.Errorf("stories: %+v", list)
	}
	_, err = v.StoryFor(recCtx, fx.story.ID, UseForums)
	wantAllowed(t, "reader opens a story", err)
	wantAllowed(t, "reader keeps their place", v.SetReadingPosition(recCtx, fx.story.ID, ReadingPlace{Line: 3}))
	_, err = v.SupportMessage(recCtx)
	wantAllowed(t, "reader reads the support message (a setting, read inside the store)", err)
	_, err = v.SearchStories(recCtx, "road", StoryFilter{ReadableFor: UseForums}, 5)
	wantAllowed(t, "reader searches what may be read", err)
	_, err = v.SearchStories(recCtx, "road", StoryFilter{}, 5)
	wantRefused(t, "reader searches every story", err, "coordinator")
	_, err = v.Story(recCtx, fx.story.ID)
	wantRefused(t, "reader opens a story whatever its consent", err, "coordinator")
	st := fx.story
	wantRefused(t, "reader edits a story", v.SaveStory(recCtx, &st), "coordinator")
	_, err = v.People(recCtx)
	wantRefused(t, "reader lists people", err, "The list of people's names is for the coordinator, finance or door role: Rae is signed in as reader")
	_, err = v.TodaysMeetings(recCtx)
	wantRefused(t, "reader lists today's meetings", err, "door")
}

// The coordinator's view, and the owner's store, may do everything; a
// view closing leaves the database open for the others.
func TestCoordinatorRoleAndViews(t *testing.T) {
	fx := newRoleFixture(t)
	if a := fx.s.Actor(); a.Role != TeamCoordinator || a.Name == "" {
		t.Errorf("the owner's store acts as %+v", a)
	}
	_, err := fx.coord.Person(recCtx, fx.ann.ID)
	wantAllowed(t, "coordinator reads a person", err)
	m, err := fx.coord.Meeting(recCtx, fx.tomorrow.ID)
	wantAllowed(t, "coordinator reads tomorrow's meeting", err)
	if m, _ := fx.coord.Meeting(recCtx, fx.today.ID); m.Minutes == "" {
		t.Error("the coordinator does not see the minutes")
	}
	_ = m
	if _, err := fx.coord.As(recCtx, Actor{Name: "x", Role: "boss"}); err == nil {
		t.Error("As took a role that is not one")
	}
	if err := fx.door.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.s.People(context.Background()); err != nil {
		t.Errorf("closing a view closed the database: %v", err)
	}
}

func TestParseTeamRole(t *testing.T) {
	if r, err := ParseTeamRole(" Door "); err != nil || r != TeamDoor {
		t.Errorf("ParseTeamRole(Door) = %q, %v", r, err)
	}
	if _, err := ParseTeamRole("admin"); err == nil || !strings.Contains(err.Error(), "coordinator, finance, door, reader") {
		t.Errorf("ParseTeamRole(admin): %v", err)
	}
}

// Two sessions editing the same record: the second edit, made from what
// it loaded before the first was saved, is refused, never saved over it.
func TestStaleEditRefusedAcrossSessions(t *testing.T) {
	fx := newRoleFixture(t)
	other, err := fx.s.As(recCtx, Actor{Name: "Cy", Role: TeamCoordinator})
	if err != nil {
		t.Fatal(err)
	}
	a, err := fx.coord.Person(recCtx, fx.ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := other.Person(recCtx, fx.ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.PreferredName = "Annie"
	if err := fx.coord.SavePerson(recCtx, &a, nil); err != nil {
		t.Fatal(err)
	}
	b.PreferredName = "Nan"
	if err := other.SavePerson(recCtx, &b, nil); !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "someone else changed this record since you opened it") {
		t.Errorf("the stale edit: %v", err)
	}
	if got, _ := fx.s.Person(recCtx, fx.ann.ID); got.PreferredName != "Annie" {
		t.Errorf("the first edit was overwritten: %q", got.PreferredName)
	}
}

// What came with senior officers' contacts, training, the annual report,
// calendars and people's rights, role by role: the coordinator's, but for
// what each other role's work needs (finance's payment totals, a reader's
// story read at a forum, a door volunteer's calendar of today's meeting).
func TestRolesOfTheMergedFeatures(t *testing.T) {
	fx := newRoleFixture(t)
	year := civil.MustParse("2026-04-01")
	end := civil.MustParse("2027-03-31")

	_, err := fx.fin.AnnualReport(recCtx, year, end)
	wantRefused(t, "finance writes the annual report", err, "The annual report is for the coordinator role: Fin is signed in as finance")
	_, err = fx.fin.PaymentTotals(recCtx, year, end)
	wantAllowed(t, "finance totals the year's payments", err)
	_, err = fx.fin.TrainingSessions(recCtx, TrainingFilter{})
	wantRefused(t, "finance lists training sessions", err, "Training health and care workers (sessions, co-trainers, the evidence pack) is for the coordinator role")
	_, err = fx.fin.TrainingPayment(recCtx, "x")
	wantRefused(t, "finance makes a co-trainer's payment from the session", err, "coordinator role")
	_, err = fx.fin.Contacts(recCtx, ContactFilter{})
	wantRefused(t, "finance lists senior officers' contacts", err, "The record of senior officers' contacts is for the coordinator role")
	_, err = fx.fin.Requests(recCtx, true)
	wantRefused(t, "finance lists requests about data", err, "Handling people's rights over their data")
	_, err = fx.fin.SubjectAccess(recCtx, fx.ann.ID)
	wantRefused(t, "finance gathers what we hold about someone", err, "coordinator role")
	_, err = fx.fin.Erase(recCtx, fx.ann.ID, EraseOptions{})
	wantRefused(t, "finance erases someone", err, "People's details")
	_, _, err = fx.fin.CalendarMeetings(recCtx, "")
	wantAllowed(t, "finance writes the meetings' calendar (forums, venues and times)", err)

	_, err = fx.door.CalendarMeetingByID(recCtx, fx.today.ID)
	wantAllowed(t, "door has today's meeting's calendar", err)
	_, err = fx.door.CalendarMeetingByID(recCtx, fx.tomorrow.ID)
	wantRefused(t, "door has tomorrow's meeting's calendar", err, "not today")
	_, _, err = fx.door.CalendarMeetings(recCtx, "")
	wantRefused(t, "door writes every meeting's calendar", err, "door for today's meetings only")
	_, err = fx.door.FindPerson(recCtx, "Ann Example")
	wantRefused(t, "door finds a person's details", err, "coordinator")
	_, err = fx.door.PersonInvolvement(recCtx, fx.ann.ID)
	wantRefused(t, "door reads someone's involvement", err, "coordinator")

	wantAllowed(t, "a reader's story read at a forum is noted", fx.rd.NoteStoryRead(recCtx, fx.story.ID))
	_, _, err = fx.rd.StoryReadings(recCtx, year, end)
	wantRefused(t, "a reader counts the stories read", err, "Managing the story library is for the coordinator role")
	_, err = fx.rd.RetentionDue(recCtx)
	wantRefused(t, "a reader lists who is due for review", err, "coordinator role: Rae is signed in as reader")

	_, err = fx.coord.AnnualReport(recCtx, year, end)
	wantAllowed(t, "the coordinator writes the annual report", err)
	_, err = fx.coord.RightsDue(recCtx, 14)
	wantAllowed(t, "the coordinator counts what is due", err)
}
