package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// newMeta fills in the identity and timestamps of a record about to be inserted.
func (s *Store) newMeta(m *Meta) {
	now := s.now().Truncate(time.Second)
	if m.ID == "" {
		m.ID = newID()
	}
	m.CreatedAt, m.UpdatedAt, m.Version = now, now, 1
}

// bump records that a record was updated: a new updated_at and version.
func (s *Store) bump(m *Meta) {
	m.UpdatedAt = s.now().Truncate(time.Second)
	m.Version++
}

// checkUpdated turns "no row matched id and version" into ErrNotFound or
// ErrConflict, whichever is true.
func checkUpdated(ctx context.Context, q queryer, res sql.Result, table, id string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 1 {
		return nil
	}
	var one int
	err = q.QueryRowContext(ctx, "SELECT 1 FROM "+table+" WHERE id = ?", id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	return ErrConflict
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func parseTS(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// scanMeta reads id, created_at, updated_at, version in that order.
type metaScan struct {
	m                *Meta
	created, updated string
}

func (ms *metaScan) dest() []any {
	return []any{&ms.m.ID, &ms.created, &ms.updated, &ms.m.Version}
}

func (ms *metaScan) finish() {
	ms.m.CreatedAt, ms.m.UpdatedAt = parseTS(ms.created), parseTS(ms.updated)
}

const metaCols = "id, created_at, updated_at, version"

// Impact says what else goes when a record is deleted.
type Impact struct {
	Members    int
	Meetings   int
	Attendance int
	Actions    int
	Access     int // access needs, weekly availability and exceptions
	Bookings   int // transport bookings
	Claims     int // expense claims, paid ones included
	Payments   int // involvement payments, paid ones included
	CoTraining int // records of training sessions co-delivered
}

// String describes the impact in plain English, or "" when nothing else goes.
func (i Impact) String() string {
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, "1 "+one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(i.Members, "membership", "memberships")
	add(i.Meetings, "meeting", "meetings")
	add(i.Attendance, "attendance record", "attendance records")
	add(i.Actions, "action", "actions")
	add(i.Access, "access and availability record", "access and availability records")
	add(i.Bookings, "transport booking", "transport bookings")
	add(i.Claims, "expense claim", "expense claims")
	add(i.Payments, "involvement payment", "involvement payments")
	add(i.CoTraining, "record of a training session co-delivered", "records of training sessions co-delivered")
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return "also removes " + parts[0]
	}
	out := "also removes "
	for i, p := range parts {
		switch {
		case i == len(parts)-1:
			out += " and " + p
		case i > 0:
			out += ", " + p
		default:
			out += p
		}
	}
	return out
}

func count(ctx context.Context, q queryer, query string, args ...any) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}
