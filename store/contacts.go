package store

// Senior officers' contact with users and carers.
//
// Guidance on involvement says senior officers must have regular contact
// with the people who use services and their carers. A contact is either:
//
//   - derived: every attendance (status attended) of a person whose role is
//     senior officer at a forum meeting that was not cancelled. It is read
//     from the register through the view officer_attendance, never copied,
//     so it cannot drift from the register: mark the officer attended and
//     the contact is there; take the mark off and it is gone;
//   - logged: a visit to a forum, a one-to-one, a seat on a board, a written
//     reply, recorded with the officer, their organisation and title, the
//     date, the forums, the topics and the officer's commitments (actions
//     with an owner and a due date, kept with the meeting actions so that
//     they show on the dashboard's list of what is due).
//
// A forum's "last met a senior officer" is the latest of the meetings an
// officer attended and the logged contacts with it other than written
// replies (a letter is not a meeting), up to today. The dashboard warns
// when that is more than a target number of months ago (the setting
// officer_contact_months, 3 unless set), or never.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/termsafe"
)

// ContactKind is how a senior officer was in contact.
type ContactKind string

// The kinds of contact. ContactAtMeeting is never stored: it is a senior
// officer's attendance at a forum meeting, read from the register.
const (
	ContactVisit     ContactKind = "visit"      // visited a forum
	ContactOneToOne  ContactKind = "one_to_one" // met someone one to one
	ContactBoard     ContactKind = "board"      // a user or carer sits on a board with them
	ContactWritten   ContactKind = "written"    // a written reply
	ContactAtMeeting ContactKind = "meeting"    // attended a forum meeting (derived)
)

// ContactKinds lists the kinds a logged contact may be, in the order forms
// offer them.
var ContactKinds = []ContactKind{ContactVisit, ContactOneToOne, ContactBoard, ContactWritten}

// Label is the kind in plain English.
func (k ContactKind) Label() string {
	switch k {
	case ContactVisit:
		return "Visit"
	case ContactOneToOne:
		return "One-to-one"
	case ContactBoard:
		return "Board seat"
	case ContactWritten:
		return "Written reply"
	case ContactAtMeeting:
		return "Forum meeting"
	}
	return string(k)
}

// Met reports whether a contact of this kind is meeting in person (all but
// a written reply): what "last met a senior officer" counts.
func (k ContactKind) Met() bool { return k != ContactWritten }

// ParseContactKind accepts a kind's code or label in any case ("visit",
// "one-to-one", "Board seat").
func ParseContactKind(s string) (ContactKind, error) {
	k := strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
	for _, c := range ContactKinds {
		if k == string(c) || k == strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(c.Label())) {
			return c, nil
		}
	}
	switch k {
	case "board", "board_meeting":
		return ContactBoard, nil
	case "letter", "reply", "written_reply", "email":
		return ContactWritten, nil
	}
	return "", fmt.Errorf("unknown kind of contact %q (use one of: visit, one_to_one, board, written)", s)
}

// Contact is a senior officer's contact with users and carers: logged, or
// (Kind ContactAtMeeting) their attendance at a forum meeting.
type Contact struct {
	Meta
	Kind ContactKind `json:"kind"`
	Date civil.Date  `json:"date"`
	// OfficerID is the officer in People, or "" (then OfficerName says who).
	// Loaded, OfficerName is the name they are known by either way.
	OfficerID    string `json:"officer_id"`
	OfficerName  string `json:"officer_name"`
	Organisation string `json:"organisation"`
	Title        string `json:"title"` // the officer's job title
	// ForumIDs are the forums it was with; loaded, Forums are their names.
	ForumIDs []string `json:"forum_ids"`
	Forums   []string `json:"-"`
	Topics   string   `json:"topics"`
	// ConsultationID links the topics to a consultation ("" for none).
	ConsultationID string `json:"consultation_id"`

	// For a contact at a meeting: the meeting.
	MeetingID string `json:"meeting_id,omitempty"`
	// Open is how many of its commitments are not yet done (loaded).
	Open int `json:"-"`
}

// Derived reports whether the contact is an attendance at a meeting, read
// from the register (it cannot be edited or deleted here).
func (c Contact) Derived() bool { return c.Kind == ContactAtMeeting }

func (c *Contact) clean() {
	c.OfficerName = termsafe.Line(c.OfficerName)
	c.Organisation = termsafe.Line(c.Organisation)
	c.Title = termsafe.Line(c.Title)
	c.Topics = termsafe.Clean(c.Topics)
	c.ConsultationID = strings.TrimSpace(c.ConsultationID)
}

