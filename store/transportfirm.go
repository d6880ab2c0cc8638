package store

// The run sheet as one firm (or community transport service) gets it: only
// the journeys booked with that firm.

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/involve/involve/termsafe"
)

// SheetFirm is a firm that journeys on a run sheet are booked with.
type SheetFirm struct {
	Name     string // as the bookings spell it (the commonest spelling)
	Runs     int    // runs with at least one of its journeys
	Journeys int    // journeys booked or confirmed with it
}

// ErrNoRuns is what the error of RunSheet.ForFirm wraps when the firm has
// no runs on the sheet.
var ErrNoRuns = errors.New("the firm has no runs on the run sheet")

// noRunsError says why a firm has no runs; it is an ErrNoRuns.
type noRunsError struct{ why string }

func (e noRunsError) Error() string { return e.why }
func (e noRunsError) Unwrap() error { return ErrNoRuns }

func noRuns(format string, args ...any) error { return noRunsError{fmt.Sprintf(format, args...)} }

// firmKey is a firm's name as it is matched: as forum names are, ignoring
// case, spacing and the kind of apostrophe.
func firmKey(name string) string { return forumKey(name) }

// forFirm says whether a booking is a journey the firm is to make.
func (b Booking) forFirm() bool {
	return b.Status == BookingBooked || b.Status == BookingConfirmed
}

// onSheet is the set of people with a stop on the sheet.
func (rs *RunSheet) onSheet() map[string]bool {
	on := map[string]bool{}
	for _, r := range rs.Runs {
		for _, st := range r.Stops {
			on[st.PersonID] = true
		}
	}
	return on
}

// Firms lists the firms that the journeys of people on the sheet are
// booked (or confirmed) with, each once however its name was typed, in
// alphabetical order: the firms ForFirm gives a sheet with runs.
func (rs *RunSheet) Firms() []SheetFirm {
	on := rs.onSheet()
	runOf := map[string]int{}
	for _, r := range rs.Runs {
		for _, st := range r.Stops {
			runOf[st.PersonID] = r.Number
		}
	}
	type tally struct {
		spellings map[string]int
		runs      map[int]bool
		journeys  int
	}
	byKey := map[string]*tally{}
	for _, b := range rs.Bookings {
		k := firmKey(b.Firm)
		if k == "" || !b.forFirm() || !on[b.PersonID] {
			continue
		}
		t := byKey[k]
		if t == nil {
			t = &tally{spellings: map[string]int{}, runs: map[int]bool{}}
			byKey[k] = t
		}
		t.spellings[b.Firm]++
		t.runs[runOf[b.PersonID]] = true
		t.journeys++
	}
	out := make([]SheetFirm, 0, len(byKey))
	for _, t := range byKey {
		out = append(out, SheetFirm{Name: commonest(t.spellings), Runs: len(t.runs), Journeys: t.journeys})
	}
	slices.SortFunc(out, func(a, b SheetFirm) int {
		return cmp.Or(strings.Compare(firmKey(a.Name), firmKey(b.Name)), strings.Compare(a.Name, b.Name))
	})
	return out
}

// commonest is the spelling used most often (the first in order on a tie).
func commonest(spellings map[string]int) string {
	best, n := "", 0
	for s, c := range spellings {
		if c > n || (c == n && s < best) {
			best, n = s, c
		}
	}
	return best
}

// BookedLegs lists the journeys of a person on the sheet that are booked
// or confirmed: on a firm's sheet (see ForFirm), with that firm.
func (rs *RunSheet) BookedLegs(personID string) []Leg {
	var legs []Leg
	for _, leg := range Legs {
		if b, ok := rs.Booking(personID, leg); ok && b.forFirm() {
			legs = append(legs, leg)
		}
	}
	return legs
}

