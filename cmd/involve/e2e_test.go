package main

// End-to-end tests: the real binary, on the command line and in a real
// terminal (tmux). See DESIGN.md, "Testing ladder", step 3.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/involve/involve/internal/testtime"
)

// --- the TUI ---------------------------------------------------------------

// TestE2EFirstRunForumPersonMeetingRegister walks a new user's first day:
// the welcome, a forum, a member, a meeting and its register, then checks
// that everything is still there after a restart and in the export.
func TestE2EFirstRunForumPersonMeetingRegister(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("involve.db")
	g := keymap.Global

	tm := sb.startApp(t, 100, 30, db)
	tm.waitText("Welcome to involve", "Press enter to start.")
	tm.esc()
	tm.waitGone("Press enter to start.")
	tm.waitText("Press 2 to add your first forum.")

	// A forum.
	tm.press(g.Forums)
	tm.waitText("No forums yet.")
	tm.press(keymap.Record.New)
	tm.waitText("New forum")
	tm.fill("Name", "Hope Forum", false)
	tm.fill("Purpose", "Peer support and a cuppa", false)
	tm.fill("Usual venue", "Town Hall", false)
	tm.fill("Usual pattern", "", false)
	tm.fill("Has a social element?", "", false)
	tm.waitText("Saved Hope Forum.")
	tm.waitMatch(`Hope Forum +0 `)

	// A person who is a member of it.
	tm.press(g.People)
	tm.waitText("Nobody here yet.")
	tm.press(keymap.Record.New)
	tm.waitText("New person")
	tm.fill("Name", "Margaret Okafor", false)
	tm.fill("Preferred name", "Maggie", false)
	tm.fill("Role", "", false)
	tm.fill("Phone", "07700 900123", false)
	tm.fill("Email", "maggie@example.org", false)
	tm.fill("Prefers to be contacted by", "", false)
	tm.fill("Consents to be contacted?", "", false)
	tm.fill("Consent given on", "", false)
	tm.fill("Review consent by", "", false)
	tm.focusField("Forums")
	tm.keys("Space")
	tm.waitMatch(`✓ Hope Forum`)
	tm.keys("Enter")
	tm.fill("Private notes", "", false)
	tm.waitText("Saved Maggie.")
	tm.waitMatch(`Maggie\b.* Service user`)

	// A meeting of the forum.
	tm.press(g.Meetings)
	tm.waitText("No meetings yet.")
	tm.press(keymap.Record.New)
	tm.waitText("New meeting")
	tm.fill("Forum", "", false)
	tm.fill("Date", "2030-03-14", true)
	tm.fill("Starts", "13:00", true)
	tm.fill("Ends", "15:00", true)
	tm.fill("Venue", "", false)
	tm.fill("Status", "", false)
	tm.waitText("Saved the meeting.")
	tm.waitMatch(`Thu 14 Mar 2030 +13:00–15:00 +Hope Forum +Town Hall`)

	// Its register: find Maggie and mark her attended.
	tm.press(keymap.List.Open)
	tm.waitText("When", "Thu 14 Mar 2030, 13:00–15:00", "1 invited")
	tm.press(keymap.Detail.Register)
	tm.waitText("Invited 1", "Attended 0")
	tm.waitMatch(`Maggie\b.* Service user +Invited`)
	tm.press(keymap.List.Filter)
	tm.typeText("mag")
	tm.waitText("/ mag")
	tm.press(keymap.List.AcceptFilter)
	tm.press(keymap.Register.Attended)
	tm.waitText("Attended 1", "Invited 0", "Maggie: attended.")
	tm.waitMatch(`Maggie\b.* Service user +Attended`)

	// Quit: nothing is unsaved, but no backup has been made today: it is
	// offered, and yes makes one.
	tm.press(g.Quit)
	tm.waitText("Back up before you go?")
	tm.press(keymap.Confirm.Yes)
	if status := tm.waitExit(); status != "0" {
		t.Fatalf("involve exited with status %s", status)
	}
	made, _ := filepath.Glob(filepath.Join(sb.dir, "home", "state", "involve", "backups", "*.db"))
	if len(made) != 1 {
		t.Fatalf("backups made on quitting: %v", made)
	}

	// Start again: no welcome, and everything is still there; a backup was
	// made today, so q leaves at once.
	tm2 := sb.startApp(t, 100, 30, db)
	tm2.waitText("Next meetings", "Hope Forum")
	if s := tm2.screen(); strings.Contains(s, "Press enter to start.") {
		t.Fatalf("the welcome showed again on the second run:\n%s", s)
	}
	tm2.press(g.Forums)
	tm2.waitMatch(`Hope Forum +1 `)
	tm2.press(g.People)
	tm2.waitMatch(`Maggie\b.* Service user`)
	tm2.press(g.Meetings)
	tm2.waitMatch(`Thu 14 Mar 2030 +13:00–15:00 +Hope Forum`)
	tm2.press(keymap.List.Open)
	tm2.waitText("0 invited", "1 attended")
	tm2.press(keymap.Detail.Register)
	tm2.waitText("Attended 1")
	tm2.waitMatch(`Maggie\b.* Service user +Attended`)
	tm2.press(g.Quit)
	if status := tm2.waitExit(); status != "0" {
		t.Fatalf("involve exited with status %s", status)
	}

	// And the export agrees.
	d := sb.exportDoc(t, db)
	if len(d.Forums) != 1 || d.Forums[0].Name != "Hope Forum" {
		t.Fatalf("forums in the export: %+v", d.Forums)
	}
	if len(d.People) != 1 || d.People[0].Name != "Margaret Okafor" || d.People[0].PreferredName != "Maggie" ||
		d.People[0].Phone != "07700 900123" || d.People[0].Email != "maggie@example.org" {
		t.Fatalf("people in the export: %+v", d.People)
	}
	if len(d.Memberships) != 1 || d.Memberships[0].ForumID != d.Forums[0].ID || d.Memberships[0].PersonID != d.People[0].ID {
		t.Fatalf("memberships in the export: %+v", d.Memberships)
	}
	// 13:00 in London on 14 March 2030 (GMT) is 13:00 UTC, whatever the
	// machine's time zone.
	if len(d.Meetings) != 1 || d.Meetings[0].ForumID != d.Forums[0].ID ||
		d.Meetings[0].StartsAt != "2030-03-14T13:00:00Z" || d.Meetings[0].EndsAt != "2030-03-14T15:00:00Z" {
		t.Fatalf("meetings in the export: %+v", d.Meetings)
	}
	if len(d.Attendance) != 1 {
		t.Fatalf("attendance in the export: %+v", d.Attendance)
	}
	a := d.Attendance[0]
	if a.Status != "attended" || a.PersonID != d.People[0].ID || a.MeetingID != d.Meetings[0].ID {
		t.Fatalf("attendance row: %+v", a)
	}
}

