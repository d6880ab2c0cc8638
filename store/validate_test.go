package store

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2026-03-14", "2026-03-14"},
		{"14/03/2026", "2026-03-14"},
		{"14/3/2026", "2026-03-14"},
		{"1/3/2026", "2026-03-01"},
		{"01/03/2026", "2026-03-01"},
		{"  2026-12-31 ", "2026-12-31"},
		{"29/02/2028", "2028-02-29"},
	} {
		got, err := ParseDate(c.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", c.in, err)
			continue
		}
		if got.Format(DateLayout) != c.want {
			t.Errorf("ParseDate(%q) = %s, want %s", c.in, got.Format(DateLayout), c.want)
		}
		if got.Location() != London || got.Hour() != 0 || got.Minute() != 0 {
			t.Errorf("ParseDate(%q) = %v, want London midnight", c.in, got)
		}
	}
	for _, in := range []string{"", "  ", "tomorrow", "2026-02-29", "31/04/2026", "03/14/2026", "2026/03/14", "14-03-2026", "14/03/26", "2026-13-01"} {
		if got, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", in, got)
		} else if in != "" && strings.TrimSpace(in) != "" && !strings.Contains(err.Error(), "2026-03-14") {
			t.Errorf("ParseDate(%q) error does not show the format: %v", in, err)
		}
	}
}

