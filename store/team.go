package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strings"
)

// TeamRole is what a member of the team may do with the database. The
// store checks it on every call, so the same rule holds in the terminal
// interface, on the command line and over SSH.
type TeamRole string

// The roles, from the most to the least a role may do.
const (
	// TeamCoordinator may do everything.
	TeamCoordinator TeamRole = "coordinator"
	// TeamFinance handles money: claims, payments, petty cash, rates and
	// thresholds, and sees the names of the people they are for; not
	// people's contact details or notes, access needs and their reasons,
	// nor the story library's management.
	TeamFinance TeamRole = "finance"
	// TeamDoor signs people in at the door: the registers of today's
	// meetings only (names, sign-in, someone new); no contact details,
	// money or notes.
	TeamDoor TeamRole = "door"
	// TeamReader shows stories in reading mode, and nothing else.
	TeamReader TeamRole = "reader"
)

// TeamRoles lists the roles, the most a role may do first.
var TeamRoles = []TeamRole{TeamCoordinator, TeamFinance, TeamDoor, TeamReader}

// Valid reports whether r is one of TeamRoles.
func (r TeamRole) Valid() bool {
	for _, x := range TeamRoles {
		if r == x {
			return true
		}
	}
	return false
}

// Describe says in a few words what the role may do.
func (r TeamRole) Describe() string {
	switch r {
	case TeamCoordinator:
		return "everything"
	case TeamFinance:
		return "money (claims, payments, petty cash, rates) and the names of the people it is for; reading stories"
	case TeamDoor:
		return "the registers of today's meetings: names, signing in, adding someone new"
	case TeamReader:
		return "reading mode only"
	}
	return "nothing"
}

// ParseTeamRole reads a role's name, in any case.
func ParseTeamRole(s string) (TeamRole, error) {
	r := TeamRole(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		names := make([]string, len(TeamRoles))
		for i, x := range TeamRoles {
			names[i] = string(x)
		}
		return "", fmt.Errorf("%q is not a role: it is one of %s", s, strings.Join(names, ", "))
	}
	return r, nil
}

// Actor is who is using the store, and in what role.
type Actor struct {
	Name string
	Role TeamRole
}

func (a Actor) String() string { return a.Name + " (" + string(a.Role) + ")" }

// Capability is something a role may be allowed to do. Every exported
// method of Store needs one (methodCapability).
type Capability string

// The capabilities.
const (
	// CapAnyone is for what every role may do (Path, Actor, Changes).
	CapAnyone Capability = "anyone"
	// CapPeopleNames is the list of people's names and roles.
	CapPeopleNames Capability = "people.names"
	// CapPeople is people's details (contact details, consent, notes),
	// their forums, and adding, changing and erasing people.
	CapPeople Capability = "people"
	// CapAccess is access needs, availability and exceptions, with the
	// private reasons behind them, and finding a time from them.
	CapAccess Capability = "access"
	// CapForums is forums, their members, meetings' planning, agendas,
	// minutes and actions, and the dashboard.
	CapForums Capability = "forums"
	// CapMeetings is the list of forums' names and meetings (dates, venues,
	// how many are expected), without agendas or minutes.
	CapMeetings Capability = "meetings"
	// CapRegister is meetings' registers: who is on them, signing in,
	// adding someone new.
	CapRegister Capability = "register"
	// CapTransport is the run sheets, bookings and transport settings.
	CapTransport Capability = "transport"
	// CapMoney is expense claims, involvement payments, petty cash, rates,
	// thresholds, the ledger and the expenses report.
	CapMoney Capability = "money"
	// CapStoriesRead is reading the stories that may be shown (reading
	// mode).
	CapStoriesRead Capability = "stories.read"
	// CapStories is the story library's management: every story whatever
	// its consent, editing, consent, versions, import and export.
	CapStories Capability = "stories"
	// CapConsultations is consultations: the loop, the points raised (a
	// quote names its speaker), responses, feedback and the board.
	CapConsultations Capability = "consultations"
	// CapEquality is equality monitoring: a person's answers (special
	// category data), and reach, counted from them, with its reference
	// populations.
	CapEquality Capability = "equality"
	// CapInfluence is senior officers' contacts with the forums: contacts
	// logged and at meetings, officers' commitments, the forums' gaps and
	// their target.
	CapInfluence Capability = "influence"
	// CapTraining is the training of health and care workers: sessions,
	// their co-trainers (people with lived experience, their hours and
	// payments), the stories used, and the evidence pack.
	CapTraining Capability = "training"
	// CapReport is the annual involvement report: counts of people (through
	// disclosure control), of meetings, money, stories, consultations,
	// training and reach, together.
	CapReport Capability = "report"
	// CapRights is people's rights over their data: requests to see it or
	// be forgotten, the subject-access export, and the retention review.
	CapRights Capability = "rights"
	// CapAdmin is the database itself: backups, settings, the check and
	// the full export.
	CapAdmin Capability = "admin"
	// CapTeam is the team's users and their keys.
	CapTeam Capability = "team"
	// CapAudit is reading the audit trail.
	CapAudit Capability = "audit"
)