// TestE2EPrivacyScreen: ctrl+p turns names into initials and hides contact
// details, and turns them back.
func TestE2EPrivacyScreen(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("demo.db")
	sb.mustRun(t, "demo", db)
	d := sb.exportDoc(t, db)

	tm := sb.startApp(t, 100, 30, db)
	tm.waitText("DEMO")
	tm.press(keymap.Global.People)
	tm.waitScreen("People")
	before := tm.waitMatch(`Service user|Carer`)

	// The full names on screen (two words or more, so that no initials or
	// screen text can be mistaken for one).
	var shown []string
	for _, p := range d.People {
		if strings.Contains(p.Name, " ") && strings.Contains(before, p.Name) {
			shown = append(shown, p.Name)
		}
	}
	if len(shown) == 0 {
		t.Fatalf("no full name of a demo person on the People screen:\n%s", before)
	}
	if strings.Contains(before, "PRIVACY") {
		t.Fatalf("the PRIVACY badge shows before ctrl+p:\n%s", before)
	}

	tm.press(keymap.Global.Privacy)
	tm.waitText("PRIVACY")
	masked := tm.waitFor("names to be masked", func(s string) bool { return !strings.Contains(s, shown[0]) })
	for _, n := range shown {
		if strings.Contains(masked, n) {
			t.Errorf("with the privacy screen on, %q is still on screen", n)
		}
	}
	if t.Failed() {
		t.Fatalf("the screen:\n%s", masked)
	}
	// Initials are shown instead: the first row is "› X.Y." or similar.
	if !regexp.MustCompile(`(?m)^› +\S+\.`).MatchString(masked) {
		t.Errorf("no initials on the first row with the privacy screen on:\n%s", masked)
	}

	tm.press(keymap.Global.Privacy)
	tm.waitGone("PRIVACY")
	tm.waitText(shown...)

	// Someone with a phone and an email: shown on their page normally,
	// hidden with the privacy screen on.
	var who struct{ name, shown, phone, email string }
	for _, p := range d.People {
		if p.Phone != "" && p.Email != "" && isASCII(p.Name) && strings.Contains(p.Name, " ") {
			who.name, who.phone, who.email = p.Name, p.Phone, p.Email
			who.shown = p.PreferredName
			if who.shown == "" {
				who.shown = p.Name
			}
			break
		}
	}
	if who.name == "" {
		t.Fatal("the demo has nobody with an ASCII name, a phone and an email")
	}
	tm.press(keymap.List.Filter)
	tm.typeText(who.name)
	// The filter narrows to them, and says how many of how many match.
	tm.waitAll(`(?m)^› +`+regexp.QuoteMeta(who.shown)+`\b`, `(?m)^/ .*\b1 of \d+ *$`)
	tm.press(keymap.List.AcceptFilter)
	tm.press(keymap.List.Open)
	tm.waitText("Phone", who.phone, who.email, who.name)
	tm.esc()
	tm.waitGone(who.phone)

	tm.press(keymap.Global.Privacy)
	tm.waitText("PRIVACY")
	tm.press(keymap.List.Open)
	page := tm.waitText("hidden while the privacy screen is on")
	for _, x := range []string{who.phone, who.email, who.name, who.shown} {
		if strings.Contains(page, x) {
			t.Errorf("with the privacy screen on, a person's page shows %q", x)
		}
	}
	if t.Failed() {
		t.Fatalf("the screen:\n%s", page)
	}

	tm.press(keymap.Global.Privacy)
	tm.waitGone("PRIVACY")
	tm.waitText(who.phone, who.email, who.name)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// TestE2EHelp: ? shows the keys of the screen, from the real bindings, and
// esc closes it.
func TestE2EHelp(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("demo.db")
	sb.mustRun(t, "demo", db)

	tm := sb.startApp(t, 100, 30, db)
	tm.press(keymap.Global.People)
	tm.waitScreen("People")
	tm.press(keymap.Global.Help)
	want := []string{"Keys for People"}
	for _, b := range []struct{ k, d string }{
		{keymap.Global.Privacy.Help().Key, keymap.Global.Privacy.Help().Desc},
		{keymap.Global.Quit.Help().Key, keymap.Global.Quit.Help().Desc},
		{keymap.List.Filter.Help().Key, keymap.List.Filter.Help().Desc},
		{keymap.Record.New.Help().Key, keymap.Record.New.Help().Desc},
		{keymap.Global.Forums.Help().Key, keymap.Global.Forums.Help().Desc},
	} {
		want = append(want, b.d)
		tm.waitMatch(`(?m)` + regexp.QuoteMeta(b.k) + ` +` + regexp.QuoteMeta(b.d))
	}
	tm.waitText(want...)
	tm.esc()
	tm.waitGone("Keys for People")
	tm.waitScreen("People")
}

// TestE2ETerminalTooSmall: below the minimum size the app says so.
func TestE2ETerminalTooSmall(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	tm := sb.startTerm(t, 50, 12, "--db", sb.path("small.db"))
	tm.waitText("Terminal too small", "50×12")
	tm.press(keymap.Global.ForceQuit)
	if status := tm.waitExit(); status != "0" {
		t.Fatalf("involve exited with status %s", status)
	}
}

// TestE2EQuitWithUnsavedChangesAsks: leaving with a half-filled form asks
// first; "no" keeps what was typed, "yes" quits.
func TestE2EQuitWithUnsavedChangesAsks(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("involve.db")
	tm := sb.startApp(t, 100, 30, db)
	tm.waitText("Press enter to start.")
	tm.keys("Enter")
	tm.waitGone("Press enter to start.")

	tm.press(keymap.Global.Forums)
	tm.waitText("No forums yet.")
	tm.press(keymap.Record.New)
	tm.focusField("Name")
	tm.typeText("Unsaved forum quietly")
	tm.waitText("Unsaved forum quietly")

	// q is typed into the field (the form has every key)…
	tm.press(keymap.Global.Quit)
	tm.waitText("Unsaved forum quietlyq")
	// …and ctrl+c asks.
	tm.press(keymap.Global.ForceQuit)
	tm.waitText("Quit involve?", "not been saved")
	tm.press(keymap.Confirm.No)
	tm.waitGone("Quit involve?")
	tm.waitText("Unsaved forum quietlyq")
	if d, _ := tm.dead(); d {
		t.Fatal("involve quit although the answer was no")
	}

	tm.press(keymap.Global.ForceQuit)
	tm.waitText("Quit involve?")
	tm.press(keymap.Confirm.Yes)
	tm.declineBackup()
	if status := tm.waitExit(); status != "0" {
		t.Fatalf("involve exited with status %s", status)
	}
	if d := sb.exportDoc(t, db); len(d.Forums) != 0 {
		t.Fatalf("the unsaved forum was saved: %+v", d.Forums)
	}
}

// TestE2EControlSequencesInNamesNeverReachTheTerminal: names with OSC 52
// (clipboard), OSC 0 (title), a clear-screen and a bare CR are imported and
// shown, and none of those sequences reaches the export or the terminal.
func TestE2EControlSequencesInNamesNeverReachTheTerminal(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("evil.db")
	evil := []string{"Mal\x1b]52;c;ZXZpbA==\x07lory", "\x1b[2J", "\x1b]0;title\x07", "Trusted\rEvil"}
	file := writeCSV(t, sb.path("evil.csv"), []string{"name", "role"}, func() [][]string {
		var rows [][]string
		for _, n := range evil {
			rows = append(rows, []string{n, "service_user"})
		}
		return rows
	}()...)
	r := sb.mustRun(t, "import", "people", file, "--db", db)
	assertNoControls(t, "import output", r.stdout+r.stderr)

	raw := sb.export(t, db)
	assertNoControls(t, "export", string(raw))
	for _, esc := range []string{`\u001b`, `\u0007`, `\r`, `\u009b`, `\u009d`} {
		if strings.Contains(string(raw), esc) {
			t.Errorf("the export has the escaped control %s", esc)
		}
	}
	d := sb.exportDoc(t, db)
	if len(d.People) != len(evil) {
		t.Fatalf("imported %d people, want %d", len(d.People), len(evil))
	}
	for _, p := range d.People {
		assertNoControls(t, "name "+p.Name, p.Name)
	}

	needTmux(t)
	tm := sb.startApp(t, 100, 30, db)
	// Record everything the program writes to the terminal from here on.
	rawLog := sb.path("pane.raw")
	tm.mustTmux("pipe-pane", "-t", tm.target, "cat >> '"+rawLog+"'")
	tm.press(keymap.Global.People)
	tm.waitMatch(`Mal.*lory`)
	tm.waitMatch(`Trusted.*Evil`)

	screen := tm.screenEscapes()
	for _, bad := range []string{"\x1b]52", "\x1b]0;", "\x1b[2J", "\x07", "\r"} {
		if strings.Contains(screen, bad) {
			t.Errorf("the screen (capture-pane -e) has %q", bad)
		}
	}
	if title := strings.TrimSpace(tm.mustTmux("display-message", "-p", "-t", tm.target, "#{pane_title}")); title == "title" {
		t.Errorf("the pane title was set by a name: %q", title)
	}
	if bufs := strings.TrimSpace(tm.mustTmux("list-buffers")); bufs != "" {
		t.Errorf("something reached the clipboard (tmux buffers):\n%s", bufs)
	}
	tm.press(keymap.Global.Quit)
	tm.declineBackup()
	tm.waitExit()
	// tmux copies to the log as it goes: wait until it has the program's
	// last words (leaving the alternate screen), however busy the machine.
	const leaveAltScreen = "\x1b[?1049l"
	var out []byte
	if !testtime.Until(t, func() bool {
		out, _ = os.ReadFile(rawLog)
		return bytes.Contains(out, []byte(leaveAltScreen))
	}) {
		t.Fatalf("pipe-pane did not record the program leaving the alternate screen; it recorded %d bytes", len(out))
	}
	for _, bad := range []string{"\x1b]52", "]52;c;ZXZpbA==\x07", "\x1b]0;title", "title\x07", "Trusted\rEvil"} {
		if strings.Contains(string(out), bad) {
			t.Errorf("the program wrote %q to the terminal", bad)
		}
	}
}

// assertNoControls fails if s holds any C0 control other than newline and
// tab, or DEL, or a C1 control.
func assertNoControls(t *testing.T, what, s string) {
	t.Helper()
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			t.Errorf("%s has the control character %U: %q", what, r, s)
			return
		}
	}
}

