package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
)

// influenceDB makes a database with two forums, a senior officer who
// attended a meeting of the first, a logged visit to both with a
// commitment, and a training session co-delivered by two members, one paid.
func influenceDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "involve.db")
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetClock(func() time.Time { return time.Date(2026, 6, 16, 10, 0, 0, 0, time.UTC) })
	tuesday, carers := store.Forum{Name: "Tuesday Forum"}, store.Forum{Name: "Carers' Voice"}
	for _, f := range []*store.Forum{&tuesday, &carers} {
		if err := s.SaveForum(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	officer := store.Person{Name: "Amir Patel", PreferredName: "Dr Patel", Role: store.RoleSeniorOfficer}
	sue := store.Person{Name: "Susan Clarke", Role: store.RoleServiceUser}
	tom := store.Person{Name: "Tom Hughes", Role: store.RoleCarer}
	for _, p := range []*store.Person{&officer, &sue, &tom} {
		if err := s.SavePerson(ctx, p, []string{tuesday.ID}); err != nil {
			t.Fatal(err)
		}
	}
	m := store.Meeting{ForumID: tuesday.ID, Status: store.MeetingHeld,
		Start: time.Date(2026, 5, 12, 13, 0, 0, 0, store.London), End: time.Date(2026, 5, 12, 15, 0, 0, 0, store.London)}
	if err := s.SaveMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttendance(ctx, m.ID, officer.ID, store.Attended); err != nil {
		t.Fatal(err)
	}
	c := store.Contact{Kind: store.ContactVisit, Date: civil.MustParse("2026-06-02"), OfficerName: "Dr Helen Marsh",
		Organisation: "City Council", Title: "Director of Public Health", ForumIDs: []string{tuesday.ID, carers.ID},
		Topics: "Needle exchange hours"}
	if err := s.SaveContact(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAction(ctx, &store.Action{ContactID: c.ID, Description: "Write to the forums", Owner: "Dr Marsh", Due: "2026-07-01"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRate(ctx, &store.Rate{Kind: store.RateHourly, Amount: 1500, EffectiveFrom: "2026-04-06"}); err != nil {
		t.Fatal(err)
	}
	session := store.TrainingSession{Title: "Recovery stories in practice", Programme: "BSc Nursing (Mental Health)",
		Provider: "Northfield University", Profession: store.ProfNursing, Date: civil.MustParse("2026-06-10"),
		Learners: 40, Kind: store.TrainingTeaching, Score: 430, Responses: 30}
	if err := s.SaveTrainingSession(ctx, &session); err != nil {
		t.Fatal(err)
	}
	for i, p := range []store.Person{sue, tom} {
		tr := store.Trainer{SessionID: session.ID, PersonID: p.ID, Briefed: true, PrepHours: 100, DeliveryHours: 200}
		if err := s.SaveTrainer(ctx, &tr); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			pay, err := s.TrainingPayment(ctx, tr.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SavePayment(ctx, &pay); err != nil {
				t.Fatal(err)
			}
		}
	}
	return db
}

func TestCLIContactsList(t *testing.T) {
	db := influenceDB(t)
	out, err := outCLI(t, "contacts", "list", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "DATE") ||
		!strings.Contains(lines[1], "2026-06-02  Visit") || !strings.Contains(lines[1], "Dr Helen Marsh") ||
		!strings.Contains(lines[1], "Carers' Voice, Tuesday Forum") ||
		!strings.Contains(lines[2], "2026-05-12  Forum meeting") || !strings.Contains(lines[2], "Dr Patel") {
		t.Errorf("contacts list:\n%s", out)
	}
	out, err = outCLI(t, "contacts", "list", "--forum", "carers’ voice", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "Carers' Voice last met a senior officer on 2 June 2026") || strings.Contains(out, "Forum meeting") {
		t.Errorf("contacts list --forum:\n%s", out)
	}
	out, err = outCLI(t, "contacts", "list", "--logged", "--json", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	var list []contactJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(list) != 1 || list[0].Kind != "visit" || list[0].Officer != "Dr Helen Marsh" || len(list[0].Forums) != 2 ||
		len(list[0].Commitments) != 1 || list[0].Commitments[0].Description != "Write to the forums" || list[0].Commitments[0].Due != "2026-07-01" {
		t.Errorf("contacts list --logged --json: %+v", list)
	}
	out, _ = outCLI(t, "contacts", "list", "--json", "--from", "2026-05-01", "--to", "12/05/2026", "--db", db)
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 || list[0].Kind != "meeting" || list[0].MeetingID == "" ||
		list[0].Commitments == nil || list[0].ForumIDs == nil {
		t.Errorf("contacts list --from --to --json: %v\n%s", err, out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"contacts", "list", "--forum", "Nowhere"}, `there is no forum called "Nowhere"`},
		{[]string{"contacts", "list", "--from", "last week"}, `--from: "last week" is not a date`},
		{[]string{"contacts", "target", "often"}, `"often" is not a number of months`},
		{[]string{"contacts", "target", "0"}, "from 1 to 36"},
	} {
		_, _, err := cli(t, append(c.args, "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("involve %s: %v, want %q", strings.Join(c.args, " "), err, c.want)
		}
	}
}

func TestCLIContactsForumsAndTarget(t *testing.T) {
	db := influenceDB(t)
	out, err := outCLI(t, "contacts", "forums", "--json", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	var fcs []forumContactJSON
	if err := json.Unmarshal([]byte(out), &fcs); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(fcs) != 2 || fcs[0].Forum != "Carers' Voice" || fcs[0].LastMet != civil.MustParse("2026-06-02") ||
		fcs[0].MonthsSince == nil || fcs[0].Target != 3 || fcs[1].Forum != "Tuesday Forum" {
		t.Errorf("contacts forums --json: %+v", fcs)
	}
	if _, err := outCLI(t, "contacts", "target", "6", "--db", db); err != nil {
		t.Fatal(err)
	}
	out, _ = outCLI(t, "contacts", "target", "--db", db)
	if !strings.Contains(out, "for more than 6 months") {
		t.Errorf("contacts target: %s", out)
	}
	out, _ = outCLI(t, "contacts", "forums", "--db", db)
	if !strings.Contains(out, "Carers' Voice  2026-06-02") || !strings.Contains(out, "every 6 months") {
		t.Errorf("contacts forums:\n%s", out)
	}
}

func TestCLITrainingList(t *testing.T) {
	db := influenceDB(t)
	out, err := outCLI(t, "training", "list", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "2026-06-10  Recovery stories in practice") || !strings.Contains(out, "4.3/5") {
		t.Errorf("training list:\n%s", out)
	}
	out, err = outCLI(t, "training", "list", "--json", "--programme", "bsc nursing (mental health)", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	var list []trainingJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(list) != 1 || list[0].CoTrainers != 2 || list[0].Score == nil || *list[0].Score != "4.3" || list[0].Involvement != "teaching" {
		t.Errorf("training list --json: %+v", list)
	}
	if strings.Contains(out, "Susan") || strings.Contains(out, "Hughes") {
		t.Errorf("training list names a co-trainer:\n%s", out)
	}
	out, _ = outCLI(t, "training", "list", "--programme", "Midwifery", "--db", db)
	if !strings.Contains(out, "No training sessions are recorded for that programme") {
		t.Errorf("no sessions: %q", out)
	}
}

func TestCLITrainingEvidence(t *testing.T) {
	db := influenceDB(t)
	args := []string{"training", "evidence", "--programme", "BSc Nursing (Mental Health)", "--from", "2025-09-01", "--to", "2026-07-31", "--db", db}
	out, err := outCLI(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Service user and carer involvement: BSc Nursing (Mental Health)",
		"## 1. Who service users and carers are", "## 4. Planning, monitoring and evaluation",
		"2 people co-delivered 1 session", "- service users: 1", "- carers: 1", "1 payment, coming to £45.00",
		"Places with hours and no payment recorded yet: 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("the pack does not say %q:\n%s", want, out)
		}
	}
	for _, name := range []string{"Susan", "Clarke", "Tom", "Hughes", "S.C.", "T.H."} {
		if strings.Contains(out, name) {
			t.Errorf("the pack names %q", name)
		}
	}
	// -o writes a private file, and never over the database.
	file := filepath.Join(t.TempDir(), "evidence.md")
	_, stderr, err := cli(t, append(args, "-o", file)...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "wrote the evidence pack for BSc Nursing (Mental Health) (1 session) to") {
		t.Errorf("stderr: %q", stderr)
	}
	b, err := os.ReadFile(file)
	if err != nil || string(b) != out {
		t.Errorf("the file differs from what was printed (%v)", err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the file's mode: %v %v", fi.Mode(), err)
	}
	if _, _, err := cli(t, append(args, "-o", db)...); err == nil || !strings.Contains(err.Error(), "is the database itself") {
		t.Errorf("-o the database: %v", err)
	}
	// --json: the same figures, naming nobody.
	js, err := outCLI(t, append(args, "--json")...)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Programme string `json:"programme"`
		Sessions  []struct {
			CoTrainers int `json:"co_trainers"`
		} `json:"sessions"`
		Who struct {
			People int `json:"people"`
		} `json:"who"`
		Support struct {
			Payments  int   `json:"payments"`
			PaidPence int64 `json:"paid_pence"`
			Unpaid    int   `json:"places_unpaid"`
		} `json:"support"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatalf("--json: %v\n%s", err, js)
	}
	if doc.Programme != "BSc Nursing (Mental Health)" || len(doc.Sessions) != 1 || doc.Sessions[0].CoTrainers != 2 ||
		doc.Who.People != 2 || doc.Support.Payments != 1 || doc.Support.PaidPence != 4500 || doc.Support.Unpaid != 1 {
		t.Errorf("--json: %+v", doc)
	}
	for _, name := range []string{"Susan", "Clarke", "Tom", "Hughes", "S.C.", "T.H."} {
		if strings.Contains(js, name) {
			t.Errorf("the JSON names %q", name)
		}
	}
	if _, _, err := cli(t, append(args, "--json", "--format", "md")...); err == nil || !strings.Contains(err.Error(), "two formats") {
		t.Errorf("--json --format md: %v", err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"training", "evidence", "--from", "2025-09-01", "--to", "2026-07-31"}, "say which programme: --programme NAME"},
		{[]string{"training", "evidence", "--programme", "X", "--to", "2026-07-31"}, "say which period: --from DATE --to DATE"},
		{[]string{"training", "evidence", "--programme", "X", "--from", "2025-09-01", "--to", "2026-07-31", "--format", "html"}, "written as md (markdown) or json"},
		{[]string{"training", "evidence", "--programme", "Midwifery", "--from", "2025-09-01", "--to", "2026-07-31"},
			`no training sessions of the programme "Midwifery" from 2025-09-01 to 2026-07-31 (programmes: BSc Nursing (Mental Health))`},
		{[]string{"training", "evidence", "--programme", "X", "--from", "2025-13-01", "--to", "2026-07-31"}, `--from: "2025-13-01" is not a date`},
	} {
		_, _, err := cli(t, append(c.args, "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("involve %s: %v, want %q", strings.Join(c.args, " "), err, c.want)
		}
	}
}

// Text that reached the database some other way (not through the program's
// input cleaning) still cannot act on the terminal.
func TestCLIInfluenceOutputIsTerminalSafe(t *testing.T) {
	db := influenceDB(t)
	raw, err := sql.Open("sqlite", store.DSN(db))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"UPDATE contacts SET topics = 'Hours \x1b]52;c;aGk=\x07\x1b[2J'",
		"UPDATE training_sessions SET title = 'Stories \x1b[31mred\x1b[0m \x9b2J', feedback_comments = 'Good \x1b]8;;http://x\x07link'",
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	for _, args := range [][]string{
		{"contacts", "list"}, {"contacts", "list", "--json"},
		{"training", "list"}, {"training", "list", "--json"},
		{"training", "evidence", "--programme", "BSc Nursing (Mental Health)", "--from", "2025-09-01", "--to", "2026-07-31"},
	} {
		out, err := outCLI(t, append(args, "--db", db)...)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "\x1b]") || strings.Contains(out, "\x07") || strings.Contains(out, "\x1b[2J") || strings.Contains(out, "\u009b") {
			t.Errorf("involve %s let a control sequence through: %q", strings.Join(args, " "), out)
		}
	}
}
