package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ForumSummary is a forum with what list views show about it.
type ForumSummary struct {
	Forum
	Members  int
	LastMet  time.Time // zero when it has never met
	NextMeet time.Time // zero when nothing is planned
}

const forumCols = "id, created_at, updated_at, version, name, purpose, venue, pattern, social"

func scanForum(sc interface{ Scan(...any) error }, f *Forum) error {
	ms := metaScan{m: &f.Meta}
	var social int
	if err := sc.Scan(append(ms.dest(), &f.Name, &f.Purpose, &f.Venue, &f.Pattern, &social)...); err != nil {
		return err
	}
	ms.finish()
	f.Social = social == 1
	return nil
}

// Forums lists every forum by name, with member counts and when each last
// met and next meets.
func (s *Store) Forums(ctx context.Context) ([]ForumSummary, error) {
	if err := s.allow(ctx, "Forums"); err != nil {
		return nil, err
	}
	now := ts(s.now())
	rows, err := s.db.QueryContext(ctx, `
		SELECT `+prefixed("f", forumCols)+`,
		       (SELECT count(*) FROM memberships m WHERE m.forum_id = f.id),
		       (SELECT max(starts_at) FROM meetings g WHERE g.forum_id = f.id AND g.status = 'held'),
		       (SELECT min(starts_at) FROM meetings g WHERE g.forum_id = f.id AND g.status = 'planned' AND g.starts_at >= ?)
		FROM forums f ORDER BY f.name COLLATE NOCASE`, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ForumSummary
	for rows.Next() {
		var fs ForumSummary
		var last, next sql.NullString
		ms := metaScan{m: &fs.Meta}
		var social int
		if err := rows.Scan(append(ms.dest(), &fs.Name, &fs.Purpose, &fs.Venue, &fs.Pattern, &social,
			&fs.Members, &last, &next)...); err != nil {
			return nil, err
		}
		ms.finish()
		fs.Social = social == 1
		fs.LastMet, fs.NextMeet = parseTS(last.String), parseTS(next.String)
		out = append(out, fs)
	}
	return out, rows.Err()
}

// prefixed qualifies a column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ", ")
	for i, p := range parts {
		parts[i] = alias + "." + p
	}
	return strings.Join(parts, ", ")
}

// Forum loads one forum.
func (s *Store) Forum(ctx context.Context, id string) (Forum, error) {
	if err := s.allow(ctx, "Forum"); err != nil {
		return Forum{}, err
	}
	var f Forum
	err := scanForum(s.db.QueryRowContext(ctx, "SELECT "+forumCols+" FROM forums WHERE id = ?", id), &f)
	if errors.Is(err, sql.ErrNoRows) {
		return f, ErrNotFound
	}
	return f, err
}

// ForumByName finds a forum by name, ignoring case, spacing and the kind
// of apostrophe ("Carers’ Voice", as a word processor types it, is
// Carers' Voice).
func (s *Store) ForumByName(ctx context.Context, name string) (Forum, error) {
	if err := s.allow(ctx, "ForumByName"); err != nil {
		return Forum{}, err
	}
	found, err := s.forumIDByName(ctx, name)
	if err != nil {
		return Forum{}, err
	}
	if found == "" {
		return Forum{}, fmt.Errorf("there is no forum called %q", name)
	}
	return s.inner().Forum(ctx, found)
}

// forumIDByName is the id of the forum ForumByName finds, or "".
func (s *Store) forumIDByName(ctx context.Context, name string) (string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, name FROM forums")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	want, found := forumKey(name), ""
	for rows.Next() {
		var id, n string
		if err := rows.Scan(&id, &n); err != nil {
			return "", err
		}
		if forumKey(n) == want && (found == "" || n == strings.TrimSpace(name)) {
			found = id
		}
	}
	return found, rows.Err()
}

// forumKey is a forum's name as it is matched: lower case, spaces
// collapsed, curly quotes and apostrophes made straight.
func forumKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(straightQuotes.Replace(name)), " "))
}

var straightQuotes = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'", "′", "'", "“", `"`, "”", `"`)