// --- the command line ------------------------------------------------------

func TestCLIVersion(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	r := sb.mustRun(t, "version")
	if !regexp.MustCompile(`^involve \S+ \(database schema \d+\)\n$`).MatchString(r.stdout) {
		t.Fatalf("version printed %q", r.stdout)
	}
}

func TestCLICheck(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("demo.db")
	sb.mustRun(t, "demo", db)
	r := sb.mustRun(t, "check", "--db", db)
	if !strings.Contains(r.stdout, "integrity ok") {
		t.Fatalf("check on the demo printed:\n%s", r.stdout)
	}

	missing := sb.path("nothing-here.db")
	r = sb.run(t, "check", "--db", missing)
	if r.code == 0 {
		t.Fatalf("check on a missing database exited 0:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "no database") || !strings.Contains(r.stderr, missing) {
		t.Fatalf("check on a missing database said:\n%s", r.stderr)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Fatalf("check created %s", missing)
	}
}

func TestCLIDemoRefusesToOverwrite(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	file := sb.path("precious.db")
	content := []byte("not a database, and not yours to overwrite\n")
	if err := os.WriteFile(file, content, 0o600); err != nil {
		t.Fatal(err)
	}
	r := sb.run(t, "demo", file)
	if r.code == 0 {
		t.Fatalf("demo overwrote an existing file:\n%s", r.stdout)
	}
	if strings.TrimSpace(r.stderr) == "" {
		t.Fatal("demo refused without saying why")
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(content) {
		t.Fatalf("the file was changed: %q", got)
	}

	// A real database is not overwritten either.
	db := sb.path("demo.db")
	sb.mustRun(t, "demo", db)
	before := sb.exportDoc(t, db)
	if r := sb.run(t, "demo", "--seed", "2", db); r.code == 0 {
		t.Fatal("demo overwrote an existing database")
	}
	after := sb.exportDoc(t, db)
	if len(before.People) != len(after.People) || before.People[0].ID != after.People[0].ID {
		t.Fatal("the second demo changed the first")
	}
}

func TestCLIExportJSONKeys(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("demo.db")
	sb.mustRun(t, "demo", db)
	var top map[string]json.RawMessage
	if err := json.Unmarshal(sb.export(t, db), &top); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"forums", "people", "meetings", "attendance", "actions", "memberships"} {
		v, ok := top[k]
		if !ok {
			t.Errorf("the export has no %q", k)
			continue
		}
		var list []json.RawMessage
		if err := json.Unmarshal(v, &list); err != nil {
			t.Errorf("%q is not a list: %v", k, err)
		} else if len(list) == 0 {
			t.Errorf("%q is empty in the demo's export", k)
		}
	}

	// -o writes a private file.
	out := sb.path("export.json")
	sb.mustRun(t, "export", "--json", "--db", db, "-o", out)
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("export -o wrote mode %o, want 600", perm)
	}
}

