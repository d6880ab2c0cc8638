package store

import (
	"context"
	"database/sql"
	"time"
)

// ActionSummary is an action with the meeting it came from.
type ActionSummary struct {
	Action
	ForumName    string
	MeetingStart time.Time
}

const actionCols = "id, created_at, updated_at, version, meeting_id, description, owner, due, done"

func actionDest(a *Action, extra ...any) (func(), []any) {
	ms := metaScan{m: &a.Meta}
	var done int
	d := append(ms.dest(), &a.MeetingID, &a.Description, &a.Owner, &a.Due, &done)
	return func() { ms.finish(); a.Done = done == 1 }, append(d, extra...)
}

// MeetingActions lists a meeting's actions: open ones first, by due date.
func (s *Store) MeetingActions(ctx context.Context, meetingID string) ([]Action, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+actionCols+` FROM actions WHERE meeting_id = ?
		ORDER BY done, due = '', due, created_at`, meetingID)
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

// DueActions lists open actions due on or before the given London date
// (overdue ones first).
func (s *Store) DueActions(ctx context.Context, by string, limit int) ([]ActionSummary, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+prefixed("a", actionCols)+`, f.name, g.starts_at
		FROM actions a JOIN meetings g ON g.id = a.meeting_id JOIN forums f ON f.id = g.forum_id
		WHERE a.done = 0 AND a.due != '' AND a.due <= ? ORDER BY a.due, a.created_at LIMIT ?`, by, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ActionSummary
	for rows.Next() {
		var a ActionSummary
		var start string
		finish, dest := actionDest(&a.Action, &a.ForumName, &start)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		finish()
		a.MeetingStart = parseTS(start)
		out = append(out, a)
	}
	return out, rows.Err()
}

// SaveAction inserts a new action (empty ID) or updates one that has not
// changed since it was loaded.
func (s *Store) SaveAction(ctx context.Context, a *Action) error {
	a.clean()
	if err := a.Validate(); err != nil {
		return err
	}
	b := *a
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if b.ID == "" {
			s.newMeta(&b.Meta)
			_, err := tx.ExecContext(ctx, `INSERT INTO actions (`+actionCols+`) VALUES (?,?,?,?,?,?,?,?,?)`,
				b.ID, ts(b.CreatedAt), ts(b.UpdatedAt), b.Version, b.MeetingID, b.Description, b.Owner, b.Due, boolInt(b.Done))
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
	return s.deleteVersioned(ctx, "actions", id, version)
}

// Dashboard is what the coordinator sees first.
type Dashboard struct {
	Upcoming []MeetingSummary
	Due      []ActionSummary // open actions due within a fortnight, overdue first
	Quiet    []ForumSummary  // forums that have not met for QuietAfter or more
	Today    string
}

// QuietAfter is how long a forum may go without meeting before the
// dashboard mentions it.
const QuietAfter = 60 * 24 * time.Hour

// Dashboard gathers the next meetings, the actions due and the quiet forums.
func (s *Store) Dashboard(ctx context.Context) (Dashboard, error) {
	var d Dashboard
	now := s.now()
	d.Today = LocalDate(now)
	var err error
	if d.Upcoming, err = s.UpcomingMeetings(ctx, 8); err != nil {
		return d, err
	}
	if d.Due, err = s.DueActions(ctx, LocalDate(now.Add(14*24*time.Hour)), 10); err != nil {
		return d, err
	}
	d.Quiet, err = s.quietForums(ctx, now.Add(-QuietAfter))
	return d, err
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
