package main

// The end-to-end test of issue 10's influence, part B: senior officers'
// contact and training workers, on the real binary in a real terminal.

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/involve/involve/store"
)

// influenceE2EDB makes a database with a forum whose meeting was held
// yesterday, a senior officer and a service user invited to it, and an
// hourly involvement rate of £15. Dates follow the real clock, as the
// program's do.
func influenceE2EDB(t *testing.T, path string) (meetingDay time.Time) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := store.Forum{Name: "Hope Forum", Venue: "Town Hall"}
	if err := s.SaveForum(ctx, &f); err != nil {
		t.Fatal(err)
	}
	officer := store.Person{Name: "Amir Patel", Role: store.RoleSeniorOfficer}
	sue := store.Person{Name: "Sue Clarke", Role: store.RoleServiceUser}
	for _, p := range []*store.Person{&officer, &sue} {
		if err := s.SavePerson(ctx, p, []string{f.ID}); err != nil {
			t.Fatal(err)
		}
	}
	y := time.Now().In(store.London).AddDate(0, 0, -1)
	m := store.Meeting{ForumID: f.ID, Status: store.MeetingHeld,
		Start: time.Date(y.Year(), y.Month(), y.Day(), 13, 0, 0, 0, store.London),
		End:   time.Date(y.Year(), y.Month(), y.Day(), 15, 0, 0, 0, store.London)}
	if err := s.SaveMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRate(ctx, &store.Rate{Kind: store.RateHourly, Name: "Involvement", Amount: 1500, EffectiveFrom: "2020-04-06"}); err != nil {
		t.Fatal(err)
	}
	return m.Start
}

