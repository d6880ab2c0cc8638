package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/involve/involve/calendar"
	"github.com/involve/involve/tui/kit"
)

// On a meeting's page, the calendar key writes the meeting's .ics file,
// private, to the export folder, and says where.
func TestMeetingCalendarFile(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	h.m.Common().ExportDir = dir
	h.press(h.keys().Global.Meetings)
	ls := activeAs[*kit.ListScreen](h)
	row, _ := ls.List().Selected()
	h.press(h.keys().List.Open)
	activeAs[*MeetingScreen](h)
	h.press(h.keys().Detail.Calendar)

	m, err := h.s.CalendarMeetingByID(bg(), row.ID)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, calendar.Filename(m))
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no calendar file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the calendar file is mode %v, want 0600", fi.Mode().Perm())
	}
	h.wantScreen("Wrote the meeting's calendar file to")
	data, _ := os.ReadFile(path)
	text := string(data)
	if !strings.Contains(text, "UID:"+m.ID+calendar.UIDSuffix) || strings.Count(text, "BEGIN:VEVENT") != 1 {
		t.Errorf("the file is not this meeting's calendar:\n%s", text)
	}
	reg, err := h.s.Register(bg(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reg {
		if strings.Contains(text, r.Name) {
			t.Errorf("the calendar names %s, who is on the register", r.Name)
		}
	}
	listed := false
	for _, group := range h.active().Help() {
		for _, b := range group {
			listed = listed || b.Help() == h.keys().Detail.Calendar.Help()
		}
	}
	if !listed {
		t.Error("the meeting's help does not list the calendar key")
	}
}
