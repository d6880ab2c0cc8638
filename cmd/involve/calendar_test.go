package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ical "github.com/emersion/go-ical"

	"github.com/involve/involve/store"
)

func TestCalendarVerb(t *testing.T) {
	db, err := demoOnce()
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	_, all, err := s.CalendarMeetings(context.Background(), "")
	s.Close()
	if err != nil || len(all) == 0 {
		t.Fatalf("the demo's meetings: %d, %v", len(all), err)
	}
	forum := all[0].Forum

	// To a file: private, every meeting, and it parses back.
	path := filepath.Join(t.TempDir(), "forums.ics")
	out, err := outCLI(t, "--db", db, "calendar", "-o", path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "wrote " + plural(len(all), "meeting", "meetings") + " to " + path + "\n"; out != want {
		t.Errorf("said %q, want %q", out, want)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the file: %v %v", fi, err)
	}
	data, _ := os.ReadFile(path)
	cal, err := ical.NewDecoder(strings.NewReader(string(data))).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cal.Events()); n != len(all) {
		t.Errorf("%d events, want %d", n, len(all))
	}
	if name, _ := cal.Props.Text("X-WR-CALNAME"); name != "Involvement forums" {
		t.Errorf("calendar name %q", name)
	}

	// To standard output, one forum: CRLF kept.
	out, err = outCLI(t, "--db", db, "calendar", "--forum", strings.ToUpper(forum))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n") || strings.Count(out, "\n") != strings.Count(out, "\r\n") {
		t.Errorf("printed calendar lost its CRLF:\n%.300q", out)
	}
	one, err := ical.NewDecoder(strings.NewReader(out)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if name, _ := one.Props.Text("X-WR-CALNAME"); name != forum {
		t.Errorf("one forum's calendar is named %q, not after it (%q)", name, forum)
	}
	for _, e := range one.Events() {
		if got, _ := e.Props.Text(ical.PropSummary); got != forum {
			t.Errorf("another forum's meeting in %s's calendar: %q", forum, got)
		}
	}

	if _, err := outCLI(t, "--db", db, "calendar", "--forum", "No Such Forum"); err == nil || !strings.Contains(err.Error(), `no forum called "No Such Forum"`) {
		t.Errorf("unknown forum: %v", err)
	}
	if _, err := outCLI(t, "--db", db, "calendar", "-o", db); err == nil {
		t.Error("writing the calendar over the database must be refused")
	}
}
