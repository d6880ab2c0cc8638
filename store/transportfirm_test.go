package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// book sets one journey of the fixture's meeting to status with firm
// (a cancelled one is booked first), or fails the test.
func (fx *trFixture) book(t *testing.T, name string, leg Leg, status BookingStatus, firm, ref string) {
	t.Helper()
	if status == BookingCancelled {
		if err := fx.s.SetBookingStatus(recCtx, fx.meeting.ID, fx.id(name), leg, BookingBooked, firm, ref); err != nil {
			t.Fatal(err)
		}
	}
	if err := fx.s.SetBookingStatus(recCtx, fx.meeting.ID, fx.id(name), leg, status, firm, ref); err != nil {
		t.Fatal(err)
	}
}

func trLegs(rs *RunSheet, personID string) string {
	var s []string
	for _, l := range rs.BookedLegs(personID) {
		s = append(s, string(l))
	}
	return strings.Join(s, "+")
}

// A firm gets only its own runs: the stops of people with a journey booked
// or confirmed with it, however its name was typed; a run split between
// firms is on each firm's sheet with only that firm's stops and journeys.
func TestRunSheetForFirm(t *testing.T) {
	fx := newTrFixture(t)
	annie, bob, cerys, dev := fx.id("Annie Quennell-Fotheringay"), fx.id("Robert Pemberton"), fx.id("Cerys Wynne"), fx.id("Dev Anand Shah")
	// The whole sheet: 1 taxi M14 [Annie Bob]; 2 taxi M14 ♿ [Cerys]; 3 community M20 [Dev].
	fx.book(t, "Annie Quennell-Fotheringay", LegThere, BookingBooked, "City Cars", "CC-1")
	fx.book(t, "Annie Quennell-Fotheringay", LegHome, BookingBooked, "Amber Cars", "")
	fx.book(t, "Robert Pemberton", LegThere, BookingConfirmed, " city  CARS ", "CC-2")
	fx.book(t, "Robert Pemberton", LegHome, BookingBooked, "City Cars", "CC-3")
	fx.book(t, "Cerys Wynne", LegThere, BookingBooked, "Amber Cars", "")
	fx.book(t, "Cerys Wynne", LegHome, BookingCancelled, "Streamline", "") // Streamline: only a cancelled journey
	fx.book(t, "Dev Anand Shah", LegThere, BookingBooked, "Ring and Ride", "")
	fx.book(t, "Dev Anand Shah", LegHome, BookingBooked, "Carers’ Cabs", "") // a word processor's apostrophe
	fx.book(t, "Gwen Gone", LegThere, BookingBooked, "City Cars", "CC-9")    // she sent apologies
	fx.book(t, "Gwen Gone", LegHome, BookingBooked, "Gone Cabs", "")         // only for someone not coming

	rs, err := fx.s.RunSheet(recCtx, fx.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	whole := trRuns(rs.Runs)
	if whole != "1 taxi M14 3/4 [Annie Bob]; 2 taxi M14 ♿ 2/4 [Cerys]; 3 community M20 1/4 [Dev]" {
		t.Fatalf("the whole sheet: %s", whole)
	}

	// The firms with runs, each once, however they were typed.
	want := []SheetFirm{{"Amber Cars", 2, 2}, {"Carers’ Cabs", 1, 1}, {"City Cars", 1, 3}, {"Ring and Ride", 1, 1}}
	if got := rs.Firms(); !reflect.DeepEqual(got, want) {
		t.Errorf("firms\n got %+v\nwant %+v", got, want)
	}

	city, err := rs.ForFirm("CITY cars")
	if err != nil {
		t.Fatal(err)
	}
	if city.Firm != "City Cars" || trRuns(city.Runs) != "1 taxi M14 3/4 [Annie Bob]" {
		t.Errorf("City Cars: %q %s", city.Firm, trRuns(city.Runs))
	}
	if trLegs(&city, annie) != "there" || trLegs(&city, bob) != "there+home" {
		t.Errorf("City Cars' journeys: Annie %s, Bob %s", trLegs(&city, annie), trLegs(&city, bob))
	}
	if len(city.Bookings) != 3 || len(city.Fares) != 0 || len(city.Others) != 1 || city.Others[0].Reference != "CC-9" {
		t.Errorf("City Cars: bookings %+v, fares %+v, others %+v", city.Bookings, city.Fares, city.Others)
	}
	// The times people were told stay; stops keep their order.
	if got, want := trClocks(city.Runs), trClocks(rs.Runs[:1]); !reflect.DeepEqual(got, want) {
		t.Errorf("City Cars' pickups %v, want %v", got, want)
	}

	// Annie's journey home and Cerys's journey there are Amber Cars'.
	amber, err := rs.ForFirm("  amber   cars")
	if err != nil {
		t.Fatal(err)
	}
	if trRuns(amber.Runs) != "1 taxi M14 1/4 [Annie]; 2 taxi M14 ♿ 2/4 [Cerys]" || amber.Runs[0].Stops[0].Order != 1 {
		t.Errorf("Amber Cars: %s", trRuns(amber.Runs))
	}
	if trLegs(&amber, annie) != "home" || trLegs(&amber, cerys) != "there" || len(amber.Others) != 0 {
		t.Errorf("Amber Cars' journeys: Annie %s, Cerys %s; others %+v", trLegs(&amber, annie), trLegs(&amber, cerys), amber.Others)
	}
	// Bob is the second stop of run 1 on the whole sheet, the first on a
	// sheet of his own firm's stops.
	fx.book(t, "Annie Quennell-Fotheringay", LegThere, BookingBooked, "Amber Cars", "")
	rs2, _ := fx.s.RunSheet(recCtx, fx.meeting.ID)
	city2, err := rs2.ForFirm("City Cars")
	if err != nil || trRuns(city2.Runs) != "1 taxi M14 2/4 [Bob]" || city2.Runs[0].Stops[0].Order != 1 {
		t.Errorf("City Cars without Annie: %s %v", trRuns(city2.Runs), err)
	}
	// Straight and curly apostrophes are the same.
	if cabs, err := rs.ForFirm("carers' cabs"); err != nil || trRuns(cabs.Runs) != "3 community M20 1/4 [Dev]" || trLegs(&cabs, dev) != "home" {
		t.Errorf("Carers’ Cabs: %s %v", trRuns(cabs.Runs), err)
	}

	// Firms with no runs: why, in plain words.
	for firm, why := range map[string]string{
		"Speedy":     `no journey to the meeting on Tue 24 Mar 2026 is booked with "Speedy"; the journeys are booked with Amber Cars, Carers’ Cabs, City Cars and Ring and Ride`,
		"streamline": "Streamline has no runs to the meeting on Tue 24 Mar 2026: its journey was cancelled",
		"Gone Cabs":  "Gone Cabs has no runs to the meeting on Tue 24 Mar 2026: its journey booked is for someone no longer on the run sheet (cancel it with the firm)",
	} {
		sheet, err := rs.ForFirm(firm)
		if !errors.Is(err, ErrNoRuns) || err.Error() != why {
			t.Errorf("%s: %v\nwant %s", firm, err, why)
		}
		if len(sheet.Runs) != 0 {
			t.Errorf("%s: runs %s", firm, trRuns(sheet.Runs))
		}
	}
	if gone, _ := rs.ForFirm("gone cabs"); len(gone.Others) != 1 || !gone.Others[0].NeedsCancelling() {
		t.Errorf("Gone Cabs' booking to cancel: %+v", gone.Others)
	}
	if _, err := rs.ForFirm("  "); err == nil || errors.Is(err, ErrNoRuns) {
		t.Errorf("no name: %v", err)
	}

	// A firm named on a journey still to book has no runs yet.
	fx.book(t, "Dev Anand Shah", LegHome, BookingToBook, "Later Cars", "")
	rs3, _ := fx.s.RunSheet(recCtx, fx.meeting.ID)
	if _, err := rs3.ForFirm("later cars"); !errors.Is(err, ErrNoRuns) ||
		err.Error() != "Later Cars has no runs to the meeting on Tue 24 Mar 2026: none of its journeys is booked or confirmed" {
		t.Errorf("a firm with a journey to book: %v", err)
	}

	// The whole sheet is as it was.
	if got := trRuns(rs.Runs); got != whole || rs.Runs[0].Stops[1].Order != 2 || rs.Firm != "" || len(rs.Bookings) != 10 {
		t.Errorf("the whole sheet changed: %s", got)
	}
}

func TestRunSheetForFirmNothingBooked(t *testing.T) {
	fx := newTrFixture(t)
	rs, err := fx.s.RunSheet(recCtx, fx.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	if f := rs.Firms(); len(f) != 0 {
		t.Errorf("firms %+v", f)
	}
	_, err = rs.ForFirm("City Cars")
	if want := `no journey to the meeting on Tue 24 Mar 2026 is booked with a firm yet, so "City Cars" has none`; !errors.Is(err, ErrNoRuns) || err.Error() != want {
		t.Errorf("%v\nwant %s", err, want)
	}
}
