package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
)

// consultDB is a database with one forum, a senior officer, a member who
// agreed to be quoted and one who did not, and a consultation (closed two
// days ago) with three points raised at the forum's meeting last week: one
// answered, one quoted, one with text that tries to be HTML and escape
// codes. Dates are relative to today, as the command line runs on the
// clock.
type consultDB struct {
	path, id, forum string
}

func newConsultDB(t *testing.T) consultDB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "involve.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	today := civil.In(time.Now(), store.London)
	f := store.Forum{Name: "Carers' Voice"}
	if err := s.SaveForum(ctx, &f); err != nil {
		t.Fatal(err)
	}
	held := store.Meeting{ForumID: f.ID, Status: store.MeetingHeld, Start: today.AddDays(-7).Time(store.London).Add(13 * time.Hour)}
	held.End = held.Start.Add(2 * time.Hour)
	if err := s.SaveMeeting(ctx, &held); err != nil {
		t.Fatal(err)
	}
	officer := store.Person{Name: "Olu Officer", Role: store.RoleSeniorOfficer}
	speaker := store.Person{Name: "Sally Speaker"}
	for _, p := range []*store.Person{&officer, &speaker} {
		if err := s.SavePerson(ctx, p, []string{f.ID}); err != nil {
			t.Fatal(err)
		}
	}
	c := store.Consultation{Title: "Carers' leaflet", Organisation: "Mental Health Trust", OfficerID: officer.ID,
		Decider: "Derek Decider", Question: "What should the leaflet say?", Opens: today.AddDays(-30), Deadline: today.AddDays(-2),
		ForumIDs: []string{f.ID}, Channels: []store.Channel{store.ChannelForum}}
	// Saved open (deadline still to come), then closed.
	c.Deadline = today.AddDays(10)
	if err := s.SaveConsultation(ctx, &c); err != nil {
		t.Fatal(err)
	}
	var points []store.Point
	for _, p := range []store.Point{
		{Text: "Use plain English", RaisedBy: 4},
		{Text: "Say what happens next", RaisedBy: 1, Quote: "Nobody told me anything for months.", SpeakerID: speaker.ID,
			QuoteConsent: today.AddDays(-7), QuoteConsentHow: store.ConsentWritten},
		{Text: "<script>alert('x')</script> & \x1b[31mred\x1b[0m", RaisedBy: 2},
	} {
		p.ConsultationID, p.MeetingID = c.ID, held.ID
		if err := s.SavePoint(ctx, &p); err != nil {
			t.Fatal(err)
		}
		points = append(points, p)
	}
	r := store.Response{PointID: points[0].ID, Outcome: store.OutcomeDone, Reason: "carers wrote it with us",
		DecidedBy: "Derek Decider", DecidedOn: today, Stage: store.StageDevelopment}
	if err := s.SaveResponse(ctx, &r); err != nil {
		t.Fatal(err)
	}
	c.Deadline = today.AddDays(-2)
	if err := s.SaveConsultation(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if err := s.MoveConsultation(ctx, c.ID, c.Version, store.LoopClosedToResponses); err != nil {
		t.Fatal(err)
	}
	return consultDB{path: path, id: c.ID, forum: f.Name}
}

func TestConsultationsList(t *testing.T) {
	db := newConsultDB(t)
	out, err := outCLI(t, "--db", db.path, "consultations", "list")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ID", "FEEDBACK DUE", db.id, "Carers' leaflet", "Closed to responses", "Carers' Voice", "  3  ", "  2  "} {
		if !strings.Contains(out, want) {
			t.Errorf("list does not say %q:\n%s", want, out)
		}
	}
	out, err = outCLI(t, "--db", db.path, "consultations", "list", "--json", "--status", "closed to responses", "--forum", "carers’ voice")
	if err != nil {
		t.Fatal(err)
	}
	var list []consultationJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(list) != 1 || list[0].ID != db.id || list[0].Points != 3 || list[0].Awaiting != 2 || list[0].Status != "closed_to_responses" || list[0].Overdue {
		t.Fatalf("json %+v", list)
	}
	if out, _ := outCLI(t, "--db", db.path, "consultations", "list", "--status", "open"); !strings.Contains(out, "No consultation is like that") {
		t.Errorf("an empty list: %q", out)
	}
	if _, err := outCLI(t, "--db", db.path, "consultations", "list", "--status", "done"); err == nil || !strings.Contains(err.Error(), "--status: unknown status") {
		t.Errorf("a bad status: %v", err)
	}
}

