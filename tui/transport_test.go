package tui

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// trSetNeeds records transport needs with SQL, as the access-needs screen
// would have.
func trSetNeeds(t *testing.T, s *store.Store, personID, transport, address, postcode string, wheelchair, escort bool) {
	t.Helper()
	db, err := sql.Open("sqlite", store.DSN(s.Path()))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := fixedNow.Format(time.RFC3339)
	if _, err := db.Exec(`INSERT INTO access_needs (id, person_id, transport, wheelchair, escort, pickup_address,
		pickup_postcode, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (person_id) DO UPDATE SET transport = excluded.transport, wheelchair = excluded.wheelchair,
		escort = excluded.escort, pickup_address = excluded.pickup_address, pickup_postcode = excluded.pickup_postcode`,
		personID+"-tr", personID, transport, wheelchair, escort, address, postcode, now, now); err != nil {
		t.Fatal(err)
	}
}

// trOpen opens the transport screen of the next meeting with three people
// needing transport and one given a fare; it returns the screen, the
// meeting and the four people.
func trOpen(t *testing.T, h *harness) (*TransportScreen, store.MeetingSummary, []store.RegisterEntry) {
	t.Helper()
	up, err := h.s.UpcomingMeetings(bg(), 20)
	if err != nil {
		t.Fatal(err)
	}
	var m store.MeetingSummary
	for _, u := range up {
		if store.LocalDate(u.Start) > store.LocalDate(fixedNow) && u.Invited+u.Confirmed >= 4 {
			m = u
			break
		}
	}
	if m.ID == "" {
		t.Fatal("no meeting after today with four people invited")
	}
	reg, err := h.s.Register(bg(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var people []store.RegisterEntry
	for _, e := range reg {
		if e.Status == store.Invited || e.Status == store.Confirmed {
			people = append(people, e)
		}
	}
	if len(people) < 4 {
		t.Fatalf("the next meeting has %d people invited or confirmed", len(people))
	}
	people = people[:4]
	// Start from no bookings (the demo books the next meetings' transport).
	db, err := sql.Open("sqlite", store.DSN(h.s.Path()))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("DELETE FROM transport_bookings WHERE meeting_id = ?", m.ID); err != nil {
		t.Fatal(err)
	}
	trSetNeeds(t, h.s, people[0].ID, "taxi", "12 Oak Road", "M14 5TQ", false, true)
	trSetNeeds(t, h.s, people[1].ID, "taxi", "3 Elm Street", "M14 6AB", true, false)
	trSetNeeds(t, h.s, people[2].ID, "community", "40 Birch Avenue", "M20 2QQ", false, false)
	trSetNeeds(t, h.s, people[3].ID, "fare", "", "", false, false)

	h.send(kit.PushMsg{Screen: NewMeetingScreen(h.m.Common(), m.ID)})
	activeAs[*MeetingScreen](h)
	h.press(h.keys().Detail.Transport)
	return activeAs[*TransportScreen](h), m, people
}

// trSelect puts the cursor on a person's journey.
func trSelect(t *testing.T, ts *TransportScreen, personID string, leg store.Leg) {
	t.Helper()
	findRow(t, ts.list, func(r kit.Row) bool { return r.ID == personID+"/"+string(leg) })
}

func trBooking(t *testing.T, h *harness, meetingID, personID string, leg store.Leg) (store.Booking, bool) {
	t.Helper()
	bs, err := h.s.Bookings(bg(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		if b.PersonID == personID && b.Leg == leg {
			return b, true
		}
	}
	return store.Booking{}, false
}

func TestTransportScreen(t *testing.T) {
	h := newHarness(t)
	ts, m, people := trOpen(t, h)
	k := h.keys().Transport
	first := func(e store.RegisterEntry) string { return e.DisplayName() }

	// The runs, with estimates labelled so, and the fare apart.
	h.wantScreen("Est.", "times are estimates", "12 Oak Road", first(people[0]), first(people[1]), first(people[2]),
		"bus or train fare (no run): "+first(people[3]), "To book", "taxi ♿", "comm.")
	if len(ts.sheet.Runs) < 3 {
		t.Fatalf("runs %+v", ts.sheet.Runs)
	}

	// b asks for the firm and reference, and books the journey there.
	trSelect(t, ts, people[0].ID, store.LegThere)
	h.wantScreen("pickup about")
	h.press(k.Booked)
	activeAs[*kit.FormScreen](h)
	h.wantScreen("Firm", "Their reference", "an estimate")
	h.typeText("City Cars")
	h.pressKey("tab")
	h.typeText("CC-4411")
	h.pressKey("enter")
	ts = activeAs[*TransportScreen](h)
	b, ok := trBooking(t, h, m.ID, people[0].ID, store.LegThere)
	if !ok || b.Status != store.BookingBooked || b.Firm != "City Cars" || b.Reference != "CC-4411" || b.Run == 0 || b.Pickup.IsZero() {
		t.Fatalf("after booking: %+v %v\n%s", b, ok, h.screen())
	}
	h.wantScreen("Booked · City", "booked with City Cars, ref CC-4411")

	// c confirms, x cancels, u takes it back to to book.
	for _, step := range []struct {
		press  func()
		status store.BookingStatus
		shown  string
	}{
		{func() { h.press(k.Confirmed) }, store.BookingConfirmed, "confirmed with City Cars"},
		{func() { h.press(k.Cancelled) }, store.BookingCancelled, "cancelled with City Cars"},
		{func() { h.press(k.ToBook) }, store.BookingToBook, "there: to book."},
	} {
		step.press()
		trSelect(t, activeAs[*TransportScreen](h), people[0].ID, store.LegThere)
		b, _ := trBooking(t, h, m.ID, people[0].ID, store.LegThere)
		if b.Status != step.status {
			t.Fatalf("status %s, want %s\n%s", b.Status, step.status, h.screen())
		}
		h.wantScreen(step.shown)
	}

	// Confirming a journey never booked says what to do first.
	trSelect(t, ts, people[2].ID, store.LegHome)
	h.press(k.Confirmed)
	h.wantScreen("booked first")
	if _, ok := trBooking(t, h, m.ID, people[2].ID, store.LegHome); ok {
		t.Error("a journey was confirmed without a booking")
	}

	// Travelled is refused before the day, and recorded on it.
	trSelect(t, ts, people[0].ID, store.LegThere)
	h.press(k.Booked)
	h.pressKey("enter") // the firm is remembered
	h.pressKey("enter")
	ts = activeAs[*TransportScreen](h)
	trSelect(t, ts, people[0].ID, store.LegThere)
	h.press(k.TravelledYes)
	h.wantScreen("has not happened yet")
	h.s.SetClock(func() time.Time { return m.End.Add(time.Hour) })
	h.press(k.TravelledYes)
	if b, _ := trBooking(t, h, m.ID, people[0].ID, store.LegThere); b.Travelled != store.TravelledYes {
		t.Fatalf("travelled %s\n%s", b.Travelled, h.screen())
	}
	h.wantScreen("travelled")
	h.press(k.TravelledYes) // again: not known
	if b, _ := trBooking(t, h, m.ID, people[0].ID, store.LegThere); b.Travelled != store.TravelledUnknown {
		t.Errorf("pressed again: travelled %s", b.Travelled)
	}

	// R keeps the plan with the bookings: a journey there and home for
	// each rider, the booked one untouched.
	h.press(k.Rebuild)
	h.wantScreen("Plan rebuilt")
	sheet := activeAs[*TransportScreen](h).sheet
	if n := len(sheet.Bookings); n != 2*sheet.Riders() || len(sheet.Others) != 0 {
		t.Errorf("%d bookings after rebuilding %d riders; others %+v", n, sheet.Riders(), sheet.Others)
	}
	for _, run := range sheet.Runs {
		for _, st := range run.Stops {
			for _, leg := range store.Legs {
				if b, ok := sheet.Booking(st.PersonID, leg); !ok || b.Run != run.Number {
					t.Errorf("%s %s after rebuilding: %+v %v", st.FirstName, leg, b, ok)
				}
			}
		}
	}
	if b, _ := trBooking(t, h, m.ID, people[0].ID, store.LegThere); b.Status != store.BookingBooked {
		t.Errorf("rebuilding changed a booked journey: %+v", b)
	}

	// The privacy screen hides names and addresses.
	h.press(h.keys().Global.Privacy)
	h.notScreen("12 Oak Road", "3 Elm Street", first(people[0]))
	h.wantScreen("(hidden)", store.Initials(first(people[0])))
	h.press(h.keys().Global.Privacy)

	// ? help is generated from the screen's keys.
	h.press(h.keys().Global.Help)
	h.wantScreen("booked…", "confirmed", "cancelled", "rebuild the plan", "transport settings", "did not travel")
	h.press(h.keys().Global.Help)

	// esc goes back to the meeting.
	h.press(h.keys().Global.Back)
	activeAs[*MeetingScreen](h)
}

func TestTransportScreenSettingsAndNoCapacity(t *testing.T) {
	h := newHarness(t)
	ts, _, people := trOpen(t, h)
	// A wheelchair user with an escort needs 3 seats; with 2-seat vehicles
	// no run can take them: the screen says so, plainly.
	trSetNeeds(t, h.s, people[1].ID, "taxi", "3 Elm Street", "M14 6AB", true, true)
	if err := h.s.SetSetting(bg(), store.SettingTransportSeats, "2"); err != nil {
		t.Fatal(err)
	}
	h.run(ts.Refresh())
	h.wantScreen("No runs can be planned", "with an escort would need 3")

	// s opens the settings; 0 seats is refused and nothing is saved.
	h.press(h.keys().Transport.Settings)
	activeAs[*kit.FormScreen](h)
	h.pressKey("backspace")
	h.typeText("0")
	for i := 0; i < 6; i++ {
		h.pressKey("enter")
	}
	h.wantScreen("Not saved", "at least one passenger seat")
	if cfg, _ := h.s.TransportSettings(bg()); cfg.Seats != 2 {
		t.Errorf("seats %d after a refused save", cfg.Seats)
	}
	// 6 seats saves, and the runs are planned again (the form starts again
	// at its first field, keeping what was typed).
	h.pressKey("backspace")
	h.typeText("6")
	for i := 0; i < 6; i++ {
		h.pressKey("enter")
	}
	activeAs[*TransportScreen](h)
	if cfg, _ := h.s.TransportSettings(bg()); cfg.Seats != 6 {
		t.Fatalf("seats %d\n%s", cfg.Seats, h.screen())
	}
	h.notScreen("No runs can be planned")
	h.wantScreen("6 seats")
}

func TestTransportScreenFits80x24(t *testing.T) {
	h := newHarness(t, withSize(80, 24))
	trOpen(t, h)
	lines := h.lines()
	if len(lines) != 24 {
		t.Errorf("%d lines", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d wide: %q", i+1, w, l)
		}
	}
	h.wantScreen("Run", "Est.", "Booking", "times are estimates")
	if !strings.Contains(h.screen(), "b booked…") {
		t.Errorf("the footer does not show the keys:\n%s", h.screen())
	}
}
