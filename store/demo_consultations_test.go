package store

import (
	"context"
	"testing"
	"time"
)

// The demo has a consultation in every state of the loop, each one a
// state its rules allow, with points raised at demo meetings, a quote,
// and Matters arising in the next agendas of the forums asked.
func TestDemoConsultations(t *testing.T) {
	ctx := context.Background()
	s := openDemo(t, DemoPeople, 1)
	list, err := s.Consultations(ctx, ConsultationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != demoConsultationsFor(DemoPeople) {
		t.Fatalf("%d consultations, want %d", len(list), demoConsultationsFor(DemoPeople))
	}
	states := map[LoopStatus]int{}
	overdue := 0
	for _, c := range list {
		states[c.Status]++
		if c.Overdue {
			overdue++
		}
		d, err := s.Consultation(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.statusHolds(); err != nil {
			t.Errorf("%s: %v", c.Title, err)
		}
		// Every forward step it took was allowed on its day (today).
		back := d
		for back.Status != LoopOpen {
			prev, _ := back.Status.Prev()
			to := back.Status
			back.Status = prev
			if err := back.entryRule(to, s.civilToday()); err != nil {
				t.Errorf("%s is %s, but %v", c.Title, to, err)
			}
		}
		if len(d.Points) == 0 || d.OfficerID == "" || len(d.ForumIDs) == 0 {
			t.Errorf("%s: %d points, officer %q, forums %v", c.Title, len(d.Points), d.OfficerID, d.ForumIDs)
		}
	}
	for _, st := range LoopStatuses {
		if states[st] == 0 {
			t.Errorf("no consultation is %s", st)
		}
	}
	if overdue == 0 {
		t.Error("no consultation's feedback is overdue")
	}
	if n := demoCount(t, s, "SELECT count(*) FROM consultation_points WHERE meeting_id IS NOT NULL"); n == 0 {
		t.Error("no point was raised at a meeting")
	}
	if n := demoCount(t, s, "SELECT count(*) FROM consultation_points WHERE quote != ''"); n != 1 {
		t.Errorf("%d quotes, want 1", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM meetings WHERE agenda LIKE '%"+agendaMarkFind+"%'"); n == 0 {
		t.Error("no agenda has Matters arising")
	}
	for _, tbl := range []string{"consultations", "consultation_points", "consultation_responses", "consultation_feedback", "meetings"} {
		if n := demoCount(t, s, "SELECT count(*) FROM "+tbl+" WHERE version != 1 OR created_at > updated_at OR updated_at > ?",
			ts(demoTestNow)); n != 0 {
			t.Errorf("%s: %d rows with a bad version or timestamps", tbl, n)
		}
	}
	if r, err := s.Check(ctx); err != nil || !r.OK() {
		t.Errorf("check: %v %v", r.Problems, err)
	}
}

func TestDemoLargeConsultations(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a demo of 10,000 people")
	}
	start := time.Now()
	s := openDemo(t, 10_000, 1)
	t.Logf("10,000-person demo written in %v", time.Since(start))
	if n := demoCount(t, s, "SELECT count(*) FROM consultations"); n != 500 {
		t.Errorf("%d consultations, want 500", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM consultation_points"); n < 1000 {
		t.Errorf("%d points", n)
	}
}
