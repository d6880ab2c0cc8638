package tui

import (
	"testing"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// TestMeetingDay walks the meeting-day screen as a coordinator would in the
// room: set the float, sign someone in, record their bus fare, pay it in
// cash from the float, and book their taxi home.
func TestMeetingDay(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Meetings)
	ls := activeAs[*kit.ListScreen](h)
	row, ok := ls.List().Selected()
	if !ok {
		t.Fatal("no meeting under the cursor")
	}
	meetingID := row.ID
	h.press(h.keys().List.Open)
	h.press(h.keys().Detail.MeetingDay)
	day := activeAs[*RegisterScreen](h)
	if !day.day {
		t.Fatal("d did not open the meeting-day screen")
	}
	h.wantScreen("Meeting day", "Claimed", "Taxi home", "no float set")

	// With no float, a claim form does not offer to pay it now in cash
	// (cash comes out of the float; P refuses too).
	day.list.Select(day.entries[0].ID)
	h.press(h.keys().Day.Claim)
	f := activeAs[*kit.FormScreen](h)
	h.pressKey("enter") // fare
	h.typeText("4.80")
	for i := 0; i < 6 && f.Form().GetFocusedField().GetKey() != "description"; i++ {
		h.pressKey("tab")
	}
	if f.Form().GetFocusedField().GetKey() != "description" {
		t.Fatalf("did not reach the note field:\n%s", h.screen())
	}
	h.wantScreen("enter save") // the note is the last field: no "pay it now?" after it
	h.press(h.keys().Global.Back)
	if _, asking := h.active().(*kit.Confirm); asking {
		h.press(h.keys().Confirm.Yes)
	}
	activeAs[*RegisterScreen](h)

	// The float.
	h.press(h.keys().Money.Float)
	activeAs[*kit.FormScreen](h)
	h.typeText("50")
	h.pressKey("enter")
	activeAs[*RegisterScreen](h)
	h.wantScreen("float £50.00, paid out £0.00, balance £50.00")

	// Sign the first person in.
	e := day.entries[0]
	day.list.Select(e.ID)
	h.press(h.keys().Register.Attended)
	name := e.DisplayName()

	// Their bus fare: category (fare is first), amount, then accept the
	// rest of the form as it stands (not paid now).
	h.press(h.keys().Day.Claim)
	activeAs[*kit.FormScreen](h)
	h.pressKey("enter")
	h.typeText("4.80")
	for i := 0; i < 5 && isForm(h); i++ {
		h.pressKey("enter")
	}
	activeAs[*RegisterScreen](h)
	h.wantScreen("Claims £4.80, still owed £4.80")

	// Pay it in cash from the float: asked first, then paid.
	h.press(h.keys().Day.PayCash)
	h.wantScreen("Pay "+name+" £4.80 in cash?", "£50.00 to £45.20.")
	h.press(h.keys().Confirm.Yes)
	h.wantScreen("Paid "+name+" £4.80 in cash.", "still owed £0.00", "paid out £4.80, balance £45.20")
	claims, err := h.s.Claims(bg(), store.ClaimFilter{MeetingID: meetingID})
	if err != nil {
		t.Fatal(err)
	}
	var paid bool
	for _, c := range claims {
		if c.PersonID == e.ID && c.Amount == 480 && c.Status == store.StatusPaid && c.PaidHow == store.PaidCash {
			paid = true
		}
	}
	if !paid {
		t.Fatalf("the store has no £4.80 claim paid in cash for %s: %+v", name, claims)
	}

	// The taxi home.
	h.press(h.keys().Day.TaxiHome)
	activeAs[*kit.FormScreen](h)
	h.typeText("City Cars")
	h.pressKey("enter")
	h.typeText("CC123")
	h.pressKey("enter")
	activeAs[*RegisterScreen](h)
	h.wantScreen(name + "'s journey home: booked with City Cars.")
	bookings, err := h.s.Bookings(bg(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	var booked bool
	for _, b := range bookings {
		if b.PersonID == e.ID && b.Leg == store.LegHome && b.Status == store.BookingBooked && b.Reference == "CC123" {
			booked = true
		}
	}
	if !booked {
		t.Fatalf("no booked journey home for %s: %+v", name, bookings)
	}

	// Privacy: the name becomes initials and the amounts hide.
	h.press(h.keys().Global.Privacy)
	h.notScreen(name, "£4.80  ")
	h.wantScreen(store.Initials(name))
}

func isForm(h *harness) bool {
	_, ok := h.active().(*kit.FormScreen)
	return ok
}

// The Taxi home column tells "to book" (someone whose needs say taxi, with
// no journey home booked yet) from "—" (someone who makes their own way).
func TestMeetingDayTaxiHomeToBook(t *testing.T) {
	h := newHarness(t)
	_, m, people := trOpen(t, h) // people[0] taxi, [2] community transport, [3] a fare
	h.send(kit.PushMsg{Screen: NewMeetingDay(h.m.Common(), m.ID)})
	day := activeAs[*RegisterScreen](h)
	taxi := func(personID string) string {
		t.Helper()
		r := findRow(t, day.list, func(r kit.Row) bool { return r.ID == personID })
		return r.Cells[len(r.Cells)-1]
	}
	if got := taxi(people[0].ID); got != "To book" {
		t.Errorf("someone who needs a taxi, none booked: Taxi home says %q, want To book", got)
	}
	if got := taxi(people[2].ID); got != "To book" {
		t.Errorf("someone who needs community transport, none booked: Taxi home says %q, want To book", got)
	}
	if got := taxi(people[3].ID); got != "—" {
		t.Errorf("someone given a bus fare: Taxi home says %q, want —", got)
	}

	// Booked from the meeting day, it says so.
	day.list.Select(people[0].ID)
	h.press(h.keys().Day.TaxiHome)
	activeAs[*kit.FormScreen](h)
	h.typeText("City Cars")
	h.pressKey("enter")
	h.pressKey("enter")
	day = activeAs[*RegisterScreen](h)
	if got := taxi(people[0].ID); got != "Booked" {
		t.Errorf("after booking, Taxi home says %q", got)
	}
}
