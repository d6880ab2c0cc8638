package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestCalendarMeetings(t *testing.T) {
	ctx := context.Background()
	s := recOpen(t)
	tue := Forum{Name: "Tuesday Forum", Venue: "The Hub, 1 High Street"}
	car := Forum{Name: "Carers' Voice", Venue: "Library"}
	for _, f := range []*Forum{&tue, &car} {
		if err := s.SaveForum(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	at := func(day int) time.Time { return time.Date(2026, 7, day, 12, 0, 0, 0, time.UTC) }
	a := Meeting{ForumID: tue.ID, Start: at(7), End: at(7).Add(2 * time.Hour)}
	b := Meeting{ForumID: car.ID, Start: at(2), End: at(2).Add(time.Hour), Venue: "Room 4"}
	c := Meeting{ForumID: tue.ID, Start: at(14), End: at(14).Add(2 * time.Hour), Status: MeetingCancelled}
	for _, m := range []*Meeting{&a, &b, &c} {
		if err := s.SaveMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	// An edit raises the version, and so the calendar's SEQUENCE.
	s.SetClock(func() time.Time { return recNow.Add(time.Hour) })
	a.Venue = "Town Hall"
	if err := s.SaveMeeting(ctx, &a); err != nil {
		t.Fatal(err)
	}

	name, all, err := s.CalendarMeetings(ctx, "")
	if err != nil || name != "" {
		t.Fatalf("CalendarMeetings: %q %v", name, err)
	}
	if len(all) != 3 || all[0].ID != b.ID || all[1].ID != a.ID || all[2].ID != c.ID {
		t.Fatalf("want the three meetings oldest first, got %+v", all)
	}
	if all[0].Venue != "Room 4" || all[0].Forum != "Carers' Voice" {
		t.Errorf("Carers' meeting: %+v", all[0])
	}
	if all[1].Venue != "Town Hall" || all[1].Version != 2 || !all[1].UpdatedAt.Equal(recNow.Add(time.Hour)) || !all[1].CreatedAt.Equal(recNow) {
		t.Errorf("edited meeting: %+v", all[1])
	}
	if all[2].Venue != "The Hub, 1 High Street" || all[2].Status != MeetingCancelled {
		t.Errorf("a meeting with no venue has its forum's, and keeps its status: %+v", all[2])
	}
	if !all[1].Start.Equal(at(7)) || !all[1].End.Equal(at(7).Add(2*time.Hour)) {
		t.Errorf("times: %+v", all[1])
	}

	name, one, err := s.CalendarMeetings(ctx, "carers’ voice")
	if err != nil || name != "Carers' Voice" || len(one) != 1 || one[0].ID != b.ID {
		t.Fatalf("one forum, named loosely: %q %+v %v", name, one, err)
	}
	if _, _, err := s.CalendarMeetings(ctx, "Nowhere"); err == nil {
		t.Error("an unknown forum must be refused")
	}

	m, err := s.CalendarMeetingByID(ctx, c.ID)
	if err != nil || m.ID != c.ID || m.Forum != "Tuesday Forum" {
		t.Fatalf("CalendarMeetingByID: %+v %v", m, err)
	}
	if _, err := s.CalendarMeetingByID(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a missing meeting: %v", err)
	}
}
