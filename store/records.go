package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
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

// Impact says what else goes when a record is deleted, and which records
// of money stay.
type Impact struct {
	Members    int
	Meetings   int
	Attendance int
	Actions    int
	Access     int // access needs, weekly availability and exceptions
	Bookings   int // transport bookings
	Claims     int // expense claims removed: a person's not yet paid
	Payments   int // involvement payments removed: a person's not yet paid
	Stories    int // stories a person wrote, removed with their versions
	Equality   int // a person's equality monitoring answers (0 or 1 set)
	CoTraining int // records of training sessions co-delivered

	// What is kept: records of money. Deleting a forum or a meeting keeps
	// its claims, payments and petty cash, which keep the forum's name and
	// the meeting's date. Erasing a person keeps what was already paid to
	// them, anonymised (Anonymised): no name, no link to them.
	KeptClaims   int  // expense claims kept
	KeptPayments int  // involvement payments kept
	KeptCash     int  // petty cash books kept
	ClosedCash   int  // reconciled cash books the kept cash was paid from (a person's)
	Anonymised   bool // the kept records become a former member's
}

// String describes what else goes in plain English, or "" when nothing
// else goes.
func (i Impact) String() string {
	var parts []string
	add := func(n int, one, many string) {
		if s := countOf(n, one, many); s != "" {
			parts = append(parts, s)
		}
	}
	add(i.Members, "membership", "memberships")
	add(i.Meetings, "meeting", "meetings")
	add(i.Attendance, "attendance record", "attendance records")
	add(i.Actions, "action", "actions")
	add(i.Access, "access and availability record", "access and availability records")
	add(i.Bookings, "transport booking", "transport bookings")
	add(i.Claims, "expense claim not yet paid", "expense claims not yet paid")
	add(i.Payments, "involvement payment not yet paid", "involvement payments not yet paid")
	add(i.Stories, "story they wrote", "stories they wrote")
	add(i.CoTraining, "record of a training session co-delivered", "records of training sessions co-delivered")
	if i.Equality > 0 {
		parts = append(parts, "their equality monitoring answers")
	}
	if len(parts) == 0 {
		return ""
	}
	return "also removes " + joinAnd(parts)
}

// Kept describes the records of money that stay, as a sentence, or ""
// when there are none.
func (i Impact) Kept() string {
	var parts []string
	add := func(n int, one, many string) {
		if s := countOf(n, one, many); s != "" {
			parts = append(parts, s)
		}
	}
	if !i.Anonymised {
		add(i.KeptClaims, "expense claim", "expense claims")
		add(i.KeptPayments, "involvement payment", "involvement payments")
		add(i.KeptCash, "petty cash book", "petty cash books")
		if len(parts) == 0 {
			return ""
		}
		return "Records of money are kept, saying which forum and meeting they were for: " + joinAnd(parts) + "."
	}
	add(i.KeptClaims, "paid expense claim", "paid expense claims")
	add(i.KeptPayments, "paid involvement payment", "paid involvement payments")
	if len(parts) == 0 {
		return ""
	}
	out := "Money already paid is kept, as a former member's, with no name and no link to them: " + joinAnd(parts)
	if i.ClosedCash > 0 {
		out += " (" + countOf(i.ClosedCash, "closed cash book stays", "closed cash books stay") + " exactly as reconciled)"
	}
	return out + "."
}

// countOf is "1 thing", "3 things", or "" for none.
func countOf(n int, one, many string) string {
	if n <= 0 {
		return ""
	}
	return plural(n, one, many)
}

// joinAnd writes a list the way people do: "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func count(ctx context.Context, q queryer, query string, args ...any) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}
