package store

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/civil"
)

func TestRetentionDue(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	at := func(y int, m time.Month, d int) {
		s.SetClock(func() time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) })
	}
	at(2021, 5, 1)
	gone := Person{Name: "Gone Away", Consent: true, ConsentDate: "2021-05-01"}
	active := Person{Name: "Still Here"}
	for _, p := range []*Person{&gone, &active} {
		if err := s.SavePerson(ctx, p, nil); err != nil {
			t.Fatal(err)
		}
	}
	f := Forum{Name: "Forum"}
	s.SaveForum(ctx, &f)
	at(2025, 9, 1)
	m := Meeting{ForumID: f.ID, Start: time.Date(2025, 9, 2, 13, 0, 0, 0, London), End: time.Date(2025, 9, 2, 15, 0, 0, 0, London), Status: MeetingHeld}
	if err := s.SaveMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttendance(ctx, m.ID, active.ID, Attended); err != nil {
		t.Fatal(err)
	}
	at(2026, 3, 14)
	due, err := s.RetentionDue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].PersonID != gone.ID || due[0].LastInvolved.String() != "2021-05-01" {
		t.Fatalf("due for review: %+v", due)
	}
	if err := s.SetRetentionYears(ctx, 6); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.RetentionDue(ctx); len(due) != 0 {
		t.Errorf("with six years: %+v", due)
	}
	if err := s.SetRetentionYears(ctx, 0); err == nil {
		t.Error("0 years accepted")
	}
	s.SetRetentionYears(ctx, 3)

	// Kept, with a reason: off the list until the next review.
	if err := s.KeepOnReview(ctx, &RetentionReview{PersonID: gone.ID}); err == nil || !strings.Contains(err.Error(), "say why") {
		t.Errorf("kept without a reason: %v", err)
	}
	keep := RetentionReview{PersonID: gone.ID, Reason: "On the newsletter list", By: "kim"}
	if err := s.KeepOnReview(ctx, &keep); err != nil {
		t.Fatal(err)
	}
	if keep.NextReview.String() != "2027-03-14" {
		t.Errorf("next review: %s", keep.NextReview)
	}
	if due, _ := s.RetentionDue(ctx); len(due) != 0 {
		t.Errorf("kept, but still listed: %+v", due)
	}
	at(2027, 3, 15)
	due, _ = s.RetentionDue(ctx)
	if len(due) != 1 || due[0].LastKept.String() != "2026-03-14" || due[0].KeptWhy != "On the newsletter list" {
		t.Errorf("a year on: %+v", due)
	}
	// Erasing them (ReasonRetention) takes the review with them.
	if _, err := s.Erase(ctx, gone.ID, EraseOptions{Reason: ReasonRetention}); err != nil {
		t.Fatal(err)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM retention_reviews"); n != 0 {
		t.Errorf("%d reviews left", n)
	}
}

func TestConsentToContactReview(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	s.SetClock(func() time.Time { return time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC) })
	f := Forum{Name: "Forum"}
	s.SaveForum(ctx, &f)
	p := Person{Name: "Ann", Consent: true, ConsentDate: "2024-02-29", Phone: "07700 900001"}
	if err := s.SavePerson(ctx, &p, []string{f.ID}); err != nil {
		t.Fatal(err)
	}
	if p.ConsentReview != "2026-02-28" {
		t.Errorf("review set to %q", p.ConsentReview)
	}
	if p.ContactConsent("2026-03-14") != ContactExpired || !strings.Contains(p.ConsentText("2026-03-14"), "Expired: due for review on 28 Feb 2026") {
		t.Errorf("consent: %s %q", p.ContactConsent("2026-03-14"), p.ConsentText("2026-03-14"))
	}
	bad := p
	bad.ConsentReview = "2024-01-01"
	if err := s.SavePerson(ctx, &bad, nil); err == nil || !strings.Contains(err.Error(), "review consent after it was given") {
		t.Errorf("review before consent: %v", err)
	}
	b := Person{Name: "Bob", Consent: true, ConsentDate: "2026-01-10", ConsentReview: "2026-07-01"}
	c := Person{Name: "Cat"}
	for _, q := range []*Person{&b, &c} {
		if err := s.SavePerson(ctx, q, []string{f.ID}); err != nil {
			t.Fatal(err)
		}
	}
	cl, err := s.ContactList(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cl.Contacts) != 1 || cl.Contacts[0].Name != "Bob" || cl.Expired != 1 || cl.NoConsent != 1 {
		t.Errorf("contact list: %+v", cl)
	}
	exp, _ := s.ConsentExpired(ctx)
	if len(exp) != 1 || exp[0].ID != p.ID {
		t.Errorf("expired: %+v", exp)
	}
	// Renewed: a new date and review.
	p.ConsentDate, p.ConsentReview = "2026-03-14", ""
	if err := s.SavePerson(ctx, &p, nil); err != nil || p.ConsentReview != "2028-03-14" {
		t.Errorf("renewed: %v %q", err, p.ConsentReview)
	}
	// Consent withdrawn: no review date.
	p.Consent = false
	if err := s.SavePerson(ctx, &p, nil); err != nil || p.ConsentReview != "" {
		t.Errorf("withdrawn: %v %q", err, p.ConsentReview)
	}
}

