package store

import "testing"

// A person's meetings are their forums' and any other they are on the
// register of (added with the register's +, not a member); not cancelled
// ones, nor ones outside the dates asked for. The latest first, with their
// place on each register.
func TestPersonMeetings(t *testing.T) {
	s := recOpen(t)
	mine, other := recForum(t, s, "Mine"), recForum(t, s, "Other")
	p := recPerson(t, s, "Ann", mine.ID)
	m1 := recMeeting(t, s, mine.ID, recLondon(2026, 2, 3, 13, 0))
	visited := recMeeting(t, s, other.ID, recLondon(2026, 2, 10, 13, 0))
	recMeeting(t, s, other.ID, recLondon(2026, 2, 17, 13, 0)) // not hers
	gone := recMeeting(t, s, mine.ID, recLondon(2026, 2, 24, 13, 0))
	gone.Status = MeetingCancelled
	if err := s.SaveMeeting(recCtx, &gone); err != nil {
		t.Fatal(err)
	}
	recMeeting(t, s, mine.ID, recLondon(2025, 6, 1, 13, 0)) // too long ago
	if err := s.SetAttendance(recCtx, visited.ID, p.ID, Attended); err != nil {
		t.Fatal(err)
	}
	ms, err := s.PersonMeetings(recCtx, p.ID, recLondon(2026, 1, 1, 0, 0), recLondon(2026, 3, 31, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].ID != visited.ID || ms[1].ID != m1.ID {
		t.Fatalf("PersonMeetings = %+v, want the meeting she visited, then her forum's", ms)
	}
	if ms[0].Status != Attended || ms[0].ForumName != "Other" || ms[1].Status != Invited || ms[1].ForumName != "Mine" {
		t.Errorf("statuses and forums: %q %q, %q %q", ms[0].Status, ms[0].ForumName, ms[1].Status, ms[1].ForumName)
	}
	if !ms[0].Start.Equal(recLondon(2026, 2, 10, 13, 0)) {
		t.Errorf("start %v", ms[0].Start)
	}
}
