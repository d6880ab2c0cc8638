package store

// A person's involvement history: the forum meetings they attended, the
// training sessions they co-delivered, the consultations they raised points
// in and, for a senior officer, the contacts logged with them. It is read
// from those records, never kept apart.

import (
	"context"
	"slices"
	"strings"

	"github.com/involve/involve/civil"
)

// InvolvementKind is what kind of involvement an item of a person's history
// is.
type InvolvementKind string

// The kinds of involvement in a person's history.
const (
	InvolvedMeeting      InvolvementKind = "meeting"      // attended a forum meeting
	InvolvedTraining     InvolvementKind = "training"     // co-delivered a training session
	InvolvedConsultation InvolvementKind = "consultation" // raised points in a consultation
	InvolvedContact      InvolvementKind = "contact"      // a senior officer's logged contact
)

// Label is the kind in plain English.
func (k InvolvementKind) Label() string {
	switch k {
	case InvolvedMeeting:
		return "Meeting"
	case InvolvedTraining:
		return "Training"
	case InvolvedConsultation:
		return "Consultation"
	case InvolvedContact:
		return "Contact"
	}
	return string(k)
}

// InvolvementItem is one thing a person took part in.
type InvolvementItem struct {
	Kind   InvolvementKind
	Date   civil.Date
	What   string // the forum, the session's title, the consultation's title, the contact's kind
	Detail string // more about it: the session's programme and part, the points raised
	ID     string // the meeting, session, consultation or contact
}

// Involvement is a person's involvement history, the latest first, with
// counts of each kind.
type Involvement struct {
	Items                                       []InvolvementItem
	Meetings, Training, Consultations, Contacts int
	// LastMeeting is the day of the last forum meeting they attended.
	LastMeeting civil.Date
}

// PersonInvolvement gathers a person's involvement history.
func (s *Store) PersonInvolvement(ctx context.Context, personID string) (Involvement, error) {
	if err := s.allow(ctx, "PersonInvolvement"); err != nil {
		return Involvement{}, err
	}
	var inv Involvement
	rows, err := s.db.QueryContext(ctx, `SELECT g.id, g.starts_at, f.name FROM attendance a
		JOIN meetings g ON g.id = a.meeting_id JOIN forums f ON f.id = g.forum_id
		WHERE a.person_id = ? AND a.status = 'attended' AND g.status != 'cancelled'`, personID)
	if err != nil {
		return inv, err
	}
	for rows.Next() {
		it := InvolvementItem{Kind: InvolvedMeeting, Detail: "attended"}
		var start string
		if err := rows.Scan(&it.ID, &start, &it.What); err != nil {
			rows.Close()
			return inv, err
		}
		it.Date = civil.In(parseTS(start), London)
		inv.Items = append(inv.Items, it)
		inv.Meetings++
		if it.Date.After(inv.LastMeeting) {
			inv.LastMeeting = it.Date
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return inv, err
	}

	sessions, err := s.inner().TrainingSessions(ctx, TrainingFilter{PersonID: personID})
	if err != nil {
		return inv, err
	}
	for _, t := range sessions {
		detail := t.Kind.Label()
		if p := strings.TrimSpace(t.Programme); p != "" {
			detail += ", " + p
		}
		inv.Items = append(inv.Items, InvolvementItem{Kind: InvolvedTraining, Date: t.Date, What: t.Title, Detail: detail, ID: t.ID})
		inv.Training++
	}

	points, err := s.consultationsRaisedBy(ctx, personID)
	if err != nil {
		return inv, err
	}
	inv.Items = append(inv.Items, points...)
	inv.Consultations = len(points)

	contacts, err := s.inner().Contacts(ctx, ContactFilter{OfficerID: personID, Logged: true})
	if err != nil {
		return inv, err
	}
	for _, c := range contacts {
		detail := strings.Join(c.Forums, ", ")
		if detail == "" {
			detail = c.Organisation
		}
		inv.Items = append(inv.Items, InvolvementItem{Kind: InvolvedContact, Date: c.Date, What: c.Kind.Label(), Detail: detail, ID: c.ID})
		inv.Contacts++
	}

	slices.SortStableFunc(inv.Items, func(a, b InvolvementItem) int { return b.Date.Compare(a.Date) })
	return inv, nil
}

// consultationsRaisedBy lists the consultations in which a person raised
// points (one item each: the consultation's title, the day of the latest
// point they raised, how many points). The consultations and their points
// are issue 10's part A, built on another branch: until they are merged
// there are none, and part A fills this in.
func (s *Store) consultationsRaisedBy(ctx context.Context, personID string) ([]InvolvementItem, error) {
	return nil, nil
}