// Limits on a logged contact's text.
const (
	maxContactLine   = 200
	maxContactTopics = 2000
)

// ContactFilter selects contacts; empty fields select everything.
type ContactFilter struct {
	ForumID   string
	OfficerID string
	From, To  civil.Date // both included
	// Logged leaves out the attendances at meetings.
	Logged bool
}

const contactCols = "id, created_at, updated_at, version, kind, contact_date, officer_id, officer_name, organisation, officer_title, topics, consultation_id"

// contactSelect reads contactCols from contacts c with the officer's name
// as they are known and the count of open commitments.
const contactSelect = "SELECT " + "c.id, c.created_at, c.updated_at, c.version, c.kind, c.contact_date, c.officer_id, " +
	"coalesce(nullif(p.preferred_name, ''), p.name, c.officer_name), c.organisation, c.officer_title, c.topics, c.consultation_id, " +
	"(SELECT count(*) FROM actions x WHERE x.contact_id = c.id AND x.done = 0) " +
	"FROM contacts c LEFT JOIN people p ON p.id = c.officer_id"

func scanContact(sc interface{ Scan(...any) error }, c *Contact) error {
	ms := metaScan{m: &c.Meta}
	var officer, consultation sql.NullString
	if err := sc.Scan(append(ms.dest(), &c.Kind, &c.Date, &officer, &c.OfficerName, &c.Organisation, &c.Title,
		&c.Topics, &consultation, &c.Open)...); err != nil {
		return err
	}
	ms.finish()
	c.OfficerID, c.ConsultationID = officer.String, consultation.String
	return nil
}

