package main

// The end-to-end test of consultations and the "you said, we did" loop,
// on the real binary in a real terminal.

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// TestE2EConsultationLoop opens a consultation, adds a point from the
// meeting where it was raised, records the response with its reason and
// the feedback given, and finds the point in the next meeting's agenda,
// on the forum's board (and its reading mode) and on the poster.
func TestE2EConsultationLoop(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("involve.db")

	// A forum that met yesterday and meets again next week, a member and
	// a senior officer. (The program runs on the clock, so the dates are
	// today's.)
	ctx := context.Background()
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	today := civil.In(time.Now(), store.London)
	f := store.Forum{Name: "Hope Forum", Venue: "Town Hall"}
	if err := s.SaveForum(ctx, &f); err != nil {
		t.Fatal(err)
	}
	for _, p := range []store.Person{{Name: "Maggie Okafor"}, {Name: "Olu Adeyemi", Role: store.RoleSeniorOfficer}} {
		if err := s.SavePerson(ctx, &p, []string{f.ID}); err != nil {
			t.Fatal(err)
		}
	}
	meeting := func(day civil.Date, status store.MeetingStatus) store.Meeting {
		m := store.Meeting{ForumID: f.ID, Status: status, Start: time.Date(day.Year, day.Month, day.Day, 13, 0, 0, 0, store.London)}
		m.End = m.Start.Add(2 * time.Hour)
		if err := s.SaveMeeting(ctx, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	held, next := meeting(today.AddDays(-1), store.MeetingHeld), meeting(today.AddDays(7), store.MeetingPlanned)
	s.Close()

	g, k := keymap.Global, keymap.Consult
	tm := sb.startApp(t, 100, 30, db)

	// A consultation, opened.
	tm.press(g.Influence)
	tm.waitText("No consultations yet.")
	tm.press(keymap.Record.New)
	tm.waitText("New consultation")
	tm.fill("Title", "Recovery hub opening hours", false)
	tm.fill("Organisation asking", "Commissioning Team", false)
	tm.choose("Senior officer", "Olu Adeyemi")
	tm.fill("Who decides", "Joint Commissioning Board", false)
	tm.fill("Opens", "", false)
	tm.fill("Deadline for responses", "", false)
	tm.focusField("Channels")
	tm.keys("Enter")
	tm.focusField("Forums asked")
	tm.keys("Space")
	tm.waitMatch(`✓ Hope Forum`)
	tm.keys("Enter")
	tm.focusField("Participation promised")
	tm.keys("Enter")
	tm.focusField("Participation achieved")
	tm.keys("Enter")
	tm.fill("The question, word for word", "When should the recovery hub be open?", false)
	tm.fill("Options", "", false)
	tm.fill("What cannot change", "", false)
	tm.fill("Papers", "", false)
	tm.waitText("Saved Recovery hub opening hours.")
	tm.waitMatch(`(?m)^› Recovery hub opening hours +Open\b`)

	// A point added from the meeting where it was raised, in a few keys.
	tm.press(g.Meetings)
	tm.waitScreen("Meetings")
	heldDay := kit.LongDate(held.Start)
	tm.findOnList(heldDay, heldDay)
	tm.press(keymap.List.Open)
	tm.waitMatch(`(?m)^ Meetings › Hope Forum, `)
	tm.press(k.AddPoint)
	tm.waitText("You said — Recovery hub opening hours", "Raised at Hope Forum")
	tm.fill("You said", "Put the opening hours on the door", false)
	tm.focusField("How many people raised it")
	tm.keys("C-u")
	tm.typeText("3")
	tm.keys("Enter")
	tm.waitText("Added the point to Recovery hub opening hours")

	// It is in the next meeting's agenda, once.
	tm.backTo("Meetings")
	nextDay := kit.LongDate(next.Start)
	tm.findOnList(nextDay, nextDay)
	tm.press(keymap.List.Open)
	scr := tm.waitText("Matters arising: consultations", "Recovery hub opening hours", "Put the opening hours on the door (raised by 3")
	if strings.Count(scr, "Matters arising") != 1 {
		t.Fatalf("Matters arising is on the agenda more than once:\n%s", scr)
	}

	// The response, with its reason; then the feedback given.
	tm.press(g.Influence)
	tm.waitScreen("Influence")
	tm.waitText("Consultations (1)")
	tm.press(keymap.List.Open)
	tm.waitText("You said, we did (1; 1 waiting)", "Put the opening hours on the door")
	tm.press(k.Respond)
	tm.waitText("We did — Put the opening hours on the door")
	tm.focusField("We did")
	tm.keys("Enter") // done
	tm.fill("Because", "the hub agreed and printed a sign", false)
	tm.fill("Who decided", "", false)
	tm.fill("Decided on", "", false)
	tm.focusField("The stage it changed")
	tm.keys("Enter")
	tm.fill("Check the impact on", "", false)
	tm.waitText("Saved what was done: done.", "You said, we did (1; 0 waiting)")
	tm.press(k.Feedback)
	tm.waitText("Feedback given")
	tm.focusField("Which feedback")
	tm.keys("Enter") // initial
	tm.fill("Given on", "", false)
	tm.focusField("How")
	tm.keys("Enter") // at a forum meeting
	tm.fill("Note", "Thanked everyone at the forum", false)
	tm.waitText("Saved the initial feedback.", "Feedback (1)")

	// The board shows it, and its reading mode; neither names anyone.
	tm.press(k.Board)
	scr = tm.waitAll(`You said, we did — Hope Forum`, `You said +Put the opening hours on the door \(3 people\)`,
		`We did +Done, because the hub agreed and printed a sign\.`)
	for _, name := range []string{"Olu", "Maggie", "Joint Commissioning"} {
		if strings.Contains(scr, name) {
			t.Fatalf("the board names %q:\n%s", name, scr)
		}
	}
	tm.press(k.ReadingMode)
	tm.waitText("You said, we did · Hope Forum", "Put the opening hours on the door")
	tm.press(g.People) // the room's keys do nothing here
	tm.esc()
	tm.waitMatch(`(?m)^ Influence › .* › You said, we did — Hope Forum *$`)

	// The poster says the same.
	tm.press(g.Quit)
	tm.declineBackup()
	tm.waitExit()
	r := sb.mustRun(t, "--db", db, "yousaid", "hope forum")
	if !regexp.MustCompile(`\*\*You said:\*\* Put the opening hours on the door \(3 people\)\n +\*\*We did:\*\* Done, because the hub agreed and printed a sign\.`).
		MatchString(r.stdout) {
		t.Fatalf("yousaid:\n%s", r.stdout)
	}
}
