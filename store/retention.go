package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/termsafe"
)

// RetentionYears is how many years without involvement make someone due
// for review (the setting retention_years; 3 unless changed).
func (s *Store) RetentionYears(ctx context.Context) (int, error) {
	if err := s.allow(ctx, "RetentionYears"); err != nil {
		return 0, err
	}
	return retentionYears(ctx, s.db)
}

// SetRetentionYears changes it (1 to 20 years).
func (s *Store) SetRetentionYears(ctx context.Context, n int) error {
	if err := s.allow(ctx, "SetRetentionYears"); err != nil {
		return err
	}
	if n < 1 || n > 20 {
		return fmt.Errorf("keep people's details for 1 to 20 years without involvement, not %d", n)
	}
	return s.inner().SetSetting(ctx, SettingRetentionYears, strconv.Itoa(n))
}

// ReviewDue is someone with no involvement for the retention period.
type ReviewDue struct {
	PersonID      string
	Name          string
	PreferredName string
	Role          Role
	// LastInvolved is the latest day anything in the registry shows them
	// taking part (joining a forum, a meeting, a claim, a story…), or the
	// day they were first recorded.
	LastInvolved civil.Date
	// LastKept, when not zero, is when they were last kept on review; the
	// review that kept them has come round again.
	LastKept civil.Date
	KeptWhy  string
}

// involvementEntries are the registry's entries that show someone taking
// part: those with an Involvement and a Person column.
// The person's own record comes first: most people are ruled out by it,
// before any other table is looked at.
func involvementEntries() []PersonData {
	var out []PersonData
	for _, d := range registry {
		if d.Involvement != "" && d.Person != "" {
			if d.Table == "people" {
				out = append([]PersonData{d}, out...)
			} else {
				out = append(out, d)
			}
		}
	}
	return out
}