// Contacts lists the contacts the filter selects, logged and at meetings,
// the latest first.
func (s *Store) Contacts(ctx context.Context, f ContactFilter) ([]Contact, error) {
	if err := s.allow(ctx, "Contacts"); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	if f.ForumID != "" {
		where = append(where, "EXISTS (SELECT 1 FROM contact_forums cf WHERE cf.contact_id = c.id AND cf.forum_id = ?)")
		args = append(args, f.ForumID)
	}
	if f.OfficerID != "" {
		where = append(where, "c.officer_id = ?")
		args = append(args, f.OfficerID)
	}
	if !f.From.IsZero() {
		where = append(where, "c.contact_date >= ?")
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		where = append(where, "c.contact_date <= ?")
		args = append(args, f.To.String())
	}
	q := contactSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []Contact
	index := map[string]int{}
	for rows.Next() {
		var c Contact
		if err := scanContact(rows, &c); err != nil {
			rows.Close()
			return nil, err
		}
		index[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) > 0 {
		// The forums of the contacts listed, in one query.
		q := `SELECT cf.contact_id, f.id, f.name FROM contact_forums cf JOIN forums f ON f.id = cf.forum_id
			JOIN contacts c ON c.id = cf.contact_id`
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		q += " ORDER BY f.name COLLATE NOCASE"
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var cid, fid, name string
			if err := rows.Scan(&cid, &fid, &name); err != nil {
				rows.Close()
				return nil, err
			}
			if i, ok := index[cid]; ok {
				out[i].ForumIDs = append(out[i].ForumIDs, fid)
				out[i].Forums = append(out[i].Forums, name)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if !f.Logged {
		met, err := s.meetingContacts(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, met...)
	}
	slices.SortStableFunc(out, func(a, b Contact) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID) // UUIDv7: the later made first
	})
	return out, nil
}

// meetingContacts lists senior officers' attendances at forum meetings as
// contacts.
func (s *Store) meetingContacts(ctx context.Context, f ContactFilter) ([]Contact, error) {
	var where []string
	var args []any
	if f.ForumID != "" {
		where = append(where, "o.forum_id = ?")
		args = append(args, f.ForumID)
	}
	if f.OfficerID != "" {
		where = append(where, "o.officer_id = ?")
		args = append(args, f.OfficerID)
	}
	// Meetings start at instants; the filter's days are London days.
	if !f.From.IsZero() {
		where = append(where, "o.starts_at >= ?")
		args = append(args, ts(f.From.Time(London)))
	}
	if !f.To.IsZero() {
		where = append(where, "o.starts_at < ?")
		args = append(args, ts(f.To.AddDays(1).Time(London)))
	}
	q := `SELECT o.id, o.officer_id, coalesce(nullif(p.preferred_name, ''), p.name), o.meeting_id, o.starts_at, o.forum_id, fo.name
		FROM officer_attendance o JOIN people p ON p.id = o.officer_id JOIN forums fo ON fo.id = o.forum_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		c := Contact{Kind: ContactAtMeeting}
		var start, forumID, forum string
		if err := rows.Scan(&c.ID, &c.OfficerID, &c.OfficerName, &c.MeetingID, &start, &forumID, &forum); err != nil {
			return nil, err
		}
		c.Date = civil.In(parseTS(start), London)
		c.ForumIDs, c.Forums = []string{forumID}, []string{forum}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Contact loads one logged contact with its forums.
func (s *Store) Contact(ctx context.Context, id string) (Contact, error) {
	if err := s.allow(ctx, "Contact"); err != nil {
		return Contact{}, err
	}
	return s.contact(ctx, s.db, id)
}

func (s *Store) contact(ctx context.Context, q queryer, id string) (Contact, error) {
	var c Contact
	err := scanContact(q.QueryRowContext(ctx, contactSelect+" WHERE c.id = ?", id), &c)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, err
	}
	rows, err := q.QueryContext(ctx, `SELECT f.id, f.name FROM contact_forums cf JOIN forums f ON f.id = cf.forum_id
		WHERE cf.contact_id = ? ORDER BY f.name COLLATE NOCASE`, id)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var fid, name string
		if err := rows.Scan(&fid, &name); err != nil {
			return c, err
		}
		c.ForumIDs = append(c.ForumIDs, fid)
		c.Forums = append(c.Forums, name)
	}
	return c, rows.Err()
}

// SaveContact records a new logged contact (empty ID) or changes one that
// has not changed since it was loaded, with the forums it was with, in one
// transaction. Its commitments are saved apart, as actions (SaveAction
// with ContactID).
func (s *Store) SaveContact(ctx context.Context, c *Contact) error {
	if err := s.allow(ctx, "SaveContact"); err != nil {
		return err
	}
	v := *c
	v.clean()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkContact(ctx, tx, &v); err != nil {
			return err
		}
		name := v.OfficerName
		if v.OfficerID != "" {
			name = "" // the name comes from People, so erasing them erases it
		}
		if v.ID == "" {
			s.newMeta(&v.Meta)
			if _, err := tx.ExecContext(ctx, "INSERT INTO contacts ("+contactCols+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
				v.ID, ts(v.CreatedAt), ts(v.UpdatedAt), v.Version, v.Kind, v.Date, nullable(v.OfficerID), name,
				v.Organisation, v.Title, v.Topics, nullable(v.ConsultationID)); err != nil {
				return err
			}
		} else {
			old := v.Version
			s.bump(&v.Meta)
			res, err := tx.ExecContext(ctx, `UPDATE contacts SET kind=?, contact_date=?, officer_id=?, officer_name=?,
				organisation=?, officer_title=?, topics=?, consultation_id=?, updated_at=?, version=? WHERE id=? AND version=?`,
				v.Kind, v.Date, nullable(v.OfficerID), name, v.Organisation, v.Title, v.Topics, nullable(v.ConsultationID),
				ts(v.UpdatedAt), v.Version, v.ID, old)
			if err != nil {
				return err
			}
			if err := checkUpdated(ctx, tx, res, "contacts", v.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM contact_forums WHERE contact_id = ?", v.ID); err != nil {
				return err
			}
		}
		now := ts(v.UpdatedAt)
		for _, fid := range v.ForumIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO contact_forums (id, contact_id, forum_id, created_at, updated_at, version)
				VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (contact_id, forum_id) DO NOTHING`, newID(), v.ID, fid, now, now); err != nil {
				return err
			}
		}
		saved, err := s.contact(ctx, tx, v.ID)
		v = saved
		return err
	})
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// checkContact checks a logged contact before it is saved.
func (s *Store) checkContact(ctx context.Context, q queryer, c *Contact) error {
	if c.Kind == "" {
		return fieldErr("Kind", "say what kind of contact it was: %s", contactKindList())
	}
	k, err := ParseContactKind(string(c.Kind))
	if err != nil {
		return fieldErr("Kind", "%s", err)
	}
	c.Kind = k
	if c.Date.IsZero() {
		return fieldErr("Date", "say when it was, like 2026-03-14")
	}
	if !c.Date.Valid() {
		return fieldErr("Date", "%s is not a day of the calendar", c.Date)
	}
	if today := civil.In(s.now(), London); c.Date.After(today) {
		return fieldErr("Date", "%s has not come yet: log a contact once it has happened", c.Date)
	}
	if c.OfficerID != "" {
		var name, preferred string
		var role Role
		err := q.QueryRowContext(ctx, "SELECT name, preferred_name, role FROM people WHERE id = ?", c.OfficerID).Scan(&name, &preferred, &role)
		if errors.Is(err, sql.ErrNoRows) {
			return fieldErr("Officer", "that person is no longer in People")
		}
		if err != nil {
			return err
		}
		if role != RoleSeniorOfficer {
			return fieldErr("Officer", "%s is not a senior officer in People (their role is %s): change their role, or give the officer's name instead",
				DisplayName(name, preferred), strings.ToLower(role.Label()))
		}
		c.OfficerName = DisplayName(name, preferred)
	} else if strings.TrimSpace(c.OfficerName) == "" {
		return fieldErr("Officer", "say which senior officer it was: choose them from People, or give their name")
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{{"Officer", c.OfficerName, maxContactLine}, {"Organisation", c.Organisation, maxContactLine},
		{"Title", c.Title, maxContactLine}, {"Topics", c.Topics, maxContactTopics}} {
		if len([]rune(f.value)) > f.max {
			return fieldErr(f.name, "too long (%d characters at most)", f.max)
		}
	}
	seen := map[string]bool{}
	var ids []string
	for _, id := range c.ForumIDs {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		if n, err := count(ctx, q, "SELECT count(*) FROM forums WHERE id = ?", id); err != nil {
			return err
		} else if n == 0 {
			return fieldErr("Forums", "a forum chosen no longer exists")
		}
		ids = append(ids, id)
	}
	c.ForumIDs = ids
	return nil
}

func contactKindList() string {
	var out []string
	for _, k := range ContactKinds {
		out = append(out, strings.ToLower(k.Label()))
	}
	return strings.Join(out, ", ")
}

// ContactImpact counts what deleting a logged contact also removes: its
// commitments.
func (s *Store) ContactImpact(ctx context.Context, id string) (Impact, error) {
	if err := s.allow(ctx, "ContactImpact"); err != nil {
		return Impact{}, err
	}
	n, err := count(ctx, s.db, "SELECT count(*) FROM actions WHERE contact_id = ?", id)
	return Impact{Actions: n}, err
}

// DeleteContact removes a logged contact with its commitments, if it has
// not changed since it was loaded.
func (s *Store) DeleteContact(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteContact"); err != nil {
		return err
	}
	return s.deleteVersioned(ctx, "contacts", id, version)
}

