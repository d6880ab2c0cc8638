package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
)

// The audit trail. Every table but those in unaudited has three triggers
// (insert, update, delete) that add a row to audit: when, who and in what
// role (from audit_actor, which tx sets for the length of each
// transaction), through which store method, the table (kind), the
// record's id and the person it is about; never a value. The triggers are
// TEMP triggers on the store's connection, made from the tables as they
// are, by the store's one write path before its first change (and again
// on a connection that lacks them), so a table a later migration adds is
// audited without anyone having to remember it, no migration has to work
// around them, and they are not in the database's schema, which every
// start of the program reads before its first screen (they were half of
// it). Databases from before kept them in the schema: they are dropped
// there before the first change.

// unaudited are the tables whose rows are not changes anyone made to the
// partnership's records: the trail itself, the rendering cache, where a
// story was left in reading mode, and the days a story was read at a forum
// (which promise to say nothing about who read it).
var unaudited = map[string]bool{
	"audit":           true,
	"audit_actor":     true,
	"story_renders":   true,
	"story_positions": true,
	"story_readings":  true,
}

const auditTriggerPrefix = "audit_trigger_"

// derived are columns the database keeps itself, by trigger, from other
// tables: a change to one alone is not a change anyone made to the record
// (marking someone on a register changes the meeting's count of senior
// officers), so their updates are not in the trail.
var derived = map[string]map[string]bool{
	"meetings": {"officers": true},
}

type auditTable struct {
	name   string
	cols   []string // in order
	pk     []string
	person string // the column naming the person a row is about, or ""
}

