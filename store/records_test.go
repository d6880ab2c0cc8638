package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var recCtx = context.Background()

func recForum(t *testing.T, s *Store, name string) Forum {
	t.Helper()
	f := Forum{Name: name}
	if err := s.SaveForum(recCtx, &f); err != nil {
		t.Fatalf("SaveForum(%q): %v", name, err)
	}
	return f
}

func recPerson(t *testing.T, s *Store, name string, forumIDs ...string) Person {
	t.Helper()
	p := Person{Name: name}
	var ids []string
	if len(forumIDs) > 0 {
		ids = forumIDs
	}
	if err := s.SavePerson(recCtx, &p, ids); err != nil {
		t.Fatalf("SavePerson(%q): %v", name, err)
	}
	return p
}

// recMeeting makes a planned two-hour meeting of forum starting at start.
func recMeeting(t *testing.T, s *Store, forumID string, start time.Time) Meeting {
	t.Helper()
	m := Meeting{ForumID: forumID, Start: start, End: start.Add(2 * time.Hour)}
	if err := s.SaveMeeting(recCtx, &m); err != nil {
		t.Fatalf("SaveMeeting: %v", err)
	}
	return m
}

func recAction(t *testing.T, s *Store, meetingID, desc, due string) Action {
	t.Helper()
	a := Action{MeetingID: meetingID, Description: desc, Due: due}
	if err := s.SaveAction(recCtx, &a); err != nil {
		t.Fatalf("SaveAction(%q): %v", desc, err)
	}
	return a
}

func recRows(t *testing.T, s *Store, table string) int {
	t.Helper()
	n, err := count(recCtx, s.db, "SELECT count(*) FROM "+table)
	if err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func recWantRows(t *testing.T, s *Store, want map[string]int) {
	t.Helper()
	for table, n := range want {
		if got := recRows(t, s, table); got != n {
			t.Errorf("%s has %d rows, want %d", table, got, n)
		}
	}
}

func recLondon(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, London)
}

// recTwoStores opens the same file twice, as two copies of the program would.
func recTwoStores(t *testing.T) (*Store, *Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "involve.db")
	a, b := recOpenPath(t, path), recOpenPath(t, path)
	a.SetClock(func() time.Time { return recNow })
	b.SetClock(func() time.Time { return recNow.Add(time.Minute) })
	return a, b
}