// SettingOfficerContactMonths is the setting holding how many months a
// forum may go without meeting a senior officer before the dashboard says
// so; DefaultOfficerContactMonths applies while it is not set.
const (
	SettingOfficerContactMonths = "officer_contact_months"
	DefaultOfficerContactMonths = 3
	maxOfficerContactMonths     = 36
)

// OfficerContactTarget is the number of months a forum may go without
// meeting a senior officer before the dashboard warns.
func (s *Store) OfficerContactTarget(ctx context.Context) (int, error) {
	if err := s.allow(ctx, "OfficerContactTarget"); err != nil {
		return 0, err
	}
	v, err := s.inner().Setting(ctx, SettingOfficerContactMonths)
	if err != nil || strings.TrimSpace(v) == "" {
		return DefaultOfficerContactMonths, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > maxOfficerContactMonths {
		return DefaultOfficerContactMonths, fmt.Errorf("the setting %s is %q: it should be a number of months from 1 to %d",
			SettingOfficerContactMonths, v, maxOfficerContactMonths)
	}
	return n, nil
}

// SetOfficerContactTarget sets the number of months (1 to 36) a forum may
// go without meeting a senior officer before the dashboard warns.
func (s *Store) SetOfficerContactTarget(ctx context.Context, months int) error {
	if err := s.allow(ctx, "SetOfficerContactTarget"); err != nil {
		return err
	}
	if months < 1 || months > maxOfficerContactMonths {
		return fmt.Errorf("the target is a number of months from 1 to %d, not %d", maxOfficerContactMonths, months)
	}
	return s.inner().SetSetting(ctx, SettingOfficerContactMonths, strconv.Itoa(months))
}

// ForumContact is when a forum last met a senior officer.
type ForumContact struct {
	ForumID   string
	ForumName string
	// Last is the day of the latest meeting with a senior officer up to
	// today (a forum meeting one attended, or a logged contact other than a
	// written reply); zero when there has been none.
	Last civil.Date
	// Months is the whole months from Last to today; -1 when there has
	// been none.
	Months int
	// Target is the months allowed; Over is true when Last is more than
	// Target months ago, or there has been none.
	Target int
	Over   bool
}

// Since says how long ago in plain English: "this month", "1 month ago",
// "5 months ago", "never".
func (f ForumContact) Since() string {
	switch {
	case f.Last.IsZero():
		return "never"
	case f.Months <= 0:
		return "less than a month ago"
	case f.Months == 1:
		return "1 month ago"
	}
	return fmt.Sprintf("%d months ago", f.Months)
}

// OfficerContacts says, for every forum (by name), when it last met a
// senior officer and whether that is longer ago than the target.
func (s *Store) OfficerContacts(ctx context.Context) ([]ForumContact, error) {
	if err := s.allow(ctx, "OfficerContacts"); err != nil {
		return nil, err
	}
	return s.officerContacts(ctx, "")
}

// ForumOfficerContact says when one forum last met a senior officer.
func (s *Store) ForumOfficerContact(ctx context.Context, forumID string) (ForumContact, error) {
	if err := s.allow(ctx, "ForumOfficerContact"); err != nil {
		return ForumContact{}, err
	}
	out, err := s.officerContacts(ctx, forumID)
	if err != nil {
		return ForumContact{}, err
	}
	if len(out) == 0 {
		return ForumContact{}, ErrNotFound
	}
	return out[0], nil
}

// officerMeetingSQL is the start of forum f's latest meeting, not
// cancelled, that met a senior officer, up to ?1 (NULL when there is
// none): what the view officer_attendance gives, with the meetings that
// still count an officer erased since. Each meeting keeps how many senior
// officers came (officers, kept from the register and People by triggers,
// migration 0015) and how many of those were erased (former_officers);
// the partial index meetings_officers holds just the meetings, not
// cancelled, where that is more than none, by forum and start, so this is
// one seek for each forum.
const officerMeetingSQL = `(SELECT g.starts_at FROM meetings g WHERE g.forum_id = f.id
	AND g.officers + g.former_officers > 0 AND g.status != 'cancelled' AND g.starts_at <= ?1
	ORDER BY g.starts_at DESC LIMIT 1)`

func (s *Store) officerContacts(ctx context.Context, forumID string) ([]ForumContact, error) {
	target, err := s.inner().OfficerContactTarget(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	today := civil.In(now, London)
	last := map[string]civil.Date{}
	later := func(id string, d civil.Date) {
		if d.After(last[id]) {
			last[id] = d
		}
	}
	// Logged contacts other than written replies.
	q := `SELECT cf.forum_id, max(c.contact_date) FROM contact_forums cf JOIN contacts c ON c.id = cf.contact_id
		WHERE c.kind != 'written' AND c.contact_date <= ?`
	args := []any{today.String()}
	if forumID != "" {
		q += " AND cf.forum_id = ?"
		args = append(args, forumID)
	}
	rows, err := s.db.QueryContext(ctx, q+" GROUP BY cf.forum_id", args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var d civil.Date
		if err := rows.Scan(&id, &d); err != nil {
			rows.Close()
			return nil, err
		}
		later(id, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The forums, each with its latest meeting with a senior officer.
	q = "SELECT f.id, f.name, " + officerMeetingSQL + " FROM forums f"
	args = []any{ts(now)}
	if forumID != "" {
		q += " WHERE f.id = ?2"
		args = append(args, forumID)
	}
	rows, err = s.db.QueryContext(ctx, q+" ORDER BY f.name COLLATE NOCASE", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ForumContact
	for rows.Next() {
		var f ForumContact
		var met sql.NullString
		if err := rows.Scan(&f.ForumID, &f.ForumName, &met); err != nil {
			return nil, err
		}
		if met.Valid {
			later(f.ForumID, civil.In(parseTS(met.String), London))
		}
		f.Target, f.Last, f.Months = target, last[f.ForumID], -1
		if !f.Last.IsZero() {
			f.Months = today.MonthsSince(f.Last)
		}
		f.Over = f.Last.IsZero() || today.After(f.Last.AddMonths(target))
		out = append(out, f)
	}
	return out, rows.Err()
}