// aliasRE finds the table aliases an expression reads ("t." in t.person_id).
var aliasRE = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*)\.[A-Za-z_"]`)

// involvementFrom is where an entry's involvement is read: its table
// alone when the person and the date are its own columns (the joins in
// From are for the export's fields, and join rows its foreign keys
// guarantee, or LEFT JOIN, so they never add or take away a row), else
// From. Reading the table alone spares the retention review a lookup of
// each row's meeting, forum or session.
func (d PersonData) involvementFrom() string {
	for _, m := range aliasRE.FindAllStringSubmatch(d.Person+" "+d.Involvement, -1) {
		if m[1] != "t" {
			return d.from()
		}
	}
	return d.Table + " t"
}

// RetentionDue lists the people with no involvement for the retention
// period who have not been kept (with a reason) until a later review: the
// longest gone first. Involvement is whatever the registry says shows
// someone taking part (Involvement): joining a forum, a register, a claim,
// a payment, a story, a request, being first recorded or giving consent.
func (s *Store) RetentionDue(ctx context.Context) ([]ReviewDue, error) {
	if err := s.allow(ctx, "RetentionDue"); err != nil {
		return nil, err
	}
	due, args, err := s.retentionDueSQL(ctx)
	if err != nil {
		return nil, err
	}
	// Then, for those only, when they last took part.
	var inv []string
	for _, d := range involvementEntries() {
		inv = append(inv, "SELECT "+d.Person+" AS pid, "+d.Involvement+" AS day FROM "+d.from()+
			" WHERE "+d.Person+" IN (SELECT id FROM due)")
	}
	rows, err := s.db.QueryContext(ctx, `WITH due AS MATERIALIZED (`+due+`),
		inv AS (`+strings.Join(inv, "\n\t\tUNION ALL ")+`),
		last AS (SELECT pid, max(day) AS day FROM inv GROUP BY pid)
		SELECT p.id, p.name, p.preferred_name, p.role, coalesce(l.day, ''),
			coalesce((SELECT r.reviewed_on FROM retention_reviews r WHERE r.person_id = p.id ORDER BY r.reviewed_on DESC, r.created_at DESC LIMIT 1), ''),
			coalesce((SELECT r.reason FROM retention_reviews r WHERE r.person_id = p.id ORDER BY r.reviewed_on DESC, r.created_at DESC LIMIT 1), '')
		FROM due JOIN people p ON p.id = due.id LEFT JOIN last l ON l.pid = p.id
		ORDER BY l.day, p.name COLLATE NOCASE`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReviewDue
	for rows.Next() {
		var r ReviewDue
		var last string
		if err := rows.Scan(&r.PersonID, &r.Name, &r.PreferredName, &r.Role, &last, &r.LastKept, &r.KeptWhy); err != nil {
			return nil, err
		}
		r.LastInvolved, _ = civil.ParseOptional(last)
		out = append(out, r)
	}
	return out, rows.Err()
}

// retentionDueSQL is the query finding the ids of the people due for
// review (no involvement on or after the cutoff, and no review keeping
// them), and its parameters. The people left by their own record are
// gathered once; the people with recent rows in the registry's smaller
// entries are gathered once, by range scans of their dates, and set
// aside together; only the entries with many rows per person
// (ManyPerPerson) are looked up, person by person, for those left.
func (s *Store) retentionDueSQL(ctx context.Context) (string, []any, error) {
	years, err := s.inner().RetentionYears(ctx)
	if err != nil {
		return "", nil, err
	}
	today := civil.In(s.now(), London)
	cutoff := today.AddYears(-years)
	own := ""
	var recent, none []string
	for _, d := range involvementEntries() {
		switch {
		case d.Table == "people" && d.From == "":
			// The person's own row is the one being read: no lookup.
			// Its columns are NOT NULL, and the index people_involved
			// (migration 0014_first_frame) is on this expression: a range scan.
			own = strings.ReplaceAll(d.Involvement, "t.", "p.") + " < $cutoff"
		case d.ManyPerPerson:
			none = append(none, "NOT EXISTS (SELECT 1 FROM "+d.from()+" WHERE "+d.Person+" = p.id AND ("+d.Involvement+") >= $cutoff)")
		default:
			recent = append(recent, "SELECT "+d.Person+" AS pid FROM "+d.involvementFrom()+" WHERE ("+d.Involvement+") >= $cutoff")
		}
	}
	if own == "" {
		own = "1"
	}
	// Those with recent involvement in the smaller entries are set aside
	// before the register is looked up for the rest.
	if len(recent) > 0 {
		none = append([]string{"p.id NOT IN (SELECT pid FROM (" + strings.Join(recent, "\n\t\tUNION ALL ") + ") WHERE pid IS NOT NULL)"}, none...)
	}
	none = append([]string{own}, none...)
	// A review keeping them is looked up last, for the few left.
	none = append(none, "p.id NOT IN (SELECT r.person_id FROM retention_reviews r WHERE r.next_review > $today)")
	return "SELECT p.id FROM people p WHERE " + strings.Join(none, "\n\t\tAND "),
		[]any{sql.Named("cutoff", cutoff.String()), sql.Named("today", today.String())}, nil
}

// RightsDue is what people's rights over their data ask of the
// coordinator, counted, for the dashboard.
type RightsDue struct {
	Requests []AccessRequest // open requests due within the days asked, overdue or waiting
	Review   int             // people due for a retention review
	Expired  int             // people whose consent to be contacted has expired
}

// RightsDue counts, for the dashboard, the requests due within days, the
// people due for a retention review and the consents expired.
func (s *Store) RightsDue(ctx context.Context, days int) (RightsDue, error) {
	if err := s.allow(ctx, "RightsDue"); err != nil {
		return RightsDue{}, err
	}
	var r RightsDue
	var err error
	if r.Requests, err = s.inner().RequestsDueWithin(ctx, days); err != nil {
		return r, err
	}
	due, args, err := s.retentionDueSQL(ctx)
	if err != nil {
		return r, err
	}
	if r.Review, err = count(ctx, s.db, "SELECT count(*) FROM ("+due+")", args...); err != nil {
		return r, err
	}
	r.Expired, err = count(ctx, s.db, `SELECT count(*) FROM people
		WHERE consent = 1 AND consent_review != '' AND consent_review < ?`, LocalDate(s.now()))
	return r, err
}

// RetentionReview is a decision, on review, to keep someone's details.
type RetentionReview struct {
	Meta
	PersonID   string     `json:"person_id"`
	ReviewedOn civil.Date `json:"reviewed_on"`
	Reason     string     `json:"reason"`
	NextReview civil.Date `json:"next_review"`
	By         string     `json:"reviewed_by"`
}

// KeepOnReview records that someone due for review is kept: why, and when
// they are next reviewed (a year on when zero). Anonymising or erasing
// them is Erase, with ReasonRetention.
func (s *Store) KeepOnReview(ctx context.Context, r *RetentionReview) error {
	if err := s.allow(ctx, "KeepOnReview"); err != nil {
		return err
	}
	today := civil.In(s.now(), London)
	q := *r
	q.Reason = strings.TrimSpace(termsafe.Line(q.Reason))
	q.By = termsafe.Line(q.By)
	if q.Reason == "" {
		return fieldErr("Reason", "say why their details are still needed")
	}
	q.ReviewedOn = today
	if q.NextReview.IsZero() {
		q.NextReview = today.AddYears(1)
	}
	if !q.NextReview.After(today) {
		return fieldErr("Next review", "the next review must be after today (%s)", today)
	}
	if q.NextReview.After(today.AddYears(10)) {
		return fieldErr("Next review", "review them again within ten years, not %s", q.NextReview)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM people WHERE id = ?", q.PersonID).Scan(&one); err != nil {
			if err == sql.ErrNoRows {
				return ErrNotFound
			}
			return err
		}
		s.newMeta(&q.Meta)
		_, err := tx.ExecContext(ctx, `INSERT INTO retention_reviews (id, person_id, reviewed_on, reason, next_review,
			reviewed_by, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?)`,
			q.ID, q.PersonID, q.ReviewedOn, q.Reason, q.NextReview, q.By, ts(q.CreatedAt), ts(q.UpdatedAt), q.Version)
		return err
	})
	if err != nil {
		return err
	}
	*r = q
	return nil
}