// auditTables lists the tables to audit, as the schema has them now.
func auditTables(ctx context.Context, q queryer) ([]auditTable, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, coalesce(sql, '') FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var names []string
	var virtual []string
	for rows.Next() {
		var name, text string
		if err := rows.Scan(&name, &text); err != nil {
			rows.Close()
			return nil, err
		}
		if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(text)), "CREATE VIRTUAL") {
			virtual = append(virtual, name)
			continue
		}
		names = append(names, name)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var out []auditTable
	for _, name := range names {
		if unaudited[name] || isShadow(name, virtual) {
			continue
		}
		t := auditTable{name: name}
		cols, err := q.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, name)
		if err != nil {
			return nil, err
		}
		pks := map[int]string{}
		for cols.Next() {
			var col string
			var pk int
			if err := cols.Scan(&col, &pk); err != nil {
				cols.Close()
				return nil, err
			}
			t.cols = append(t.cols, col)
			if pk > 0 {
				pks[pk] = col
			}
		}
		if err := cols.Close(); err != nil {
			return nil, err
		}
		for i := 1; i <= len(pks); i++ {
			t.pk = append(t.pk, pks[i])
		}
		if name == "people" {
			t.person = "id"
		} else if err := q.QueryRowContext(ctx, `SELECT "from" FROM pragma_foreign_key_list(?) WHERE "table" = 'people' ORDER BY id LIMIT 1`, name).Scan(&t.person); err != nil && err != sql.ErrNoRows {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func isShadow(name string, virtual []string) bool {
	for _, v := range virtual {
		if strings.HasPrefix(name, v+"_") {
			return true
		}
	}
	return false
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func quoteText(s string) string  { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

// triggers are the audit triggers of one table, by name.
func (t auditTable) triggers() map[string]string {
	recordID := func(row string) string {
		has := func(c string) bool {
			for _, x := range t.cols {
				if x == c {
					return true
				}
			}
			return false
		}
		switch {
		case has("id"):
			return "coalesce(CAST(" + row + ".id AS TEXT), '')"
		case len(t.pk) > 0:
			parts := make([]string, len(t.pk))
			for i, c := range t.pk {
				parts[i] = "coalesce(CAST(" + row + "." + quoteIdent(c) + " AS TEXT), '')"
			}
			return strings.Join(parts, " || '/' || ")
		}
		return "CAST(" + row + ".rowid AS TEXT)"
	}
	person := func(row string) string {
		if t.person == "" {
			return "NULL"
		}
		return row + "." + quoteIdent(t.person)
	}
	out := map[string]string{}
	for _, e := range []struct{ event, row, action string }{
		{"INSERT", "NEW", "insert"}, {"UPDATE", "NEW", "update"}, {"DELETE", "OLD", "delete"},
	} {
		name := auditTriggerPrefix + t.name + "_" + e.action
		event := e.event
		if e.event == "UPDATE" && len(derived[t.name]) > 0 {
			var of []string
			for _, c := range t.cols {
				if !derived[t.name][c] {
					of = append(of, quoteIdent(c))
				}
			}
			event += " OF " + strings.Join(of, ", ")
		}
		out[name] = "CREATE TEMP TRIGGER " + quoteIdent(name) + " AFTER " + event + " ON main." + quoteIdent(t.name) + " BEGIN " +
			"INSERT INTO audit (at, who, role, op, kind, record_id, person_id, action) " +
			"SELECT coalesce(at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), coalesce(who, ''), coalesce(role, ''), coalesce(op, ''), " +
			quoteText(t.name) + ", " + recordID(e.row) + ", " + person(e.row) + ", " + quoteText(e.action) +
			" FROM audit_actor WHERE id = 1 AND record = 1; END"
	}
	return out
}

// auditState is the audit triggers a store's changes need: worked out from
// the tables before the first change made through the store or any view
// of it, and made on the connection of each change that lacks them.
type auditState struct {
	mu   sync.Mutex
	want map[string]string // the triggers, by name; nil until worked out
}

// ready works the triggers out once, before the first change made through
// s or any view of it, and drops those a database from before kept in its
// schema; a failed attempt is tried again at the next change, which it
// refuses meanwhile.
func (a *auditState) ready(ctx context.Context, s *Store) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.want != nil {
		return nil
	}
	tables, err := auditTables(ctx, s.db)
	if err != nil {
		return fmt.Errorf("cannot read the tables to audit: %w", err)
	}
	want := map[string]string{}
	for _, t := range tables {
		for name, sql := range t.triggers() {
			want[name] = sql
		}
	}
	old, err := auditTriggers(ctx, s.db, "main")
	if err != nil {
		return err
	}
	if len(old) > 0 {
		if err := s.rawTx(ctx, func(tx *sql.Tx) error { return dropAuditTriggers(ctx, tx) }); err != nil {
			return fmt.Errorf("cannot update the audit trail: %w", err)
		}
	}
	a.want = want
	return nil
}

// install makes the audit triggers on the connection of tx, unless it has
// them all already (the usual case: one look at its temporary schema).
// Made in the change's own transaction, they go if it is rolled back, and
// the next change makes them again.
func (a *auditState) install(ctx context.Context, tx *sql.Tx) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM temp.sqlite_schema WHERE type = 'trigger' AND name LIKE ? ESCAPE '\'`,
		strings.ReplaceAll(auditTriggerPrefix, "_", `\_`)+"%").Scan(&n); err != nil {
		return fmt.Errorf("cannot start a change to the database: %w", err)
	}
	if n == len(a.want) {
		return nil
	}
	have, err := auditTriggers(ctx, tx, "temp")
	if err != nil {
		return err
	}
	for name := range have {
		if _, err := tx.ExecContext(ctx, "DROP TRIGGER IF EXISTS temp."+quoteIdent(name)); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(a.want))
	for n := range a.want {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, a.want[n]); err != nil {
			return fmt.Errorf("cannot make the audit trigger %s: %w", n, err)
		}
	}
	return nil
}

// auditTriggers are the audit triggers in schema ("main", where databases
// from before kept them, or "temp"), by name.
func auditTriggers(ctx context.Context, q queryer, schema string) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, sql FROM `+schema+`.sqlite_schema WHERE type = 'trigger' AND name LIKE ? ESCAPE '\'`,
		strings.ReplaceAll(auditTriggerPrefix, "_", `\_`)+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, text string
		if err := rows.Scan(&name, &text); err != nil {
			return nil, err
		}
		out[name] = text
	}
	return out, rows.Err()
}