// SaveForum inserts a new forum (empty ID) or updates an existing one if it
// has not changed since it was loaded. On success f holds the stored values.
func (s *Store) SaveForum(ctx context.Context, f *Forum) error {
	if err := s.allow(ctx, "SaveForum"); err != nil {
		return err
	}
	f.clean()
	if err := f.Validate(); err != nil {
		return err
	}
	g := *f
	var err error
	if g.ID == "" {
		s.newMeta(&g.Meta)
		err = s.tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO forums (`+forumCols+`) VALUES (?,?,?,?,?,?,?,?,?)`,
				g.ID, ts(g.CreatedAt), ts(g.UpdatedAt), g.Version, g.Name, g.Purpose, g.Venue, g.Pattern, boolInt(g.Social))
			return err
		})
	} else {
		old := g.Version
		s.bump(&g.Meta)
		err = s.tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE forums SET name=?, purpose=?, venue=?, pattern=?, social=?,
				updated_at=?, version=? WHERE id=? AND version=?`,
				g.Name, g.Purpose, g.Venue, g.Pattern, boolInt(g.Social), ts(g.UpdatedAt), g.Version, g.ID, old)
			if err != nil {
				return err
			}
			return checkUpdated(ctx, tx, res, "forums", g.ID)
		})
	}
	if err != nil {
		if isUnique(err) {
			return fieldErr("Name", "there is already a forum called %q", g.Name)
		}
		return err
	}
	*f = g
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// ForumImpact counts what deleting a forum also removes (its memberships,
// its meetings and, with them, their attendance, actions and transport
// bookings) and the records of money for its meetings that are kept.
func (s *Store) ForumImpact(ctx context.Context, id string) (Impact, error) {
	if err := s.allow(ctx, "ForumImpact"); err != nil {
		return Impact{}, err
	}
	var i Impact
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM memberships WHERE forum_id = ?1),
		(SELECT count(*) FROM meetings WHERE forum_id = ?1),
		(SELECT count(*) FROM attendance a JOIN meetings m ON m.id = a.meeting_id WHERE m.forum_id = ?1),
		(SELECT count(*) FROM actions a JOIN meetings m ON m.id = a.meeting_id WHERE m.forum_id = ?1),
		(SELECT count(*) FROM transport_bookings b JOIN meetings m ON m.id = b.meeting_id WHERE m.forum_id = ?1),
		(SELECT count(*) FROM claims c JOIN meetings m ON m.id = c.meeting_id WHERE m.forum_id = ?1),
		(SELECT count(*) FROM payments y JOIN meetings m ON m.id = y.meeting_id WHERE m.forum_id = ?1),
		(SELECT count(*) FROM petty_cash k JOIN meetings m ON m.id = k.meeting_id WHERE m.forum_id = ?1)`, id).
		Scan(&i.Members, &i.Meetings, &i.Attendance, &i.Actions, &i.Bookings, &i.KeptClaims, &i.KeptPayments, &i.KeptCash)
	return i, err
}

// DeleteForum removes a forum with its memberships and meetings (and
// their attendance, actions and transport bookings), if it has not changed
// since it was loaded. The claims, payments and petty cash of its meetings
// are kept (see migrations/*_money_kept.sql), still reported under the forum's name.
func (s *Store) DeleteForum(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteForum"); err != nil {
		return err
	}
	return s.deleteVersioned(ctx, "forums", id, version)
}

func (s *Store) deleteVersioned(ctx context.Context, table, id string, version int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		return checkUpdated(ctx, tx, res, table, id)
	})
}

// Member is a person as lists show them: no contact details.
type Member struct {
	ID            string
	Name          string
	PreferredName string
	Role          Role
}

// DisplayName is the member's preferred name, or name.
func (m Member) DisplayName() string { return DisplayName(m.Name, m.PreferredName) }

// ForumMembers lists a forum's members by display name.
func (s *Store) ForumMembers(ctx context.Context, forumID string) ([]Member, error) {
	if err := s.allow(ctx, "ForumMembers"); err != nil {
		return nil, err
	}
	return s.members(ctx, `SELECT p.id, p.name, p.preferred_name, p.role FROM people p
		JOIN memberships m ON m.person_id = p.id WHERE m.forum_id = ?
		ORDER BY coalesce(nullif(p.preferred_name, ''), p.name) COLLATE NOCASE`, forumID)
}

func (s *Store) members(ctx context.Context, query string, args ...any) ([]Member, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.ID, &m.Name, &m.PreferredName, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetMember adds a person to a forum, or takes them off it.
func (s *Store) SetMember(ctx context.Context, forumID, personID string, member bool) error {
	if err := s.allow(ctx, "SetMember"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return s.setMember(ctx, tx, forumID, personID, member) })
}

func (s *Store) setMember(ctx context.Context, q queryer, forumID, personID string, member bool) error {
	if !member {
		_, err := q.ExecContext(ctx, "DELETE FROM memberships WHERE forum_id = ? AND person_id = ?", forumID, personID)
		return err
	}
	now := s.stamp()
	_, err := q.ExecContext(ctx, `INSERT INTO memberships (id, forum_id, person_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (forum_id, person_id) DO NOTHING`, newID(), forumID, personID, now, now)
	return err
}
