package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/ico"
	"github.com/involve/involve/termsafe"
)

// RequestKind is what a person asked for.
type RequestKind string

// The kinds of request recorded.
const (
	RequestAccess  RequestKind = "access"  // to see everything held about them
	RequestErasure RequestKind = "erasure" // to be forgotten
)

// RequestKinds lists the kinds in the order forms offer them.
var RequestKinds = []RequestKind{RequestAccess, RequestErasure}

// Label is the kind in plain English.
func (k RequestKind) Label() string {
	if k == RequestErasure {
		return "To be forgotten"
	}
	return "To see their data"
}

// RequestOutcome is how a request was closed; "" while it is open.
type RequestOutcome string

// The outcomes of a request.
const (
	OutcomeOpen      RequestOutcome = ""
	OutcomeAnswered  RequestOutcome = "answered"
	OutcomeWithdrawn RequestOutcome = "withdrawn"
	OutcomeRefused   RequestOutcome = "refused"
)

// RequestOutcomes lists the outcomes in the order forms offer them.
var RequestOutcomes = []RequestOutcome{OutcomeOpen, OutcomeAnswered, OutcomeWithdrawn, OutcomeRefused}

// Label is the outcome in plain English.
func (o RequestOutcome) Label() string {
	switch o {
	case OutcomeAnswered:
		return "Answered"
	case OutcomeWithdrawn:
		return "Withdrawn"
	case OutcomeRefused:
		return "Refused"
	}
	return "Open"
}

// AccessRequest is a request from a person about their data: to see it
// (subject access) or to be forgotten. Dates are London dates.
type AccessRequest struct {
	Meta
	Number int `json:"number"` // 1, 2, 3…: how the coordinator refers to it
	// PersonID is "" once the person has been erased (the request is kept,
	// with no name, to show it was answered in time).
	PersonID      string      `json:"person_id"`
	PersonName    string      `json:"-"`
	PersonPrefers string      `json:"-"`
	Kind          RequestKind `json:"kind"`
	Received      civil.Date  `json:"received"`
	// IDAsked: proof of identity was asked for on this day; the clock then
	// starts only when it was checked (IDChecked).
	IDAsked   civil.Date `json:"id_asked"`
	IDChecked civil.Date `json:"id_checked"`
	// ClarifyAsked: a clarification was asked for; the clock stops until
	// it is received (ClarifyReceived).
	ClarifyAsked    civil.Date `json:"clarification_asked"`
	ClarifyReceived civil.Date `json:"clarification_received"`
	// Extended: by two further months, for a complex request, with why.
	Extended        bool           `json:"extended"`
	ExtensionReason string         `json:"extension_reason"`
	Closed          civil.Date     `json:"closed"`
	Outcome         RequestOutcome `json:"outcome"`
	Notes           string         `json:"notes"`
}

// Who is the name of the person the request is from, as the screen shows
// it, or FormerMember.
func (r AccessRequest) Who() string {
	if r.PersonID == "" {
		return FormerMember
	}
	return DisplayName(r.PersonName, r.PersonPrefers)
}

// ClockState is where a request's time limit stands.
type ClockState string

// The states of a request's clock.
const (
	ClockWaitingForID ClockState = "waiting for ID" // proof of identity asked for, not yet checked
	ClockStopped      ClockState = "clock stopped"  // a clarification asked for, not yet received
	ClockRunning      ClockState = "running"        // due on Due
	ClockClosed       ClockState = "closed"         // answered, withdrawn or refused
)

// Clock is a request's time limit as of a day.
type Clock struct {
	State ClockState
	// Start is the day the clock started (received, or ID checked).
	Start civil.Date
	// Due is when the response is due by the ICO's rule (zero while
	// waiting for ID). While the clock is stopped, it is the due date if
	// the clarification came today.
	Due civil.Date
	// Paused is how many days the clock was stopped.
	Paused int
	// DaysLeft is days from today to Due (negative: overdue).
	DaysLeft int
	// Note warns when Due could not take every bank holiday into account.
	Note string
}

// Overdue reports whether an open request has passed its due date.
func (c Clock) Overdue() bool {
	return (c.State == ClockRunning || c.State == ClockStopped) && c.DaysLeft < 0
}

// Text is the clock in plain English: "due 14 Apr 2026 (in 3 days)".
func (c Clock) Text() string {
	due := c.Due.Time(London).Format("2 Jan 2006")
	switch c.State {
	case ClockWaitingForID:
		return "waiting for ID: the clock starts when it is checked"
	case ClockStopped:
		return "clock stopped for a clarification (" + plural(c.Paused, "day", "days") + " so far; due " + due + " if it came today)"
	case ClockClosed:
		return "closed; was due " + due
	}
	switch {
	case c.DaysLeft < 0:
		return "overdue: was due " + due + " (" + plural(-c.DaysLeft, "day", "days") + " ago)"
	case c.DaysLeft == 0:
		return "due today, " + due
	case c.DaysLeft == 1:
		return "due tomorrow, " + due
	}
	return "due " + due + " (in " + plural(c.DaysLeft, "day", "days") + ")"
}

