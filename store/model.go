package store

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London must be known on every platform

	"github.com/involve/involve/termsafe"
)

// London is the time zone every date and time is shown and entered in.
var London = mustZone("Europe/London")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Meta is what every record carries: a stable UUID, timestamps and the
// version counter used to refuse edits of a record that changed meanwhile.
type Meta struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

// Forum is a group of service users and carers that meets regularly.
type Forum struct {
	Meta
	Name    string `json:"name"`
	Purpose string `json:"purpose"`
	Venue   string `json:"venue"`
	Pattern string `json:"pattern"`
	Social  bool   `json:"social"`
}

// Role is a person's part in the partnership.
type Role string

// The roles a person may have.
const (
	RoleServiceUser   Role = "service_user"
	RoleCarer         Role = "carer"
	RoleBoth          Role = "both"
	RoleWorker        Role = "worker"
	RoleSeniorOfficer Role = "senior_officer"
	RoleOther         Role = "other"
)

// Roles lists every role in the order forms offer them.
var Roles = []Role{RoleServiceUser, RoleCarer, RoleBoth, RoleWorker, RoleSeniorOfficer, RoleOther}

// Label is the role in plain English.
func (r Role) Label() string {
	switch r {
	case RoleServiceUser:
		return "Service user"
	case RoleCarer:
		return "Carer"
	case RoleBoth:
		return "Service user and carer"
	case RoleWorker:
		return "Worker"
	case RoleSeniorOfficer:
		return "Senior officer"
	case RoleOther:
		return "Other"
	}
	return string(r)
}