// dropAuditTriggers drops the audit triggers a database from before kept
// in its schema.
func dropAuditTriggers(ctx context.Context, q queryer) error {
	have, err := auditTriggers(ctx, q, "main")
	if err != nil {
		return err
	}
	for name := range have {
		if _, err := q.ExecContext(ctx, "DROP TRIGGER IF EXISTS main."+quoteIdent(name)); err != nil {
			return err
		}
	}
	return nil
}

// storeMethodPrefix is how the runtime names a method of *Store.
var storeMethodPrefix = reflect.TypeOf(Store{}).PkgPath() + ".(*Store)."

// callerOp is the outermost exported method of Store on the stack: the
// store method the change was asked of (an inner call's caller).
func callerOp() string {
	pcs := make([]uintptr, 48)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	op := ""
	for {
		f, more := frames.Next()
		if name, ok := strings.CutPrefix(f.Function, storeMethodPrefix); ok && name != "" &&
			unicode.IsUpper(rune(name[0])) && !strings.ContainsAny(name, ".-") {
			op = name
		}
		if !more {
			break
		}
	}
	return op
}

type unrecordedKey struct{}

// unrecorded marks a context whose writes are not written to the audit
// trail (the demo data, written in one go).
func unrecorded(ctx context.Context) context.Context {
	return context.WithValue(ctx, unrecordedKey{}, true)
}

// What an audit entry says was done to a record.
const (
	AuditInsert = "insert"
	AuditUpdate = "update"
	AuditDelete = "delete"
)

// AuditEntry is one row of the audit trail: one record added, changed or
// deleted.
type AuditEntry struct {
	Seq  int64     `json:"seq"`
	At   time.Time `json:"at"`
	Who  string    `json:"who"`
	Role TeamRole  `json:"role"`
	// Op is the store method that made the change ("SetAttendance").
	Op string `json:"op"`
	// Kind is the table ("attendance"), RecordID the record's id.
	Kind     string `json:"kind"`
	RecordID string `json:"record_id"`
	// PersonID is the person the record is about, when it is about one:
	// an opaque "erased-…" once they are erased.
	PersonID string `json:"person_id,omitempty"`
	Action   string `json:"action"` // insert, update or delete
}

// AuditFilter narrows the trail.
type AuditFilter struct {
	// Limit is the most rows returned (DefaultAuditLimit when ≤ 0).
	Limit int
	// Before, when not 0, returns only rows before this sequence number
	// (the next page).
	Before int64
	// Who, Kind and RecordID keep only rows that match them.
	Who, Kind, RecordID string
}

// DefaultAuditLimit is how many rows of the trail Audit returns unless
// asked for another number.
const DefaultAuditLimit = 500

// Audit lists the audit trail, the latest first.
func (s *Store) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	if err := s.allow(ctx, "Audit"); err != nil {
		return nil, err
	}
	if f.Limit <= 0 {
		f.Limit = DefaultAuditLimit
	}
	where := []string{"1"}
	var args []any
	if f.Before > 0 {
		where, args = append(where, "seq < ?"), append(args, f.Before)
	}
	if f.Who != "" {
		where, args = append(where, "who = ? COLLATE NOCASE"), append(args, f.Who)
	}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, f.Kind)
	}
	if f.RecordID != "" {
		where, args = append(where, "record_id = ?"), append(args, f.RecordID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT seq, at, who, role, op, kind, record_id, coalesce(person_id, ''), action FROM audit
		WHERE `+strings.Join(where, " AND ")+` ORDER BY seq DESC LIMIT ?`, append(args, f.Limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.Who, &e.Role, &e.Op, &e.Kind, &e.RecordID, &e.PersonID, &e.Action); err != nil {
			return nil, err
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// forgetInAudit keeps the trail of what was done about a person being
// erased without saying who they were: their id becomes one opaque value,
// the same in every row (so that the rows still read as being about one
// person), that nothing else in the database holds.
func forgetInAudit(ctx context.Context, q queryer, personID string) error {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	opaque := "erased-" + hex.EncodeToString(b)
	if _, err := q.ExecContext(ctx, "UPDATE audit SET person_id = ? WHERE person_id = ?", opaque, personID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, "UPDATE audit SET record_id = ? WHERE record_id = ?", opaque, personID)
	return err
}
