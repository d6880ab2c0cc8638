package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/store"
)

// moneyDB makes a database with two forums, three people (one named like
// a spreadsheet formula) and claims in March and April 2026.
func moneyDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "involve.db")
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetClock(func() time.Time { return time.Date(2026, 4, 20, 10, 0, 0, 0, time.UTC) })
	var forums []string
	for _, name := range []string{"Tuesday Forum", "Carers Group"} {
		f := store.Forum{Name: name}
		if err := s.SaveForum(ctx, &f); err != nil {
			t.Fatal(err)
		}
		forums = append(forums, f.ID)
	}
	var people []string
	for _, name := range []string{"Ann Archer", "José Núñez", "=HYPERLINK(\"x\")"} {
		p := store.Person{Name: name, Role: store.RoleServiceUser}
		if err := s.SavePerson(ctx, &p, forums[:1]); err != nil {
			t.Fatal(err)
		}
		people = append(people, p.ID)
	}
	meeting := func(forum string, month time.Month, day int) string {
		m := store.Meeting{ForumID: forum, Status: store.MeetingHeld,
			Start: time.Date(2026, month, day, 13, 0, 0, 0, store.London), End: time.Date(2026, month, day, 15, 0, 0, 0, store.London)}
		if err := s.SaveMeeting(ctx, &m); err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	march, carers, april := meeting(forums[0], 3, 3), meeting(forums[1], 3, 17), meeting(forums[0], 4, 7)
	r := store.Rate{Kind: store.RateCare, Amount: 1050, EffectiveFrom: "2026-01-01"}
	if err := s.SetRate(ctx, &r); err != nil {
		t.Fatal(err)
	}
	for _, c := range []store.Claim{
		{PersonID: people[0], MeetingID: march, Category: store.CatFare, Amount: 340},
		{PersonID: people[0], MeetingID: march, Category: store.CatMileage, Quantity: 1250, Status: store.StatusApproved},
		{PersonID: people[1], MeetingID: march, Category: store.CatCare, Quantity: 175, Status: store.StatusPaid, PaidHow: store.PaidCash},
		{PersonID: people[2], MeetingID: carers, Category: store.CatTaxi, Amount: 1999, Status: store.StatusPaid, PaidHow: store.PaidBank},
		{PersonID: people[1], Activity: "Panel", Date: "2026-03-31", Category: store.CatSubsistence, Amount: 650},
		{PersonID: people[0], MeetingID: april, Category: store.CatParking, Amount: 300},
	} {
		if err := s.RecordClaim(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// exportClaimsTotal sums the export's claim lines dated in March 2026.
func exportClaimsTotal(t *testing.T, db string) (int64, int) {
	t.Helper()
	out, _, err := cli(t, "--db", db, "export", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Claims []struct {
			Date   string `json:"date"`
			Amount int64  `json:"amount_pence"`
		} `json:"claims"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var sum int64
	n := 0
	for _, c := range doc.Claims {
		if c.Date >= "2026-03-01" && c.Date <= "2026-03-31" {
			sum += c.Amount
			n++
		}
	}
	return sum, n
}

func TestCLIExpensesReportCSVAgreesWithExport(t *testing.T) {
	db := moneyDB(t)
	sum, n := exportClaimsTotal(t, db)
	if n != 5 {
		t.Fatalf("%d March claims in the export, want 5", n)
	}
	out, _, err := cli(t, "--db", db, "expenses", "report", "--from", "2026-03-01", "--to", "31/03/2026", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "£") {
		t.Errorf("the CSV has £ signs:\n%s", out)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read the report: %v\n%s", err, out)
	}
	if strings.Join(recs[0], ",") != "section,key,name,claims,claimed,approved,paid,rejected,total" {
		t.Errorf("header %q", recs[0])
	}
	var all []string
	var people int64
	for _, r := range recs[1:] {
		if r[0] == "all" {
			all = r
		}
		if r[0] == "person" {
			p, err := store.ParseMoney(r[8])
			if err != nil {
				t.Fatalf("total %q: %v", r[8], err)
			}
			people += int64(p)
			if strings.HasPrefix(r[2], "=") {
				t.Errorf("a formula-like name is written as a formula: %q", r[2])
			}
		}
	}
	total, err := store.ParseMoney(all[8])
	if err != nil || int64(total) != sum || people != sum || all[3] != "5" {
		t.Fatalf("CSV total %s (%d claims), people add to %d; the export's March lines add to %d", all[8], len(recs), people, sum)
	}
	if all[8] != "53.90" { // 3.40 + 5.63 + 18.38 + 19.99 + 6.50, nothing rejected
		t.Errorf("total %s, want 53.90", all[8])
	}

	// One forum.
	out, _, err = cli(t, "--db", db, "expenses", "report", "--from", "2026-03-01", "--to", "2026-03-31", "--forum", "Tuesday forum", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Forum string `json:"forum"`
		All   struct {
			Claims int   `json:"claims"`
			Total  int64 `json:"total_pence"`
		} `json:"all"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Forum != "Tuesday Forum" || rep.All.Claims != 3 || rep.All.Total != 340+563+1838 {
		t.Errorf("forum report: %v %+v", err, rep)
	}

	// Markdown to a private file.
	file := filepath.Join(t.TempDir(), "march.md")
	if _, _, err := cli(t, "--db", db, "expenses", "report", "--from", "2026-03-01", "--to", "2026-03-31", "-o", file); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("report file: %v, mode %v", err, fi.Mode())
	}
	md, _ := os.ReadFile(file)
	if !strings.Contains(string(md), "| **All** | 5 |") || !strings.Contains(string(md), "£53.90") {
		t.Errorf("markdown:\n%s", md)
	}
}

// Issue 9, defect 3: after a forum is deleted, its claims are kept and
// `expenses report --forum "Old Name"` still reports them.
func TestCLIExpensesReportForDeletedForum(t *testing.T) {
	db := moneyDB(t)
	args := []string{"--db", db, "expenses", "report", "--from", "2026-03-01", "--to", "2026-04-30", "--forum", "Tuesday Forum", "--format", "json"}
	type rep struct {
		Forum        string          `json:"forum"`
		ForumDeleted bool            `json:"forum_deleted"`
		All          json.RawMessage `json:"all"`
		Lines        []struct {
			ClaimID string `json:"claim_id"`
		} `json:"lines"`
	}
	run := func() rep {
		t.Helper()
		out, _, err := cli(t, args...)
		if err != nil {
			t.Fatal(err)
		}
		var r rep
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	before := run()
	if len(before.Lines) != 4 || before.ForumDeleted {
		t.Fatalf("before: %+v", before)
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.ForumByName(context.Background(), "Tuesday Forum")
	if err == nil {
		err = s.DeleteForum(context.Background(), f.ID, f.Version)
	}
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	after := run()
	if string(after.All) != string(before.All) || len(after.Lines) != len(before.Lines) || after.Forum != "Tuesday Forum" || !after.ForumDeleted {
		t.Errorf("report after the forum was deleted:\n%+v\nwant the same totals as\n%+v", after, before)
	}
	out, _, err := cli(t, "--db", db, "expenses", "report", "--from", "2026-03-01", "--to", "2026-04-30", "--forum", "tuesday forum")
	if err != nil || !strings.Contains(out, "# Expenses 2026-03-01 to 2026-04-30, Tuesday Forum (deleted)") {
		t.Errorf("markdown report: %v\n%s", err, out)
	}
}

func TestCLIExpensesReportRefusesBadInput(t *testing.T) {
	db := moneyDB(t)
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"expenses", "report", "--to", "2026-03-31"}, "--from DATE --to DATE"},
		{[]string{"expenses", "report", "--from", "March", "--to", "2026-03-31"}, "--from"},
		{[]string{"expenses", "report", "--from", "2026-03-31", "--to", "2026-03-01"}, "before it starts"},
		{[]string{"expenses", "report", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "xlsx"}, "md, csv or json"},
		{[]string{"expenses", "report", "--from", "2026-03-01", "--to", "2026-03-31", "--forum", "Nope"}, `no forum called "Nope"`},
		{[]string{"rates", "set", "--from", "2026-04-06", "hourly", "--", "-£3"}, "negative"},
		{[]string{"rates", "set", "daily", "£3", "--from", "2026-04-06"}, "unknown kind of rate"},
		{[]string{"rates", "set", "hourly", "£3"}, "--from DATE"},
		{[]string{"thresholds", "set", "weekly", "3.4.5", "--from", "2026-04-06"}, "more than one decimal point"},
		{[]string{"thresholds", "set", "yearly", "£3", "--from", "2026-04-06"}, "unknown threshold"},
	} {
		_, _, err := cli(t, append([]string{"--db", db}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("involve %s: %v; want an error saying %q", strings.Join(c.args, " "), err, c.says)
		}
	}
}

func TestCLIRatesAndThresholds(t *testing.T) {
	db := moneyDB(t)
	saved := moneyNow
	moneyNow = func() time.Time { return time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC) }
	defer func() { moneyNow = saved }()

	out, _, err := cli(t, "--db", db, "rates", "list")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "mileage   2011-04-06         £0.45  yes     HMRC approved mileage rate") ||
		!strings.Contains(out, "no hourly rate is in force today") {
		t.Errorf("rates list:\n%s", out)
	}
	if out, _, err = cli(t, "--db", db, "rates", "set", "hourly", "£15", "--from", "2026-04-06", "--name", "Standard"); err != nil ||
		!strings.Contains(out, "Involvement, per hour: £15.00 from 2026-04-06") {
		t.Fatalf("rates set: %v\n%s", err, out)
	}
	if _, _, err = cli(t, "--db", db, "rates", "set", "hourly", "14.50", "--from", "06/04/2025"); err != nil {
		t.Fatal(err)
	}
	out, _, _ = cli(t, "--db", db, "rates", "list")
	if !strings.Contains(out, "hourly    2026-04-06        £15.00  yes     Standard") ||
		!strings.Contains(out, "hourly    2025-04-06        £14.50          ") {
		t.Errorf("rates list after setting:\n%s", out)
	}

	out, _, _ = cli(t, "--db", db, "thresholds", "list")
	if !strings.Contains(out, "no threshold is set for payments in a week") ||
		!strings.Contains(out, "Involvement hours in a month: 30 hours (the default; none set)") {
		t.Errorf("thresholds before any is set:\n%s", out)
	}
	if out, _, err = cli(t, "--db", db, "thresholds", "set", "weekly", "£183.50", "--from", "2026-04-06", "--note", "Example"); err != nil ||
		!strings.Contains(out, "Payments in a week: £183.50 from 2026-04-06") {
		t.Fatalf("thresholds set: %v\n%s", err, out)
	}
	if out, _, err = cli(t, "--db", db, "thresholds", "set", "hours", "16", "--from", "2026-04-06"); err != nil ||
		!strings.Contains(out, "16 hours from 2026-04-06") {
		t.Fatalf("thresholds set hours: %v\n%s", err, out)
	}
	out, _, _ = cli(t, "--db", db, "thresholds", "list")
	if !strings.Contains(out, "weekly_payments   2026-04-06         £183.50  yes     Example") ||
		!strings.Contains(out, "monthly_hours     2026-04-06        16 hours  yes") ||
		!strings.Contains(out, "no threshold is set for payments in a month") || strings.Contains(out, "default") {
		t.Errorf("thresholds list:\n%s", out)
	}
}