// Clock works out the request's time limit as the ICO counts it (package
// ico), as of today.
func (r AccessRequest) Clock(today civil.Date) Clock {
	c := Clock{State: ClockRunning, Start: r.Received}
	if !r.IDAsked.IsZero() {
		if r.IDChecked.IsZero() {
			c.State = ClockWaitingForID
			if !r.Closed.IsZero() {
				c.State = ClockClosed
			}
			return c
		}
		c.Start = r.IDChecked
	}
	months := 1
	if r.Extended {
		months = 3
	}
	if !r.ClarifyAsked.IsZero() {
		until := r.ClarifyReceived
		if until.IsZero() {
			until = today
			if !r.Closed.IsZero() {
				until = r.Closed
			}
			c.State = ClockStopped
		}
		c.Paused = max(0, until.DaysSince(r.ClarifyAsked))
	}
	c.Due = ico.Due(c.Start, months, c.Paused)
	c.Note = ico.Check(c.Start, c.Due)
	if !r.Closed.IsZero() {
		c.State = ClockClosed
	}
	c.DaysLeft = c.Due.DaysSince(today)
	return c
}

func (r *AccessRequest) clean() {
	r.ExtensionReason = termsafe.Line(r.ExtensionReason)
	r.Notes = termsafe.Clean(r.Notes)
}

// Validate checks a request before it is saved on today: the first thing
// wrong, as a *FieldError.
func (r *AccessRequest) Validate(today civil.Date) error {
	if r.PersonID == "" && r.ID == "" {
		return fieldErr("Person", "say whose request it is")
	}
	switch r.Kind {
	case RequestAccess, RequestErasure:
	case "":
		r.Kind = RequestAccess
	default:
		return fieldErr("Kind", "unknown kind of request %q (access or erasure)", r.Kind)
	}
	if r.Received.IsZero() {
		return fieldErr("Received", "say the day the request was received")
	}
	dates := []struct {
		label string
		d     civil.Date
	}{{"Received", r.Received}, {"ID asked for", r.IDAsked}, {"ID checked", r.IDChecked},
		{"Clarification asked for", r.ClarifyAsked}, {"Clarification received", r.ClarifyReceived}, {"Closed", r.Closed}}
	for _, d := range dates {
		if !d.d.IsZero() && !today.IsZero() && d.d.After(today) {
			return fieldErr(d.label, "%s has not come yet", d.d)
		}
		if !d.d.IsZero() && d.d.Before(r.Received) {
			return fieldErr(d.label, "%s is before the request was received (%s)", d.d, r.Received)
		}
	}
	if !r.IDChecked.IsZero() && !r.IDAsked.IsZero() && r.IDChecked.Before(r.IDAsked) {
		return fieldErr("ID checked", "%s is before ID was asked for (%s)", r.IDChecked, r.IDAsked)
	}
	if !r.ClarifyReceived.IsZero() && r.ClarifyAsked.IsZero() {
		return fieldErr("Clarification received", "say when the clarification was asked for first")
	}
	if !r.ClarifyReceived.IsZero() && r.ClarifyReceived.Before(r.ClarifyAsked) {
		return fieldErr("Clarification received", "%s is before it was asked for (%s)", r.ClarifyReceived, r.ClarifyAsked)
	}
	if r.Extended && strings.TrimSpace(r.ExtensionReason) == "" {
		return fieldErr("Extension reason", "say why the request needs longer (the ICO allows it for complex or numerous requests)")
	}
	if !r.Extended {
		r.ExtensionReason = ""
	}
	switch r.Outcome {
	case OutcomeOpen:
		if !r.Closed.IsZero() {
			return fieldErr("Outcome", "say how it was closed: answered, withdrawn or refused")
		}
	case OutcomeAnswered, OutcomeWithdrawn, OutcomeRefused:
		if r.Closed.IsZero() {
			return fieldErr("Closed", "say the day it was %s", r.Outcome)
		}
	default:
		return fieldErr("Outcome", "unknown outcome %q", r.Outcome)
	}
	return nil
}

const requestCols = `r.id, r.created_at, r.updated_at, r.version, r.number, coalesce(r.person_id, ''),
	coalesce(p.name, ''), coalesce(p.preferred_name, ''), r.kind, r.received, r.id_asked, r.id_checked,
	r.clarify_asked, r.clarify_received, r.extended, r.extension_reason, r.closed, r.outcome, r.notes`

const requestFrom = " FROM access_requests r LEFT JOIN people p ON p.id = r.person_id"

func scanRequest(sc interface{ Scan(...any) error }, r *AccessRequest) error {
	ms := metaScan{m: &r.Meta}
	var ext int
	if err := sc.Scan(append(ms.dest(), &r.Number, &r.PersonID, &r.PersonName, &r.PersonPrefers, &r.Kind,
		&r.Received, &r.IDAsked, &r.IDChecked, &r.ClarifyAsked, &r.ClarifyReceived, &ext, &r.ExtensionReason,
		&r.Closed, &r.Outcome, &r.Notes)...); err != nil {
		return err
	}
	ms.finish()
	r.Extended = ext == 1
	return nil
}

