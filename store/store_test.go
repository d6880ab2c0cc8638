package store

import (
	"bytes"
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// recNow is the clock most tests run at: a Tuesday in London summer time.
var recNow = time.Date(2026, 6, 16, 10, 0, 0, 0, time.UTC)

// recOpen opens a fresh store in a private temporary folder, with a fixed
// clock, and closes it when the test ends.
func recOpen(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "involve.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	s.SetClock(func() time.Time { return recNow })
	t.Cleanup(func() { s.Close() })
	return s
}

// recOpenPath opens the store at path and closes it when the test ends.
func recOpenPath(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// recRawDB opens the file with the store's own DSN but without migrating it, for
// preparing files in states Open must cope with.
func recRawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		t.Fatalf("sql.Open: %v", err)
	}
	db.SetMaxOpenConns(1)
	return db
}

func recUserVersion(t *testing.T, db *sql.DB) int {
	t.Helper()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatalf("PRAGMA user_version: %v", err)
	}
	return v
}

func recTables(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		t.Fatalf("listing tables: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

func recMode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("stat %s: %v", path, err)
	}
	return fi.Mode().Perm()
}

func TestDSN(t *testing.T) {
	want := "file:/data/involve.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=secure_delete(1)&_txlock=immediate"
	if got := DSN("/data/involve.db"); got != want {
		t.Errorf("DSN:\n got %s\nwant %s", got, want)
	}
	// busy_timeout must come before journal_mode, which needs a lock.
	d := DSN("/x.db")
	if b, j := strings.Index(d, "busy_timeout"), strings.Index(d, "journal_mode"); b < 0 || j < 0 || b > j {
		t.Errorf("busy_timeout must come first: %s", d)
	}
	// Characters that mean something in a URI are escaped in the path.
	for _, c := range []struct{ path, wantPrefix string }{
		{"/my data/involve.db", "file:/my%20data/involve.db?"},
		{"/a?b/involve.db", "file:/a%3Fb/involve.db?"},
		{"/a#b/involve.db", "file:/a%23b/involve.db?"},
		{"/a%b/involve.db", "file:/a%25b/involve.db?"},
	} {
		if got := DSN(c.path); !strings.HasPrefix(got, c.wantPrefix) {
			t.Errorf("DSN(%q) = %s, want prefix %s", c.path, got, c.wantPrefix)
		}
	}
}

func TestOpenCreatesPrivateFileAndFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "folder")
	path := filepath.Join(dir, "involve.db")
	s := recOpenPath(t, path)
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	if m := recMode(t, path); m != 0o600 {
		t.Errorf("database mode = %v, want 0600", m)
	}
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if m := recMode(t, d); m != 0o700 {
			t.Errorf("folder %s mode = %v, want 0700", d, m)
		}
	}
	// Write something so the WAL and shared-memory files exist: they hold
	// the same data and must be as private as the database.
	f := Forum{Name: "Tuesday group"}
	if err := s.SaveForum(context.Background(), &f); err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{path + "-wal", path + "-shm"} {
		if _, err := os.Stat(side); err == nil {
			if m := recMode(t, side); m&0o077 != 0 {
				t.Errorf("%s mode = %v, want no group or other access", filepath.Base(side), m)
			}
		}
	}
}

func TestOpenPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my data #1?")
	path := filepath.Join(dir, "involve 100%.db")
	s := recOpenPath(t, path)
	ctx := context.Background()
	f := Forum{Name: "Carers' forum"}
	if err := s.SaveForum(ctx, &f); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Exactly one file was created in the folder (besides WAL/SHM), at the
	// path asked for, and it holds the data.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if n := e.Name(); !strings.HasPrefix(n, "involve 100%.db") {
			t.Errorf("unexpected file %q in the database folder", n)
		}
	}
	s2 := recOpenPath(t, path)
	if _, err := s2.Forum(ctx, f.ID); err != nil {
		t.Errorf("re-opened database lost the forum: %v", err)
	}
}

func TestOpenEmptyPath(t *testing.T) {
	if _, err := Open(""); err == nil {
		t.Fatal("Open(\"\") succeeded")
	}
}

func TestOpenConnectionSettings(t *testing.T) {
	s := recOpen(t)
	for _, c := range []struct {
		pragma string
		want   string
	}{
		{"busy_timeout", "5000"},
		{"journal_mode", "wal"},
		{"synchronous", "2"}, // FULL
		{"foreign_keys", "1"},
		{"secure_delete", "1"},
	} {
		var got string
		if err := s.db.QueryRow("PRAGMA " + c.pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", c.pragma, err)
		}
		if strings.ToLower(got) != c.want {
			t.Errorf("PRAGMA %s = %s, want %s", c.pragma, got, c.want)
		}
	}
}