// ForFirm is the run sheet as the firm named gets it: only the runs, and in
// them only the stops, of people with a journey booked or confirmed with
// that firm (a run whose journeys are split between firms is on each
// firm's sheet with only its own stops). The firm's name is matched as a
// forum's is: ignoring case, spacing and the kind of apostrophe.
//
// On the firm's sheet, Firm is the firm's name as the bookings spell it;
// runs keep their numbers and stops their estimated pickup times (the
// times people were told), but stops are numbered afresh and the seats
// counted again; Bookings holds only the journeys the firm is to make
// (BookedLegs says which of a person's they are), Others only the firm's
// bookings for people not on the sheet; Problems only concern its stops;
// Fares is empty.
//
// When the firm has no runs, the error (wrapping ErrNoRuns) says why in
// plain words: no journey is booked with a firm of that name (naming the
// firms that are), or the firm's journeys were cancelled, or they are for
// people no longer on the sheet. The sheet returned with it is still the
// firm's, with its Others.
func (rs *RunSheet) ForFirm(firm string) (RunSheet, error) {
	out := *rs
	out.Runs, out.Fares, out.Bookings, out.Others, out.Problems = nil, nil, nil, nil, nil
	key := firmKey(firm)
	if key == "" {
		return out, errors.New("give the name of the firm (or community transport service) the journeys are booked with")
	}
	when := rs.Meeting.Start.In(London).Format("Mon 2 Jan 2006")
	on := rs.onSheet()
	spellings := map[string]int{}
	mine := map[string]bool{}
	cancelled, other := 0, 0
	for _, b := range rs.Bookings {
		if firmKey(b.Firm) != key {
			continue
		}
		spellings[b.Firm]++
		switch {
		case b.forFirm() && on[b.PersonID]:
			out.Bookings = append(out.Bookings, b)
			mine[b.PersonID] = true
		case b.Status == BookingCancelled:
			cancelled++
		default:
			other++
		}
	}
	for _, o := range rs.Others {
		if firmKey(o.Firm) == key {
			out.Others = append(out.Others, o)
		}
	}
	if len(spellings) == 0 {
		out.Firm = termsafe.Line(firm)
		firms := rs.Firms()
		if len(firms) == 0 {
			return out, noRuns("no journey to the meeting on %s is booked with a firm yet, so %q has none", when, out.Firm)
		}
		names := make([]string, len(firms))
		for i, f := range firms {
			names[i] = f.Name
		}
		return out, noRuns("no journey to the meeting on %s is booked with %q; the journeys are booked with %s",
			when, out.Firm, riderList(names))
	}
	out.Firm = commonest(spellings)
	for _, r := range rs.Runs {
		var stops []Stop
		used := 0
		for _, st := range r.Stops {
			if mine[st.PersonID] {
				st.Order = len(stops) + 1
				stops = append(stops, st)
				used += st.Seats
			}
		}
		if len(stops) > 0 {
			r.Stops, r.SeatsUsed = stops, used
			out.Runs = append(out.Runs, r)
		}
	}
	out.Problems = runProblems(out.Runs)
	if len(out.Runs) > 0 {
		return out, nil
	}
	needCancelling := 0
	for _, o := range out.Others {
		if o.NeedsCancelling() {
			needCancelling++
		}
	}
	switch {
	case needCancelling > 0:
		return out, noRuns("%s has no runs to the meeting on %s: %s for %s no longer on the run sheet (cancel %s with the firm)",
			out.Firm, when, csvPluralWord(needCancelling, "its journey booked is", "its journeys booked are"),
			csvPluralWord(needCancelling, "someone", "people"), csvPluralWord(needCancelling, "it", "them"))
	case cancelled > 0 && other == 0:
		return out, noRuns("%s has no runs to the meeting on %s: %s cancelled", out.Firm, when,
			csvPluralWord(cancelled, "its journey was", "its journeys were"))
	}
	return out, noRuns("%s has no runs to the meeting on %s: none of its journeys is booked or confirmed", out.Firm, when)
}
