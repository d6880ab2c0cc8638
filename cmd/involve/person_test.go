package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/involve/involve/store"
)

// personDB is a small database with two people, one with a paid claim.
func personDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "p.db")
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, p := range []store.Person{{Name: "Ann Archer", PreferredName: "Annie"}, {Name: "Bob Brown"}} {
		if err := s.SavePerson(ctx, &p, nil); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// person erase says what it will do, asks on a terminal, refuses without
// one unless --yes, and writes the erasure log; restore applies it again.
func TestPersonEraseVerb(t *testing.T) {
	db := personDB(t)
	useAsk(t, &fakeAsk{})
	_, err := outCLI(t, "--db", db, "person", "erase", "Annie")
	if err == nil || !strings.Contains(err.Error(), "add --yes") {
		t.Errorf("no terminal, no --yes: %v", err)
	}
	f := &fakeAsk{terminal: true, lines: []string{"n"}}
	useAsk(t, f)
	out, err := outCLI(t, "--db", db, "person", "erase", "Annie")
	if err != nil || !strings.Contains(out, "nothing was changed") || !strings.Contains(out, "Erasing Annie (Ann Archer)") ||
		len(f.prompts) != 1 || !strings.Contains(f.prompts[0], "Erase Annie? This cannot be undone.") {
		t.Errorf("answered no: %v\n%s\n%q", err, out, f.prompts)
	}
	backup := filepath.Join(t.TempDir(), "b.db")
	if _, err := outCLI(t, "--db", db, "backup", backup); err != nil {
		t.Fatal(err)
	}
	out, err = outCLI(t, "--db", db, "person", "erase", "Ann Archer", "--yes", "--by", "kim")
	if err != nil || !strings.Contains(out, "erased: 1 record removed, 0 kept anonymised; erasure ") {
		t.Fatalf("erase: %v\n%s", err, out)
	}
	out, err = outCLI(t, "--db", db, "person", "erasures")
	if err != nil || !strings.Contains(out, "erase       they asked        kim") || strings.Contains(out, "Ann") {
		t.Errorf("erasures: %v\n%s", err, out)
	}
	out, err = outCLI(t, "--db", db, "restore", backup, "--yes")
	if err != nil || !strings.Contains(out, "re-applied 1 erasure from the erasure log") {
		t.Errorf("restore: %v\n%s", err, out)
	}
	_, err = outCLI(t, "--db", db, "person", "erase", "Ann Archer", "--yes")
	if err == nil || !strings.Contains(err.Error(), `there is no person with the id or name "Ann Archer"`) {
		t.Errorf("after the restore Ann is back: %v", err)
	}
	out, _ = outCLI(t, "--db", db, "person", "erasures", "--json")
	if !strings.Contains(out, `"reapplied": 1`) {
		t.Errorf("erasures --json: %s", out)
	}
}
