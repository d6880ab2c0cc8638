package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

func TestDemoTransport(t *testing.T) {
	ctx := context.Background()
	summary := func(s *Store) []string {
		rows, err := s.db.QueryContext(ctx, `SELECT p.name, b.leg, b.status, b.firm, b.run, g.starts_at, g.status
			FROM transport_bookings b JOIN people p ON p.id = b.person_id JOIN meetings g ON g.id = b.meeting_id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var name, leg, status, firm, start, mstatus string
			var run int
			if err := rows.Scan(&name, &leg, &status, &firm, &run, &start, &mstatus); err != nil {
				t.Fatal(err)
			}
			if mstatus != string(MeetingPlanned) || parseTS(start).Before(demoTestNow) {
				t.Errorf("a booking for a meeting %s on %s", mstatus, start)
			}
			out = append(out, fmt.Sprint(name, leg, status, firm, run, start))
		}
		slices.Sort(out)
		return out
	}
	s := openDemo(t, DemoPeople, 1)
	got := summary(s)
	if len(got) == 0 {
		t.Fatal("the demo has no transport bookings")
	}
	if n := demoCount(t, s, "SELECT count(DISTINCT meeting_id) FROM transport_bookings"); n < 1 || n > demoTransportMeetings {
		t.Errorf("bookings for %d meetings", n)
	}
	for _, st := range []BookingStatus{BookingToBook, BookingBooked, BookingConfirmed} {
		if demoCount(t, s, "SELECT count(*) FROM transport_bookings WHERE status = ?", st) == 0 {
			t.Errorf("no demo journey is %s", st)
		}
	}
	// Every booking matches its meeting's run sheet, and a run has one firm.
	ids, err := s.db.QueryContext(ctx, "SELECT DISTINCT meeting_id FROM transport_bookings")
	if err != nil {
		t.Fatal(err)
	}
	var meetings []string
	for ids.Next() {
		var id string
		ids.Scan(&id)
		meetings = append(meetings, id)
	}
	ids.Close()
	for _, id := range meetings {
		sheet, err := s.RunSheet(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(sheet.Others) != 0 {
			t.Errorf("bookings for people not on the sheet: %+v", sheet.Others)
		}
		for _, run := range sheet.Runs {
			firms := map[string]bool{}
			for _, st := range run.Stops {
				for _, leg := range Legs {
					b, ok := sheet.Booking(st.PersonID, leg)
					if !ok || b.Run != run.Number {
						t.Errorf("%s %s: %+v %v", st.FirstName, leg, b, ok)
					}
					if err := b.Validate(); err != nil {
						t.Errorf("%s: %v", st.FirstName, err)
					}
					if leg == LegThere && b.Firm != "" {
						firms[b.Firm] = true
					}
				}
			}
			if len(firms) > 1 {
				t.Errorf("run %d is booked with %v", run.Number, firms)
			}
		}
	}
	// The same seed gives the same bookings.
	if again := summary(openDemo(t, DemoPeople, 1)); !slices.Equal(got, again) {
		t.Error("the same seed gave different bookings")
	}
}