func TestValidateAndNormalDate(t *testing.T) {
	for _, c := range []struct{ in, want string }{{"", ""}, {"  ", ""}, {"14/03/2026", "2026-03-14"}, {"2026-03-14", "2026-03-14"}} {
		got, err := NormalDate(c.in)
		if err != nil || got != c.want {
			t.Errorf("NormalDate(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
		if err := ValidateDate(c.in); err != nil {
			t.Errorf("ValidateDate(%q): %v", c.in, err)
		}
	}
	if _, err := NormalDate("next week"); err == nil {
		t.Error("NormalDate accepted nonsense")
	}
	if err := ValidateDate("30/02/2026"); err == nil {
		t.Error("ValidateDate accepted 30 February")
	}
}

func TestParseClock(t *testing.T) {
	for _, c := range []struct {
		in   string
		h, m int
	}{
		{"13:00", 13, 0},
		{"1300", 13, 0},
		{"13.00", 13, 0},
		{"1pm", 13, 0},
		{"1 pm", 13, 0},
		{"1PM", 13, 0},
		{"1:30pm", 13, 30},
		{"1.30pm", 13, 30},
		{"12pm", 12, 0},
		{"12am", 0, 0},
		{"11am", 11, 0},
		{"09:05", 9, 5},
		{"9:05", 9, 5},
		{"0930", 9, 30},
		{"00:00", 0, 0},
		{"23:59", 23, 59},
		{" 18:30 ", 18, 30},
	} {
		h, m, err := ParseClock(c.in)
		if err != nil || h != c.h || m != c.m {
			t.Errorf("ParseClock(%q) = %d:%02d, %v; want %d:%02d", c.in, h, m, err, c.h, c.m)
		}
		if err := ValidateClock(c.in); err != nil {
			t.Errorf("ValidateClock(%q): %v", c.in, err)
		}
	}
	for _, in := range []string{"", "noon", "24:00", "13:60", "25", "13pm", "13:00pm", "1:3", "1pmish", "-1:00"} {
		if h, m, err := ParseClock(in); err == nil {
			t.Errorf("ParseClock(%q) = %d:%02d, want an error", in, h, m)
		}
	}
}

// TestLocalTimeAcrossClockChanges: in 2026 the UK clocks go forward on 29
// March and back on 25 October. A 13:00 meeting is 13:00 in London on
// either side of each change, so its UTC hour moves.
func TestLocalTimeAcrossClockChanges(t *testing.T) {
	for _, c := range []struct {
		date    string
		utcHour int
	}{
		{"2026-03-28", 13}, // GMT
		{"2026-03-29", 12}, // the day the clocks go forward: BST by 13:00
		{"2026-03-30", 12}, // BST
		{"2026-10-24", 12}, // BST
		{"2026-10-25", 13}, // the day the clocks go back: GMT by 13:00
		{"2026-10-26", 13}, // GMT
		{"28/03/2026", 13},
		{"30/03/2026", 12},
	} {
		got, err := LocalTime(c.date, "13:00")
		if err != nil {
			t.Errorf("LocalTime(%s, 13:00): %v", c.date, err)
			continue
		}
		if l := got.In(London); l.Hour() != 13 || l.Minute() != 0 {
			t.Errorf("%s: London time %s, want 13:00", c.date, l.Format("15:04"))
		}
		if u := got.UTC(); u.Hour() != c.utcHour {
			t.Errorf("%s: UTC %s, want %02d:00", c.date, u.Format("15:04"), c.utcHour)
		}
		if LocalClock(got) != "13:00" {
			t.Errorf("%s: LocalClock = %s", c.date, LocalClock(got))
		}
		if d, _ := NormalDate(c.date); LocalDate(got) != d {
			t.Errorf("%s: LocalDate = %s", c.date, LocalDate(got))
		}
	}
	before, _ := LocalTime("2026-03-28", "1pm")
	after, _ := LocalTime("2026-03-30", "1300")
	if d := after.Sub(before); d != 47*time.Hour {
		t.Errorf("13:00 Saturday to 13:00 Monday across spring forward = %v, want 47h", d)
	}
	before, _ = LocalTime("2026-10-24", "13.00")
	after, _ = LocalTime("2026-10-26", "13:00")
	if d := after.Sub(before); d != 49*time.Hour {
		t.Errorf("13:00 Saturday to 13:00 Monday across fall back = %v, want 49h", d)
	}
	if _, err := LocalTime("2026-03-28", "lunchtime"); err == nil {
		t.Error("LocalTime accepted a bad time")
	}
	if _, err := LocalTime("someday", "13:00"); err == nil {
		t.Error("LocalTime accepted a bad date")
	}
}

// TestMeetingTimesSurviveStorageAcrossClockChanges stores 13:00 meetings
// on both sides of each change and reads them back as 13:00 London.
func TestMeetingTimesSurviveStorageAcrossClockChanges(t *testing.T) {
	s := recOpen(t)
	f := recForum(t, s, "Group")
	ids := map[string]string{}
	for _, date := range []string{"2026-03-28", "2026-03-30", "2026-10-24", "2026-10-26"} {
		start, err := LocalTime(date, "13:00")
		if err != nil {
			t.Fatal(err)
		}
		end, _ := LocalTime(date, "15:00")
		m := Meeting{ForumID: f.ID, Start: start, End: end}
		if err := s.SaveMeeting(recCtx, &m); err != nil {
			t.Fatal(err)
		}
		ids[date] = m.ID
	}
	for date, id := range ids {
		m, err := s.Meeting(recCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		if LocalDate(m.Start) != date || LocalClock(m.Start) != "13:00" || LocalClock(m.End) != "15:00" {
			t.Errorf("%s: stored meeting shows as %s %s–%s", date, LocalDate(m.Start), LocalClock(m.Start), LocalClock(m.End))
		}
	}
	var stored string
	if err := s.db.QueryRow("SELECT starts_at FROM meetings WHERE id = ?", ids["2026-03-30"]).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != "2026-03-30T12:00:00Z" {
		t.Errorf("stored start = %s, want UTC 2026-03-30T12:00:00Z", stored)
	}
}

func TestValidateEmail(t *testing.T) {
	for _, ok := range []string{"", "  ", "name@example.org", "first.last+forum@mail.example.co.uk", " sam@example.org ", "o'neil@example.ie"} {
		if err := ValidateEmail(ok); err != nil {
			t.Errorf("ValidateEmail(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"name", "name@", "@example.org", "name@localhost", "Sam <sam@example.org>",
		"a@b.org, c@d.org", "two words@example.org", "sam@exa mple.org", "sam@@example.org"} {
		if err := ValidateEmail(bad); err == nil {
			t.Errorf("ValidateEmail(%q) accepted it", bad)
		} else if !strings.Contains(err.Error(), "example.org") {
			t.Errorf("ValidateEmail(%q) error gives no example: %v", bad, err)
		}
	}
}

func TestValidatePhone(t *testing.T) {
	for _, ok := range []string{"", "07700 900123", "07700900123", "+44 7700 900123", "(0161) 496-0000", "0161 496 0000",
		"1234567", "123456789012345", " 0113 496 0000 "} {
		if err := ValidatePhone(ok); err != nil {
			t.Errorf("ValidatePhone(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"123456", "1234567890123456", "ring me", "07700 900123 ext 4", "0770+0900123",
		"++447700900123", "07700.900.123", "٠٧٧٠٠٩٠٠١٢٣", "０７７００９００１２３", "07700/900123"} {
		if err := ValidatePhone(bad); err == nil {
			t.Errorf("ValidatePhone(%q) accepted it", bad)
		}
	}
}

func TestValidateName(t *testing.T) {
	if err := ValidateName(strings.Repeat("é", 200)); err != nil {
		t.Errorf("200 two-byte characters refused: %v", err)
	}
	if err := ValidateName(strings.Repeat("a", 201)); err == nil {
		t.Error("201 characters accepted")
	}
	for _, bad := range []string{"", " ", "\t\n"} {
		if err := ValidateName(bad); err == nil {
			t.Errorf("ValidateName(%q) accepted it", bad)
		}
	}
}

// Issue 9, defect 12: a consent-to-contact date still to come is refused
// by the store's rule, which the person form checks as it is typed and
// every save applies (ValidateOn), whatever the way in.
func TestConsentDateStillToComeRefused(t *testing.T) {
	const today = "2026-03-14"
	for _, c := range []struct {
		date string
		ok   bool
	}{{"", true}, {"2026-03-14", true}, {"13/03/2026", true}, {"2026-03-15", false}, {"15/03/2026", false}, {"2099-01-01", false}} {
		err := ValidateConsentDate(c.date, today)
		if (err == nil) != c.ok {
			t.Errorf("ValidateConsentDate(%q) = %v", c.date, err)
		}
		p := Person{Name: "Sam", Consent: c.date != "", ConsentDate: c.date}
		var fe *FieldError
		if err := p.ValidateOn(today); c.ok && err != nil || !c.ok && (!errors.As(err, &fe) || fe.Field != "Consent date" ||
			!strings.Contains(fe.Message, "has not come yet")) {
			t.Errorf("ValidateOn(%q) = %v", c.date, err)
		}
	}
}

func TestPersonValidateConsent(t *testing.T) {
	var fe *FieldError
	p := Person{Name: "Sam", Consent: true}
	err := p.Validate()
	if !errors.As(err, &fe) || fe.Field != "Consent date" {
		t.Fatalf("consent without a date: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "Consent date: ") {
		t.Errorf("error text = %q", err.Error())
	}
	p.ConsentDate = "14/03/2026"
	if err := p.Validate(); err != nil {
		t.Fatalf("consent with a date: %v", err)
	}
	if p.ConsentDate != "2026-03-14" {
		t.Errorf("consent date normalised to %q", p.ConsentDate)
	}
	p.ConsentDate = "the other day"
	if err := p.Validate(); !errors.As(err, &fe) || fe.Field != "Consent date" {
		t.Errorf("bad consent date: %v", err)
	}
	// A date without consent is allowed (e.g. consent withdrawn later).
	q := Person{Name: "Sam", ConsentDate: "2026-01-01"}
	if err := q.Validate(); err != nil {
		t.Errorf("date without consent: %v", err)
	}
	// Every optional field may stay empty.
	r := Person{Name: "Just a name"}
	if err := r.Validate(); err != nil {
		t.Errorf("name only: %v", err)
	}
	for _, c := range ContactWays {
		r.ContactBy = c
		if err := r.Validate(); err != nil {
			t.Errorf("contact by %q: %v", c, err)
		}
	}
}

func TestParseRole(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Role
	}{
		{"", RoleServiceUser},
		{"service_user", RoleServiceUser},
		{"Service user", RoleServiceUser},
		{"SERVICE-USER", RoleServiceUser},
		{"carer", RoleCarer},
		{" Carer ", RoleCarer},
		{"both", RoleBoth},
		{"Service user and carer", RoleBoth},
		{"worker", RoleWorker},
		{"Senior officer", RoleSeniorOfficer},
		{"senior-officer", RoleSeniorOfficer},
		{"SENIOR_OFFICER", RoleSeniorOfficer},
		{"Other", RoleOther},
	} {
		got, err := ParseRole(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, r := range Roles {
		if got, err := ParseRole(r.Label()); err != nil || got != r {
			t.Errorf("ParseRole(%q) (the label of %s) = %q, %v", r.Label(), r, got, err)
		}
		if got, err := ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	for _, bad := range []string{"boss", "service", "carers", "service user and"} {
		if _, err := ParseRole(bad); err == nil {
			t.Errorf("ParseRole(%q) accepted it", bad)
		} else if !strings.Contains(err.Error(), "service_user") {
			t.Errorf("ParseRole(%q) error does not list the roles: %v", bad, err)
		}
	}
}

func TestLabels(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{RoleBoth.Label(), "Service user and carer"},
		{RoleSeniorOfficer.Label(), "Senior officer"},
		{Role("odd").Label(), "odd"},
		{ContactNone.Label(), "Not said"},
		{ContactInPerson.Label(), "In person"},
		{MeetingCancelled.Label(), "Cancelled"},
		{DidNotAttend.Label(), "Did not attend"},
		{Attendance("").Label(), "—"},
	} {
		if c.got != c.want {
			t.Errorf("label %q, want %q", c.got, c.want)
		}
	}
	for _, r := range Roles {
		if r.Label() == string(r) {
			t.Errorf("role %s has no label", r)
		}
	}
	for _, a := range AttendanceStatuses {
		if a.Label() == string(a) {
			t.Errorf("status %s has no label", a)
		}
	}
}

func TestDisplayName(t *testing.T) {
	if got := (Person{Name: "Margaret Jones", PreferredName: "Peggy"}).DisplayName(); got != "Peggy" {
		t.Errorf("DisplayName = %q", got)
	}
	if got := (Person{Name: "Margaret Jones", PreferredName: "  "}).DisplayName(); got != "Margaret Jones" {
		t.Errorf("blank preferred name: DisplayName = %q", got)
	}
	if got := (Member{Name: "A", PreferredName: "B"}).DisplayName(); got != "B" {
		t.Errorf("Member.DisplayName = %q", got)
	}
}

func TestInitials(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Mary Ann Jones", "M.A.J."},
		{"  sam   o'neil ", "s.o."},
		{"Cher", "C."},
		{"李明", "李."},
		{"李 明", "李.明."},
		{"عائشہ خان", "ع.خ."},
		{"Ólafur Þórsson", "Ó.Þ."},
		{"Иван Петров", "И.П."},
		{"", "?"},
		{" \t ", "?"},
		{FormerMember, FormerMember}, // no name to hide
	} {
		got := Initials(c.in)
		if got != c.want {
			t.Errorf("Initials(%q) = %q, want %q", c.in, got, c.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("Initials(%q) = %q is not valid UTF-8", c.in, got)
		}
	}
}

func TestRecordValidate(t *testing.T) {
	var fe *FieldError
	f := Forum{Name: ""}
	if err := f.Validate(); !errors.As(err, &fe) || fe.Field != "Name" {
		t.Errorf("Forum.Validate: %v", err)
	}
	start := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		m     Meeting
		field string
	}{
		{Meeting{Start: start, End: start.Add(time.Hour), Status: MeetingPlanned}, "Forum"},
		{Meeting{ForumID: "f", Status: MeetingPlanned}, "Date"},
		{Meeting{ForumID: "f", Start: start, End: start.Add(-time.Hour), Status: MeetingPlanned}, "End"},
		{Meeting{ForumID: "f", Start: start, End: start.Add(time.Hour), Status: ""}, "Status"},
	} {
		if err := c.m.Validate(); !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("%+v: %v, want a %s error", c.m, err, c.field)
		}
	}
	ok := Meeting{ForumID: "f", Start: start, End: start.Add(time.Hour), Status: MeetingHeld}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid meeting: %v", err)
	}
	a := Action{Description: "Book room", Due: "01/07/2026"}
	if err := a.Validate(); err != nil || a.Due != "2026-07-01" {
		t.Errorf("Action.Validate: %v, due %q", err, a.Due)
	}
	if err := (&Action{Description: " "}).Validate(); !errors.As(err, &fe) || fe.Field != "Action" {
		t.Errorf("empty action: %v", err)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-14", "14/03/2026", "1/3/2026", "", "29/02/2028", "99/99/9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Location() != London || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 {
			t.Fatalf("ParseDate(%q) = %v, not London midnight", s, d)
		}
		n := d.Format(DateLayout)
		again, err := ParseDate(n)
		if err != nil || !again.Equal(d) {
			t.Fatalf("ParseDate(%q) = %s, which does not parse back: %v", s, n, err)
		}
		if got, err := NormalDate(s); err != nil || got != n {
			t.Fatalf("NormalDate(%q) = %q, %v; want %q", s, got, err, n)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"13:00", "1300", "13.00", "1pm", "1:30pm", "12am", "", "24:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, m, err := ParseClock(s)
		if err != nil {
			return
		}
		if h < 0 || h > 23 || m < 0 || m > 59 {
			t.Fatalf("ParseClock(%q) = %d:%d", s, h, m)
		}
		h2, m2, err := ParseClock(time.Date(2000, 1, 1, h, m, 0, 0, time.UTC).Format("15:04"))
		if err != nil || h2 != h || m2 != m {
			t.Fatalf("ParseClock(%q) = %d:%02d, which does not parse back: %v", s, h, m, err)
		}
	})
}

func FuzzValidators(f *testing.F) {
	for _, s := range []string{"name@example.org", "07700 900123", "+44 (0) 161", "李明", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = ValidateEmail(s)
		if ValidatePhone(s) == nil {
			digits := 0
			for _, r := range s {
				if r >= '0' && r <= '9' {
					digits++
				}
			}
			if strings.TrimSpace(s) != "" && (digits < 7 || digits > 15) {
				t.Fatalf("ValidatePhone(%q) accepted %d digits", s, digits)
			}
		}
		_, _ = ParseRole(s)
		if got := Initials(s); got == "" {
			t.Fatalf("Initials(%q) is empty", s)
		}
	})
}