// TestE2EInfluenceContactsAndTraining: a senior officer marked attended on a
// register is a contact, and the forum's "last met a senior officer"
// follows; a contact logged with a commitment puts the commitment among the
// dashboard's actions; a co-trainer's hours on a training session are paid
// as an involvement payment that shows in the ledger.
func TestE2EInfluenceContactsAndTraining(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("involve.db")
	meetingDay := influenceE2EDB(t, db)
	g, d, k := keymap.Global, keymap.Detail, keymap.Influence
	today := time.Now().In(store.London)

	tm := sb.startApp(t, 100, 30, db)

	// The forum has never met a senior officer.
	tm.press(g.Forums)
	tm.waitScreen("Forums")
	tm.press(keymap.List.Open)
	tm.waitText("Senior officers  never met one", "past the 3-month target")

	// Amir, a senior officer, came to yesterday's meeting: mark him on the
	// register.
	tm.press(d.SwitchPane)
	tm.waitText("Meetings (1)")
	tm.press(d.Register)
	tm.waitText("Register")
	tm.findOnList("amir", "Amir Patel")
	tm.press(keymap.Register.Attended)
	tm.waitText("Amir Patel: attended.")
	tm.esc()
	tm.waitText("Senior officers  last met on " + meetingDay.Format("2 Jan 2006"))
	tm.waitGone("past the 3-month target")

	// His attendance is among the forum's contacts.
	tm.press(k.OfficerContacts)
	tm.waitMatch(`(?m)^› ` + regexp.QuoteMeta(meetingDay.Format("2 Jan 2006")) + ` +Meeting +Amir Patel +— +Hope Forum`)

	// A visit logged in the Influence section, with his commitment.
	tm.press(g.Influence)
	tm.waitText("Officers' contacts (1)")
	tm.press(keymap.Detail.SwitchPane) // from Consultations to Officers' contacts
	tm.waitMatch(`(?m)^ +Consultations \(\d+\) │ Officers' contacts \(1\)`)
	tm.press(keymap.Record.New)
	tm.waitText("Log a senior officer's contact")
	tm.choose("Kind of contact", "Visit")
	tm.fill("Date", "", false)
	tm.choose("Senior officer", "Amir Patel")
	tm.fill("Their job title", "Director of Public Health", false)
	tm.fill("Organisation", "City Council", false)
	tm.focusField("Forums")
	tm.keys("Space")
	tm.waitMatch(`✓ Hope Forum`)
	tm.keys("Enter")
	tm.fill("Topics", "Naloxone in hostels", false)
	tm.waitText("Saved the contact of " + today.Format("2 Jan 2006") + ".")
	tm.waitMatch(`(?m)^› ` + regexp.QuoteMeta(today.Format("2 Jan 2006")) + ` +Visit +Amir Patel +City Council +Hope Forum +0`)
	tm.press(keymap.List.Open)
	tm.waitText("Director of Public Health", "Commitments (0 open)")
	tm.press(k.AddCommitment)
	tm.waitText("New commitment")
	due := today.AddDate(0, 0, 5)
	tm.fill("What needs doing", "Write to the forum about naloxone", false)
	tm.fill("Who", "", false) // the officer, as offered
	tm.fill("Due by", due.Format("2006-01-02"), false)
	tm.fill("Done?", "", false)
	tm.waitText("Saved the commitment.", "Commitments (1 open)")

	// It is among the actions due on the dashboard, and opens the contact.
	tm.press(g.Dashboard)
	tm.waitMatch(`(?m)` + regexp.QuoteMeta(due.Format("2 Jan 2006")) + ` +Write to the forum about naloxone +Amir Patel +Visit, Amir Patel`)

	// A training session, and Sue co-delivering it: her hours are paid.
	tm.press(g.Influence)
	tm.waitText("Commitments (1 open)") // the section as it was left
	tm.esc()
	tm.waitText("Training (0)")
	tm.press(d.SwitchPane)
	tm.waitText("No training sessions yet.")
	tm.press(keymap.Record.New)
	tm.waitText("New training session")
	tm.fill("Session", "Recovery stories in practice", false)
	tm.fill("Programme", "BSc Nursing (Mental Health)", false)
	tm.fill("Module", "", false)
	tm.fill("Provider", "Northfield University", false)
	tm.choose("Learners are", "Nurses")
	tm.fill("Date", today.Format("2006-01-02"), true)
	tm.fill("Venue", "Room 2.14", false)
	tm.fill("Learners", "24", false)
	tm.choose("How people with lived experience took part", "Teaching")
	tm.fill("Learners' average score", "", false)
	tm.fill("Replies", "", false)
	tm.fill("What learners said", "", false)
	tm.waitText("Saved Recovery stories in practice.")
	tm.press(keymap.List.Open)
	tm.waitText("Co-trainers (0)", "Nobody co-delivering yet.")
	tm.press(k.AddTrainer)
	tm.waitText("Who co-delivered Recovery stories in practice?")
	tm.typeText("sue")
	tm.waitMatch(`(?m)^› Sue Clarke`)
	tm.press(keymap.List.AcceptFilter) // keeps the find…
	tm.waitText("enter choose")
	tm.press(keymap.List.Choose) // …and chooses
	tm.waitText("Co-trainer: Sue Clarke")
	tm.fill("Briefed before the session?", "", false)
	tm.fill("Debriefed after it?", "", false)
	tm.fill("Preparation hours", "1.5", false)
	tm.fill("Delivery hours", "3", false)
	tm.fill("Their own feedback on the session", "The students listened", false)
	tm.fill("Record their involvement payment for these hours now?", "", false)
	tm.waitText("Recorded a payment of £67.50 for Sue Clarke's 4.5 hours")
	tm.waitMatch(`(?m)^› Sue Clarke +Service user +yes +no +4.5 +£67.50 claimed`)

	// In the ledger: this week's and month's payments.
	tm.press(g.Money)
	tm.waitText("Claims │ Payments │ Ledger")
	tm.press(d.SwitchPane)
	tm.press(d.SwitchPane)
	tm.waitMatch(`(?m)^› Sue Clarke +£67.50 +£67.50 +4.5`)
	tm.press(keymap.List.Open)
	tm.waitText("Sue Clarke: ledger", "£67.50 due")
	tm.press(d.SwitchPane)
	tm.press(d.SwitchPane)
	tm.waitMatch(`(?m)^› ` + regexp.QuoteMeta(today.Format("2 Jan 2006")) + ` +Per hour: Training: Recovery .* £67.50 +£67.50`)
}
