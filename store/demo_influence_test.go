package store

import (
	"context"
	"testing"
)

// The demo has logged contacts with commitments (one due within the
// fortnight), forums past the target and within it, and training sessions
// with co-trainers whose hours were paid as involvement payments at the
// demo's hourly rate, and only stories whose consent covers training.
func TestDemoInfluence(t *testing.T) {
	ctx := context.Background()
	s := openDemo(t, DemoPeople, 1)
	if n := demoCount(t, s, "SELECT count(*) FROM contacts"); n < 3 {
		t.Errorf("%d logged contacts", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM actions WHERE contact_id IS NOT NULL"); n == 0 {
		t.Error("no commitments")
	}
	d, err := s.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var commitment bool
	for _, a := range d.Due {
		commitment = commitment || a.ContactID != ""
	}
	if !commitment {
		t.Errorf("no commitment due on the dashboard: %+v", d.Due)
	}
	fcs, err := s.OfficerContacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	over := 0
	for _, f := range fcs {
		if f.Over {
			over++
		}
	}
	if over == 0 || over == len(fcs) {
		t.Errorf("%d of %d forums past the target: want some, not all", over, len(fcs))
	}
	if n := demoCount(t, s, "SELECT count(*) FROM training_sessions"); n < 6 {
		t.Errorf("%d training sessions", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM training_sessions WHERE session_date > ?", LocalDate(demoTestNow)); n == 0 {
		t.Error("no training session coming up")
	}
	if n := demoCount(t, s, "SELECT count(*) FROM training_trainers"); n < 6 {
		t.Errorf("%d co-trainers' places", n)
	}
	if n := demoCount(t, s, `SELECT count(*) FROM training_trainers r JOIN people p ON p.id = r.person_id
		WHERE p.role NOT IN ('service_user', 'carer', 'both')`); n != 0 {
		t.Errorf("%d co-trainers without lived experience", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM payments WHERE training_id IS NOT NULL"); n == 0 {
		t.Error("no co-trainers' payments")
	}
	// Each one is what the payments API would have made: hours × the rate
	// in force on the day, and the co-trainer's hours.
	if n := demoCount(t, s, `SELECT count(*) FROM payments y
		JOIN training_trainers r ON r.session_id = y.training_id AND r.person_id = y.person_id
		WHERE y.hours != r.prep_hours + r.delivery_hours OR y.amount_pence != (y.hours * y.rate_pence + 50) / 100
		OR y.rate_pence != (SELECT amount_pence FROM rates WHERE kind = 'hourly' AND effective_from <= y.payment_date
			ORDER BY effective_from DESC LIMIT 1)`); n != 0 {
		t.Errorf("%d co-trainers' payments not as the payments API makes them", n)
	}
	if n := demoCount(t, s, `SELECT count(*) FROM training_stories x JOIN stories st ON st.id = x.story_id
		WHERE st.use_training = 0`); n != 0 {
		t.Errorf("%d stories used in training without consent for it", n)
	}
	r, err := s.Check(ctx)
	if err != nil || !r.OK() {
		t.Errorf("check: %v %v", r.Problems, err)
	}
	// A sound evidence pack for the programme that does most.
	progs, err := s.Programmes(ctx)
	if err != nil || len(progs) == 0 {
		t.Fatalf("programmes: %v %v", progs, err)
	}
}
