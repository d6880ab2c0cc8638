package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/involve/involve/store"
)

// newSuggestDB makes a forum of three: a service user free on Tuesdays, a
// carer free on Tuesday afternoons who cannot do mornings (school run), and
// a worker who is away on 9 March 2027.
func newSuggestDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "involve.db")
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := store.Forum{Name: "Carers' Voice"}
	if err := s.SaveForum(ctx, &f); err != nil {
		t.Fatal(err)
	}
	add := func(name string, role store.Role, slots ...store.WeeklySlot) store.Person {
		p := store.Person{Name: name, Role: role}
		if err := s.SavePerson(ctx, &p, []string{f.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetAvailability(ctx, p.ID, slots); err != nil {
			t.Fatal(err)
		}
		return p
	}
	add("Una User", store.RoleServiceUser, store.WeeklySlot{Weekday: 2, StartMin: 600, EndMin: 960, Answer: store.AnswerYes})
	cara := add("Cara Carer", store.RoleCarer,
		store.WeeklySlot{Weekday: 2, StartMin: 480, EndMin: 780, Answer: store.AnswerNo},
		store.WeeklySlot{Weekday: 2, StartMin: 780, EndMin: 1020, Answer: store.AnswerYes})
	w := add("Wes Worker", store.RoleWorker, store.WeeklySlot{Weekday: 2, StartMin: 540, EndMin: 1020, Answer: store.AnswerMaybe})
	needs := store.AccessNeeds{PersonID: cara.ID, AvailabilityReason: "school run"}
	if err := s.SaveAccessNeeds(ctx, &needs); err != nil {
		t.Fatal(err)
	}
	if err := s.AddException(ctx, &store.Exception{PersonID: w.ID, From: "2027-03-09", Note: "training day"}); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestCLIMeetingsSuggestTable(t *testing.T) {
	db := newSuggestDB(t)
	out, err := outCLI(t, "--db", db, "meetings", "suggest", "--forum", "carers' voice",
		"--from", "2027-03-02", "--to", "2027-03-09", "--duration", "2h", "--days", "tue", "--limit", "3")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Times for Carers' Voice to meet: 2h, between 10:00 and 16:00, Tue 2 Mar 2027 to Tue 9 Mar 2027",
		"3 members: 1 service user, 1 carer (someone who is both counts as each)",
		"#  Date             Time          Yes  If need be   No  Not known  Who is covered",
		"1  Tue 2 Mar 2027   13:00–15:00     2           1    0          0  users + carers",
		"2  Tue 2 Mar 2027   13:15–15:15     2           1    0          0  users + carers",
		"--reasons also lists who cannot come",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "school run") || strings.Contains(out, "training day") || strings.Contains(out, "cannot come:") {
		t.Errorf("reasons printed without --reasons:\n%s", out)
	}
	if n := strings.Count(out, "Tue 2 Mar 2027  "); n != 3 {
		t.Errorf("%d rows, want 3:\n%s", n, out)
	}

	// With --reasons, the 10:00 slot names the carer and her reason, and on
	// the 9th the worker's exception note.
	out, err = outCLI(t, "--db", db, "meetings", "suggest", "--forum", "Carers' Voice",
		"--from", "09/03/2027", "--to", "2027-03-09", "--duration", "90m", "--hours", "10-12", "--step", "30m", "--limit", "0")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, "Tue 9 Mar 2027   1"); n != 2 { // 10:00 and 10:30
		t.Errorf("every 30 minutes: %d slots, want 2:\n%s", n, out)
	}
	out, err = outCLI(t, "--db", db, "meetings", "suggest", "--forum", "Carers' Voice",
		"--from", "09/03/2027", "--to", "2027-03-09", "--duration", "90m", "--hours", "10-12", "--reasons", "--limit", "0")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "cannot come: Cara Carer (school run); Wes Worker (training day)") {
		t.Errorf("--reasons output:\n%s", out)
	}
	if n := strings.Count(out, "Tue 9 Mar 2027   1"); n != 3 { // 10:00, 10:15, 10:30
		t.Errorf("%d slots, want 3:\n%s", n, out)
	}
}

func TestCLIMeetingsSuggestJSON(t *testing.T) {
	db := newSuggestDB(t)
	run := func(extra ...string) map[string]any {
		t.Helper()
		args := append([]string{"--db", db, "meetings", "suggest", "--forum", "Carers' Voice",
			"--from", "2027-03-09", "--to", "2027-03-09", "--hours", "10:00-16:00", "--json", "--limit", "0"}, extra...)
		out, err := outCLI(t, args...)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		return doc
	}
	doc := run()
	if doc["forum"] != "Carers' Voice" || doc["members"] != float64(3) || doc["duration_minutes"] != float64(120) {
		t.Errorf("heading: %v", doc)
	}
	slots := doc["slots"].([]any)
	if len(slots) != 17 {
		t.Fatalf("%d slots, want 17", len(slots))
	}
	best := slots[0].(map[string]any)
	if best["date"] != "2027-03-09" || best["start"] != "13:00" || best["end"] != "15:00" ||
		best["yes"] != float64(2) || best["no"] != float64(1) || best["starts_at"] != "2027-03-09T13:00:00Z" {
		t.Errorf("best slot %v", best)
	}
	cannot := best["cannot_come"].([]any)
	if len(cannot) != 1 || cannot[0].(map[string]any)["name"] != "Wes Worker" {
		t.Errorf("cannot come: %v", cannot)
	}
	if _, ok := cannot[0].(map[string]any)["reason"]; ok {
		t.Error("a reason is in the JSON without --reasons")
	}
	doc = run("--reasons")
	best = doc["slots"].([]any)[0].(map[string]any)
	if r := best["cannot_come"].([]any)[0].(map[string]any)["reason"]; r != "training day" {
		t.Errorf("reason %v with --reasons", r)
	}
}

func TestCLIMeetingsSuggestRefuses(t *testing.T) {
	db := newSuggestDB(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "2027-03-09", "--to", "2027-03-01"}, "--to: the last day (2027-03-01) is before the first (2027-03-09)"},
		{[]string{"--duration", "7h", "--from", "2027-03-01", "--to", "2027-03-09"}, "--duration: a 7h meeting does not fit between 10:00 and 16:00"},
		{[]string{"--duration", "soon"}, "--duration:"},
		{[]string{"--hours", "16-10"}, "--hours:"},
		{[]string{"--from", "2027-01-01", "--to", "2028-06-01"}, "days at most"},
		{[]string{"--days", "funday"}, "--days:"},
		{[]string{"--step", "1m", "--from", "2027-03-01", "--to", "2027-03-09"}, "--step:"},
	} {
		args := append([]string{"--db", db, "meetings", "suggest", "--forum", "Carers' Voice"}, c.args...)
		_, err := outCLI(t, args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.args, err, c.want)
		}
	}
	if _, err := outCLI(t, "--db", db, "meetings", "suggest", "--forum", "Nope"); err == nil || !strings.Contains(err.Error(), `no forum called "Nope"`) {
		t.Errorf("unknown forum: %v", err)
	}
	if _, err := outCLI(t, "--db", db, "meetings", "suggest"); err == nil || !strings.Contains(err.Error(), "--forum") {
		t.Errorf("no forum: %v", err)
	}
	if out, err := outCLI(t, "meetings", "suggest", "--help"); err != nil || !strings.Contains(out, "--reasons") {
		t.Errorf("help: %v\n%s", err, out)
	}
}
