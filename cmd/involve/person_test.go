package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

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
	// Kept: the audit trail's row of her being added, with an opaque id.
	if err != nil || !strings.Contains(out, "erased: 1 record removed, 1 kept anonymised; erasure ") ||
		!strings.Contains(out, "1 change to their records in the audit trail: the trail of who on the team changed what") {
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

// person export writes everything held, in md or JSON, to standard output
// or a private file, encrypted for a key when asked.
func TestPersonExportVerb(t *testing.T) {
	db := personDB(t)
	useAsk(t, &fakeAsk{})
	out, err := outCLI(t, "--db", db, "person", "export", "Annie")
	if err != nil || !strings.Contains(out, "# What we hold about you: Ann Archer (Annie)") || !strings.Contains(out, "## How to complain") {
		t.Fatalf("export: %v\n%s", err, out)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "ann.json")
	out, err = outCLI(t, "--db", db, "person", "export", "Ann Archer", "--format", "json", "-o", file)
	if err != nil || !strings.Contains(out, "wrote everything held about Annie to") {
		t.Fatalf("export -o: %v %s", err, out)
	}
	if info, err := os.Stat(file); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the export's mode: %v %v", info.Mode(), err)
	}
	if data, _ := os.ReadFile(file); !strings.Contains(string(data), `"key": "people"`) {
		t.Errorf("the JSON export: %s", data)
	}
	keyFile, public := keyPair(t, dir, "dpo.key")
	enc := filepath.Join(dir, "ann.md.age")
	if out, err = outCLI(t, "--db", db, "person", "export", "Annie", "-o", enc, "--recipient", public); err != nil || !strings.Contains(out, "encrypted with age") {
		t.Fatalf("encrypted export: %v %s", err, out)
	}
	data, _ := os.ReadFile(enc)
	if strings.Contains(string(data), "Ann Archer") || !strings.HasPrefix(string(data), "age-encryption.org/v1") {
		t.Error("the encrypted export is not encrypted")
	}
	ids, err := store.ReadIdentityFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(enc)
	defer f.Close()
	r, err := age.Decrypt(f, ids...)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(r)
	if !strings.Contains(string(plain), "# What we hold about you: Ann Archer") {
		t.Errorf("decrypted: %s", plain)
	}
	if _, err := outCLI(t, "--db", db, "person", "export", "Annie", "--recipient", public); err == nil || !strings.Contains(err.Error(), "add -o FILE") {
		t.Errorf("encrypted to standard output: %v", err)
	}
}

// person requests add, update, list and close, with the ICO's due date.
func TestPersonRequestsVerbs(t *testing.T) {
	db := personDB(t)
	out, err := outCLI(t, "--db", db, "person", "requests", "add", "Annie", "--received", "2026-01-31")
	if err != nil || !strings.Contains(out, "recorded request 1 from Annie (to see their data): ") {
		t.Fatalf("add: %v %s", err, out)
	}
	out, err = outCLI(t, "--db", db, "person", "requests", "update", "1", "--extend", "many records")
	if err != nil || !strings.Contains(out, "request 1 from Annie: ") {
		t.Fatalf("update: %v %s", err, out)
	}
	out, err = outCLI(t, "--db", db, "person", "requests", "close", "1", "--on", "2026-02-20")
	if err != nil || !strings.Contains(out, "answered on 2026-02-20 (due 2026-04-30: in time)") {
		t.Errorf("close: %v %s", err, out)
	}
	out, _ = outCLI(t, "--db", db, "person", "requests", "list")
	if !strings.Contains(out, "no open requests") {
		t.Errorf("list: %s", out)
	}
	out, _ = outCLI(t, "--db", db, "person", "requests", "list", "--all", "--json")
	if !strings.Contains(out, `"due": "2026-04-30"`) || !strings.Contains(out, `"extension_reason": "many records"`) {
		t.Errorf("list --all --json: %s", out)
	}
	if _, err := outCLI(t, "--db", db, "person", "requests", "add", "Annie"); err == nil || !strings.Contains(err.Error(), "--received DATE") {
		t.Errorf("add without --received: %v", err)
	}
}

// person review lists people not involved for years; keep takes one off
// until the next review; contacts leaves off whoever has not consented or
// whose consent is due for review.
func TestPersonReviewKeepContacts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if err := store.WriteDemoAt(context.Background(), db, store.DemoPeople, 1, time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out, err := outCLI(t, "--db", db, "person", "review", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var due []struct {
		ID   string `json:"person_id"`
		Name string `json:"name"`
	}
	if err := json.Unmarshal([]byte(out), &due); err != nil || len(due) < 2 {
		t.Fatalf("review --json: %v %s", err, out)
	}
	out, err = outCLI(t, "--db", db, "person", "keep", due[0].ID, "--reason", "asked to stay on the newsletter", "--next", "2099-01-01")
	if err == nil || !strings.Contains(err.Error(), "within ten years") {
		t.Errorf("keep for 73 years: %v %s", err, out)
	}
	out, err = outCLI(t, "--db", db, "person", "keep", due[0].ID, "--reason", "asked to stay on the newsletter")
	if err != nil || !strings.Contains(out, "until the next review on") {
		t.Errorf("keep: %v %s", err, out)
	}
	out, _ = outCLI(t, "--db", db, "person", "review")
	if strings.Contains(out, due[0].Name+" ") {
		t.Errorf("kept, still listed:\n%s", out)
	}
	out, err = outCLI(t, "--db", db, "person", "contacts")
	if err != nil || !strings.Contains(out, "whose consent is due for review") {
		t.Errorf("contacts: %v\n%s", err, out)
	}
}