// ParseRole accepts a role's code or label in any case ("carer",
// "Service user", "senior-officer").
func ParseRole(s string) (Role, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.NewReplacer(" ", "_", "-", "_").Replace(k)
	if k == "" {
		return RoleServiceUser, nil
	}
	for _, r := range Roles {
		if k == string(r) || k == strings.ReplaceAll(strings.ToLower(r.Label()), " ", "_") {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q (use one of: service_user, carer, both, worker, senior_officer, other)", s)
}

// ContactBy is how a person prefers to be contacted.
type ContactBy string

// The ways of contact a person may prefer; "" means not said.
const (
	ContactNone     ContactBy = ""
	ContactPhone    ContactBy = "phone"
	ContactText     ContactBy = "text"
	ContactEmail    ContactBy = "email"
	ContactPost     ContactBy = "post"
	ContactInPerson ContactBy = "in_person"
)

// ContactWays lists the contact preferences in the order forms offer them.
var ContactWays = []ContactBy{ContactNone, ContactPhone, ContactText, ContactEmail, ContactPost, ContactInPerson}

// Label is the contact preference in plain English.
func (c ContactBy) Label() string {
	switch c {
	case ContactNone:
		return "Not said"
	case ContactPhone:
		return "Phone call"
	case ContactText:
		return "Text message"
	case ContactEmail:
		return "Email"
	case ContactPost:
		return "Post"
	case ContactInPerson:
		return "In person"
	}
	return string(c)
}

// Person is a member of one or more forums, a worker or an officer.
type Person struct {
	Meta
	Name          string    `json:"name"`
	PreferredName string    `json:"preferred_name"`
	Role          Role      `json:"role"`
	Phone         string    `json:"phone"`
	Email         string    `json:"email"`
	ContactBy     ContactBy `json:"contact_by"`
	Consent       bool      `json:"consent_to_contact"`
	ConsentDate   string    `json:"consent_date"` // YYYY-MM-DD, "" when not given
	Notes         string    `json:"notes"`
	// ConsentReview is the day consent to be contacted is to be asked
	// again (YYYY-MM-DD): after it, it has expired and the person is left
	// off contact lists until it is renewed. "" when no consent is given;
	// saving consent with no review date sets one ConsentYears after it
	// was given.
	ConsentReview string `json:"consent_review"`
}

// ConsentYears is how long consent to be contacted lasts before it is
// reviewed, unless another review date is given.
const ConsentYears = 2

// ContactConsent is where a person's consent to be contacted stands.
type ContactConsent string

// The standings of consent to be contacted.
const (
	ContactNoConsent ContactConsent = "no"      // not given
	ContactInForce   ContactConsent = "given"   // given, and its review date has not passed
	ContactExpired   ContactConsent = "expired" // given, but due for review: ask again first
)

// ContactConsent says where their consent to be contacted stands on
// today (a London date, YYYY-MM-DD).
func (p Person) ContactConsent(today string) ContactConsent {
	switch {
	case !p.Consent:
		return ContactNoConsent
	case p.ConsentReview != "" && p.ConsentReview < today:
		return ContactExpired
	}
	return ContactInForce
}

// ConsentText is the consent in plain English for the person's page.
func (p Person) ConsentText(today string) string {
	switch p.ContactConsent(today) {
	case ContactNoConsent:
		return "No"
	case ContactExpired:
		return "Expired: due for review on " + dayText(p.ConsentReview) + " (given " + dayText(p.ConsentDate) + "); ask again before contacting them"
	}
	if p.ConsentReview != "" {
		return "Yes, given " + dayText(p.ConsentDate) + "; review by " + dayText(p.ConsentReview)
	}
	return "Yes, given " + dayText(p.ConsentDate)
}

// dayText shows a stored date ("2026-03-14") as the screens do, "14 Mar
// 2026"; anything else as it is.
func dayText(day string) string {
	d, err := time.Parse(DateLayout, day)
	if err != nil {
		return day
	}
	return d.Format("2 Jan 2006")
}

// DisplayName is what the screen shows: the preferred name, or the name.
func (p Person) DisplayName() string { return DisplayName(p.Name, p.PreferredName) }

// DisplayName picks the preferred name when there is one.
func DisplayName(name, preferred string) string {
	if strings.TrimSpace(preferred) != "" {
		return preferred
	}
	return name
}

// Initials shortens a name to its initials ("Mary Ann Jones" → "M.A.J."),
// for the privacy screen. A former member has no name to hide.
func Initials(name string) string {
	if name == FormerMember {
		return name
	}
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		for _, r := range w {
			b.WriteRune(r)
			b.WriteByte('.')
			break
		}
	}
	if b.Len() == 0 {
		return "?"
	}
	return b.String()
}

// MeetingStatus says whether a meeting is still to come, happened or was called off.
type MeetingStatus string

// The meeting statuses.
const (
	MeetingPlanned   MeetingStatus = "planned"
	MeetingHeld      MeetingStatus = "held"
	MeetingCancelled MeetingStatus = "cancelled"
)

// MeetingStatuses lists the statuses in the order forms offer them.
var MeetingStatuses = []MeetingStatus{MeetingPlanned, MeetingHeld, MeetingCancelled}

// Label is the status in plain English.
func (s MeetingStatus) Label() string {
	switch s {
	case MeetingPlanned:
		return "Planned"
	case MeetingHeld:
		return "Held"
	case MeetingCancelled:
		return "Cancelled"
	}
	return string(s)
}

// Meeting is one meeting of a forum. Start and End are instants; they are
// entered and shown in London time.
type Meeting struct {
	Meta
	ForumID   string        `json:"forum_id"`
	ForumName string        `json:"-"`
	Start     time.Time     `json:"starts_at"`
	End       time.Time     `json:"ends_at"`
	Venue     string        `json:"venue"`
	Status    MeetingStatus `json:"status"`
	Agenda    string        `json:"agenda"`
	Minutes   string        `json:"minutes"`
}

// Attendance is where a person stands for one meeting.
type Attendance string

// The register statuses.
const (
	Invited      Attendance = "invited"
	Confirmed    Attendance = "confirmed"
	Apologies    Attendance = "apologies"
	Attended     Attendance = "attended"
	DidNotAttend Attendance = "did_not_attend"
)

// AttendanceStatuses lists the register statuses in order.
var AttendanceStatuses = []Attendance{Invited, Confirmed, Apologies, Attended, DidNotAttend}

// Expected reports whether someone with this register status is expected
// at the meeting: invited (and not yet replied), confirmed or attended;
// everyone on the register but those who sent apologies or did not
// attend. It is the one rule for how many are expected: the meetings list,
// the dashboard and a meeting's page count by it, and the run sheet plans
// transport for the same people (expectedStatusesSQL).
func (a Attendance) Expected() bool {
	return a == Invited || a == Confirmed || a == Attended
}

// expectedStatusesSQL is Attendance.Expected for SQL: status IN (...).
const expectedStatusesSQL = "('invited', 'confirmed', 'attended')"

// ExpectedCount is how many of a register's counts (RegisterCounts) are
// expected at the meeting.
func ExpectedCount(counts map[Attendance]int) int {
	n := 0
	for a, c := range counts {
		if a.Expected() {
			n += c
		}
	}
	return n
}

// Label is the register status in plain English.
func (a Attendance) Label() string {
	switch a {
	case Invited:
		return "Invited"
	case Confirmed:
		return "Confirmed"
	case Apologies:
		return "Apologies"
	case Attended:
		return "Attended"
	case DidNotAttend:
		return "Did not attend"
	case "":
		return "—"
	}
	return string(a)
}

// Action is something agreed for someone to do: at a meeting (MeetingID),
// or a senior officer's commitment at a logged contact (ContactID). It
// belongs to exactly one of the two.
type Action struct {
	Meta
	MeetingID   string `json:"meeting_id"`
	ContactID   string `json:"contact_id"`
	Description string `json:"description"`
	Owner       string `json:"owner"`
	Due         string `json:"due"` // YYYY-MM-DD or ""
	Done        bool   `json:"done"`
}

// clean runs every text field of a record through the input sanitizer.
func (f *Forum) clean() {
	f.Name = termsafe.Line(f.Name)
	f.Purpose = termsafe.Clean(f.Purpose)
	f.Venue = termsafe.Line(f.Venue)
	f.Pattern = termsafe.Line(f.Pattern)
}

func (p *Person) clean() {
	p.Name = termsafe.Line(p.Name)
	p.PreferredName = termsafe.Line(p.PreferredName)
	p.Phone = termsafe.Line(p.Phone)
	p.Email = termsafe.Line(p.Email)
	p.ConsentDate = termsafe.Line(p.ConsentDate)
	p.ConsentReview = termsafe.Line(p.ConsentReview)
	p.Notes = termsafe.Clean(p.Notes)
}

func (m *Meeting) clean() {
	m.Venue = termsafe.Line(m.Venue)
	m.Agenda = termsafe.Clean(m.Agenda)
	m.Minutes = termsafe.Clean(m.Minutes)
}

func (a *Action) clean() {
	a.Description = termsafe.Line(a.Description)
	a.Owner = termsafe.Line(a.Owner)
	a.Due = termsafe.Line(a.Due)
}
