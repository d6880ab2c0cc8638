package store

import (
	"testing"
	"time"

	"github.com/involve/involve/civil"
)

// A person's history: the meetings they attended (not those they sent
// apologies to, not cancelled ones), the sessions they co-delivered, and a
// senior officer's logged contacts, the latest first.
func TestPersonInvolvement(t *testing.T) {
	w := newContactWorld(t) // meeting held 12 May 2026, Jo a member
	s, ctx := w.s, w.ctx
	if err := s.SetAttendance(ctx, w.meeting.ID, w.member.ID, Attended); err != nil {
		t.Fatal(err)
	}
	april := Meeting{ForumID: w.forum.ID, Status: MeetingHeld,
		Start: time.Date(2026, 4, 14, 13, 0, 0, 0, London), End: time.Date(2026, 4, 14, 15, 0, 0, 0, London)}
	march := Meeting{ForumID: w.forum.ID, Status: MeetingCancelled,
		Start: time.Date(2026, 3, 10, 13, 0, 0, 0, London), End: time.Date(2026, 3, 10, 15, 0, 0, 0, London)}
	for _, m := range []*Meeting{&april, &march} {
		if err := s.SaveMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetAttendance(ctx, april.ID, w.member.ID, Apologies); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttendance(ctx, march.ID, w.member.ID, Attended); err != nil {
		t.Fatal(err)
	}
	session := TrainingSession{Title: "Talking about recovery", Programme: "Custody officers", Kind: TrainingTeaching,
		Date: civil.MustParse("2026-06-01")}
	if err := s.SaveTrainingSession(ctx, &session); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveTrainer(ctx, &Trainer{SessionID: session.ID, PersonID: w.member.ID, DeliveryHours: 200}); err != nil {
		t.Fatal(err)
	}
	inv, err := s.PersonInvolvement(ctx, w.member.ID)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Meetings != 1 || inv.Training != 1 || inv.Consultations != 0 || inv.Contacts != 0 || len(inv.Items) != 2 ||
		inv.LastMeeting != civil.MustParse("2026-05-12") {
		t.Fatalf("Jo's history: %+v", inv)
	}
	if it := inv.Items[0]; it.Kind != InvolvedTraining || it.What != "Talking about recovery" || it.Detail != "Teaching, Custody officers" || it.ID != session.ID {
		t.Errorf("first (latest): %+v", it)
	}
	if it := inv.Items[1]; it.Kind != InvolvedMeeting || it.What != "Tuesday Forum" || it.ID != w.meeting.ID || it.Date != civil.MustParse("2026-05-12") {
		t.Errorf("second: %+v", it)
	}

	// A senior officer: their attendance and their logged contacts.
	if err := s.SetAttendance(ctx, w.meeting.ID, w.officer.ID, Attended); err != nil {
		t.Fatal(err)
	}
	c := Contact{Kind: ContactBoard, Date: civil.MustParse("2026-06-03"), OfficerID: w.officer.ID, Organisation: "Partnership board"}
	if err := s.SaveContact(ctx, &c); err != nil {
		t.Fatal(err)
	}
	inv, err = s.PersonInvolvement(ctx, w.officer.ID)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Meetings != 1 || inv.Contacts != 1 || len(inv.Items) != 2 || inv.Items[0].Kind != InvolvedContact ||
		inv.Items[0].What != "Board seat" || inv.Items[0].Detail != "Partnership board" {
		t.Errorf("the officer's history: %+v", inv)
	}
	// Nobody: nothing.
	if inv, err := s.PersonInvolvement(ctx, "nobody"); err != nil || len(inv.Items) != 0 {
		t.Errorf("nobody's history: %+v, %v", inv, err)
	}
}