func TestForumRoundTrip(t *testing.T) {
	s := recOpen(t)
	f := Forum{Name: "  Tuesday group ", Purpose: "Peer support\nfor people in treatment", Venue: "Hope Centre",
		Pattern: "Every other Tuesday", Social: true}
	if err := s.SaveForum(recCtx, &f); err != nil {
		t.Fatal(err)
	}
	if f.ID == "" || f.Version != 1 || !f.CreatedAt.Equal(recNow) || !f.UpdatedAt.Equal(recNow) {
		t.Errorf("new forum meta = %+v", f.Meta)
	}
	if f.Name != "Tuesday group" {
		t.Errorf("name not trimmed: %q", f.Name)
	}
	got, err := s.Forum(recCtx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !recSameForum(got, f) {
		t.Errorf("loaded %+v\n saved %+v", got, f)
	}

	later := recNow.Add(time.Hour)
	s.SetClock(func() time.Time { return later })
	got.Venue = "Town Hall"
	got.Social = false
	if err := s.SaveForum(recCtx, &got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || !got.UpdatedAt.Equal(later) || !got.CreatedAt.Equal(recNow) {
		t.Errorf("updated meta = %+v", got.Meta)
	}
	again, err := s.Forum(recCtx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !recSameForum(again, got) || again.Social || again.Venue != "Town Hall" {
		t.Errorf("after update loaded %+v", again)
	}

	byName, err := s.ForumByName(recCtx, " TUESDAY GROUP ")
	if err != nil || byName.ID != f.ID {
		t.Errorf("ForumByName = %+v, %v", byName, err)
	}
	if _, err := s.ForumByName(recCtx, "Nobody's forum"); err == nil {
		t.Error("ForumByName found a forum that does not exist")
	}
}

func recSameForum(a, b Forum) bool {
	return a.ID == b.ID && a.Version == b.Version && a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt) &&
		a.Name == b.Name && a.Purpose == b.Purpose && a.Venue == b.Venue && a.Pattern == b.Pattern && a.Social == b.Social
}

func TestForumValidationAndUniqueName(t *testing.T) {
	s := recOpen(t)
	var fe *FieldError
	blank := Forum{Name: " \t "}
	if err := s.SaveForum(recCtx, &blank); !errors.As(err, &fe) || fe.Field != "Name" {
		t.Errorf("blank name: %v", err)
	}
	if blank.ID != "" {
		t.Error("a refused forum was given an ID")
	}
	long := Forum{Name: strings.Repeat("é", 201)}
	if err := s.SaveForum(recCtx, &long); !errors.As(err, &fe) {
		t.Errorf("201-character name: %v", err)
	}
	recForum(t, s, "Carers Forum")
	dup := Forum{Name: "carers forum"}
	if err := s.SaveForum(recCtx, &dup); !errors.As(err, &fe) || fe.Field != "Name" || !strings.Contains(fe.Message, "already") {
		t.Errorf("duplicate name: %v", err)
	}
	recWantRows(t, s, map[string]int{"forums": 1})
}

func TestForumsSummary(t *testing.T) {
	s := recOpen(t)
	b := recForum(t, s, "beta")
	a := recForum(t, s, "Alpha")
	recPerson(t, s, "Ann", a.ID, b.ID)
	recPerson(t, s, "Bob", a.ID)
	held := recMeeting(t, s, a.ID, recLondon(2026, 5, 1, 13, 0))
	held.Status = MeetingHeld
	if err := s.SaveMeeting(recCtx, &held); err != nil {
		t.Fatal(err)
	}
	recMeeting(t, s, a.ID, recLondon(2026, 7, 1, 13, 0))
	next := recMeeting(t, s, a.ID, recLondon(2026, 6, 20, 13, 0))
	recMeeting(t, s, a.ID, recLondon(2026, 6, 1, 13, 0)) // planned but in the past

	fs, err := s.Forums(recCtx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || fs[0].Name != "Alpha" || fs[1].Name != "beta" {
		t.Fatalf("Forums = %+v", fs)
	}
	if fs[0].Members != 2 || fs[1].Members != 1 {
		t.Errorf("members = %d, %d", fs[0].Members, fs[1].Members)
	}
	if !fs[0].LastMet.Equal(held.Start) || !fs[0].NextMeet.Equal(next.Start) {
		t.Errorf("Alpha last met %v, next %v", fs[0].LastMet, fs[0].NextMeet)
	}
	if !fs[1].LastMet.IsZero() || !fs[1].NextMeet.IsZero() {
		t.Errorf("beta never met but shows %v / %v", fs[1].LastMet, fs[1].NextMeet)
	}
}

func TestPersonRoundTrip(t *testing.T) {
	s := recOpen(t)
	f1, f2 := recForum(t, s, "One"), recForum(t, s, "Two")
	p := Person{Name: "Margaret Jones", PreferredName: "Peggy", Role: "Service user and carer",
		Phone: "07700 900123", Email: "peggy@example.org", ContactBy: ContactText,
		Consent: true, ConsentDate: "14/03/2026", Notes: "Prefers afternoons.\r\nNeeds a lift."}
	if err := s.SavePerson(recCtx, &p, []string{f1.ID, f2.ID}); err != nil {
		t.Fatal(err)
	}
	if p.Role != RoleBoth || p.ConsentDate != "2026-03-14" || p.Notes != "Prefers afternoons.\nNeeds a lift." {
		t.Errorf("saved person not normalised: role %q date %q notes %q", p.Role, p.ConsentDate, p.Notes)
	}
	got, err := s.Person(recCtx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != p.Name || got.PreferredName != "Peggy" || got.Role != RoleBoth || got.Phone != p.Phone ||
		got.Email != p.Email || got.ContactBy != ContactText || !got.Consent || got.ConsentDate != "2026-03-14" ||
		got.Notes != p.Notes || got.Version != 1 || !got.CreatedAt.Equal(recNow) {
		t.Errorf("loaded %+v\n saved %+v", got, p)
	}
	if got.DisplayName() != "Peggy" {
		t.Errorf("DisplayName = %q", got.DisplayName())
	}
	forums, err := s.PersonForums(recCtx, p.ID)
	if err != nil || len(forums) != 2 || forums[0].Name != "One" || forums[1].Name != "Two" {
		t.Errorf("PersonForums = %+v, %v", forums, err)
	}

	// nil forum list leaves memberships alone.
	got.Phone = ""
	if err := s.SavePerson(recCtx, &got, nil); err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 {
		t.Errorf("version after update = %d", got.Version)
	}
	if forums, _ := s.PersonForums(recCtx, p.ID); len(forums) != 2 {
		t.Errorf("nil forum list changed memberships: %d", len(forums))
	}
	// A list replaces them.
	if err := s.SavePerson(recCtx, &got, []string{f2.ID}); err != nil {
		t.Fatal(err)
	}
	if forums, _ := s.PersonForums(recCtx, p.ID); len(forums) != 1 || forums[0].ID != f2.ID {
		t.Errorf("memberships after setting [Two] = %+v", forums)
	}
	// An empty list removes them all.
	if err := s.SavePerson(recCtx, &got, []string{}); err != nil {
		t.Fatal(err)
	}
	if forums, _ := s.PersonForums(recCtx, p.ID); len(forums) != 0 {
		t.Errorf("memberships after setting [] = %+v", forums)
	}
	again, _ := s.Person(recCtx, p.ID)
	if again.Phone != "" || again.Version != 4 {
		t.Errorf("after updates: %+v", again)
	}
}

func TestPeopleAndMembersLists(t *testing.T) {
	s := recOpen(t)
	f := recForum(t, s, "Group")
	for _, p := range []Person{
		{Name: "Zed Adams", PreferredName: "Ace"},
		{Name: "bob Brown"},
		{Name: "Carol Cole", Phone: "0161 496 0000"},
	} {
		if err := s.SavePerson(recCtx, &p, []string{f.ID}); err != nil {
			t.Fatal(err)
		}
	}
	recPerson(t, s, "Dee Outsider")
	people, err := s.People(recCtx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range people {
		names = append(names, m.DisplayName())
	}
	if got := strings.Join(names, ","); got != "Ace,bob Brown,Carol Cole,Dee Outsider" {
		t.Errorf("People order = %s", got)
	}
	members, err := s.ForumMembers(recCtx, f.ID)
	if err != nil || len(members) != 3 {
		t.Fatalf("ForumMembers = %+v, %v", members, err)
	}
	if err := s.SetMember(recCtx, f.ID, members[0].ID, false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMember(recCtx, f.ID, members[1].ID, true); err != nil { // already a member: no-op
		t.Fatal(err)
	}
	if members, _ := s.ForumMembers(recCtx, f.ID); len(members) != 2 {
		t.Errorf("after removing one: %d members", len(members))
	}
}

func TestPersonValidationOnSave(t *testing.T) {
	s := recOpen(t)
	var fe *FieldError
	for _, c := range []struct {
		p     Person
		field string
	}{
		{Person{Name: ""}, "Name"},
		{Person{Name: "A", Role: "boss"}, "Role"},
		{Person{Name: "A", Phone: "call me"}, "Phone"},
		{Person{Name: "A", Email: "nope"}, "Email"},
		{Person{Name: "A", ContactBy: "pigeon"}, "Contact by"},
		{Person{Name: "A", Consent: true}, "Consent date"},
		{Person{Name: "A", ConsentDate: "32/01/2026"}, "Consent date"},
		{Person{Name: "A", Consent: true, ConsentDate: "2099-01-01"}, "Consent date"}, // not come yet
	} {
		p := c.p
		err := s.SavePerson(recCtx, &p, nil)
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("%+v: got %v, want a %s error", c.p, err, c.field)
		}
	}
	recWantRows(t, s, map[string]int{"people": 0})
	// A membership of a forum that does not exist rolls the whole save back.
	p := Person{Name: "Ghost member"}
	if err := s.SavePerson(recCtx, &p, []string{"no-such-forum"}); err == nil {
		t.Error("membership of a missing forum accepted")
	}
	if p.ID != "" {
		t.Error("a person whose save failed was given an ID")
	}
	recWantRows(t, s, map[string]int{"people": 0, "memberships": 0})
}

func TestMeetingRoundTrip(t *testing.T) {
	s := recOpen(t)
	f := recForum(t, s, "Group")
	start := recLondon(2026, 7, 14, 13, 0)
	m := Meeting{ForumID: f.ID, Start: start, End: recLondon(2026, 7, 14, 15, 0), Venue: "Room 2",
		Agenda: "1. Welcome\n2. Housing", Minutes: ""}
	if err := s.SaveMeeting(recCtx, &m); err != nil {
		t.Fatal(err)
	}
	if m.Status != MeetingPlanned || m.ForumName != "Group" || m.Version != 1 {
		t.Errorf("new meeting = %+v", m)
	}
	got, err := s.Meeting(recCtx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Start.Equal(start) || !got.End.Equal(m.End) || got.Venue != "Room 2" || got.Agenda != m.Agenda ||
		got.Status != MeetingPlanned || got.ForumName != "Group" || got.ForumID != f.ID {
		t.Errorf("loaded %+v", got)
	}
	if LocalDate(got.Start) != "2026-07-14" || LocalClock(got.Start) != "13:00" {
		t.Errorf("shown as %s %s", LocalDate(got.Start), LocalClock(got.Start))
	}
	got.Status = MeetingHeld
	got.Minutes = "Good turnout."
	if err := s.SaveMeeting(recCtx, &got); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Meeting(recCtx, m.ID)
	if again.Status != MeetingHeld || again.Minutes != "Good turnout." || again.Version != 2 {
		t.Errorf("after update %+v", again)
	}

	list, err := s.ForumMeetings(recCtx, f.ID)
	if err != nil || len(list) != 1 || list[0].ID != m.ID || list[0].ForumName != "Group" {
		t.Errorf("ForumMeetings = %+v, %v", list, err)
	}
	all, err := s.Meetings(recCtx)
	if err != nil || len(all) != 1 {
		t.Errorf("Meetings = %+v, %v", all, err)
	}

	var fe *FieldError
	for _, bad := range []Meeting{
		{Start: start, End: start.Add(time.Hour)},
		{ForumID: f.ID},
		{ForumID: f.ID, Start: start, End: start},
		{ForumID: f.ID, Start: start, End: start.Add(time.Hour), Status: "postponed"},
		{ForumID: "gone", Start: start, End: start.Add(time.Hour)},
	} {
		b := bad
		if err := s.SaveMeeting(recCtx, &b); !errors.As(err, &fe) {
			t.Errorf("%+v: got %v, want a field error", bad, err)
		}
	}
	recWantRows(t, s, map[string]int{"meetings": 1})
}

func TestMeetingSummaryCounts(t *testing.T) {
	s := recOpen(t)
	f := recForum(t, s, "Group")
	var ids []string
	for _, n := range []string{"A", "B", "C", "D", "E"} {
		ids = append(ids, recPerson(t, s, n, f.ID).ID)
	}
	m := recMeeting(t, s, f.ID, recLondon(2026, 7, 1, 13, 0))
	for i, st := range []Attendance{Confirmed, Confirmed, Apologies, Attended} {
		if err := s.SetAttendance(recCtx, m.ID, ids[i], st); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.ForumMeetings(recCtx, f.ID)
	if err != nil || len(list) != 1 {
		t.Fatal(list, err)
	}
	got := list[0]
	if got.Invited != 1 || got.Confirmed != 2 || got.Apologies != 1 || got.Attended != 1 || got.Expected() != 4 {
		t.Errorf("counts = %+v", got)
	}
}

// The meetings list and a meeting's page count who is expected by one rule
// (issue 9, defect 12: the list said "0 expected" where the meeting said
// "7 invited"): a new meeting expects everyone it invited.
func TestExpectedIsOneRule(t *testing.T) {
	s := recOpen(t)
	f := recForum(t, s, "Group")
	var ids []string
	for _, n := range []string{"A", "B", "C", "D", "E", "F", "G"} {
		ids = append(ids, recPerson(t, s, n, f.ID).ID)
	}
	m := recMeeting(t, s, f.ID, recLondon(2026, 7, 1, 13, 0))
	check := func(want int) {
		t.Helper()
		list, err := s.Meetings(recCtx)
		if err != nil || len(list) != 1 {
			t.Fatal(list, err)
		}
		reg, err := s.Register(recCtx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, page := list[0].Expected(), ExpectedCount(RegisterCounts(reg)); got != want || page != want {
			t.Errorf("meetings list expects %d, the meeting's register %d; want %d", got, page, want)
		}
	}
	check(7) // all 7 invited, none replied yet
	for i, st := range []Attendance{Confirmed, Apologies, Attended, DidNotAttend} {
		if err := s.SetAttendance(recCtx, m.ID, ids[i], st); err != nil {
			t.Fatal(err)
		}
	}
	check(5) // 3 still invited, 1 confirmed, 1 attended; not apologies or did not attend
	for _, a := range AttendanceStatuses {
		want := strings.Contains(expectedStatusesSQL, "'"+string(a)+"'")
		if a.Expected() != want {
			t.Errorf("%s: Expected() = %v but the run sheet's SQL says %v", a, a.Expected(), want)
		}
	}
}

func TestActionRoundTrip(t *testing.T) {
	s := recOpen(t)
	f := recForum(t, s, "Group")
	m := recMeeting(t, s, f.ID, recLondon(2026, 6, 2, 13, 0))
	a := Action{MeetingID: m.ID, Description: "Book the room", Owner: "Sam", Due: "30/06/2026"}
	if err := s.SaveAction(recCtx, &a); err != nil {
		t.Fatal(err)
	}
	if a.Due != "2026-06-30" || a.Version != 1 {
		t.Errorf("saved %+v", a)
	}
	recAction(t, s, m.ID, "No date", "")
	recAction(t, s, m.ID, "Sooner", "2026-06-20")
	list, err := s.MeetingActions(recCtx, m.ID)
	if err != nil || len(list) != 3 {
		t.Fatal(list, err)
	}
	if list[0].Description != "Sooner" || list[1].ID != a.ID || list[2].Description != "No date" {
		t.Errorf("order = %s, %s, %s", list[0].Description, list[1].Description, list[2].Description)
	}
	got := list[1]
	if got.Owner != "Sam" || got.MeetingID != m.ID || got.Done {
		t.Errorf("loaded %+v", got)
	}
	got.Done = true
	if err := s.SaveAction(recCtx, &got); err != nil {
		t.Fatal(err)
	}
	list, _ = s.MeetingActions(recCtx, m.ID)
	if list[2].ID != a.ID || !list[2].Done || list[2].Version != 2 {
		t.Errorf("done action should sort last: %+v", list[2])
	}

	var fe *FieldError
	for _, bad := range []Action{{MeetingID: m.ID, Description: "  "}, {MeetingID: m.ID, Description: "x", Due: "soon"}} {
		b := bad
		if err := s.SaveAction(recCtx, &b); !errors.As(err, &fe) {
			t.Errorf("%+v: got %v", bad, err)
		}
	}
	orphan := Action{MeetingID: "no-such-meeting", Description: "x"}
	if err := s.SaveAction(recCtx, &orphan); err == nil {
		t.Error("action for a missing meeting accepted")
	}
	recWantRows(t, s, map[string]int{"actions": 3})
}

// TestConcurrentEdits runs the same story for every kind of record: two
// copies of the program load it; one saves; the other's save is refused and
// the first edit survives.
func TestConcurrentEdits(t *testing.T) {
	t.Run("forum", func(t *testing.T) {
		a, b := recTwoStores(t)
		f := recForum(t, a, "Group")
		fa, _ := a.Forum(recCtx, f.ID)
		fb, err := b.Forum(recCtx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		fa.Venue = "First"
		if err := a.SaveForum(recCtx, &fa); err != nil {
			t.Fatal(err)
		}
		fb.Venue = "Second"
		if err := b.SaveForum(recCtx, &fb); !errors.Is(err, ErrConflict) {
			t.Fatalf("second save: %v, want ErrConflict", err)
		}
		if fb.Version != 1 {
			t.Errorf("refused save changed the caller's version to %d", fb.Version)
		}
		if got, _ := b.Forum(recCtx, f.ID); got.Venue != "First" || got.Version != 2 {
			t.Errorf("stored %+v, want the first edit", got)
		}
	})
	t.Run("person", func(t *testing.T) {
		a, b := recTwoStores(t)
		p := recPerson(t, a, "Sam")
		pa, _ := a.Person(recCtx, p.ID)
		pb, _ := b.Person(recCtx, p.ID)
		pa.Phone = "07700 900001"
		if err := a.SavePerson(recCtx, &pa, nil); err != nil {
			t.Fatal(err)
		}
		pb.Phone = "07700 900002"
		if err := b.SavePerson(recCtx, &pb, nil); !errors.Is(err, ErrConflict) {
			t.Fatalf("second save: %v, want ErrConflict", err)
		}
		if got, _ := b.Person(recCtx, p.ID); got.Phone != "07700 900001" {
			t.Errorf("stored phone %q, want the first edit", got.Phone)
		}
	})
	t.Run("meeting", func(t *testing.T) {
		a, b := recTwoStores(t)
		f := recForum(t, a, "Group")
		m := recMeeting(t, a, f.ID, recLondon(2026, 7, 1, 13, 0))
		ma, _ := a.Meeting(recCtx, m.ID)
		mb, _ := b.Meeting(recCtx, m.ID)
		ma.Minutes = "first"
		if err := a.SaveMeeting(recCtx, &ma); err != nil {
			t.Fatal(err)
		}
		mb.Minutes = "second"
		if err := b.SaveMeeting(recCtx, &mb); !errors.Is(err, ErrConflict) {
			t.Fatalf("second save: %v, want ErrConflict", err)
		}
		if got, _ := b.Meeting(recCtx, m.ID); got.Minutes != "first" {
			t.Errorf("stored minutes %q, want the first edit", got.Minutes)
		}
	})
	t.Run("action", func(t *testing.T) {
		a, b := recTwoStores(t)
		f := recForum(t, a, "Group")
		m := recMeeting(t, a, f.ID, recLondon(2026, 7, 1, 13, 0))
		act := recAction(t, a, m.ID, "Book room", "")
		la, _ := a.MeetingActions(recCtx, m.ID)
		lb, _ := b.MeetingActions(recCtx, m.ID)
		la[0].Owner = "first"
		if err := a.SaveAction(recCtx, &la[0]); err != nil {
			t.Fatal(err)
		}
		lb[0].Owner = "second"
		if err := b.SaveAction(recCtx, &lb[0]); !errors.Is(err, ErrConflict) {
			t.Fatalf("second save: %v, want ErrConflict", err)
		}
		if got, _ := b.MeetingActions(recCtx, m.ID); got[0].ID != act.ID || got[0].Owner != "first" {
			t.Errorf("stored owner %q, want the first edit", got[0].Owner)
		}
	})
}

func TestDeleteChangedMeanwhileConflicts(t *testing.T) {
	a, b := recTwoStores(t)
	f := recForum(t, a, "Group")
	p := recPerson(t, a, "Sam", f.ID)
	m := recMeeting(t, a, f.ID, recLondon(2026, 7, 1, 13, 0))
	act := recAction(t, a, m.ID, "Book room", "")

	// b edits each record; a then tries to delete the version it loaded.
	fb, _ := b.Forum(recCtx, f.ID)
	fb.Venue = "Elsewhere"
	pb, _ := b.Person(recCtx, p.ID)
	pb.Notes = "changed"
	mb, _ := b.Meeting(recCtx, m.ID)
	mb.Agenda = "changed"
	ab := act
	ab.Owner = "changed"
	for _, err := range []error{b.SaveForum(recCtx, &fb), b.SavePerson(recCtx, &pb, nil), b.SaveMeeting(recCtx, &mb), b.SaveAction(recCtx, &ab)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, err := range map[string]error{
		"action":  a.DeleteAction(recCtx, act.ID, act.Version),
		"meeting": a.DeleteMeeting(recCtx, m.ID, m.Version),
		"person":  a.DeletePerson(recCtx, p.ID, p.Version),
		"forum":   a.DeleteForum(recCtx, f.ID, f.Version),
	} {
		if !errors.Is(err, ErrConflict) {
			t.Errorf("delete %s changed meanwhile: %v, want ErrConflict", name, err)
		}
	}
	recWantRows(t, a, map[string]int{"forums": 1, "people": 1, "meetings": 1, "actions": 1, "memberships": 1, "attendance": 1})
	if got, _ := a.Forum(recCtx, f.ID); got.Venue != "Elsewhere" {
		t.Errorf("forum lost the other edit: %+v", got)
	}
}

func TestNotFoundAfterDelete(t *testing.T) {
	a, b := recTwoStores(t)
	f := recForum(t, a, "Group")
	p := recPerson(t, a, "Sam")
	m := recMeeting(t, a, f.ID, recLondon(2026, 7, 1, 13, 0))
	act := recAction(t, a, m.ID, "Book room", "")
	// b loads everything, then a deletes it all.
	fb, _ := b.Forum(recCtx, f.ID)
	pb, _ := b.Person(recCtx, p.ID)
	mb, _ := b.Meeting(recCtx, m.ID)
	ab := act
	if err := a.DeleteAction(recCtx, act.ID, act.Version); err != nil {
		t.Fatal(err)
	}
	if err := a.DeletePerson(recCtx, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteForum(recCtx, f.ID, f.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Forum(recCtx, f.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Forum: %v", err)
	}
	if _, err := b.Person(recCtx, p.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Person: %v", err)
	}
	if _, err := b.Meeting(recCtx, m.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Meeting: %v", err)
	}
	fb.Venue, pb.Notes, mb.Agenda, ab.Owner = "x", "x", "x", "x"
	if err := b.SaveForum(recCtx, &fb); !errors.Is(err, ErrNotFound) {
		t.Errorf("SaveForum of a deleted forum: %v", err)
	}
	if err := b.SavePerson(recCtx, &pb, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("SavePerson of a deleted person: %v", err)
	}
	if err := b.SaveAction(recCtx, &ab); !errors.Is(err, ErrNotFound) {
		t.Errorf("SaveAction of a deleted action: %v", err)
	}
	var fe *FieldError
	if err := b.SaveMeeting(recCtx, &mb); !errors.Is(err, ErrNotFound) && !errors.As(err, &fe) {
		t.Errorf("SaveMeeting of a meeting whose forum was deleted: %v", err)
	}
	for name, err := range map[string]error{
		"forum":   b.DeleteForum(recCtx, f.ID, fb.Version),
		"person":  b.DeletePerson(recCtx, p.ID, pb.Version),
		"meeting": b.DeleteMeeting(recCtx, m.ID, mb.Version),
		"action":  b.DeleteAction(recCtx, act.ID, act.Version),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("deleting a deleted %s: %v, want ErrNotFound", name, err)
		}
	}
	// A deleted meeting (forum still there) is not found either.
	g := recForum(t, a, "Other")
	m2 := recMeeting(t, a, g.ID, recLondon(2026, 7, 1, 13, 0))
	m2b, _ := b.Meeting(recCtx, m2.ID)
	if err := a.DeleteMeeting(recCtx, m2.ID, m2.Version); err != nil {
		t.Fatal(err)
	}
	m2b.Agenda = "x"
	if err := b.SaveMeeting(recCtx, &m2b); !errors.Is(err, ErrNotFound) {
		t.Errorf("SaveMeeting of a deleted meeting: %v, want ErrNotFound", err)
	}
}

func TestImpactString(t *testing.T) {
	for _, c := range []struct {
		i    Impact
		want string
	}{
		{Impact{}, ""},
		{Impact{Members: 1}, "also removes 1 membership"},
		{Impact{Attendance: 1, Actions: 1}, "also removes 1 attendance record and 1 action"},
		{Impact{Members: 3, Meetings: 2, Attendance: 12}, "also removes 3 memberships, 2 meetings and 12 attendance records"},
		{Impact{Members: 2, Meetings: 1, Attendance: 5, Actions: 4}, "also removes 2 memberships, 1 meeting, 5 attendance records and 4 actions"},
		{Impact{Meetings: 2}, "also removes 2 meetings"},
	} {
		if got := c.i.String(); got != c.want {
			t.Errorf("%+v.String() = %q, want %q", c.i, got, c.want)
		}
	}
}

// recCascade: one forum with 3 members, 2 meetings (each inviting all
// 3), 12 attendance records in total once 6 more people are marked, and 4
// actions; plus an untouched second forum.
type recCascade struct {
	forum, other Forum
	people       []Person
	meetings     []Meeting
}

func newRecCascade(t *testing.T, s *Store) recCascade {
	t.Helper()
	var x recCascade
	x.forum = recForum(t, s, "Doomed")
	x.other = recForum(t, s, "Survivor")
	for _, n := range []string{"A", "B", "C"} {
		x.people = append(x.people, recPerson(t, s, n, x.forum.ID))
	}
	for _, n := range []string{"D", "E", "F"} {
		x.people = append(x.people, recPerson(t, s, n, x.other.ID))
	}
	for i := 0; i < 2; i++ {
		x.meetings = append(x.meetings, recMeeting(t, s, x.forum.ID, recLondon(2026, 7, 1+i, 13, 0)))
	}
	// Non-members D, E, F come to both meetings: 2×3 invited + 2×3 visitors.
	for _, m := range x.meetings {
		for _, p := range x.people[3:] {
			if err := s.SetAttendance(recCtx, m.ID, p.ID, Attended); err != nil {
				t.Fatal(err)
			}
		}
		recAction(t, s, m.ID, "one", "")
		recAction(t, s, m.ID, "two", "")
	}
	om := recMeeting(t, s, x.other.ID, recLondon(2026, 7, 3, 13, 0))
	recAction(t, s, om.ID, "kept", "")
	return x
}

func TestImpactCountsAndCascades(t *testing.T) {
	t.Run("forum", func(t *testing.T) {
		s := recOpen(t)
		x := newRecCascade(t, s)
		i, err := s.ForumImpact(recCtx, x.forum.ID)
		if err != nil {
			t.Fatal(err)
		}
		if (i != Impact{Members: 3, Meetings: 2, Attendance: 12, Actions: 4}) {
			t.Errorf("ForumImpact = %+v", i)
		}
		if got, want := i.String(), "also removes 3 memberships, 2 meetings, 12 attendance records and 4 actions"; got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
		// 6 memberships, 3 meetings, 15 attendance (12 + 3 at other), 5 actions before.
		recWantRows(t, s, map[string]int{"memberships": 6, "meetings": 3, "attendance": 15, "actions": 5})
		if err := s.DeleteForum(recCtx, x.forum.ID, x.forum.Version); err != nil {
			t.Fatal(err)
		}
		recWantRows(t, s, map[string]int{"forums": 1, "people": 6, "memberships": 3, "meetings": 1, "attendance": 3, "actions": 1})
		if n, _ := count(recCtx, s.db, "SELECT count(*) FROM meetings WHERE forum_id = ?", x.forum.ID); n != 0 {
			t.Errorf("%d meetings of the deleted forum remain", n)
		}
		if _, err := s.Meeting(recCtx, x.meetings[0].ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("meeting of deleted forum: %v", err)
		}
	})
	t.Run("person", func(t *testing.T) {
		s := recOpen(t)
		x := newRecCascade(t, s)
		d := x.people[3] // member of Survivor, visitor to both Doomed meetings
		i, err := s.PersonImpact(recCtx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if (i != Impact{Members: 1, Attendance: 3, Anonymised: true}) {
			t.Errorf("PersonImpact = %+v", i)
		}
		if got, want := i.String(), "also removes 1 membership and 3 attendance records"; got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
		if err := s.DeletePerson(recCtx, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"memberships", "attendance"} {
			if n, _ := count(recCtx, s.db, "SELECT count(*) FROM "+table+" WHERE person_id = ?", d.ID); n != 0 {
				t.Errorf("%d %s rows of the erased person remain", n, table)
			}
		}
		recWantRows(t, s, map[string]int{"people": 5, "memberships": 5, "attendance": 12, "meetings": 3, "actions": 5})
		if _, err := s.Person(recCtx, d.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("erased person: %v", err)
		}
	})
	t.Run("meeting", func(t *testing.T) {
		s := recOpen(t)
		x := newRecCascade(t, s)
		m := x.meetings[0]
		i, err := s.MeetingImpact(recCtx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if (i != Impact{Attendance: 6, Actions: 2}) {
			t.Errorf("MeetingImpact = %+v", i)
		}
		if err := s.DeleteMeeting(recCtx, m.ID, m.Version); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"attendance", "actions"} {
			if n, _ := count(recCtx, s.db, "SELECT count(*) FROM "+table+" WHERE meeting_id = ?", m.ID); n != 0 {
				t.Errorf("%d %s rows of the deleted meeting remain", n, table)
			}
		}
		recWantRows(t, s, map[string]int{"forums": 2, "people": 6, "memberships": 6, "meetings": 2, "attendance": 9, "actions": 3})
	})
	t.Run("nothing else", func(t *testing.T) {
		s := recOpen(t)
		f := recForum(t, s, "Empty")
		i, err := s.ForumImpact(recCtx, f.ID)
		if err != nil || i != (Impact{}) || i.String() != "" {
			t.Errorf("empty forum impact = %+v %q, %v", i, i.String(), err)
		}
	})
}

func TestErasedPersonIsOverwritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	s := recOpenPath(t, path)
	secret := "Distinctive-Secret-Note-8f3a"
	p := Person{Name: "Erasable Person", Notes: secret}
	if err := s.SavePerson(recCtx, &p, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.Contains(string(b), secret) {
		t.Fatalf("the note never reached the file (%v), so this test proves nothing", err)
	}
	if err := s.DeletePerson(recCtx, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, f := range []string{path, path + "-wal"} {
		b, err := recReadIfExists(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), secret) {
			t.Errorf("%s still holds the erased note", filepath.Base(f))
		}
	}
}

func TestSaveMeetingInvitesMembers(t *testing.T) {
	s := recOpen(t)
	f := recForum(t, s, "Group")
	other := recForum(t, s, "Other")
	var members []Person
	for _, n := range []string{"Ann", "Bob", "Cat"} {
		members = append(members, recPerson(t, s, n, f.ID))
	}
	recPerson(t, s, "Outsider", other.ID)
	m := recMeeting(t, s, f.ID, recLondon(2026, 7, 1, 13, 0))
	reg, err := s.Register(recCtx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(reg) != 3 {
		t.Fatalf("register has %d entries, want 3: %+v", len(reg), reg)
	}
	for i, e := range reg {
		if e.ID != members[i].ID || e.Status != Invited {
			t.Errorf("entry %d = %+v, want %s invited", i, e, members[i].Name)
		}
	}
	if n, _ := count(recCtx, s.db, "SELECT count(*) FROM attendance WHERE meeting_id = ? AND status = 'invited'", m.ID); n != 3 {
		t.Errorf("%d invitations stored, want 3", n)
	}
	// Updating the meeting does not invite again or reset replies.
	if err := s.SetAttendance(recCtx, m.ID, members[0].ID, Apologies); err != nil {
		t.Fatal(err)
	}
	recPerson(t, s, "Dan", f.ID) // joins after the meeting was made
	m.Venue = "New room"
	if err := s.SaveMeeting(recCtx, &m); err != nil {
		t.Fatal(err)
	}
	reg, _ = s.Register(recCtx, m.ID)
	got := map[string]Attendance{}
	for _, e := range reg {
		got[e.Name] = e.Status
	}
	if got["Ann"] != Apologies || got["Bob"] != Invited || got["Dan"] != "" || len(got) != 4 {
		t.Errorf("register after update = %v", got)
	}
	recWantRows(t, s, map[string]int{"attendance": 3})
	// A forum with no members gets a meeting with an empty register.
	em := recMeeting(t, s, recForum(t, s, "Empty").ID, recLondon(2026, 7, 2, 13, 0))
	if reg, err := s.Register(recCtx, em.ID); err != nil || len(reg) != 0 {
		t.Errorf("empty forum register = %+v, %v", reg, err)
	}
}

func TestRegisterMembersAndVisitors(t *testing.T) {
	s := recOpen(t)
	f := recForum(t, s, "Group")
	ann := recPerson(t, s, "Ann", f.ID)
	m := recMeeting(t, s, f.ID, recLondon(2026, 7, 1, 13, 0))
	zoe := Person{Name: "Zoe Visitor", PreferredName: "Bea"} // sorts by preferred name
	if err := s.SavePerson(recCtx, &zoe, nil); err != nil {
		t.Fatal(err)
	}
	cal := recPerson(t, s, "Cal", f.ID) // joined after the meeting was made
	recPerson(t, s, "Nobody")           // neither member nor on the register
	if err := s.SetAttendance(recCtx, m.ID, zoe.ID, Attended); err != nil {
		t.Fatal(err)
	}
	reg, err := s.Register(recCtx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id     string
		status Attendance
	}{{ann.ID, Invited}, {zoe.ID, Attended}, {cal.ID, ""}}
	if len(reg) != len(want) {
		t.Fatalf("register = %+v", reg)
	}
	for i, w := range want {
		if reg[i].ID != w.id || reg[i].Status != w.status {
			t.Errorf("entry %d = %s %q, want %s %q", i, reg[i].DisplayName(), reg[i].Status, w.id, w.status)
		}
	}
	c := RegisterCounts(reg)
	if c[Invited] != 1 || c[Attended] != 1 || c[""] != 1 {
		t.Errorf("RegisterCounts = %v", c)
	}
	if reg, err := s.Register(recCtx, "no-such-meeting"); err != nil || len(reg) != 0 {
		t.Errorf("register of a missing meeting = %+v, %v", reg, err)
	}
}

func TestSetAttendance(t *testing.T) {
	s := recOpen(t)
	f := recForum(t, s, "Group")
	ann := recPerson(t, s, "Ann", f.ID)
	vis := recPerson(t, s, "Visitor")
	m := recMeeting(t, s, f.ID, recLondon(2026, 7, 1, 13, 0))
	status := func(personID string) (Attendance, int64, int) {
		t.Helper()
		var st Attendance
		var v int64
		err := s.db.QueryRow("SELECT status, version FROM attendance WHERE meeting_id = ? AND person_id = ?", m.ID, personID).Scan(&st, &v)
		n, _ := count(recCtx, s.db, "SELECT count(*) FROM attendance WHERE meeting_id = ? AND person_id = ?", m.ID, personID)
		if err != nil && n != 0 {
			t.Fatal(err)
		}
		return st, v, n
	}
	// Upsert: the invitation becomes confirmed, then attended, one row throughout.
	for i, st := range []Attendance{Confirmed, Attended} {
		if err := s.SetAttendance(recCtx, m.ID, ann.ID, st); err != nil {
			t.Fatal(err)
		}
		got, v, n := status(ann.ID)
		if got != st || n != 1 || v != int64(i+2) {
			t.Errorf("after %s: status %s, version %d, %d rows", st, got, v, n)
		}
	}
	// A visitor gets a new row.
	if err := s.SetAttendance(recCtx, m.ID, vis.ID, Apologies); err != nil {
		t.Fatal(err)
	}
	if got, _, n := status(vis.ID); got != Apologies || n != 1 {
		t.Errorf("visitor: %s, %d rows", got, n)
	}
	// "" takes them off: the visitor disappears from the register, the
	// member stays on it with no status.
	for _, id := range []string{ann.ID, vis.ID} {
		if err := s.SetAttendance(recCtx, m.ID, id, ""); err != nil {
			t.Fatal(err)
		}
		if _, _, n := status(id); n != 0 {
			t.Errorf("%d rows left after removal", n)
		}
	}
	reg, _ := s.Register(recCtx, m.ID)
	if len(reg) != 1 || reg[0].ID != ann.ID || reg[0].Status != "" {
		t.Errorf("register after removals = %+v", reg)
	}
	if err := s.SetAttendance(recCtx, m.ID, vis.ID, ""); err != nil {
		t.Errorf("removing someone not on the register: %v", err)
	}
	if err := s.SetAttendance(recCtx, m.ID, ann.ID, "maybe"); err == nil {
		t.Error("unknown status accepted")
	}
	if err := s.SetAttendance(recCtx, m.ID, "no-such-person", Attended); err == nil {
		t.Error("attendance for a missing person accepted")
	}
	recWantRows(t, s, map[string]int{"attendance": 0})
}

func TestAddToRegister(t *testing.T) {
	s := recOpen(t)
	f := recForum(t, s, "Group")
	m := recMeeting(t, s, f.ID, recLondon(2026, 7, 1, 13, 0))
	p := Person{Name: "New Face", Role: "carer"}
	if err := s.AddToRegister(recCtx, m.ID, &p, Attended); err != nil {
		t.Fatal(err)
	}
	if p.ID == "" || p.Version != 1 || p.Role != RoleCarer {
		t.Errorf("person after AddToRegister = %+v", p)
	}
	if got, err := s.Person(recCtx, p.ID); err != nil || got.Name != "New Face" {
		t.Errorf("stored person = %+v, %v", got, err)
	}
	if members, _ := s.ForumMembers(recCtx, f.ID); len(members) != 1 || members[0].ID != p.ID {
		t.Errorf("members = %+v", members)
	}
	if reg, _ := s.Register(recCtx, m.ID); len(reg) != 1 || reg[0].ID != p.ID || reg[0].Status != Attended {
		t.Errorf("register = %+v", reg)
	}
	before := map[string]int{"people": 1, "memberships": 1, "attendance": 1}
	recWantRows(t, s, before)

	// An invalid person leaves nothing behind.
	var fe *FieldError
	bad := Person{Name: "Bad Email", Email: "not-an-address"}
	if err := s.AddToRegister(recCtx, m.ID, &bad, Attended); !errors.As(err, &fe) || fe.Field != "Email" {
		t.Errorf("invalid person: %v", err)
	}
	if bad.ID != "" {
		t.Error("refused person was given an ID")
	}
	recWantRows(t, s, before)

	// Someone known already is added from People, not made twice.
	twin := Person{Name: "new  face"}
	if err := s.AddToRegister(recCtx, m.ID, &twin, Attended); !errors.As(err, &fe) || fe.Field != "Name" ||
		!strings.Contains(err.Error(), "is in People already") {
		t.Errorf("a second New Face: %v", err)
	}
	recWantRows(t, s, before)

	// So does an unknown status, after the person was inserted in the same
	// transaction; and the caller's person is not marked as saved, so a
	// retry with a good status works.
	retry := Person{Name: "Retry Person"}
	if err := s.AddToRegister(recCtx, m.ID, &retry, "maybe"); err == nil {
		t.Error("unknown status accepted")
	}
	recWantRows(t, s, before)
	if retry.ID != "" || retry.Version != 0 {
		t.Errorf("person from a rolled-back AddToRegister looks saved: %+v", retry.Meta)
	}
	if err := s.AddToRegister(recCtx, m.ID, &retry, Confirmed); err != nil {
		t.Errorf("retry after a refused AddToRegister: %v", err)
	}

	// A missing meeting is not found, and nothing is created.
	ghost := Person{Name: "Ghost"}
	if err := s.AddToRegister(recCtx, "no-such-meeting", &ghost, Attended); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing meeting: %v", err)
	}
	if n, _ := count(recCtx, s.db, "SELECT count(*) FROM people WHERE name = 'Ghost'"); n != 0 {
		t.Error("AddToRegister for a missing meeting created a person")
	}
}

func TestDashboard(t *testing.T) {
	s := recOpen(t) // now: 2026-06-16 10:00 UTC (11:00 London)
	active := recForum(t, s, "Active")
	quiet := recForum(t, s, "Quiet")
	never := recForum(t, s, "Never met")
	edge := recForum(t, s, "Edge")

	held := func(f Forum, start time.Time) Meeting {
		m := recMeeting(t, s, f.ID, start)
		m.Status = MeetingHeld
		if err := s.SaveMeeting(recCtx, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	recent := held(active, recNow.Add(-7*24*time.Hour))
	held(quiet, recNow.Add(-90*24*time.Hour))
	held(edge, recNow.Add(-QuietAfter)) // exactly 60 days: quiet
	held(edge, recNow.Add(-QuietAfter-24*time.Hour))

	// Upcoming: planned and not yet over, soonest first.
	inProgress := recMeeting(t, s, active.ID, recNow.Add(-time.Hour)) // ends in an hour
	tomorrow := recMeeting(t, s, quiet.ID, recNow.Add(24*time.Hour))
	nextWeek := recMeeting(t, s, active.ID, recNow.Add(7*24*time.Hour))
	recMeeting(t, s, active.ID, recNow.Add(-3*time.Hour)) // planned, already over
	cancelled := recMeeting(t, s, active.ID, recNow.Add(2*24*time.Hour))
	cancelled.Status = MeetingCancelled
	if err := s.SaveMeeting(recCtx, &cancelled); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ { // more than the dashboard shows
		recMeeting(t, s, never.ID, recNow.Add(time.Duration(30+i)*24*time.Hour))
	}

	// Due: open, dated, on or before today + 14 days (2026-06-30), overdue first.
	overdue := recAction(t, s, recent.ID, "Overdue", "2026-06-01")
	today := recAction(t, s, recent.ID, "Today", "2026-06-16")
	fortnight := recAction(t, s, recent.ID, "Last day in range", "2026-06-30")
	recAction(t, s, recent.ID, "Too far", "2026-07-01")
	recAction(t, s, recent.ID, "Undated", "")
	done := recAction(t, s, recent.ID, "Done already", "2026-06-02")
	done.Done = true
	if err := s.SaveAction(recCtx, &done); err != nil {
		t.Fatal(err)
	}

	d, err := s.Dashboard(recCtx)
	if err != nil {
		t.Fatal(err)
	}
	if d.Today != "2026-06-16" {
		t.Errorf("Today = %s", d.Today)
	}
	if len(d.Upcoming) != 8 {
		t.Errorf("%d upcoming meetings, want the first 8", len(d.Upcoming))
	}
	for i, want := range []Meeting{inProgress, tomorrow, nextWeek} {
		if i >= len(d.Upcoming) || d.Upcoming[i].ID != want.ID {
			t.Errorf("upcoming[%d] is not the meeting starting %v", i, want.Start)
		}
	}
	if len(d.Upcoming) > 1 && d.Upcoming[1].ForumName != "Quiet" {
		t.Errorf("upcoming[1].ForumName = %q", d.Upcoming[1].ForumName)
	}
	for _, u := range d.Upcoming {
		if u.ID == cancelled.ID || u.Status != MeetingPlanned {
			t.Errorf("dashboard shows %s meeting %v", u.Status, u.Start)
		}
	}

	var due []string
	for _, a := range d.Due {
		due = append(due, a.Description)
		if a.ForumName != "Active" || !a.MeetingStart.Equal(recent.Start) {
			t.Errorf("due action %q: forum %q, meeting %v", a.Description, a.ForumName, a.MeetingStart)
		}
	}
	if got, want := strings.Join(due, "|"), strings.Join([]string{overdue.Description, today.Description, fortnight.Description}, "|"); got != want {
		t.Errorf("due = %s, want %s", got, want)
	}

	var q []string
	for _, f := range d.Quiet {
		q = append(q, f.Name)
	}
	if got := strings.Join(q, "|"); got != "Edge|Never met|Quiet" {
		t.Errorf("quiet = %s, want Edge|Never met|Quiet", got)
	}

	// A week later the in-progress meeting and tomorrow's are past, and
	// the overdue list is the same.
	s.SetClock(func() time.Time { return recNow.Add(8 * 24 * time.Hour) })
	d, err = s.Dashboard(recCtx)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Upcoming) == 0 || d.Upcoming[0].ID == inProgress.ID || d.Upcoming[0].ID == tomorrow.ID {
		t.Errorf("past meetings still upcoming: %+v", d.Upcoming)
	}
	if d.Today != "2026-06-24" {
		t.Errorf("Today = %s", d.Today)
	}
}

func TestDashboardTodayIsLondonDate(t *testing.T) {
	s := recOpen(t)
	// 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
	s.SetClock(func() time.Time { return time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC) })
	d, err := s.Dashboard(recCtx)
	if err != nil {
		t.Fatal(err)
	}
	if d.Today != "2026-07-01" {
		t.Errorf("Today = %s, want 2026-07-01", d.Today)
	}
}

func TestStoredTextIsSanitised(t *testing.T) {
	s := recOpen(t)
	f := Forum{Name: "Group\x1b[2J", Purpose: "Line one\r\nLine two\x07", Venue: "Hall\u202e", Pattern: "Tue\x9b"}
	if err := s.SaveForum(recCtx, &f); err != nil {
		t.Fatal(err)
	}
	p := Person{Name: "Mal\x1b]52;c;ZXZpbA==\x07lory", PreferredName: "Trusted\rEvil",
		Phone: "07700 900123\u202e", Email: "a@example.org", Notes: "hidden\x1b[8m text\r\nnext\x00"}
	if err := s.SavePerson(recCtx, &p, []string{f.ID}); err != nil {
		t.Fatal(err)
	}
	m := Meeting{ForumID: f.ID, Start: recLondon(2026, 7, 1, 13, 0), End: recLondon(2026, 7, 1, 15, 0),
		Venue: "Room\r1", Agenda: "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", Minutes: "ok\u2066"}
	if err := s.SaveMeeting(recCtx, &m); err != nil {
		t.Fatal(err)
	}
	a := Action{MeetingID: m.ID, Description: "Call\x1b[31m them", Owner: "Sam\rBob"}
	if err := s.SaveAction(recCtx, &a); err != nil {
		t.Fatal(err)
	}
	v := Person{Name: "Visitor\x1b[1m", Notes: "x\ry"}
	if err := s.AddToRegister(recCtx, m.ID, &v, Attended); err != nil {
		t.Fatal(err)
	}

	gotP, err := s.Person(recCtx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if gotP.Name != "Mal]52;c;ZXZpbA==lory" {
		t.Errorf("name stored as %q", gotP.Name)
	}
	if gotP.PreferredName != "Trusted Evil" {
		t.Errorf("preferred name stored as %q", gotP.PreferredName)
	}
	if gotP.Notes != "hidden[8m text\nnext" {
		t.Errorf("notes stored as %q", gotP.Notes)
	}

	// Nothing unsafe anywhere in any text column of any table.
	for table, cols := range map[string][]string{
		"forums":   {"name", "purpose", "venue", "pattern"},
		"people":   {"name", "preferred_name", "phone", "email", "consent_date", "notes"},
		"meetings": {"venue", "agenda", "minutes"},
		"actions":  {"description", "owner", "due"},
	} {
		for _, col := range cols {
			rows, err := s.db.Query("SELECT " + col + " FROM " + table)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var v string
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				if i := strings.IndexFunc(v, recUnsafeRune); i >= 0 {
					t.Errorf("%s.%s = %q holds %U", table, col, v, []rune(v[i:])[0])
				}
			}
			rows.Close()
		}
	}
	// Single-line fields hold no line breaks at all.
	if strings.ContainsAny(gotP.Name+gotP.PreferredName+gotP.Phone, "\n\t") {
		t.Errorf("line field holds a line break: %q %q %q", gotP.Name, gotP.PreferredName, gotP.Phone)
	}
}

func recUnsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		return true
	case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
		return true
	}
	return false
}

func recReadIfExists(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// TestPersonImpactCountsMoneyAndTransport: the delete confirmation must say
// that a person's claims, payments, bookings and availability go too.
func TestPersonImpactCountsMoneyAndTransport(t *testing.T) {
	s := recOpen(t)
	p := recPerson(t, s, "Mo")
	if err := s.SetAvailability(recCtx, p.ID, []WeeklySlot{ws(1, 600, 720, AnswerYes)}); err != nil {
		t.Fatal(err)
	}
	c := Claim{PersonID: p.ID, Activity: "Training day", Date: "2026-03-02", Category: CatFare, Amount: 340}
	if err := s.RecordClaim(recCtx, &c); err != nil {
		t.Fatal(err)
	}
	imp, err := s.PersonImpact(recCtx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Access != 1 || imp.Claims != 1 {
		t.Fatalf("impact = %+v", imp)
	}
	if got := imp.String(); !strings.Contains(got, "1 expense claim") || !strings.Contains(got, "1 access and availability record") {
		t.Errorf("impact text %q does not mention the claim and the availability", got)
	}
}

// A forum does not meet twice at the same time: the second is refused
// (a cancelled meeting does not count), and so is moving one onto another.
func TestNoTwoMeetingsOfAForumAtOnce(t *testing.T) {
	s := recOpen(t)
	f := recForum(t, s, "Carers' Voice")
	start := recLondon(2026, 12, 8, 13, 0)
	first := recMeeting(t, s, f.ID, start)
	twin := Meeting{ForumID: f.ID, Start: start, End: start.Add(2 * time.Hour)}
	var fe *FieldError
	if err := s.SaveMeeting(recCtx, &twin); !errors.As(err, &fe) || !strings.Contains(err.Error(), "already meets at that time (Tue 8 Dec 2026, 13:00)") {
		t.Fatalf("a second meeting at the same time: %v", err)
	}
	other := recMeeting(t, s, f.ID, start.Add(24*time.Hour))
	other.Start, other.End = start, start.Add(time.Hour)
	if err := s.SaveMeeting(recCtx, &other); err == nil {
		t.Error("a meeting moved onto another was saved")
	}
	first.Status = MeetingCancelled
	if err := s.SaveMeeting(recCtx, &first); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveMeeting(recCtx, &twin); err != nil {
		t.Errorf("a meeting in the place of a cancelled one: %v", err)
	}
}

func TestUsualTimes(t *testing.T) {
	for _, c := range []struct {
		pattern, start, end string
		ok                  bool
	}{
		{"monthly, first Tuesday, 13:00–15:00", "13:00", "15:00", true},
		{"Second Tuesday, 13:00", "13:00", "", true},
		{"2nd Wednesday, 1pm to 3.30pm", "13:00", "15:30", true},
		{"every 2 weeks, 10.30am-12:00", "10:30", "12:00", true},
		{"Last Friday, 18:00 - 17:00", "18:00", "", true}, // an end before the start is no end
		{"monthly, first Tuesday", "", "", false},
		{"", "", "", false},
	} {
		start, end, ok := UsualTimes(c.pattern)
		if start != c.start || end != c.end || ok != c.ok {
			t.Errorf("UsualTimes(%q) = %q, %q, %v; want %q, %q, %v", c.pattern, start, end, ok, c.start, c.end, c.ok)
		}
	}
}

// Issue 9, defect 12: a new meeting is offered the forum's usual times.
func TestNewMeetingTimes(t *testing.T) {
	s := recOpen(t)
	times := func(f Forum) string {
		t.Helper()
		a, b, err := s.NewMeetingTimes(recCtx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		return a + "–" + b
	}
	both := Forum{Name: "Both", Pattern: "monthly, first Tuesday, 10:00–12:30"}
	startOnly := Forum{Name: "Start only", Pattern: "Second Tuesday, 18:00"}
	none := Forum{Name: "No time", Pattern: "monthly"}
	for _, f := range []*Forum{&both, &startOnly, &none} {
		if err := s.SaveForum(recCtx, f); err != nil {
			t.Fatal(err)
		}
	}
	if got := times(both); got != "10:00–12:30" {
		t.Errorf("both times in the pattern: %s", got)
	}
	if got := times(startOnly); got != "18:00–20:00" {
		t.Errorf("start only, no meetings yet: %s, want 2 hours", got)
	}
	if got := times(none); got != "13:00–15:00" {
		t.Errorf("no time, no meetings: %s", got)
	}
	// The latest meeting's length (or times, when the pattern has none).
	for _, f := range []Forum{startOnly, none} {
		m := Meeting{ForumID: f.ID, Start: recLondon(2026, 3, 10, 11, 0), End: recLondon(2026, 3, 10, 12, 30)}
		if err := s.SaveMeeting(recCtx, &m); err != nil {
			t.Fatal(err)
		}
	}
	if got := times(startOnly); got != "18:00–19:30" {
		t.Errorf("start only, last meeting 90 minutes: %s", got)
	}
	if got := times(none); got != "11:00–12:30" {
		t.Errorf("no time, from the last meeting: %s", got)
	}
}
