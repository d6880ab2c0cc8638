package store

import (
	"context"
	"database/sql"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// integrityCheck shared between connections finds what PRAGMA
// integrity_check finds, both what only the whole file's quick_check sees
// (pages no b-tree uses) and what only the tables' own checks see (an
// index that does not match its table); and says ok of a sound file.
func TestIntegrityCheckSharedFindsWhatTheWholeCheckFinds(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		damage []string
		want   string // in a problem
	}{
		{"sound", nil, ""},
		// The table's pages are left in the file, used by nothing: only a
		// check of the whole file sees that.
		{"pages never used", []string{"PRAGMA writable_schema = ON", "DELETE FROM sqlite_schema WHERE name = 'lost'"}, "never used"},
		// The index says it is on b but holds a's values: only the table's
		// own check compares them.
		{"index not its table's", []string{"PRAGMA writable_schema = ON",
			"UPDATE sqlite_schema SET sql = 'CREATE INDEX kept_a ON kept (b)' WHERE name = 'kept_a'"}, "kept_a"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "copy.db")
			dsn := "file:" + (&url.URL{Path: path}).EscapedPath()
			db, err := sql.Open("sqlite", dsn)
			if err != nil {
				t.Fatal(err)
			}
			db.SetMaxOpenConns(1)
			for _, q := range append([]string{
				"CREATE TABLE kept (a TEXT, b TEXT)",
				"CREATE INDEX kept_a ON kept (a)",
				"CREATE TABLE lost (x TEXT)",
				"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO kept SELECT 'a' || i, 'b' || (2000 - i) FROM n",
				"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO lost SELECT hex(randomblob(100)) FROM n",
			}, c.damage...) {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			db.Close()
			for _, n := range []int{1, 2, 3} {
				dbs := make([]*sql.DB, n)
				for i := range dbs {
					dbs[i], err = sql.Open("sqlite", dsn+"?mode=ro")
					if err != nil {
						t.Fatal(err)
					}
					defer dbs[i].Close()
					dbs[i].SetMaxOpenConns(1)
				}
				lines, err := integrityCheck(ctx, dbs)
				if err != nil {
					t.Fatalf("on %d connections: %v", n, err)
				}
				got := strings.Join(lines, "; ")
				if c.want == "" && got != "ok" || c.want != "" && !strings.Contains(got, c.want) {
					t.Errorf("on %d connections the check says %q, want %q in it", n, got, c.want)
				}
			}
		})
	}
}

// A plain backup's copy is written without waiting for the disk, but the
// database itself never is: its connection waits for the disk again
// (synchronous FULL) once the copy is made.
func TestPlainBackupLeavesTheDatabaseSynchronous(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	if _, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(t.TempDir(), "b.db")}); err != nil {
		t.Fatal(err)
	}
	var level int
	if err := s.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&level); err != nil {
		t.Fatal(err)
	}
	if level != 2 {
		t.Errorf("after a backup the database's PRAGMA synchronous is %d, want 2 (FULL)", level)
	}
}
