package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/store"
)

// reachTestNow is "today" for the reach verbs' tests.
var reachTestNow = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

// reachDB is a demo database around reachTestNow, one of whose people has
// answers with write-ins nobody else has.
func reachDB(t *testing.T) (db string, marked store.Person) {
	t.Helper()
	old := reachNow
	reachNow = func() time.Time { return reachTestNow }
	t.Cleanup(func() { reachNow = old })
	db = filepath.Join(t.TempDir(), "demo.db")
	ctx := context.Background()
	if err := store.WriteDemoAt(ctx, db, store.DemoPeople, 7, reachTestNow); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetClock(func() time.Time { return reachTestNow })
	people, err := s.People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range people {
		a, err := s.EqualityAnswers(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.ID == "" {
			continue
		}
		a.EthnicGroup, a.EthnicOther = "other_any", "Zyxwethnic"
		a.Religion, a.ReligionOther = "other", "Zyxwfaith"
		if err := s.SaveEqualityAnswers(ctx, &a); err != nil {
			t.Fatal(err)
		}
		p, _ := s.Person(ctx, m.ID)
		return db, p
	}
	t.Fatal("nobody in the demo has answers")
	return
}

var protectedCount = regexp.MustCompile(`^(\*|\[c\]|0|[0-9]*[05])$`)

func TestCLIReach(t *testing.T) {
	db, marked := reachDB(t)
	out, _, err := cli(t, "--db", db, "reach", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Reach []struct {
			Forum     string          `json:"forum"`
			From      string          `json:"from"`
			People    json.RawMessage `json:"people_involved"`
			Reference *struct {
				Name string `json:"name"`
			} `json:"reference"`
			Tables []struct {
				Question string `json:"question"`
				Footnote string `json:"footnote"`
				Lines    []struct {
					Kind   string          `json:"kind"`
					Label  string          `json:"label"`
					People json.RawMessage `json:"people"`
				} `json:"lines"`
			} `json:"tables"`
		} `json:"reach"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("reach --json is not JSON: %v\n%s", err, out)
	}
	if len(doc.Reach) < 2 || doc.Reach[0].Forum != "All forums" || doc.Reach[0].From != "2025-03-11" {
		t.Fatalf("reach: %d scopes, first %q from %q", len(doc.Reach), doc.Reach[0].Forum, doc.Reach[0].From)
	}
	if doc.Reach[0].Reference == nil || doc.Reach[0].Reference.Name != store.DemoReferenceName {
		t.Errorf("the demo's reference population is not used by default: %+v", doc.Reach[0].Reference)
	}
	lines := 0
	for _, r := range doc.Reach {
		if len(r.Tables) != len(store.Questions) {
			t.Fatalf("%s: %d tables", r.Forum, len(r.Tables))
		}
		for _, tab := range r.Tables {
			if !strings.Contains(tab.Footnote, "NHS Digital") {
				t.Errorf("%s %s: footnote %q", r.Forum, tab.Question, tab.Footnote)
			}
			for _, l := range tab.Lines {
				v := strings.Trim(string(l.People), `"`)
				if !protectedCount.MatchString(v) {
					t.Fatalf("%s, %s, %s: a count of %s is not protected", r.Forum, tab.Question, l.Label, v)
				}
				lines++
			}
		}
	}
	if lines < 100 {
		t.Errorf("only %d lines", lines)
	}
	// Nobody's answers, names or ids are in it.
	for _, s := range []string{"Zyxw", marked.Name, marked.ID} {
		if strings.Contains(out, s) {
			t.Errorf("reach --json holds %q", s)
		}
	}
	// Nor in the export.
	exp, _, err := cli(t, "--db", db, "export", "--json")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(exp, "Zyxw") || strings.Contains(exp, "equality") {
		t.Error("involve export holds equality monitoring answers")
	}

	md, _, err := cli(t, "--db", db, "reach", "--forum", "Carers' Voice", "--question", "religion", "--reference", "none",
		"--from", "2025-09-01", "--to", "28/02/2026")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"# Reach: Carers' Voice, 1 September 2025 to 28 February 2026", "## Religion",
		"| Answer | People | Share of those who answered | Reference | Difference (points) |", "**All people involved**",
		`\* = 1 to 7 people`} {
		if !strings.Contains(md, s) {
			t.Errorf("the markdown lacks %q:\n%s", s, md)
		}
	}
	if strings.Contains(md, "## Sex") || strings.Contains(md, "Compared with") || strings.Contains(md, "Zyxw") {
		t.Errorf("--question religion --reference none printed more:\n%s", md)
	}

	// A group's heading inside another is bold after its indent: "**"
	// followed by a (no-break) space would print the stars.
	md, _, err = cli(t, "--db", db, "reach", "--question", "ethnic_group", "--reference", "none")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md, "**\u00a0") || !strings.Contains(md, "| \u00a0\u00a0**White** |") {
		t.Errorf("the groups' headings are not bold in markdown:\n%s", md)
	}

	// -o writes a private file.
	file := filepath.Join(t.TempDir(), "reach.md")
	if _, _, err := cli(t, "--db", db, "reach", "-o", file); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("reach -o: %v %v", fi, err)
	}

	for _, bad := range [][]string{
		{"reach", "--from", "2026-03-01", "--to", "2026-02-01"},
		{"reach", "--question", "shoe size"},
		{"reach", "--forum", "Nowhere"},
		{"reach", "--reference", "Leeds"},
		{"reach", "--format", "csv"},
	} {
		if _, _, err := cli(t, append([]string{"--db", db}, bad...)...); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}

