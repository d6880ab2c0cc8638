package store

import (
	"context"
	"testing"
	"time"
)

func TestDemoAccess(t *testing.T) {
	ctx := context.Background()
	s := openDemo(t, DemoPeople, 1)
	people := demoCount(t, s, "SELECT count(*) FROM people")
	withPattern := demoCount(t, s, "SELECT count(DISTINCT person_id) FROM availability")
	if withPattern < people/2 {
		t.Errorf("%d of %d people have a weekly pattern", withPattern, people)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM availability_exceptions"); n == 0 {
		t.Error("no exceptions")
	}
	if n := demoCount(t, s, "SELECT count(*) FROM access_needs WHERE transport = 'taxi' AND pickup_postcode != ''"); n == 0 {
		t.Error("nobody takes a taxi")
	}
	if n := demoCount(t, s, "SELECT count(*) FROM access_needs WHERE wheelchair = 1"); n == 0 {
		t.Error("no wheelchair users")
	}
	if n := demoCount(t, s, "SELECT count(*) FROM access_needs WHERE availability_reason != ''"); n == 0 {
		t.Error("no reasons")
	}
	members, err := s.People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		a, err := s.AccessNeeds(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Validate(); err != nil {
			t.Errorf("%s: demo needs do not validate: %v", m.Name, err)
		}
		if a.NeedsPickup() && (a.PickupAddress == "" || PostcodeDistrict(a.PickupPostcode) == "") {
			t.Errorf("%s: collected by %s but no address", m.Name, a.Transport)
		}
		pat, err := s.Availability(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := ValidateSlots(pat.Slots); err != nil {
			t.Errorf("%s: demo pattern is not valid: %v", m.Name, err)
		}
		exc, err := s.Exceptions(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range exc {
			if err := e.Validate(); err != nil {
				t.Errorf("%s: demo exception %+v: %v", m.Name, e, err)
			}
		}
	}
	// Every forum can find a time in the next four weeks.
	forums, err := s.Forums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	from := demoTestNow.In(London).AddDate(0, 0, 1)
	for _, f := range forums {
		slots, err := s.SuggestSlots(ctx, SlotQuery{ForumID: f.ID, From: from.Format(DateLayout),
			To: from.AddDate(0, 0, 27).Format(DateLayout), Duration: 2 * time.Hour, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(slots) == 0 || slots[0].Yes == 0 {
			t.Errorf("%s: no time anyone can come", f.Name)
		}
	}
}
