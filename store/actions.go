package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"
)

// ActionSummary is an action with where it came from: the meeting (its
// forum and start), or the senior officer's contact.
type ActionSummary struct {
	Action
	ForumName    string
	MeetingStart time.Time
	// For a commitment made at a logged contact: its kind, the officer
	// (as they are known) and their organisation.
	ContactKind  ContactKind
	OfficerName  string
	Organisation string
}

const actionCols = "id, created_at, updated_at, version, meeting_id, contact_id, description, owner, due, done"

func actionDest(a *Action, extra ...any) (func(), []any) {
	ms := metaScan{m: &a.Meta}
	var done int
	var meeting, contact sql.NullString
	d := append(ms.dest(), &meeting, &contact, &a.Description, &a.Owner, &a.Due, &done)
	return func() {
		ms.finish()
		a.Done = done == 1
		a.MeetingID, a.ContactID = meeting.String, contact.String
	}, append(d, extra...)
}

// MeetingActions lists a meeting's actions: open ones first, by due date.
func (s *Store) MeetingActions(ctx context.Context, meetingID string) ([]Action, error) {
	if err := s.allow(ctx, "MeetingActions"); err != nil {
		return nil, err
	}
	return s.actions(ctx, "meeting_id", meetingID)
}

// ContactActions lists the commitments made at a logged contact: open ones
// first, by due date.
func (s *Store) ContactActions(ctx context.Context, contactID string) ([]Action, error) {
	if err := s.allow(ctx, "ContactActions"); err != nil {
		return nil, err
	}
	return s.actions(ctx, "contact_id", contactID)
}

func (s *Store) actions(ctx context.Context, col, id string) ([]Action, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+actionCols+" FROM actions WHERE "+col+` = ?
		ORDER BY done, due = '', due, created_at`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Action
	for rows.Next() {
		var a Action
		finish, dest := actionDest(&a)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		finish()
		out = append(out, a)
	}
	return out, rows.Err()
}

// DueActions lists open actions, agreed at meetings or committed to at
// senior officers' contacts, due on or before the given London date
// (overdue ones first).
func (s *Store) DueActions(ctx context.Context, by string, limit int) ([]ActionSummary, error) {
	if err := s.allow(ctx, "DueActions"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+prefixed("a", actionCols)+`, coalesce(f.name, ''), coalesce(g.starts_at, ''),
		coalesce(c.kind, ''), coalesce(p.name, c.officer_name, ''), coalesce(p.preferred_name, ''), coalesce(c.organisation, '')
		FROM actions a LEFT JOIN meetings g ON g.id = a.meeting_id LEFT JOIN forums f ON f.id = g.forum_id
		LEFT JOIN contacts c ON c.id = a.contact_id LEFT JOIN people p ON p.id = c.officer_id
		WHERE a.done = 0 AND a.due != '' AND a.due <= ? ORDER BY a.due, a.created_at LIMIT ?`, by, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ActionSummary
	for rows.Next() {
		var a ActionSummary
		var start, name, preferred string
		finish, dest := actionDest(&a.Action, &a.ForumName, &start, &a.ContactKind, &name, &preferred, &a.Organisation)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		finish()
		a.MeetingStart = parseTS(start)
		a.OfficerName = DisplayName(name, preferred)
		out = append(out, a)
	}
	return out, rows.Err()
}

// SaveAction inserts a new action (empty ID) or updates one that has not
// changed since it was loaded. A new action belongs to a meeting or to a
// logged contact, not both; which one it belongs to never changes.
func (s *Store) SaveAction(ctx context.Context, a *Action) error {
	if err := s.allow(ctx, "SaveAction"); err != nil {
		return err
	}
	a.clean()
	if err := a.Validate(); err != nil {
		return err
	}
	b := *a
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if b.ID == "" {
			switch {
			case (b.MeetingID == "") == (b.ContactID == ""):
				return errors.New("an action belongs to a meeting or to a senior officer's contact (one of the two)")
			case b.ContactID != "":
				if n, err := count(ctx, tx, "SELECT count(*) FROM contacts WHERE id = ?", b.ContactID); err != nil {
					return err
				} else if n == 0 {
					return fieldErr("Contact", "that contact no longer exists")
				}
			}
			s.newMeta(&b.Meta)
			_, err := tx.ExecContext(ctx, `INSERT INTO actions (`+actionCols+`) VALUES (?,?,?,?,?,?,?,?,?,?)`,
				b.ID, ts(b.CreatedAt), ts(b.UpdatedAt), b.Version, nullable(b.MeetingID), nullable(b.ContactID),
				b.Description, b.Owner, b.Due, boolInt(b.Done))
			return err
		}
		old := b.Version
		s.bump(&b.Meta)
		res, err := tx.ExecContext(ctx, `UPDATE actions SET description=?, owner=?, due=?, done=?, updated_at=?, version=?
			WHERE id=? AND version=?`, b.Description, b.Owner, b.Due, boolInt(b.Done), ts(b.UpdatedAt), b.Version, b.ID, old)
		if err != nil {
			return err
		}
		return checkUpdated(ctx, tx, res, "actions", b.ID)
	})
	if err != nil {
		return err
	}
	*a = b
	return nil
}