// what names a capability as the subject of a sentence.
func (c Capability) what() string {
	switch c {
	case CapPeopleNames:
		return "The list of people's names"
	case CapPeople:
		return "People's details (contact details, consent, notes) and changing them"
	case CapAccess:
		return "Access needs and availability"
	case CapForums:
		return "Forums, agendas, minutes and actions"
	case CapMeetings:
		return "The list of meetings"
	case CapRegister:
		return "The register"
	case CapTransport:
		return "Transport"
	case CapMoney:
		return "Money (claims, payments, petty cash, rates)"
	case CapStoriesRead:
		return "Reading stories"
	case CapStories:
		return "Managing the story library"
	case CapConsultations:
		return "Consultations"
	case CapEquality:
		return "Equality monitoring and reach"
	case CapInfluence:
		return "The record of senior officers' contacts"
	case CapTraining:
		return "Training health and care workers (sessions, co-trainers, the evidence pack)"
	case CapReport:
		return "The annual report"
	case CapRights:
		return "Handling people's rights over their data (requests, what we hold, the retention review)"
	case CapAdmin:
		return "Backups, settings and the full export"
	case CapTeam:
		return "The team's users and keys"
	case CapAudit:
		return "The audit trail"
	}
	return "This"
}

// grant is how far a role holds a capability.
type grant int

const (
	noGrant grant = iota
	// todayOnly: for the meetings of today (London) only.
	todayOnly
	fullGrant
)

// roleGrants is what each role may do. The coordinator holds everything
// (see granted).
var roleGrants = map[TeamRole]map[Capability]grant{
	TeamFinance: {
		CapPeopleNames: fullGrant,
		CapMeetings:    fullGrant,
		CapMoney:       fullGrant,
		CapStoriesRead: fullGrant,
	},
	TeamDoor: {
		CapPeopleNames: fullGrant,
		CapMeetings:    todayOnly,
		CapRegister:    todayOnly,
	},
	TeamReader: {
		CapStoriesRead: fullGrant,
	},
}

// granted is how far role holds c.
func granted(role TeamRole, c Capability) grant {
	if c == CapAnyone || role == TeamCoordinator {
		return fullGrant
	}
	return roleGrants[role][c]
}

// rolesFor says which roles hold c, and how: "the coordinator or finance
// role", "the coordinator role, or door for today's meetings only".
func rolesFor(c Capability) string {
	var today []string
	for _, r := range TeamRoles {
		if granted(r, c) == todayOnly {
			today = append(today, string(r))
		}
	}
	out := "the " + joinOr(fullRoles(c)) + " role"
	if len(today) > 0 {
		out += ", or " + joinOr(today) + " for today's meetings only"
	}
	return out
}

// fullRoles are the roles that hold c fully.
func fullRoles(c Capability) []string {
	var out []string
	for _, r := range TeamRoles {
		if granted(r, c) == fullGrant {
			out = append(out, string(r))
		}
	}
	return out
}

// ErrRefused is what every refusal of a role is (errors.Is).
var ErrRefused = errors.New("not allowed in this role")

// RefusedError is an action the actor's role does not allow. It says
// which role the action needs.
type RefusedError struct {
	Actor  Actor
	Method string
	Cap    Capability
	// Today is set when the role holds the capability for today's
	// meetings only, and this was another day's.
	Today bool
}