// The demo has people's rights in it: people due for review, consents to
// be contacted due for review, requests, the erasure log.
func TestDemoRights(t *testing.T) {
	s := openDemo(t, DemoPeople, 1)
	ctx := context.Background()
	due, err := s.RetentionDue(ctx)
	if err != nil || len(due) < 2 {
		t.Errorf("due for review: %d %v", len(due), err)
	}
	exp, _ := s.ConsentExpired(ctx)
	if len(exp) < 2 {
		t.Errorf("%d consents expired", len(exp))
	}
	// The dashboard's counts are the lists' lengths.
	open14, _ := s.RequestsDueWithin(ctx, 14)
	if r, err := s.RightsDue(ctx, 14); err != nil || r.Review != len(due) || r.Expired != len(exp) || len(r.Requests) != len(open14) {
		t.Errorf("RightsDue = %d requests, %d to review, %d expired (%v); want %d, %d, %d",
			len(r.Requests), r.Review, r.Expired, err, len(open14), len(due), len(exp))
	}
	reqs, _ := s.Requests(ctx, true)
	if len(reqs) != 2 || reqs[0].Closed.IsZero() == reqs[1].Closed.IsZero() {
		t.Errorf("requests: %+v", reqs)
	}
	open, _ := s.RequestsDueWithin(ctx, 7)
	if len(open) != 1 || open[0].Clock(civil.In(demoTestNow, London)).DaysLeft > 7 {
		t.Errorf("due soon: %+v", open)
	}
	log, _ := s.Erasures(ctx)
	if len(log) != 1 {
		t.Errorf("erasure log: %+v", log)
	}
	gaps, _ := registryGaps(ctx, s.db, Registry())
	if len(gaps) > 0 {
		t.Errorf("%v", gaps)
	}
}

// retentionDueByLookup is who is due for review found the plain way, as
// retentionDueSQL found them before it gathered recent involvement: each
// person's own record, then every registry entry looked up person by
// person, then a review keeping them.
func retentionDueByLookup(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	ctx := context.Background()
	years, err := s.RetentionYears(ctx)
	if err != nil {
		t.Fatal(err)
	}
	today := civil.In(s.now(), London)
	cutoff := today.AddYears(-years).String()
	var none []string
	for _, d := range involvementEntries() {
		if d.Table == "people" && d.From == "" {
			none = append(none, "NOT coalesce(("+strings.ReplaceAll(d.Involvement, "t.", "p.")+") >= $cutoff, 0)")
			continue
		}
		none = append(none, "NOT EXISTS (SELECT 1 FROM "+d.from()+" WHERE "+d.Person+" = p.id AND ("+d.Involvement+") >= $cutoff)")
	}
	none = append(none, "NOT EXISTS (SELECT 1 FROM retention_reviews r WHERE r.person_id = p.id AND r.next_review > $today)")
	rows, err := s.db.QueryContext(ctx, "SELECT p.id FROM people p WHERE "+strings.Join(none, " AND "),
		sql.Named("cutoff", cutoff), sql.Named("today", today.String()))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The retention review's quicker query (the people's own records by their
// index, recent involvement gathered once, the register looked up person
// by person) finds the same people as looking every entry up for each
// person, on the demo, on many days and retention periods, with reviews
// keeping some; and the dashboard's count is the list's length.
func TestRetentionDueMatchesLookups(t *testing.T) {
	s := openDemo(t, 400, 3)
	ctx := context.Background()
	// Someone kept on review, so the reviews are looked at too.
	s.SetClock(demoTestClock)
	first, err := s.RetentionDue(ctx)
	if err != nil || len(first) < 2 {
		t.Fatalf("due at first: %d %v", len(first), err)
	}
	if err := s.KeepOnReview(ctx, &RetentionReview{PersonID: first[0].PersonID, Reason: "Still on the newsletter", By: "test"}); err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, years := range []int{1, 2, 3, 5} {
		if err := s.SetRetentionYears(ctx, years); err != nil {
			t.Fatal(err)
		}
		for _, months := range []int{-30, -18, -9, -3, 0, 2, 7, 13, 25, 40} {
			day := demoTestNow.AddDate(0, months, 0)
			s.SetClock(func() time.Time { return day })
			want := retentionDueByLookup(t, s)
			seen[len(want)] = true
			due, err := s.RetentionDue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, d := range due {
				got[d.PersonID] = true
			}
			if len(got) != len(want) || len(due) != len(want) {
				t.Errorf("%d years, on %s: %d due, want %d", years, day.Format(time.DateOnly), len(due), len(want))
			}
			for id := range want {
				if !got[id] {
					t.Errorf("%d years, on %s: %s not listed as due", years, day.Format(time.DateOnly), id)
				}
			}
			r, err := s.RightsDue(ctx, 14)
			if err != nil || r.Review != len(want) {
				t.Errorf("%d years, on %s: the dashboard counts %d due (%v), want %d", years, day.Format(time.DateOnly), r.Review, err, len(want))
			}
		}
	}
	if len(seen) < 8 {
		t.Errorf("the dates tried gave only %d different counts: %v", len(seen), seen)
	}
}