// DeleteAction removes an action.
func (s *Store) DeleteAction(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteAction"); err != nil {
		return err
	}
	return s.deleteVersioned(ctx, "actions", id, version)
}

// Dashboard is what the coordinator sees first.
type Dashboard struct {
	Upcoming []MeetingSummary
	Due      []ActionSummary // open actions due within a fortnight, overdue first
	Quiet    []ForumSummary  // forums that have not met for QuietAfter or more
	// OfficerGaps are the forums that have not met a senior officer for
	// longer than the target (OfficerTarget months), or never.
	OfficerGaps   []ForumContact
	OfficerTarget int
	Today         string
}

// QuietAfter is how long a forum may go without meeting before the
// dashboard mentions it.
const QuietAfter = 60 * 24 * time.Hour

// Dashboard gathers the next meetings, the actions due and the quiet forums.
func (s *Store) Dashboard(ctx context.Context) (Dashboard, error) {
	if err := s.allow(ctx, "Dashboard"); err != nil {
		return Dashboard{}, err
	}
	var d Dashboard
	now := s.now()
	d.Today = LocalDate(now)
	var err error
	if d.Upcoming, err = s.inner().UpcomingMeetings(ctx, 8); err != nil {
		return d, err
	}
	if d.Due, err = s.inner().DueActions(ctx, LocalDate(now.Add(14*24*time.Hour)), 10); err != nil {
		return d, err
	}
	if d.Quiet, err = s.quietForums(ctx, now.Add(-QuietAfter)); err != nil {
		return d, err
	}
	contacts, err := s.inner().OfficerContacts(ctx)
	if err != nil {
		return d, err
	}
	d.OfficerTarget = DefaultOfficerContactMonths
	for _, f := range contacts {
		d.OfficerTarget = f.Target
		if f.Over {
			d.OfficerGaps = append(d.OfficerGaps, f)
		}
	}
	// Longest without first (never at the top), then by name.
	slices.SortStableFunc(d.OfficerGaps, func(a, b ForumContact) int { return a.Last.Compare(b.Last) })
	return d, nil
}

// quietForums lists, by name, the forums that have held no meeting since
// the moment given (or never), with their members and when they last met.
// Only those forums are counted: the first frame waits for this.
func (s *Store) quietForums(ctx context.Context, since time.Time) ([]ForumSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+prefixed("f", forumCols)+`,
		(SELECT count(*) FROM memberships m WHERE m.forum_id = f.id),
		(SELECT max(starts_at) FROM meetings g WHERE g.forum_id = f.id AND g.status = 'held')
		FROM forums f
		WHERE NOT EXISTS (SELECT 1 FROM meetings g WHERE g.forum_id = f.id AND g.status = 'held' AND g.starts_at > ?)
		ORDER BY f.name COLLATE NOCASE`, ts(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ForumSummary
	for rows.Next() {
		var fs ForumSummary
		var last sql.NullString
		ms := metaScan{m: &fs.Meta}
		var social int
		if err := rows.Scan(append(ms.dest(), &fs.Name, &fs.Purpose, &fs.Venue, &fs.Pattern, &social, &fs.Members, &last)...); err != nil {
			return nil, err
		}
		ms.finish()
		fs.Social = social == 1
		fs.LastMet = parseTS(last.String)
		out = append(out, fs)
	}
	return out, rows.Err()
}