func (e *RefusedError) Error() string {
	if e.Today {
		return fmt.Sprintf("%s is signed in as %s, which may use today's meetings only, and this meeting is not today: other days' are for the %s role",
			e.Actor.Name, e.Actor.Role, joinOr(fullRoles(e.Cap)))
	}
	return fmt.Sprintf("%s is for %s: %s is signed in as %s", e.Cap.what(), rolesFor(e.Cap), e.Actor.Name, e.Actor.Role)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// scope says whether one call stays within a narrow grant (today's
// meetings only). It is asked only of a role that holds the capability
// narrowly.
type scope func(context.Context) (bool, error)

// allow is the first thing every exported method does: it checks that the
// actor's role holds the method's capability (methodCapability) and, for a
// role that holds it for today's meetings only, that within says this call
// is about one of them; a narrow grant without within is refused. Calls
// made from inside the store, through inner, are not checked again.
func (s *Store) allow(ctx context.Context, method string, within ...scope) error {
	c, ok := methodCapability[method]
	if !ok {
		// A method missing from the table is refused, not let through
		// (team_test.go fails first).
		return fmt.Errorf("store method %s has no capability: it is refused to everyone", method)
	}
	if s.bypass {
		return nil
	}
	switch granted(s.actor.Role, c) {
	case fullGrant:
		return nil
	case todayOnly:
		for _, in := range within {
			ok, err := in(ctx)
			if err != nil {
				return err
			}
			if !ok {
				return &RefusedError{Actor: s.actor, Method: method, Cap: c, Today: true}
			}
		}
		if len(within) > 0 {
			return nil
		}
	}
	return &RefusedError{Actor: s.actor, Method: method, Cap: c}
}

// may reports whether the actor holds c fully (for what a method leaves
// out of what it returns, or checks beyond its own capability).
func (s *Store) may(c Capability) bool {
	return s.bypass || granted(s.actor.Role, c) == fullGrant
}

// need refuses, as allow does, unless the actor holds c fully.
func (s *Store) need(method string, c Capability) error {
	if s.may(c) {
		return nil
	}
	return &RefusedError{Actor: s.actor, Method: method, Cap: c}
}

// todays is the scope of a call about one meeting: it is today's (in
// London).
func (s *Store) todays(meetingID string) scope {
	return func(ctx context.Context) (bool, error) {
		var start string
		err := s.db.QueryRowContext(ctx, "SELECT starts_at FROM meetings WHERE id = ?", meetingID).Scan(&start)
		if err != nil {
			// A meeting that is not there is no meeting of today's.
			return false, nil
		}
		return LocalDate(parseTS(start)) == s.today(), nil
	}
}

// onlyToday is the scope of a call that is about today's meetings by what
// it does (TodaysMeetings).
func onlyToday(context.Context) (bool, error) { return true, nil }

// inner is the store as its own methods use it when one calls another:
// the outer call was checked, so the inner one is not (its capability may
// be wider than the outer's: the ledger, for finance, reads a person's
// name through Person). team_test.go checks that store code calls its
// exported methods only through inner.
func (s *Store) inner() *Store {
	if s.bypass {
		return s
	}
	t := *s
	t.bypass = true
	return &t
}

// Actor is who is using this store, and in what role.
func (s *Store) Actor() Actor { return s.actor }

// May reports whether the actor's role holds c fully: a screen offers only
// what its user may do (the store checks every call whatever is offered).
func (s *Store) May(c Capability) bool { return s.may(c) }

// As is this store seen by another member of the team: every call is
// checked against a's role, and recorded in the audit trail as a's. It
// shares the database and the change feed; closing it leaves the
// database open for the others. Only a coordinator may make one.
func (s *Store) As(ctx context.Context, a Actor) (*Store, error) {
	if err := s.allow(ctx, "As"); err != nil {
		return nil, err
	}
	if !a.Role.Valid() {
		return nil, fmt.Errorf("%q is not a role", a.Role)
	}
	if strings.TrimSpace(a.Name) == "" {
		return nil, errors.New("a member of the team needs a name")
	}
	v := *s
	v.actor, v.bypass = a, false
	v.isView = true
	return &v, nil
}

// ownerName is who runs this program on this machine: the local interface
// and the command line act as them, with the coordinator's role.
func ownerName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "owner"
}

// onlyNamed refuses a person who is more than a name and a role: someone
// added at the door by a role that may not see contact details or notes.
func (p Person) onlyNamed() error {
	if p.ID != "" {
		return errors.New("only someone new can be added here: someone already in People is added to the register with +")
	}
	if p.Phone != "" || p.Email != "" || p.ContactBy != "" || p.Consent || p.ConsentDate != "" || p.Notes != "" {
		return errors.New("at the door, someone new is added by name only: contact details, consent and notes are for the coordinator to add")
	}
	return nil
}