func TestCLIReachReferencesAndThreshold(t *testing.T) {
	db, _ := reachDB(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "city.csv")
	os.WriteFile(good, []byte("question,category,percent\nethnic_group,Pakistani,8.5\nsex,Female,51\nsex,male,49\n"), 0o600)
	out, _, err := cli(t, "--db", db, "reach", "reference", "add", "Leeds, Census 2021", "--as-of", "2021-03-21", "--source", "ONS", good)
	if err != nil || !strings.Contains(out, "saved Leeds, Census 2021: 3 shares") {
		t.Fatalf("add: %q %v", out, err)
	}
	if _, _, err := cli(t, "--db", db, "reach", "reference", "add", "leeds, census 2021", "--as-of", "2021-03-21", good); err == nil ||
		!strings.Contains(err.Error(), "--replace") {
		t.Errorf("adding a second of the same name: %v", err)
	}
	if _, _, err := cli(t, "--db", db, "reach", "reference", "add", "Leeds, Census 2021", "--as-of", "2021-03-21", "--source", "ONS TS021", "--replace", good); err != nil {
		t.Errorf("--replace: %v", err)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("question,category,percent\nsex,Female,51\nsex,dragon,3\n"), 0o600)
	if _, _, err := cli(t, "--db", db, "reach", "reference", "add", "Bad", "--as-of", "2021-03-21", bad); err == nil ||
		!strings.Contains(err.Error(), "bad.csv:3: Sex has no answer \"dragon\"") {
		t.Errorf("a bad file: %v", err)
	}
	out, _, err = cli(t, "--db", db, "reach", "reference", "list", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var refs struct {
		References []store.Reference `json:"references"`
	}
	if err := json.Unmarshal([]byte(out), &refs); err != nil || len(refs.References) != 2 {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	md, _, _ := cli(t, "--db", db, "reach", "--reference", "LEEDS, census 2021", "--question", "sex")
	if !strings.Contains(md, "Compared with Leeds, Census 2021, 21 March 2021 (ONS TS021)") || !strings.Contains(md, "51.0%") {
		t.Errorf("reach against Leeds:\n%s", md)
	}
	if _, _, err := cli(t, "--db", db, "reach", "reference", "delete", "Leeds, Census 2021"); err == nil || !strings.Contains(err.Error(), "--yes") {
		t.Errorf("delete without --yes: %v", err)
	}
	if out, _, err := cli(t, "--db", db, "reach", "reference", "delete", "Leeds, Census 2021", "--yes"); err != nil || !strings.Contains(out, "deleted") {
		t.Errorf("delete: %q %v", out, err)
	}

	out, _, err = cli(t, "--db", db, "reach", "threshold")
	if err != nil || !strings.Contains(out, "1 to 7 people") {
		t.Errorf("threshold: %q %v", out, err)
	}
	if _, _, err := cli(t, "--db", db, "reach", "threshold", "5"); err == nil {
		t.Error("a threshold of 5 was accepted")
	}
	if out, _, err := cli(t, "--db", db, "reach", "threshold", "10"); err != nil || !strings.Contains(out, "1 to 10 people") {
		t.Errorf("threshold 10: %q %v", out, err)
	}
	md, _, _ = cli(t, "--db", db, "reach", "--question", "sex")
	if !strings.Contains(md, `\* = 1 to 10 people`) || !strings.Contains(md, "stricter threshold of 10") {
		t.Errorf("the threshold is not applied:\n%s", md)
	}
}

// End to end: a person's equality monitoring form and the reach screen, in
// a real terminal.
func TestE2EEqualityAndReach(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("demo.db")
	sb.mustRun(t, "demo", db)
	tm := sb.startApp(t, 100, 30, db)

	tm.press(keymap.Global.People)
	tm.waitScreen("People")
	tm.press(keymap.List.Open)
	tm.waitText("Equality monitoring")
	tm.press(keymap.Detail.Equality)
	tm.waitText("Do they agree to our holding their answers?")
	tm.keys("y")
	tm.focusField("Agreed on")
	tm.keys("Tab", "Tab")
	tm.waitText("What is your ethnic group?")
	// Tab through the questions, waiting each time for the focus to move
	// (or the form to save), until it saves.
	focused := regexp.MustCompile(`(?m)^┃ (\S.*?) *$`)
	title := func(scr string) string {
		if m := focused.FindStringSubmatch(scr); m != nil {
			return m[1]
		}
		return ""
	}
	for i := 0; !strings.Contains(tm.screen(), "Saved"); i++ {
		if i > 30 {
			t.Fatalf("the form does not save:\n%s", tm.screen())
		}
		before := title(tm.screen())
		tm.keys("Tab")
		// A frame caught half drawn could show a title that is not there:
		// the new one must be seen twice running. (One Tab too many, after
		// the form saved, would move to the next section.)
		last := before
		tm.waitFor("the focus to move on", func(scr string) bool {
			now := title(scr)
			moved := now != before && now == last
			last = now
			return strings.Contains(scr, "Saved") || moved
		})
	}
	tm.waitText("Saved", "Held, given")

	tm.press(keymap.Global.Privacy)
	tm.waitText("PRIVACY")
	tm.press(keymap.Detail.Equality)
	tm.waitText("privacy screen is on")
	tm.press(keymap.Global.Privacy)
	tm.waitGone("PRIVACY")

	tm.press(keymap.Global.Forums)
	tm.waitScreen("Forums")
	tm.press(keymap.Reach.Open)
	tm.waitText("All forums — reach", "Ethnic group (1 of 8", "Gave an answer", "NHS Digital's rule")
	tm.press(keymap.Reach.NextQuestion)
	tm.waitText("Sex (2 of 8", "Female", "Male")
	tm.press(keymap.Reach.NextForum)
	tm.waitMatch(`(?m)^  .+ — reach`)
	tm.press(keymap.Global.ForceQuit)
	tm.waitExit()
}
