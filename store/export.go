package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// ExportMembership is one person's membership of one forum, as exported.
type ExportMembership struct {
	ID        string    `json:"id"`
	ForumID   string    `json:"forum_id"`
	PersonID  string    `json:"person_id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

// ExportAttendance is one person's line on one meeting's register, as exported.
type ExportAttendance struct {
	ID        string     `json:"id"`
	MeetingID string     `json:"meeting_id"`
	PersonID  string     `json:"person_id"`
	Status    Attendance `json:"status"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	Version   int64      `json:"version"`
}

// ExportJSON writes everything in the database to w as one JSON object:
//
//	{"schema_version": 1, "exported_at": "…",
//	 "forums": […], "people": […], "memberships": […],
//	 "meetings": […], "attendance": […], "actions": […],
//	 "transport_bookings": […], "claims": […], "payments": […],
//	 "rates": […], "thresholds": […], "petty_cash": […],
//	 "access_needs": […], "availability": […],
//	 "availability_exceptions": […], "stories": […], …,
//	 …the consultations…,
//	 "contacts": […], "contact_forums": […], "training_sessions": […],
//	 "training_trainers": […], "training_stories": […],
//	 "access_requests": […], "retention_reviews": […], "erasures": […]}
//
// Every record carries its id, created_at, updated_at and version; empty
// lists are written as []. Money is in integer pence (keys ending _pence),
// hours and miles in hundredths (keys ending _hundredths). The export reads
// one consistent snapshot and streams it, one record at a time, so a large
// database is never held in memory whole. The data is special-category: the caller writes it only to a
// private (0600) file.
func (s *Store) ExportJSON(ctx context.Context, w io.Writer) error {
	if err := s.allow(ctx, "ExportJSON"); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("cannot read the database: %w", err)
	}
	defer tx.Rollback()

	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("cannot read the schema version: %w", err)
	}

	ex := &jsonExporter{w: bufio.NewWriterSize(w, 64<<10)}
	ex.enc = json.NewEncoder(&ex.buf)
	ex.enc.SetEscapeHTML(false)

	ex.raw("{\n")
	ex.field("schema_version", version, false)
	ex.field("exported_at", s.now().Truncate(time.Second), false)

	sections := []struct {
		key   string
		query string
		scan  func(*sql.Rows) (any, error)
	}{
		{"forums", "SELECT " + forumCols + " FROM forums ORDER BY created_at, id", func(r *sql.Rows) (any, error) {
			var f Forum
			err := scanForum(r, &f)
			return f, err
		}},
		{"people", "SELECT " + personCols + " FROM people ORDER BY created_at, id", func(r *sql.Rows) (any, error) {
			var p Person
			err := scanPerson(r, &p)
			return p, err
		}},
		{"memberships", "SELECT id, forum_id, person_id, created_at, updated_at, version FROM memberships ORDER BY created_at, id",
			func(r *sql.Rows) (any, error) {
				var m ExportMembership
				var created, updated string
				err := r.Scan(&m.ID, &m.ForumID, &m.PersonID, &created, &updated, &m.Version)
				m.CreatedAt, m.UpdatedAt = parseTS(created), parseTS(updated)
				return m, err
			}},
		{"meetings", "SELECT " + meetingCols + " FROM meetings ORDER BY starts_at, id", func(r *sql.Rows) (any, error) {
			var m Meeting
			finish, dest := scanMeeting(nil, &m)
			if err := r.Scan(dest...); err != nil {
				return nil, err
			}
			finish()
			return m, nil
		}},
		{"attendance", "SELECT id, meeting_id, person_id, status, created_at, updated_at, version FROM attendance ORDER BY meeting_id, created_at, id",
			func(r *sql.Rows) (any, error) {
				var a ExportAttendance
				var created, updated string
				err := r.Scan(&a.ID, &a.MeetingID, &a.PersonID, &a.Status, &created, &updated, &a.Version)
				a.CreatedAt, a.UpdatedAt = parseTS(created), parseTS(updated)
				return a, err
			}},
		{"actions", "SELECT " + actionCols + " FROM actions ORDER BY created_at, id", func(r *sql.Rows) (any, error) {
			var a Action
			finish, dest := actionDest(&a)
			if err := r.Scan(dest...); err != nil {
				return nil, err
			}
			finish()
			return a, nil
		}},
		{"transport_bookings", "SELECT " + bookingCols + " FROM transport_bookings ORDER BY meeting_id, created_at, id", func(r *sql.Rows) (any, error) {
			var b Booking
			finish, dest := bookingDest(&b)
			if err := r.Scan(dest...); err != nil {
				return nil, err
			}
			finish()
			return b, nil
		}},
	}
	sections = append(sections, moneyExportSections()...)
	sections = append(sections, accessExportSections()...)
	sections = append(sections, storyExportSections()...)
	sections = append(sections, consultationExportSections()...)
	sections = append(sections, influenceExportSections()...)
	sections = append(sections, rightsExportSections()...)
	for i, sec := range sections {
		if err := ex.list(ctx, tx, sec.key, sec.query, sec.scan, i == len(sections)-1); err != nil {
			return err
		}
	}
	ex.raw("}\n")
	if ex.err != nil {
		return fmt.Errorf("cannot write the export: %w", ex.err)
	}
	if err := ex.w.Flush(); err != nil {
		return fmt.Errorf("cannot write the export: %w", err)
	}
	return nil
}

// jsonExporter writes the export, remembering the first write error.
type jsonExporter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
	err error
}

func (ex *jsonExporter) raw(s string) {
	if ex.err == nil {
		_, ex.err = ex.w.WriteString(s)
	}
}

// value writes v as compact JSON without the encoder's trailing newline.
func (ex *jsonExporter) value(v any) {
	if ex.err != nil {
		return
	}
	ex.buf.Reset()
	if err := ex.enc.Encode(v); err != nil {
		ex.err = err
		return
	}
	_, ex.err = ex.w.Write(bytes.TrimSuffix(ex.buf.Bytes(), []byte("\n")))
}

func (ex *jsonExporter) field(key string, v any, last bool) {
	ex.value(key)
	ex.raw(": ")
	ex.value(v)
	if !last {
		ex.raw(",")
	}
	ex.raw("\n")
}

// list writes "key": [ …records… ], one record a line.
func (ex *jsonExporter) list(ctx context.Context, tx *sql.Tx, key, query string,
	scan func(*sql.Rows) (any, error), last bool) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", key, err)
	}
	defer rows.Close()
	ex.value(key)
	ex.raw(": [")
	n := 0
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", key, err)
		}
		if n > 0 {
			ex.raw(",")
		}
		ex.raw("\n  ")
		ex.value(v)
		n++
		if ex.err != nil {
			return fmt.Errorf("cannot write the export: %w", ex.err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cannot read %s: %w", key, err)
	}
	if n > 0 {
		ex.raw("\n")
	}
	ex.raw("]")
	if !last {
		ex.raw(",")
	}
	ex.raw("\n")
	return nil
}
