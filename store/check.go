package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// CheckReport is what Check found out about the database file.
type CheckReport struct {
	Path string `json:"path"` // the database (or backup) file

	// Encrypted is true for a backup that was age-encrypted (CheckBackup).
	Encrypted bool `json:"encrypted"`

	// SchemaVersion is the file's PRAGMA user_version; WantSchema is the
	// version this program writes.
	SchemaVersion int `json:"schema_version"`
	WantSchema    int `json:"want_schema"`

	// Integrity is what PRAGMA integrity_check said: ["ok"] for a sound file.
	Integrity []string `json:"integrity"`

	// ForeignKeys lists the rows PRAGMA foreign_key_check found pointing at
	// records that do not exist.
	ForeignKeys []ForeignKeyProblem `json:"foreign_keys"`

	// Tables counts the rows in each table, by table name.
	Tables []TableCount `json:"tables"`

	// Problems lists, in plain English, everything that is wrong. Empty
	// when the database is sound.
	Problems []string `json:"problems"`

	// Notes are worth knowing but not wrong (a backup made with an older
	// schema, which a restore brings up to date).
	Notes []string `json:"notes"`
}

// ForeignKeyProblem is one row of PRAGMA foreign_key_check.
type ForeignKeyProblem struct {
	Table  string `json:"table"`  // the table holding the bad reference
	RowID  int64  `json:"rowid"`  // its rowid (0 when the table has none)
	Parent string `json:"parent"` // the table it should point into
}

// TableCount is how many rows one table holds.
type TableCount struct {
	Table string `json:"table"`
	Rows  int    `json:"rows"`
}

// OK reports whether Check found nothing wrong.
func (r CheckReport) OK() bool { return len(r.Problems) == 0 }

// Rows returns the row count of a table, or -1 when it was not counted.
func (r CheckReport) Rows(table string) int {
	for _, t := range r.Tables {
		if t.Table == table {
			return t.Rows
		}
	}
	return -1
}

// Check looks the database over: PRAGMA integrity_check, PRAGMA
// foreign_key_check, the schema version and a row count for every table.
// Damage found in the file is reported in Problems, not as an error; the
// error is for when the check itself could not be run (a cancelled context,
// a closed store).
func (s *Store) Check(ctx context.Context) (CheckReport, error) {
	if err := s.allow(ctx, "Check"); err != nil {
		return CheckReport{}, err
	}
	return s.check(ctx, false)
}

// check is Check; for a backup (backup true) an older schema is a note,
// not a problem.
func (s *Store) check(ctx context.Context, backup bool) (CheckReport, error) {
	r := CheckReport{Path: s.path, WantSchema: SchemaVersion()}
	problem := func(format string, args ...any) {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	}
	stop := func(err error) bool {
		return ctx.Err() != nil || errors.Is(err, sql.ErrConnDone)
	}
	if err := s.db.PingContext(ctx); err != nil {
		return r, fmt.Errorf("cannot check %s: %w", s.path, err)
	}

	if v, err := s.userVersion(ctx); err != nil {
		if stop(err) {
			return r, err
		}
		problem("cannot read the schema version: %v", err)
	} else {
		r.SchemaVersion = v
		switch {
		case backup && v == 0:
			problem("it holds no involve database (its schema version is 0)")
		case backup && v > r.WantSchema:
			problem("it was made by a newer involve (schema %d; this one knows up to %d): update involve to restore it", v, r.WantSchema)
		case backup && v < r.WantSchema:
			r.Notes = append(r.Notes, fmt.Sprintf("it was made with schema %d; a restore brings it up to %d", v, r.WantSchema))
		case v != r.WantSchema:
			problem("the schema version is %d but this program writes version %d", v, r.WantSchema)
		}
	}

	lines, err := checkStrings(ctx, s.db, "PRAGMA integrity_check")
	r.Integrity = lines
	switch {
	case err != nil && stop(err):
		return r, err
	case err != nil:
		problem("the integrity check could not finish: %v", err)
	case len(lines) != 1 || lines[0] != "ok":
		for _, l := range lines {
			problem("integrity check: %s", l)
		}
		if len(lines) == 0 {
			problem("the integrity check said nothing")
		}
	}

	fks, err := foreignKeyCheck(ctx, s.db)
	r.ForeignKeys = fks
	switch {
	case err != nil && stop(err):
		return r, err
	case err != nil:
		problem("the foreign key check could not finish: %v", err)
	}
	for _, fk := range fks {
		problem("%s row %d points to a missing record in %s", fk.Table, fk.RowID, fk.Parent)
	}

	tables, err := checkStrings(ctx, s.db,
		"SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite!_%' ESCAPE '!'")
	if err != nil {
		if stop(err) {
			return r, err
		}
		problem("cannot list the tables: %v", err)
	}
	sort.Strings(tables)
	for _, t := range tables {
		n, err := count(ctx, s.db, "SELECT count(*) FROM "+checkQuoteIdent(t))
		if err != nil {
			if stop(err) {
				return r, err
			}
			problem("cannot count the rows of %s: %v", t, err)
			continue
		}
		r.Tables = append(r.Tables, TableCount{Table: t, Rows: n})
	}
	return r, nil
}

// checkStrings runs a query returning one text column.
func checkStrings(ctx context.Context, q queryer, query string) ([]string, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v sql.NullString
		if err := rows.Scan(&v); err != nil {
			return out, err
		}
		out = append(out, v.String)
	}
	return out, rows.Err()
}

func foreignKeyCheck(ctx context.Context, q queryer) ([]ForeignKeyProblem, error) {
	rows, err := q.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ForeignKeyProblem
	for rows.Next() {
		var table, parent sql.NullString
		var rowid, fkid sql.NullInt64
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return out, err
		}
		out = append(out, ForeignKeyProblem{Table: table.String, RowID: rowid.Int64, Parent: parent.String})
	}
	return out, rows.Err()
}

// checkQuoteIdent quotes an SQL identifier.
func checkQuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