func TestMigrationsAreNumberedFromOne(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %d is %s (version %d)", i, m.name, m.version)
		}
		if body, err := migrationFS.ReadFile("migrations/" + m.name); err != nil || strings.TrimSpace(string(body)) == "" {
			t.Errorf("migration %s is empty (%v)", m.name, err)
		}
	}
	if SchemaVersion() != len(ms) {
		t.Errorf("SchemaVersion() = %d, want %d", SchemaVersion(), len(ms))
	}
}

func TestOpenMigratesEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	// An empty file (as createPrivate leaves it) is a new database.
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := recOpenPath(t, path)
	if v := recUserVersion(t, s.db); v != SchemaVersion() {
		t.Errorf("user_version = %d, want %d", v, SchemaVersion())
	}
	got := strings.Join(recTables(t, s.db), ",")
	for _, want := range []string{"actions", "attendance", "forums", "meetings", "memberships", "people", "settings"} {
		if !strings.Contains(","+got+",", ","+want+",") {
			t.Errorf("table %s missing; have %s", want, got)
		}
	}
	var strict int
	if err := s.db.QueryRow("SELECT count(*) FROM pragma_table_list WHERE name = 'people' AND strict = 1").Scan(&strict); err != nil {
		t.Fatal(err)
	}
	if strict != 1 {
		t.Error("people is not a STRICT table")
	}
	var ok string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check = %q, %v", ok, err)
	}
}

func TestReopenMigratedFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "involve.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	f := Forum{Name: "Women's group", Venue: "Hope Centre"}
	if err := s.SaveForum(ctx, &f); err != nil {
		t.Fatal(err)
	}
	before := strings.Join(recTables(t, s.db), ",")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		s2, err := Open(path)
		if err != nil {
			t.Fatalf("re-open %d: %v", i, err)
		}
		if v := recUserVersion(t, s2.db); v != SchemaVersion() {
			t.Errorf("user_version = %d after re-open", v)
		}
		if after := strings.Join(recTables(t, s2.db), ","); after != before {
			t.Errorf("tables changed on re-open: %s → %s", before, after)
		}
		got, err := s2.Forum(ctx, f.ID)
		if err != nil || got.Venue != "Hope Centre" {
			t.Errorf("forum after re-open = %+v, %v", got, err)
		}
		s2.Close()
	}
	if m := recMode(t, path); m != 0o600 {
		t.Errorf("mode after re-open = %v", m)
	}
}

// TestMigrateFromEveryVersion brings a file at every earlier schema version
// up to date.
func TestMigrateFromEveryVersion(t *testing.T) {
	ctx := context.Background()
	for v := 0; v < SchemaVersion(); v++ {
		path := filepath.Join(t.TempDir(), "involve.db")
		if err := createPrivate(path); err != nil {
			t.Fatal(err)
		}
		db := recRawDB(t, path)
		old := newStore(db, path)
		if err := old.migrateTo(ctx, v); err != nil {
			t.Fatalf("migrate to %d: %v", v, err)
		}
		if got := recUserVersion(t, db); got != v {
			t.Fatalf("user_version = %d, want %d", got, v)
		}
		db.Close()
		s := recOpenPath(t, path)
		if got := recUserVersion(t, s.db); got != SchemaVersion() {
			t.Errorf("from %d: user_version = %d, want %d", v, got, SchemaVersion())
		}
		p := Person{Name: "Sam"}
		if err := s.SavePerson(ctx, &p, nil); err != nil {
			t.Errorf("from %d: cannot save after migrating: %v", v, err)
		}
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	s := recOpenPath(t, path)
	newer := SchemaVersion() + 5
	if _, err := s.db.Exec("PRAGMA user_version = " + strconv.Itoa(newer)); err != nil {
		t.Fatal(err)
	}
	s.Close()

	_, err := Open(path)
	if err == nil {
		t.Fatal("Open accepted a database from a newer involve")
	}
	if !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), "upgrade") {
		t.Errorf("error does not say to upgrade: %v", err)
	}
	// The file is left as it was.
	db := recRawDB(t, path)
	defer db.Close()
	if v := recUserVersion(t, db); v != newer {
		t.Errorf("user_version changed to %d", v)
	}
}

func TestOpenRefusesNonDatabase(t *testing.T) {
	for _, c := range []struct {
		name    string
		content []byte
	}{
		{"text", []byte(strings.Repeat("name,role\nSam,carer\n", 100))},
		{"short", []byte("hello")},
		{"binary", bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 2048)},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "people.csv")
			if err := os.WriteFile(path, c.content, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path)
			if err == nil {
				s.Close()
				t.Fatal("Open accepted a file that is not a database")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), "not an involve database") || !strings.Contains(err.Error(), path) ||
				strings.HasSuffix(err.Error(), ")") {
				t.Errorf("unclear error (or one with SQLite's result code): %v", err)
			}
			got, rerr := os.ReadFile(path)
			if rerr != nil {
				t.Fatal(rerr)
			}
			if !bytes.Equal(got, c.content) {
				t.Error("Open changed the file it refused")
			}
		})
	}
}
