package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/civil"
)

// contactWorld is a forum with a senior officer, a service user and a
// meeting held a month before recNow (16 June 2026), with the officer
// invited.
type contactWorld struct {
	s               *Store
	forum           Forum
	officer, member Person
	meeting         Meeting
	meetingDay      civil.Date
	ctx             context.Context
	otherForum      Forum
}

func newContactWorld(t *testing.T) *contactWorld {
	t.Helper()
	w := &contactWorld{s: recOpen(t), ctx: context.Background()}
	w.forum = Forum{Name: "Tuesday Forum"}
	w.otherForum = Forum{Name: "Carers' Voice"}
	for _, f := range []*Forum{&w.forum, &w.otherForum} {
		if err := w.s.SaveForum(w.ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	w.officer = Person{Name: "Amir Patel", PreferredName: "Dr Patel", Role: RoleSeniorOfficer}
	w.member = Person{Name: "Jo Bloggs", Role: RoleServiceUser}
	for _, p := range []*Person{&w.officer, &w.member} {
		if err := w.s.SavePerson(w.ctx, p, []string{w.forum.ID}); err != nil {
			t.Fatal(err)
		}
	}
	w.meeting = Meeting{ForumID: w.forum.ID, Status: MeetingHeld,
		Start: time.Date(2026, 5, 12, 13, 0, 0, 0, London), End: time.Date(2026, 5, 12, 15, 0, 0, 0, London)}
	if err := w.s.SaveMeeting(w.ctx, &w.meeting); err != nil {
		t.Fatal(err)
	}
	w.meetingDay = civil.MustParse("2026-05-12")
	return w
}

func (w *contactWorld) last(t *testing.T, forumID string) ForumContact {
	t.Helper()
	fc, err := w.s.ForumOfficerContact(w.ctx, forumID)
	if err != nil {
		t.Fatal(err)
	}
	return fc
}

func (w *contactWorld) contacts(t *testing.T, f ContactFilter) []Contact {
	t.Helper()
	cs, err := w.s.Contacts(w.ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// A senior officer's attendance at a forum meeting is a contact, read from
// the register: marking them attended makes it, taking the mark back
// unmakes it, and the forum's "last met a senior officer" follows.
func TestOfficerAttendanceIsAContact(t *testing.T) {
	w := newContactWorld(t)
	s, ctx := w.s, w.ctx
	if fc := w.last(t, w.forum.ID); !fc.Last.IsZero() || fc.Months != -1 || !fc.Over || fc.Since() != "never" {
		t.Fatalf("before anyone attended: %+v", fc)
	}
	if cs := w.contacts(t, ContactFilter{ForumID: w.forum.ID}); len(cs) != 0 {
		t.Fatalf("an invitation is a contact: %+v", cs)
	}
	// A service user attending is not a senior officer's contact.
	if err := s.SetAttendance(ctx, w.meeting.ID, w.member.ID, Attended); err != nil {
		t.Fatal(err)
	}
	if cs := w.contacts(t, ContactFilter{}); len(cs) != 0 {
		t.Fatalf("a service user's attendance is a contact: %+v", cs)
	}
	if err := s.SetAttendance(ctx, w.meeting.ID, w.officer.ID, Attended); err != nil {
		t.Fatal(err)
	}
	cs := w.contacts(t, ContactFilter{ForumID: w.forum.ID})
	if len(cs) != 1 {
		t.Fatalf("contacts after the officer attended: %+v", cs)
	}
	c := cs[0]
	if c.Kind != ContactAtMeeting || !c.Derived() || c.Date != w.meetingDay || c.OfficerID != w.officer.ID ||
		c.OfficerName != "Dr Patel" || c.MeetingID != w.meeting.ID || len(c.Forums) != 1 || c.Forums[0] != "Tuesday Forum" {
		t.Errorf("the contact: %+v", c)
	}
	fc := w.last(t, w.forum.ID)
	if fc.Last != w.meetingDay || fc.Months != 1 || fc.Over || fc.Since() != "1 month ago" {
		t.Errorf("last met: %+v", fc)
	}
	// The other forum did not meet them.
	if fc := w.last(t, w.otherForum.ID); !fc.Last.IsZero() {
		t.Errorf("the other forum: %+v", fc)
	}
	// Logged only: the attendance is left out.
	if cs := w.contacts(t, ContactFilter{Logged: true}); len(cs) != 0 {
		t.Errorf("Logged lists an attendance: %+v", cs)
	}
	// A date range in London days: the meeting's day is in, the day after not.
	if cs := w.contacts(t, ContactFilter{From: w.meetingDay, To: w.meetingDay}); len(cs) != 1 {
		t.Errorf("on the day: %d contacts", len(cs))
	}
	if cs := w.contacts(t, ContactFilter{From: w.meetingDay.AddDays(1)}); len(cs) != 0 {
		t.Errorf("from the day after: %d contacts", len(cs))
	}

	// The mark taken back (a slip on the register): no contact any more.
	if err := s.SetAttendance(ctx, w.meeting.ID, w.officer.ID, Apologies); err != nil {
		t.Fatal(err)
	}
	if cs := w.contacts(t, ContactFilter{}); len(cs) != 0 {
		t.Errorf("apologies are a contact: %+v", cs)
	}
	if fc := w.last(t, w.forum.ID); !fc.Last.IsZero() {
		t.Errorf("last met after the mark was taken back: %+v", fc)
	}

	// Attended again, then the meeting is called off: not a contact.
	if err := s.SetAttendance(ctx, w.meeting.ID, w.officer.ID, Attended); err != nil {
		t.Fatal(err)
	}
	m, _ := s.Meeting(ctx, w.meeting.ID)
	m.Status = MeetingCancelled
	if err := s.SaveMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if fc := w.last(t, w.forum.ID); !fc.Last.IsZero() {
		t.Errorf("a cancelled meeting counts: %+v", fc)
	}
	m.Status = MeetingHeld
	if err := s.SaveMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	// Their role is read as it is now: no longer a senior officer, no
	// longer a contact.
	p, _ := s.Person(ctx, w.officer.ID)
	p.Role = RoleWorker
	if err := s.SavePerson(ctx, &p, nil); err != nil {
		t.Fatal(err)
	}
	if cs := w.contacts(t, ContactFilter{}); len(cs) != 0 {
		t.Errorf("a worker's attendance is a senior officer's contact: %+v", cs)
	}
}

// A meeting not yet come (marked attended by mistake) does not make the
// forum's last meeting with an officer lie in the future.
func TestOfficerContactIgnoresFutureMeetings(t *testing.T) {
	w := newContactWorld(t)
	future := Meeting{ForumID: w.forum.ID, Start: time.Date(2026, 7, 14, 13, 0, 0, 0, London), End: time.Date(2026, 7, 14, 15, 0, 0, 0, London)}
	if err := w.s.SaveMeeting(w.ctx, &future); err != nil {
		t.Fatal(err)
	}
	if err := w.s.SetAttendance(w.ctx, future.ID, w.officer.ID, Attended); err != nil {
		t.Fatal(err)
	}
	if fc := w.last(t, w.forum.ID); !fc.Last.IsZero() {
		t.Errorf("a meeting still to come counts: %+v", fc)
	}
}

func TestLoggedContactWithCommitment(t *testing.T) {
	w := newContactWorld(t)
	s, ctx := w.s, w.ctx
	c := Contact{Kind: ContactVisit, Date: civil.MustParse("2026-06-02"), OfficerID: w.officer.ID,
		Organisation: "Public Health", Title: "Director of Public Health",
		ForumIDs: []string{w.forum.ID, w.otherForum.ID, w.forum.ID}, Topics: "Needle exchange \x1b[31mopening hours"}
	if err := s.SaveContact(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if c.ID == "" || c.Version != 1 || c.OfficerName != "Dr Patel" || len(c.ForumIDs) != 2 ||
		strings.Join(c.Forums, ", ") != "Carers' Voice, Tuesday Forum" || c.Topics != "Needle exchange [31mopening hours" {
		t.Fatalf("saved contact: %+v", c)
	}
	// The officer's name comes from People: it is not stored twice.
	var stored string
	if err := s.db.QueryRow("SELECT officer_name FROM contacts WHERE id = ?", c.ID).Scan(&stored); err != nil || stored != "" {
		t.Errorf("officer_name stored as %q (%v)", stored, err)
	}

	// The officer's commitment is an action of the contact.
	a := Action{ContactID: c.ID, Description: "Extend the needle exchange's hours", Owner: "Dr Patel", Due: "2026-06-20"}
	if err := s.SaveAction(ctx, &a); err != nil {
		t.Fatal(err)
	}
	acts, err := s.ContactActions(ctx, c.ID)
	if err != nil || len(acts) != 1 || acts[0].ContactID != c.ID || acts[0].MeetingID != "" {
		t.Fatalf("ContactActions = %+v, %v", acts, err)
	}
	if ma, _ := s.MeetingActions(ctx, w.meeting.ID); len(ma) != 0 {
		t.Errorf("the commitment is a meeting's action: %+v", ma)
	}
	// It shows among the actions due, saying where it came from.
	d, err := s.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var due *ActionSummary
	for i := range d.Due {
		if d.Due[i].ID == a.ID {
			due = &d.Due[i]
		}
	}
	if due == nil {
		t.Fatalf("the commitment is not on the dashboard: %+v", d.Due)
	}
	if due.ContactKind != ContactVisit || due.OfficerName != "Dr Patel" || due.Organisation != "Public Health" || due.ForumName != "" {
		t.Errorf("due commitment: %+v", due)
	}
	// With its count of open commitments in the list.
	cs := w.contacts(t, ContactFilter{ForumID: w.otherForum.ID})
	if len(cs) != 1 || cs[0].ID != c.ID || cs[0].Open != 1 || cs[0].Kind != ContactVisit {
		t.Errorf("the other forum's contacts: %+v", cs)
	}
	// A visit is meeting the forum.
	if fc := w.last(t, w.otherForum.ID); fc.Last != c.Date || fc.Months != 0 || fc.Over || fc.Since() != "less than a month ago" {
		t.Errorf("last met: %+v", fc)
	}

	// An action belongs to a meeting or a contact: not both, not neither.
	for _, bad := range []Action{
		{Description: "Neither"},
		{Description: "Both", MeetingID: w.meeting.ID, ContactID: c.ID},
		{Description: "Gone", ContactID: "no-such-contact"},
	} {
		if err := s.SaveAction(ctx, &bad); err == nil {
			t.Errorf("saved an action of %q", bad.Description)
		}
	}

	// An edit: forums replaced, a stale edit refused.
	stale := c
	c.ForumIDs = []string{w.forum.ID}
	c.Kind = ContactOneToOne
	if err := s.SaveContact(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if c.Version != 2 || len(c.Forums) != 1 || c.Forums[0] != "Tuesday Forum" {
		t.Errorf("after the edit: %+v", c)
	}
	stale.Topics = "overwritten"
	if err := s.SaveContact(ctx, &stale); !errors.Is(err, ErrConflict) {
		t.Errorf("a stale edit: %v", err)
	}

	// Deleting the contact takes its commitments with it.
	imp, err := s.ContactImpact(ctx, c.ID)
	if err != nil || imp.Actions != 1 || imp.String() != "also removes 1 action" {
		t.Errorf("ContactImpact = %+v (%q), %v", imp, imp.String(), err)
	}
	if err := s.DeleteContact(ctx, c.ID, c.Version); err != nil {
		t.Fatal(err)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM actions WHERE contact_id IS NOT NULL"); n != 0 {
		t.Errorf("%d commitments left after the contact was deleted", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM contact_forums"); n != 0 {
		t.Errorf("%d forum links left", n)
	}
}

func TestContactValidation(t *testing.T) {
	w := newContactWorld(t)
	s, ctx := w.s, w.ctx
	ok := func() Contact {
		return Contact{Kind: ContactVisit, Date: civil.MustParse("2026-06-01"), OfficerName: "Sam Reid",
			Organisation: "City Council", ForumIDs: []string{w.forum.ID}}
	}
	for _, c := range []struct {
		name, field string
		change      func(*Contact)
	}{
		{"no kind", "Kind", func(c *Contact) { c.Kind = "" }},
		{"bad kind", "Kind", func(c *Contact) { c.Kind = "phone call" }},
		{"no date", "Date", func(c *Contact) { c.Date = civil.Date{} }},
		{"not a day", "Date", func(c *Contact) { c.Date = civil.Date{Year: 2026, Month: 2, Day: 30} }},
		{"tomorrow", "Date", func(c *Contact) { c.Date = civil.MustParse("2026-06-17") }},
		{"no officer", "Officer", func(c *Contact) { c.OfficerName = "  " }},
		{"not a senior officer", "Officer", func(c *Contact) { c.OfficerName, c.OfficerID = "", w.member.ID }},
		{"officer gone", "Officer", func(c *Contact) { c.OfficerName, c.OfficerID = "", "no-such-person" }},
		{"forum gone", "Forums", func(c *Contact) { c.ForumIDs = []string{"no-such-forum"} }},
		{"topics too long", "Topics", func(c *Contact) { c.Topics = strings.Repeat("x", maxContactTopics+1) }},
	} {
		v := ok()
		c.change(&v)
		err := s.SaveContact(ctx, &v)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("%s: %v, want a problem with %s", c.name, err, c.field)
		}
		if v.ID != "" {
			t.Errorf("%s: the contact was given an id", c.name)
		}
	}
	if n := demoCount(t, s, "SELECT count(*) FROM contacts"); n != 0 {
		t.Errorf("%d contacts saved by refused saves", n)
	}
	// Kinds by label; today is fine.
	v := ok()
	v.Kind, v.Date = "Written reply", civil.MustParse("2026-06-16")
	if err := s.SaveContact(ctx, &v); err != nil || v.Kind != ContactWritten {
		t.Errorf("a written reply today: %v, %+v", err, v)
	}
	// A written reply is not meeting the forum.
	if fc := w.last(t, w.forum.ID); !fc.Last.IsZero() {
		t.Errorf("a written reply counts as meeting: %+v", fc)
	}
}

// Erasing the officer leaves the contact (the forum's history), unnamed.
func TestContactOutlivesErasedOfficer(t *testing.T) {
	w := newContactWorld(t)
	s, ctx := w.s, w.ctx
	c := Contact{Kind: ContactBoard, Date: civil.MustParse("2026-04-01"), OfficerID: w.officer.ID, ForumIDs: []string{w.forum.ID}}
	if err := s.SaveContact(ctx, &c); err != nil {
		t.Fatal(err)
	}
	p, _ := s.Person(ctx, w.officer.ID)
	if err := s.DeletePerson(ctx, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	got, err := s.Contact(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.OfficerID != "" || got.OfficerName != "" || got.Kind != ContactBoard {
		t.Errorf("after erasing the officer: %+v", got)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM contacts WHERE officer_name LIKE '%Patel%'"); n != 0 {
		t.Error("the erased officer's name is still stored")
	}
}

// The target is 3 months unless set; a forum is past it the day after the
// same day three months on.
func TestOfficerContactTarget(t *testing.T) {
	w := newContactWorld(t) // today is 16 June 2026
	s, ctx := w.s, w.ctx
	if n, err := s.OfficerContactTarget(ctx); err != nil || n != 3 {
		t.Fatalf("target = %d, %v", n, err)
	}
	log := func(date string) Contact {
		c := Contact{Kind: ContactVisit, Date: civil.MustParse(date), OfficerName: "Sam Reid", ForumIDs: []string{w.forum.ID}}
		if err := s.SaveContact(ctx, &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := log("2026-03-15")
	if fc := w.last(t, w.forum.ID); fc.Months != 3 || !fc.Over || fc.Target != 3 {
		t.Errorf("met 15 March: %+v", fc)
	}
	d, err := s.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d.OfficerTarget != 3 || len(d.OfficerGaps) != 2 || d.OfficerGaps[0].ForumName != "Carers' Voice" || d.OfficerGaps[1].ForumName != "Tuesday Forum" {
		t.Errorf("dashboard gaps (never first): %+v", d.OfficerGaps)
	}
	c.Date = civil.MustParse("2026-03-16")
	if err := s.SaveContact(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if fc := w.last(t, w.forum.ID); fc.Months != 3 || fc.Over {
		t.Errorf("met 16 March, exactly three months ago: %+v", fc)
	}
	if err := s.SetOfficerContactTarget(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if fc := w.last(t, w.forum.ID); !fc.Over || fc.Target != 2 {
		t.Errorf("with a target of 2 months: %+v", fc)
	}
	for _, bad := range []int{0, -1, 37} {
		if err := s.SetOfficerContactTarget(ctx, bad); err == nil {
			t.Errorf("target %d accepted", bad)
		}
	}
	if err := s.SetSetting(ctx, SettingOfficerContactMonths, "soon"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OfficerContactTarget(ctx); err == nil || !strings.Contains(err.Error(), SettingOfficerContactMonths) {
		t.Errorf("a bad setting: %v", err)
	}
}

func TestParseContactKind(t *testing.T) {
	for in, want := range map[string]ContactKind{
		"visit": ContactVisit, "Visit": ContactVisit, "one-to-one": ContactOneToOne, "One to one": ContactOneToOne,
		"one_to_one": ContactOneToOne, "Board seat": ContactBoard, "board": ContactBoard, "written": ContactWritten,
		"Written reply": ContactWritten, "letter": ContactWritten,
	} {
		if got, err := ParseContactKind(in); err != nil || got != want {
			t.Errorf("ParseContactKind(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "meeting", "phone"} {
		if _, err := ParseContactKind(bad); err == nil {
			t.Errorf("ParseContactKind(%q) accepted", bad)
		}
	}
}

// A database from before contacts keeps its actions, now belonging to their
// meetings and no contact.
func TestMigrateActionsForContacts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "involve.db")
	if err := createPrivate(path); err != nil {
		t.Fatal(err)
	}
	db := recRawDB(t, path)
	old := &Store{db: db, path: path, now: func() time.Time { return recNow }}
	before := migrationBefore(t, "influence")
	if err := old.migrateTo(ctx, before); err != nil {
		t.Fatal(err)
	}
	stamp := ts(recNow)
	for _, q := range []string{
		`INSERT INTO forums (id, name, created_at, updated_at) VALUES ('f1', 'Tuesday Forum', '` + stamp + `', '` + stamp + `')`,
		`INSERT INTO meetings (id, forum_id, starts_at, ends_at, status, created_at, updated_at)
			VALUES ('m1', 'f1', '2026-05-12T12:00:00Z', '2026-05-12T14:00:00Z', 'held', '` + stamp + `', '` + stamp + `')`,
		`INSERT INTO actions (id, meeting_id, description, owner, due, done, created_at, updated_at, version)
			VALUES ('a1', 'm1', 'Book the room', 'Coordinator', '2026-06-01', 1, '` + stamp + `', '` + stamp + `', 4)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s := recOpenPath(t, path)
	acts, err := s.MeetingActions(ctx, "m1")
	if err != nil || len(acts) != 1 {
		t.Fatalf("after migrating: %+v, %v", acts, err)
	}
	if a := acts[0]; a.ID != "a1" || a.MeetingID != "m1" || a.ContactID != "" || a.Description != "Book the room" ||
		a.Owner != "Coordinator" || a.Due != "2026-06-01" || !a.Done || a.Version != 4 {
		t.Errorf("the action after migrating: %+v", a)
	}
	r, err := s.Check(ctx)
	if err != nil || !r.OK() {
		t.Errorf("check after migrating: %+v, %v", r.Problems, err)
	}
	// Deleting the meeting still takes its actions.
	if _, err := s.db.Exec("DELETE FROM meetings WHERE id = 'm1'"); err != nil {
		t.Fatal(err)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM actions"); n != 0 {
		t.Errorf("%d actions left after their meeting was deleted", n)
	}
}

// migrationBefore is the schema version just before the migration whose
// file name contains name (the lead renumbers migrations at merge, so tests
// never name a version).
func migrationBefore(t *testing.T, name string) int {
	t.Helper()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if strings.Contains(m.name, name) {
			return m.version - 1
		}
	}
	t.Fatalf("no migration named %q", name)
	return 0
}

// The export lists logged contacts as stored, and the forums they were with.
func TestExportContacts(t *testing.T) {
	w := newContactWorld(t)
	w.s.SetClock(func() time.Time { return time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC) })
	c := Contact{Kind: ContactOneToOne, Date: civil.MustParse("2026-03-01"), OfficerID: w.officer.ID,
		Organisation: "NHS Trust", ForumIDs: []string{w.forum.ID}, Topics: "Waiting times"}
	if err := w.s.SaveContact(w.ctx, &c); err != nil {
		t.Fatal(err)
	}
	a := Action{ContactID: c.ID, Description: "Write to the forum", Due: "2026-04-01"}
	if err := w.s.SaveAction(w.ctx, &a); err != nil {
		t.Fatal(err)
	}
	doc, _ := decodeExport(t, w.s)
	cs := exportList(t, doc, "contacts")
	if len(cs) != 1 || cs[0]["id"] != c.ID || cs[0]["kind"] != "one_to_one" || cs[0]["date"] != "2026-03-01" ||
		cs[0]["officer_id"] != w.officer.ID || cs[0]["officer_name"] != "" || cs[0]["organisation"] != "NHS Trust" ||
		cs[0]["consultation_id"] != "" {
		t.Errorf("contacts exported as %v", cs)
	}
	links := exportList(t, doc, "contact_forums")
	if len(links) != 1 || links[0]["contact_id"] != c.ID || links[0]["forum_id"] != w.forum.ID {
		t.Errorf("contact_forums exported as %v", links)
	}
	var found bool
	for _, x := range exportList(t, doc, "actions") {
		if x["id"] == a.ID {
			found = x["contact_id"] == c.ID && x["meeting_id"] == ""
		}
	}
	if !found {
		t.Errorf("the commitment is not exported with its contact: %v", exportList(t, doc, "actions"))
	}
}

// The officers' meetings are read from the count each meeting keeps of
// the senior officers who came (officers, kept by triggers) rather than
// through the view officer_attendance, for speed: each forum's latest is
// the view's (with the meetings that still count an officer erased since),
// on the demo, on many days, for every forum and for each one, and every
// meeting's count is its register's, as the register and People change
// through the store: a meeting cancelled, an officer marked attended, the
// mark changed, taken off the register, an officer's role changed, a user
// made a senior officer, an officer erased.
func TestOfficerMeetingsMatchTheView(t *testing.T) {
	s := openDemo(t, 1500, 2)
	ctx := context.Background()
	now := ts(demoTestNow)
	read := func(q string, args ...any) map[string]string {
		t.Helper()
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var forum, last string
			if err := rows.Scan(&forum, &last); err != nil {
				t.Fatal(err)
			}
			out[forum] = last
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	one := func(q string, args ...any) []string {
		t.Helper()
		row := s.db.QueryRowContext(ctx, q, args...)
		var a, b, c string
		if err := row.Scan(&a, &b, &c); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return []string{a, b, c}
	}
	view := `SELECT forum_id, max(starts_at) FROM (SELECT forum_id, starts_at FROM officer_attendance
		UNION ALL SELECT forum_id, starts_at FROM meetings WHERE former_officers > 0 AND status != 'cancelled')
		WHERE starts_at <= ?1`
	check := func(step string) map[string]string {
		t.Helper()
		if n := demoCount(t, s, `SELECT count(*) FROM meetings m WHERE officers != (SELECT count(*)
			FROM attendance a JOIN people p ON p.id = a.person_id
			WHERE a.meeting_id = m.id AND a.status = 'attended' AND p.role = 'senior_officer')`); n != 0 {
			t.Errorf("%s: %d meetings count their senior officers wrongly", step, n)
		}
		seen := map[string]bool{}
		for _, months := range []int{-24, -12, -6, -1, 0, 1, 3, 6, 12} {
			day := ts(demoTestNow.AddDate(0, months, 0))
			want := read(view+" GROUP BY forum_id", day)
			got := read(`SELECT id, last FROM (SELECT f.id, `+officerMeetingSQL+` AS last FROM forums f) WHERE last IS NOT NULL`, day)
			seen[fmt.Sprint(want)] = true
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %s: the officers' meetings by forum\n%v\nwant (the view)\n%v", step, day, got, want)
			}
			for forum := range want {
				one := read(`SELECT f.id, `+officerMeetingSQL+` FROM forums f WHERE f.id = ?2`, day, forum)
				if len(one) != 1 || one[forum] != want[forum] {
					t.Errorf("%s, %s, forum %s alone: %v, want %s", step, day, forum, one, want[forum])
				}
			}
		}
		if len(seen) < 5 {
			t.Errorf("%s: the days tried gave only %d different answers", step, len(seen))
		}
		return read(view+" GROUP BY forum_id", now)
	}
	// changed checks that a step changed (or kept) a forum's answer today.
	changed := func(step string, before, after map[string]string, forum string, want bool) {
		t.Helper()
		if (before[forum] != after[forum]) != want {
			t.Errorf("%s: forum %s's latest meeting with an officer went from %q to %q", step, forum, before[forum], after[forum])
		}
	}
	// latestSole is the line of a forum's latest meeting with one officer
	// alone up to today: its meeting, officer and forum.
	latestSole := func(skip ...string) []string {
		t.Helper()
		q := `SELECT o.meeting_id, o.officer_id, o.forum_id FROM officer_attendance o
			JOIN meetings g ON g.id = o.meeting_id AND g.officers = 1 AND g.former_officers = 0
			WHERE o.starts_at = (SELECT max(starts_at) FROM officer_attendance x WHERE x.forum_id = o.forum_id AND x.starts_at <= ?1)
			AND o.forum_id NOT IN ('` + strings.Join(append(skip, ""), "', '") + `')
			AND (SELECT count(*) FROM officer_attendance x WHERE x.forum_id = o.forum_id AND x.starts_at <= ?1) > 1
			ORDER BY o.forum_id LIMIT 1`
		return one(q, now)
	}
	before := check("the demo as written")

	// Some forums' latest meeting with an officer was cancelled after:
	// it no longer counts.
	cancelled := latestSole()
	m, err := s.Meeting(ctx, cancelled[0])
	if err != nil {
		t.Fatal(err)
	}
	m.Status = MeetingCancelled
	if err := s.SaveMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE meetings SET status = 'cancelled' WHERE id IN (
		SELECT o.meeting_id FROM officer_attendance o WHERE o.starts_at = (SELECT max(starts_at)
			FROM officer_attendance x WHERE x.forum_id = o.forum_id AND x.starts_at <= ?) LIMIT 10)`, now); err != nil {
		t.Fatal(err)
	}
	after := check("meetings cancelled")
	changed("a meeting cancelled", before, after, cancelled[2], true)
	before = after

	// A forum's latest meeting up to today that met no officer; an officer
	// marked attended there, the mark changed, put back, taken off.
	target := one(`SELECT g.id, g.forum_id, '' FROM meetings g WHERE g.status != 'cancelled' AND g.starts_at <= ?1
		AND g.officers = 0 AND g.former_officers = 0
		AND g.starts_at > coalesce((SELECT max(starts_at) FROM officer_attendance x WHERE x.forum_id = g.forum_id AND x.starts_at <= ?1), '')
		ORDER BY g.starts_at DESC LIMIT 1`, now)
	officer := one(`SELECT id, '', '' FROM people WHERE role = 'senior_officer' ORDER BY id LIMIT 1`)[0]
	for _, step := range []struct {
		name   string
		status Attendance
		moved  bool
	}{
		{"an officer marked invited", Invited, false},
		{"an officer marked attended", Attended, true},
		{"their mark changed to apologies", Apologies, true},
		{"their mark changed to did not attend", DidNotAttend, false},
		{"marked attended again", Attended, true},
		{"taken off the register", "", true},
	} {
		if err := s.SetAttendance(ctx, target[0], officer, step.status); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		after := check(step.name)
		changed(step.name, before, after, target[1], step.moved)
		before = after
	}

	// An officer who is no longer one: their meetings no longer count.
	demoted := latestSole(cancelled[2], target[1])
	p, err := s.Person(ctx, demoted[1])
	if err != nil {
		t.Fatal(err)
	}
	p.Role = RoleServiceUser
	if err := s.SavePerson(ctx, &p, nil); err != nil {
		t.Fatal(err)
	}
	after = check("an officer's role changed")
	changed("an officer's role changed", before, after, demoted[2], true)
	before = after

	// A service user who came to a later meeting becomes a senior officer.
	user := one(`SELECT a.person_id, g.forum_id, '' FROM attendance a JOIN people p ON p.id = a.person_id
		JOIN meetings g ON g.id = a.meeting_id
		WHERE p.role = 'service_user' AND a.status = 'attended' AND g.status != 'cancelled' AND g.starts_at <= ?1
		AND g.starts_at > coalesce((SELECT max(starts_at) FROM officer_attendance x WHERE x.forum_id = g.forum_id AND x.starts_at <= ?1), '')
		ORDER BY a.person_id LIMIT 1`, now)
	if p, err = s.Person(ctx, user[0]); err != nil {
		t.Fatal(err)
	}
	p.Role = RoleSeniorOfficer
	if err := s.SavePerson(ctx, &p, nil); err != nil {
		t.Fatal(err)
	}
	after = check("a user made a senior officer")
	changed("a user made a senior officer", before, after, user[1], true)
	before = after

	// An officer erased: their meetings still count, as former officers.
	erased := latestSole(cancelled[2], target[1], demoted[2], user[1])
	if p, err = s.Person(ctx, erased[1]); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePerson(ctx, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	if n := demoCount(t, s, "SELECT former_officers FROM meetings WHERE id = ?", erased[0]); n != 1 {
		t.Errorf("the erased officer's meeting counts %d former officers", n)
	}
	after = check("an officer erased")
	changed("an officer erased", before, after, erased[2], false)

	// The dashboard's figure follows.
	fcs, err := s.OfficerContacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, fc := range fcs {
		if last, ok := after[fc.ForumID]; ok && fc.Last.Before(civil.In(parseTS(last), London)) {
			t.Errorf("%s last met an officer on %s, before the meeting of %s", fc.ForumName, fc.Last, last)
		}
	}
}

// A database from before meetings counted their senior officers gets its
// counts from the registers (the erased ones stay in former_officers);
// deleting a senior officer's row outright, which takes their register
// with it, takes them off the count; and the dashboard reads the count
// from its index.
func TestMigrateOfficersAttended(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "involve.db")
	if err := createPrivate(path); err != nil {
		t.Fatal(err)
	}
	db := recRawDB(t, path)
	old := &Store{db: db, path: path, now: func() time.Time { return recNow }}
	if err := old.migrateTo(ctx, migrationBefore(t, "officers_attended")); err != nil {
		t.Fatal(err)
	}
	stamp := ts(recNow)
	meta := "'" + stamp + "', '" + stamp + "'"
	for _, q := range []string{
		`INSERT INTO forums (id, name, created_at, updated_at) VALUES ('f1', 'Tuesday Forum', ` + meta + `)`,
		`INSERT INTO people (id, name, role, created_at, updated_at) VALUES
			('o1', 'Dr Patel', 'senior_officer', ` + meta + `), ('o2', 'Ms Reid', 'senior_officer', ` + meta + `),
			('u1', 'Jo Bloggs', 'service_user', ` + meta + `)`,
		`INSERT INTO meetings (id, forum_id, starts_at, ends_at, status, former_officers, created_at, updated_at) VALUES
			('m1', 'f1', '2026-03-10T12:00:00Z', '2026-03-10T14:00:00Z', 'held', 0, ` + meta + `),
			('m2', 'f1', '2026-04-14T12:00:00Z', '2026-04-14T14:00:00Z', 'held', 0, ` + meta + `),
			('m3', 'f1', '2026-05-12T12:00:00Z', '2026-05-12T14:00:00Z', 'held', 1, ` + meta + `),
			('m4', 'f1', '2026-06-09T12:00:00Z', '2026-06-09T14:00:00Z', 'cancelled', 0, ` + meta + `)`,
		`INSERT INTO attendance (id, meeting_id, person_id, status, created_at, updated_at) VALUES
			('a1', 'm1', 'o1', 'attended', ` + meta + `), ('a2', 'm1', 'o2', 'attended', ` + meta + `),
			('a3', 'm1', 'u1', 'attended', ` + meta + `), ('a4', 'm2', 'o1', 'apologies', ` + meta + `),
			('a5', 'm2', 'u1', 'attended', ` + meta + `), ('a6', 'm3', 'u1', 'attended', ` + meta + `),
			('a7', 'm4', 'o2', 'attended', ` + meta + `)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s := recOpenPath(t, path)
	s.SetClock(func() time.Time { return recNow })
	counts := func() string {
		t.Helper()
		rows, err := s.db.QueryContext(ctx, "SELECT id, officers, former_officers FROM meetings ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id string
			var n, former int
			if err := rows.Scan(&id, &n, &former); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%s:%d+%d", id, n, former))
		}
		return strings.Join(out, " ")
	}
	if got, want := counts(), "m1:2+0 m2:0+0 m3:0+1 m4:1+0"; got != want {
		t.Errorf("after migrating: %s, want %s", got, want)
	}
	// m3 (an officer erased since) is the latest that counts; m4 was
	// cancelled.
	if fc, err := s.ForumOfficerContact(ctx, "f1"); err != nil || fc.Last != civil.MustParse("2026-05-12") {
		t.Errorf("after migrating, the forum last met an officer: %+v, %v", fc, err)
	}
	if _, err := s.db.ExecContext(ctx, "DELETE FROM people WHERE id IN ('o1', 'o2')"); err != nil {
		t.Fatal(err)
	}
	if got, want := counts(), "m1:0+0 m2:0+0 m3:0+1 m4:0+0"; got != want {
		t.Errorf("after deleting the officers' rows: %s, want %s", got, want)
	}
	rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN SELECT f.id, "+officerMeetingSQL+" FROM forums f", stamp)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if p := strings.Join(plan, "; "); !strings.Contains(p, "INDEX meetings_officers (forum_id=? AND starts_at<?)") {
		t.Errorf("each forum's latest meeting with an officer is not read from its index: %s", p)
	}
}
