package tui

import (
	"testing"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// trBookFirms books the journeys of trOpen's people with three firms:
// the first person's journey there with Amber Cars and home with City
// Cars, the second's there with City Cars (spelt differently), the third's
// both ways with Ring and Ride.
func trBookFirms(t *testing.T, h *harness, meetingID string, people []store.RegisterEntry) {
	t.Helper()
	for _, b := range []struct {
		person int
		leg    store.Leg
		firm   string
	}{
		{0, store.LegThere, "Amber Cars"}, {0, store.LegHome, "City Cars"},
		{1, store.LegThere, "city cars"},
		{2, store.LegThere, "Ring and Ride"}, {2, store.LegHome, "Ring and Ride"},
	} {
		if err := h.s.SetBookingStatus(bg(), meetingID, people[b.person].ID, b.leg, store.BookingBooked, b.firm, ""); err != nil {
			t.Fatal(err)
		}
	}
}

// trPickFirm presses the firm key and picks the firm in the picker.
func trPickFirm(t *testing.T, h *harness, firm string) *TransportScreen {
	t.Helper()
	h.press(h.keys().Transport.Firm)
	p := activeAs[*kit.Picker](h)
	findRow(t, p.List(), func(r kit.Row) bool { return r.ID == firm })
	// Enter picks (a second enter if the first only kept the find).
	for range 2 {
		if _, ok := h.active().(*kit.Picker); ok {
			h.press(h.keys().List.Open)
		}
	}
	return activeAs[*TransportScreen](h)
}

// shownJourneys is the journeys the run sheet lists, by person and leg.
func shownJourneys(ts *TransportScreen) map[string]bool {
	out := map[string]bool{}
	for _, r := range ts.list.Rows() {
		out[r.ID] = true
	}
	return out
}

// On the run sheet, F limits it to one firm's runs, picked from the firms
// its journeys are booked with; F again shows every firm's.
func TestTransportOneFirm(t *testing.T) {
	h := newHarness(t)
	ts, m, people := trOpen(t, h)
	trBookFirms(t, h, m.ID, people)
	h.run(ts.Refresh())

	h.press(h.keys().Transport.Firm)
	p := activeAs[*kit.Picker](h)
	var firms []string
	for _, r := range p.List().Rows() {
		firms = append(firms, r.ID)
	}
	if len(firms) != 3 || firms[0] != "Amber Cars" || (firms[1] != "City Cars" && firms[1] != "city cars") || firms[2] != "Ring and Ride" {
		t.Fatalf("the picker offers %q, want Amber Cars, City Cars and Ring and Ride, each once", firms)
	}
	h.press(h.keys().Global.Back)
	if _, ok := h.active().(*kit.Picker); ok {
		h.press(h.keys().Global.Back)
	}
	ts = trPickFirm(t, h, firms[1])

	j := func(i int, leg store.Leg) string { return people[i].ID + "/" + string(leg) }
	got := shownJourneys(ts)
	for _, want := range []string{j(0, store.LegHome), j(1, store.LegThere)} {
		if !got[want] {
			t.Errorf("City Cars' sheet lacks the journey %s: %v", want, got)
		}
	}
	for _, not := range []string{j(0, store.LegThere), j(1, store.LegHome), j(2, store.LegThere), j(2, store.LegHome)} {
		if got[not] {
			t.Errorf("City Cars' sheet shows %s, which is not theirs", not)
		}
	}
	fk := h.keys().Transport.Firm.Help().Key
	h.wantScreen("Firm", ": its runs only (", fk+" shows every firm's")
	h.notScreen(people[2].DisplayName(), "Ring and Ride", "Amber Cars", "bus or train fare")

	// Its journeys cancelled, the sheet says why it has no runs.
	for _, x := range []struct {
		i   int
		leg store.Leg
	}{{0, store.LegHome}, {1, store.LegThere}} {
		if err := h.s.SetBookingStatus(bg(), m.ID, people[x.i].ID, x.leg, store.BookingCancelled, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	h.run(ts.Refresh())
	h.wantScreen("City Cars has no runs", "its journeys were cancelled", "Press "+fk+" to")

	// F again: every firm's runs.
	h.press(h.keys().Transport.Firm)
	h.wantScreen("Every firm's runs.")
	h.notScreen("its runs only")
	got = shownJourneys(ts)
	for _, want := range []string{j(0, store.LegThere), j(0, store.LegHome), j(1, store.LegThere), j(2, store.LegThere), j(2, store.LegHome)} {
		if !got[want] {
			t.Errorf("every firm's sheet lacks %s", want)
		}
	}
}

// With nothing booked, F says so instead of offering no firms.
func TestTransportOneFirmNothingBooked(t *testing.T) {
	h := newHarness(t)
	trOpen(t, h)
	h.press(h.keys().Transport.Firm)
	activeAs[*TransportScreen](h)
	h.wantScreen("No journey on this run sheet is booked with a firm yet")
}