func TestConsultationsShowAndExport(t *testing.T) {
	db := newConsultDB(t)
	out, err := outCLI(t, "--db", db.path, "consultations", "show", db.id[:30])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Carers' leaflet", "status: Closed to responses (next: awaiting decision; not yet: first tell people",
		"senior officer Olu Officer", "> What should the leaflet say?", "**You said** (raised at Carers' Voice",
		"4 people): Use plain English", "**We did**: Done, because carers wrote it with us (decided by Derek Decider",
		"stage changed: development", "“Nobody told me anything for months.” — Sally Speaker (agreed to be quoted, written",
		"**We did**: awaiting a decision", "## Feedback given"} {
		if !strings.Contains(out, want) {
			t.Errorf("show does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("show printed an escape code:\n%q", out)
	}
	out, err = outCLI(t, "--db", db.path, "consultations", "show", db.id, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		ID       string `json:"id"`
		Status   string `json:"status"`
		Deadline string `json:"deadline"`
		Points   []struct {
			Text     string `json:"text"`
			Response *struct {
				Outcome string `json:"outcome"`
				Reason  string `json:"reason"`
			} `json:"response"`
		} `json:"points"`
		Feedback []any `json:"feedback"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if d.ID != db.id || len(d.Points) != 3 || d.Points[0].Response == nil || d.Points[0].Response.Reason != "carers wrote it with us" ||
		d.Feedback == nil || len(d.Deadline) != 10 {
		t.Fatalf("show --json: %+v", d)
	}
	if _, err := outCLI(t, "--db", db.path, "consultations", "show", "ffff"); err == nil || !strings.Contains(err.Error(), `no consultation has an id starting "ffff"`) {
		t.Errorf("an unknown id: %v", err)
	}

	// Export to a private file, in markdown and JSON.
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", filepath.Join(dir, "all.md")}, "# Carers' leaflet"},
		{[]string{"--json", "-o", filepath.Join(dir, "all.json")}, `"title": "Carers' leaflet"`},
	} {
		_, stderr, err := cli(t, append([]string{"--db", db.path, "consultations", "export"}, c.args...)...)
		if err != nil {
			t.Fatal(err)
		}
		file := c.args[len(c.args)-1]
		if !strings.Contains(stderr, "wrote 1 consultation to "+file) {
			t.Errorf("stderr: %q", stderr)
		}
		fi, err := os.Stat(file)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", file, fi, err)
		}
		body, _ := os.ReadFile(file)
		if !strings.Contains(string(body), c.want) || strings.Contains(string(body), "\x1b") {
			t.Errorf("%s:\n%s", file, body)
		}
	}
	if _, err := outCLI(t, "--db", db.path, "consultations", "export", "-o", db.path); err == nil || !strings.Contains(err.Error(), "is the database itself") {
		t.Errorf("export over the database: %v", err)
	}
}

func TestConsultationsSettings(t *testing.T) {
	db := newConsultDB(t)
	out, err := outCLI(t, "--db", db.path, "consultations", "settings")
	if err != nil || !strings.Contains(out, "ladder          tlap") || !strings.Contains(out, "feedback weeks  6") {
		t.Fatalf("%q %v", out, err)
	}
	out, err = outCLI(t, "--db", db.path, "consultations", "settings", "--ladder", "Arnstein", "--feedback-weeks", "8")
	if err != nil || !strings.Contains(out, "arnstein (Arnstein's ladder of participation)") || !strings.Contains(out, "8 weeks") {
		t.Fatalf("%q %v", out, err)
	}
	if _, err := outCLI(t, "--db", db.path, "consultations", "settings", "--ladder", "escalator"); err == nil {
		t.Error("an unknown ladder was taken")
	}
	if _, err := outCLI(t, "--db", db.path, "consultations", "settings", "--feedback-weeks", "-1"); err == nil {
		t.Error("negative weeks were taken")
	}
	if out, _ := outCLI(t, "--db", db.path, "consultations", "settings"); !strings.Contains(out, "feedback weeks  8") {
		t.Errorf("a refused change changed something: %q", out)
	}
}

// The board names nobody, shows the consented quote, and escapes what
// people typed.
func TestYousaid(t *testing.T) {
	db := newConsultDB(t)
	md, err := outCLI(t, "--db", db.path, "yousaid", "CARERS' VOICE")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# You said, we did: Carers' Voice", "## Carers' leaflet", "Asked by Mental Health Trust",
		"- **You said:** Use plain English (4 people)", "**We did:** Done, because carers wrote it with us.",
		"> “Nobody told me anything for months.”", "**We did:** Awaiting a decision.", `\<script>alert('x')\</script>`} {
		if !strings.Contains(md, want) {
			t.Errorf("md does not say %q:\n%s", want, md)
		}
	}
	html, err := outCLI(t, "--db", db.path, "yousaid", "Carers' Voice", "--format", "html")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!DOCTYPE html>", "<title>You said, we did: Carers&#39; Voice</title>", "@media print",
		"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; [31mred", "“Nobody told me anything for months.”"} {
		if !strings.Contains(html, want) {
			t.Errorf("html does not say %q:\n%s", want, html)
		}
	}
	for _, page := range []string{md, html} {
		for _, name := range []string{"Sally", "Speaker", "Olu", "Derek", "Decider"} {
			if strings.Contains(page, name) {
				t.Errorf("the board names %q:\n%s", name, page)
			}
		}
		if strings.Contains(page, "\x1b") || strings.Contains(strings.ReplaceAll(page, `\<`, ""), "<script>") {
			t.Errorf("the board lets through what it should not:\n%q", page)
		}
		for _, remote := range []string{"http://", "https://", "<img", "<link", "src="} {
			if strings.Contains(page, remote) {
				t.Errorf("the board is not self-contained (%s)", remote)
			}
		}
	}
	// A file; a range with nothing in it; mistakes.
	file := filepath.Join(t.TempDir(), "poster.html")
	if _, stderr, err := cli(t, "--db", db.path, "yousaid", "Carers' Voice", "--format", "html", "-o", file); err != nil ||
		!strings.Contains(stderr, "(3 points)") {
		t.Fatalf("%q %v", stderr, err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%v %v", fi, err)
	}
	tomorrow := civil.In(time.Now(), store.London).AddDays(1).String()
	if out, err := outCLI(t, "--db", db.path, "yousaid", "Carers' Voice", "--from", tomorrow); err != nil || !strings.Contains(out, "No points were raised") {
		t.Errorf("a range with nothing: %q %v", out, err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"Carers' Voice", "--format", "pdf"}, "--format must be md or html"},
		{[]string{"Carers' Voice", "--from", "2026-05-02", "--to", "2026-05-01"}, "--to (2026-05-01) is before --from (2026-05-02)"},
		{[]string{"Carers' Voice", "--from", "31/02/2026"}, "--from:"},
		{[]string{"Nobody's Forum"}, `there is no forum called "Nobody's Forum"`},
	} {
		if _, err := outCLI(t, append([]string{"--db", db.path, "yousaid"}, c.args...)...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.args, err, c.want)
		}
	}
}