// Requests lists the requests, the open ones first by when they were
// received, then the closed ones, latest first; all false lists only the
// open ones.
func (s *Store) Requests(ctx context.Context, all bool) ([]AccessRequest, error) {
	if err := s.allow(ctx, "Requests"); err != nil {
		return nil, err
	}
	where := " WHERE r.closed = ''"
	if all {
		where = ""
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+requestCols+requestFrom+where+
		" ORDER BY r.closed != '', CASE WHEN r.closed = '' THEN r.received END, r.closed DESC, r.number")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AccessRequest
	for rows.Next() {
		var r AccessRequest
		if err := scanRequest(rows, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Request loads one request by its id or number.
func (s *Store) Request(ctx context.Context, idOrNumber string) (AccessRequest, error) {
	if err := s.allow(ctx, "Request"); err != nil {
		return AccessRequest{}, err
	}
	var r AccessRequest
	k := strings.TrimPrefix(strings.TrimSpace(idOrNumber), "#")
	where := " WHERE r.id = ?"
	var arg any = k
	if n, err := strconv.Atoi(k); err == nil {
		where, arg = " WHERE r.number = ?", n
	}
	err := scanRequest(s.db.QueryRowContext(ctx, "SELECT "+requestCols+requestFrom+where, arg), &r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("there is no request %s: %w", idOrNumber, ErrNotFound)
	}
	return r, err
}

// SaveRequest records a new request (empty ID; it is given the next
// number) or updates one that has not changed since it was loaded.
func (s *Store) SaveRequest(ctx context.Context, r *AccessRequest) error {
	if err := s.allow(ctx, "SaveRequest"); err != nil {
		return err
	}
	q := *r
	q.clean()
	if err := q.Validate(civil.In(s.now(), London)); err != nil {
		return err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if q.ID == "" {
			if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(number), 0) + 1 FROM access_requests").Scan(&q.Number); err != nil {
				return err
			}
			s.newMeta(&q.Meta)
			_, err := tx.ExecContext(ctx, `INSERT INTO access_requests (id, created_at, updated_at, version, number,
				person_id, kind, received, id_asked, id_checked, clarify_asked, clarify_received, extended,
				extension_reason, closed, outcome, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
				q.ID, ts(q.CreatedAt), ts(q.UpdatedAt), q.Version, q.Number, q.PersonID, q.Kind, q.Received,
				q.IDAsked, q.IDChecked, q.ClarifyAsked, q.ClarifyReceived, boolInt(q.Extended), q.ExtensionReason,
				q.Closed, q.Outcome, q.Notes)
			if err != nil && strings.Contains(err.Error(), "FOREIGN KEY") {
				return fieldErr("Person", "that person is not in the database")
			}
			return err
		}
		old := q.Version
		s.bump(&q.Meta)
		res, err := tx.ExecContext(ctx, `UPDATE access_requests SET kind=?, received=?, id_asked=?, id_checked=?,
			clarify_asked=?, clarify_received=?, extended=?, extension_reason=?, closed=?, outcome=?, notes=?,
			updated_at=?, version=? WHERE id=? AND version=?`,
			q.Kind, q.Received, q.IDAsked, q.IDChecked, q.ClarifyAsked, q.ClarifyReceived, boolInt(q.Extended),
			q.ExtensionReason, q.Closed, q.Outcome, q.Notes, ts(q.UpdatedAt), q.Version, q.ID, old)
		if err != nil {
			return err
		}
		return checkUpdated(ctx, tx, res, "access_requests", q.ID)
	})
	if err != nil {
		return err
	}
	*r = q
	return nil
}

// DeleteRequest removes a request recorded by mistake, if it has not
// changed since it was loaded.
func (s *Store) DeleteRequest(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteRequest"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM access_requests WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		return checkUpdated(ctx, tx, res, "access_requests", id)
	})
}

// RequestsDueWithin are the open requests whose response is due within
// days of today, or overdue, or waiting (for ID or a clarification): the
// dashboard's reminder, the soonest first.
func (s *Store) RequestsDueWithin(ctx context.Context, days int) ([]AccessRequest, error) {
	if err := s.allow(ctx, "RequestsDueWithin"); err != nil {
		return nil, err
	}
	open, err := s.inner().Requests(ctx, false)
	if err != nil {
		return nil, err
	}
	today := civil.In(s.now(), London)
	var out []AccessRequest
	for _, r := range open {
		c := r.Clock(today)
		if c.State != ClockRunning || c.DaysLeft <= days {
			out = append(out, r)
		}
	}
	sortRequestsByDue(out, today)
	return out, nil
}

func sortRequestsByDue(rs []AccessRequest, today civil.Date) {
	key := func(r AccessRequest) civil.Date {
		if c := r.Clock(today); !c.Due.IsZero() {
			return c.Due
		}
		return civil.New(9999, 12, 31)
	}
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && key(rs[j]).Before(key(rs[j-1])); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}
