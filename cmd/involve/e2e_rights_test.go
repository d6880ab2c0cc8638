package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestE2EForgetSomeone: in a real terminal, a person's page shows what is
// held about them (X); D shows the choice before anything happens (erase
// or anonymise, what goes and what stays); y erases them. Afterwards the
// erasure log says so, with no personal data, and their name is nowhere
// in the database file.
func TestE2EForgetSomeone(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("demo.db")
	sb.mustRun(t, "demo", db)
	var doc exportDoc
	out := sb.mustRun(t, "--db", db, "export", "--json").stdout
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var name, shown, phone string
	for _, p := range doc.People {
		if p.PreferredName == "" && p.Phone != "" && len(strings.Fields(p.Name)) == 2 {
			name, shown, phone = p.Name, p.Name, p.Phone
			break
		}
	}
	if name == "" {
		t.Fatal("no one in the demo to erase")
	}

	tm := sb.startApp(t, 100, 30, db)
	tm.press(keymap.Global.People)
	tm.waitScreen("People")
	tm.press(keymap.List.Filter)
	tm.typeText(shown)
	tm.press(keymap.List.AcceptFilter)
	tm.press(keymap.List.Open)
	tm.waitText("Full name", name)

	tm.press(keymap.Rights.Export)
	tm.waitText("What we hold about you: "+name, "Your details")
	tm.esc()
	tm.waitText("Full name")

	tm.press(keymap.Record.Delete)
	tm.waitText("(•) Erase", "Goes for good", "record of their details")
	tm.press(keymap.Rights.Mode)
	tm.waitText("(•) Anonymise")
	tm.press(keymap.Rights.Mode)
	tm.waitText("(•) Erase")
	tm.press(keymap.Confirm.Yes)
	tm.waitText("Erased "+shown+":", "Nobody and nothing matches that")
	tm.press(keymap.List.ClearFilter)
	tm.waitScreen("People")
	tm.press(keymap.Global.Quit)
	if st := tm.waitExit(); st != "0" {
		t.Fatalf("exit status %s", st)
	}

	log := sb.mustRun(t, "--db", db, "person", "erasures").stdout
	if !strings.Contains(log, "they asked") || strings.Contains(log, name) {
		t.Errorf("the erasure log:\n%s", log)
	}
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{name, phone} {
		if strings.Contains(string(data), w) {
			t.Errorf("%q is still in the database file", w)
		}
	}
	if wal, err := os.ReadFile(db + "-wal"); err == nil && strings.Contains(string(wal), name) {
		t.Errorf("%q is still in the -wal", name)
	}
}