// Contactable is someone who may be contacted: consent given and not due
// for review.
type Contactable struct {
	PersonID      string    `json:"person_id"`
	Name          string    `json:"name"`
	PreferredName string    `json:"preferred_name"`
	Role          Role      `json:"role"`
	ContactBy     ContactBy `json:"contact_by"`
	Phone         string    `json:"phone"`
	Email         string    `json:"email"`
	ConsentReview string    `json:"consent_review"`
}

// ContactList is who may be contacted (of a forum's members, or of
// everyone), and how many were left off and why.
type ContactList struct {
	Contacts  []Contactable `json:"contacts"`
	NoConsent int           `json:"left_off_no_consent"`
	Expired   int           `json:"left_off_consent_expired"`
}

// ContactList lists the people who may be contacted, by the name they
// prefer: only those whose consent is given and not past its review date.
// forumID "" lists everyone.
func (s *Store) ContactList(ctx context.Context, forumID string) (ContactList, error) {
	if err := s.allow(ctx, "ContactList"); err != nil {
		return ContactList{}, err
	}
	today := LocalDate(s.now())
	where, args := "", []any{}
	if forumID != "" {
		where = " WHERE p.id IN (SELECT person_id FROM memberships WHERE forum_id = ?)"
		args = append(args, forumID)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+prefixed("p", personCols)+" FROM people p"+where+
		" ORDER BY coalesce(nullif(p.preferred_name, ''), p.name) COLLATE NOCASE", args...)
	if err != nil {
		return ContactList{}, err
	}
	defer rows.Close()
	var cl ContactList
	for rows.Next() {
		var p Person
		if err := scanPerson(rows, &p); err != nil {
			return cl, err
		}
		switch p.ContactConsent(today) {
		case ContactNoConsent:
			cl.NoConsent++
		case ContactExpired:
			cl.Expired++
		default:
			cl.Contacts = append(cl.Contacts, Contactable{PersonID: p.ID, Name: p.Name, PreferredName: p.PreferredName,
				Role: p.Role, ContactBy: p.ContactBy, Phone: p.Phone, Email: p.Email, ConsentReview: p.ConsentReview})
		}
	}
	return cl, rows.Err()
}

// ConsentExpired lists the people whose consent to be contacted is due
// for review (its review date has passed), the longest overdue first.
func (s *Store) ConsentExpired(ctx context.Context) ([]Member, error) {
	if err := s.allow(ctx, "ConsentExpired"); err != nil {
		return nil, err
	}
	return s.members(ctx, `SELECT id, name, preferred_name, role FROM people
		WHERE consent = 1 AND consent_review != '' AND consent_review < ?
		ORDER BY consent_review, name COLLATE NOCASE`, LocalDate(s.now()))
}

// rightsExportSections are the export's lists of people's requests about
// their data, retention reviews and the erasure log.
func rightsExportSections() []exportSection {
	return []exportSection{
		{"access_requests", "SELECT " + requestCols + requestFrom + " ORDER BY r.number", func(r *sql.Rows) (any, error) {
			var q AccessRequest
			err := scanRequest(r, &q)
			return q, err
		}},
		{"retention_reviews", `SELECT id, created_at, updated_at, version, person_id, reviewed_on, reason, next_review, reviewed_by
			FROM retention_reviews ORDER BY reviewed_on, id`, func(r *sql.Rows) (any, error) {
			var v RetentionReview
			ms := metaScan{m: &v.Meta}
			err := r.Scan(append(ms.dest(), &v.PersonID, &v.ReviewedOn, &v.Reason, &v.NextReview, &v.By)...)
			ms.finish()
			return v, err
		}},
		{"erasures", "SELECT " + erasureCols + " FROM erasures ORDER BY erased_at, id", func(r *sql.Rows) (any, error) {
			var e Erasure
			err := scanErasure(r, &e)
			return e, err
		}},
	}
}
