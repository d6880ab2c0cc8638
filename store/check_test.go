package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckGood(t *testing.T) {
	s, _ := ioTestStore(t)
	ctx := context.Background()
	if _, err := s.ImportPeopleCSV(ctx, strings.NewReader("name,forums\nAnn,Tuesday Forum\nBob,\n"), "p.csv"); err != nil {
		t.Fatal(err)
	}
	r, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || len(r.Problems) != 0 {
		t.Fatalf("problems in a good database: %q", r.Problems)
	}
	if len(r.Integrity) != 1 || r.Integrity[0] != "ok" {
		t.Errorf("integrity %q", r.Integrity)
	}
	if len(r.ForeignKeys) != 0 {
		t.Errorf("foreign key problems %v", r.ForeignKeys)
	}
	if r.SchemaVersion != SchemaVersion() || r.WantSchema != SchemaVersion() {
		t.Errorf("schema %d, want %d (wanted %d)", r.SchemaVersion, SchemaVersion(), r.WantSchema)
	}
	if r.Path != s.Path() {
		t.Errorf("path %q", r.Path)
	}
	for table, n := range map[string]int{"forums": 2, "people": 2, "memberships": 1, "meetings": 0,
		"attendance": 0, "actions": 0, "settings": 0} {
		if got := r.Rows(table); got != n {
			t.Errorf("%s: %d rows, want %d", table, got, n)
		}
	}
	if r.Rows("no_such_table") != -1 {
		t.Error("an unknown table has a count")
	}
	for _, tc := range r.Tables {
		if strings.HasPrefix(tc.Table, "sqlite_") {
			t.Errorf("internal table %s counted", tc.Table)
		}
	}
}

func TestCheckForeignKeyProblem(t *testing.T) {
	s, forums := ioTestStore(t)
	ctx := context.Background()
	// The store has one connection, so these pragmas apply to the statements
	// that follow them.
	for _, q := range []string{
		"PRAGMA foreign_keys = OFF",
		fmt.Sprintf(`INSERT INTO memberships (id, forum_id, person_id, created_at, updated_at)
			VALUES ('m1', '%s', 'nobody', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`, forums["Carers Group"]),
		"PRAGMA foreign_keys = ON",
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	r, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || len(r.ForeignKeys) != 1 || r.ForeignKeys[0].Table != "memberships" || r.ForeignKeys[0].Parent != "people" {
		t.Fatalf("report %+v", r)
	}
	if !strings.Contains(strings.Join(r.Problems, "\n"), "memberships row") {
		t.Errorf("problems %q", r.Problems)
	}
}

func TestCheckClosed(t *testing.T) {
	s, _ := ioTestStore(t)
	s.Close()
	if _, err := s.Check(context.Background()); err == nil {
		t.Fatal("checking a closed store gave no error")
	}
}

func TestCheckDamaged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "damaged.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	f := Forum{Name: "Tuesday Forum"}
	if err := s.SaveForum(ctx, &f); err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("name,preferred_name,email,forums\n")
	for i := range 2000 {
		fmt.Fprintf(&csv, "Person number %d with a long name,P%d,p%d@example.org,Tuesday Forum\n", i, i, i)
	}
	if _, err := s.ImportPeopleCSV(ctx, strings.NewReader(csv.String()), "many.csv"); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Check(ctx); err != nil || !r.OK() {
		t.Fatalf("before damage: %v %q", err, r.Problems)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Log("the WAL file survived Close; damage goes into the main file regardless")
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 64<<10 {
		t.Fatalf("database only %d bytes; too small to damage in the middle", len(data))
	}
	mid := len(data) / 2
	for i := mid; i < mid+8192 && i < len(data); i++ {
		data[i] = byte(0xA5 ^ i)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}

	s2, err := Open(path)
	if err != nil {
		t.Logf("Open refused the damaged file: %v", err)
		return
	}
	defer s2.Close()
	r, err := s2.Check(ctx)
	if err != nil {
		t.Logf("Check returned an error: %v", err)
		return
	}
	if r.OK() {
		t.Fatalf("damage not reported: %+v", r)
	}
	t.Logf("problems reported: %d, first: %s", len(r.Problems), r.Problems[0])
}