// writeCSV writes a CSV file and returns its name relative to the sandbox
// (the tests run the binary there), so messages can be checked for FILE as
// passed.
func writeCSV(t *testing.T, path string, header []string, rows ...[]string) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(header)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return filepath.Base(path)
}

func TestCLIImportPeopleUnicode(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("people.db")
	names := []string{"José Ñúñez", "عائشہ خان", "李明", "Zoë 🌻"}
	var rows [][]string
	for _, n := range names {
		rows = append(rows, []string{n, "carer"})
	}
	file := writeCSV(t, sb.path("people.csv"), []string{"name", "role"}, rows...)
	r := sb.mustRun(t, "import", "people", "--db", db, file)
	if !strings.Contains(r.stdout, "imported 4 people") {
		t.Fatalf("import said %q", r.stdout)
	}
	d := sb.exportDoc(t, db)
	var got []string
	for _, p := range d.People {
		got = append(got, p.Name)
	}
	sort.Strings(got)
	want := append([]string(nil), names...)
	sort.Strings(want)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("names after import: %q, want %q", got, want)
	}
}

func TestCLIImportPeopleBadRowChangesNothing(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("people.db")
	good := writeCSV(t, sb.path("good.csv"), []string{"name", "role"}, []string{"Ann Example", "carer"})
	sb.mustRun(t, "import", "people", "--db", db, good)
	before := stripExportedAt(t, sb.export(t, db))

	bad := writeCSV(t, sb.path("bad.csv"), []string{"name", "role"},
		[]string{"Bob Example", "service_user"},
		[]string{"Cat Example", "astronaut"},
		[]string{"Dan Example", "worker"})
	r := sb.run(t, "import", "people", "--db", db, bad)
	if r.code == 0 {
		t.Fatalf("a bad CSV imported:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, bad+":3:") {
		t.Fatalf("stderr should name %s:3:, said:\n%s", bad, r.stderr)
	}
	if after := stripExportedAt(t, sb.export(t, db)); after != before {
		t.Fatalf("a failed import changed the database:\nbefore %s\nafter  %s", before, after)
	}
}

// stripExportedAt returns the export without its time of export.
func stripExportedAt(t *testing.T, raw []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "exported_at")
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestCLIHelpForEveryVerb runs --help for the root and every verb the
// command tree has, so a new verb is covered without editing this test.
func TestCLIHelpForEveryVerb(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string(nil), path...), sub.Name()))
		}
	}
	walk(newRoot(io.Discard, io.Discard), nil)
	if len(paths) < 6 {
		t.Fatalf("only %d commands found: %q", len(paths), paths)
	}
	for _, p := range paths {
		args := append(append([]string(nil), p...), "--help")
		r := sb.run(t, args...)
		if r.code != 0 {
			t.Errorf("involve %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
			continue
		}
		if !strings.Contains(r.stdout, "USAGE") { // fang's heading
			t.Errorf("involve %s printed no usage:\n%s", strings.Join(args, " "), r.stdout)
		}
	}
}
