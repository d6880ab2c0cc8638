package store

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalPostcode(t *testing.T) {
	good := map[string]string{
		"m14 5tq":   "M14 5TQ",
		"M145TQ":    "M14 5TQ",
		" M14  5TQ": "M14 5TQ",
		"sw1a1aa":   "SW1A 1AA",
		"m1 1ae":    "M1 1AE",
		"B33 8TH":   "B33 8TH",
		"EC1V 9HX":  "EC1V 9HX",
		"":          "",
		"   ":       "",
	}
	for in, want := range good {
		got, err := NormalPostcode(in)
		if err != nil || got != want {
			t.Errorf("NormalPostcode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"M14", "14 5TQ", "M14 5T", "MMM1 5TQ", "M14 TQ5", "M14-5TQ", "hello", "M14 5TQQ", "M\x1b14 5TQ"} {
		if got, err := NormalPostcode(bad); err == nil {
			t.Errorf("NormalPostcode(%q) = %q, want an error", bad, got)
		} else if !strings.Contains(err.Error(), "like M14 5TQ") {
			t.Errorf("NormalPostcode(%q): message %q does not show an example", bad, err)
		}
	}
}

func TestPostcodeDistrict(t *testing.T) {
	for in, want := range map[string]string{
		"M14 5TQ": "M14", "m145tq": "M14", "SW1A 1AA": "SW1A", "M1 1AE": "M1",
		"M14": "M14", "m14": "M14", "": "", "nonsense": "", "M14 5": "",
	} {
		if got := PostcodeDistrict(in); got != want {
			t.Errorf("PostcodeDistrict(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNormalPostcode(f *testing.F) {
	for _, s := range []string{"M14 5TQ", "sw1a1aa", "", "M1", "\x00", "ＭＩ４"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pc, err := NormalPostcode(s)
		if err != nil {
			return
		}
		if pc == "" {
			return
		}
		again, err := NormalPostcode(pc)
		if err != nil || again != pc {
			t.Fatalf("%q → %q, which normalises to %q, %v", s, pc, again, err)
		}
		if strings.Count(pc, " ") != 1 || pc != strings.ToUpper(pc) {
			t.Fatalf("%q → %q: not upper case with one space", s, pc)
		}
		if d := PostcodeDistrict(pc); d == "" || !strings.HasPrefix(pc, d+" ") {
			t.Fatalf("district of %q is %q", pc, d)
		}
	})
}

func TestParseTransport(t *testing.T) {
	for in, want := range map[string]Transport{
		"": TransportOwn, "taxi": TransportTaxi, "Taxi": TransportTaxi, "bus": TransportFare,
		"Community transport": TransportCommunity, "lift": TransportLift, "own": TransportOwn,
	} {
		if got, err := ParseTransport(in); err != nil || got != want {
			t.Errorf("ParseTransport(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseTransport("hovercraft"); err == nil {
		t.Error("hovercraft accepted")
	}
	for _, tr := range Transports {
		if tr.Label() == string(tr) {
			t.Errorf("%q has no plain-English label", tr)
		}
	}
}

func TestAccessNeedsRoundTrip(t *testing.T) {
	s := recOpen(t)
	p := recPerson(t, s, "Mary Jones")

	a, err := s.AccessNeeds(recCtx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a != (AccessNeeds{PersonID: p.ID}) {
		t.Fatalf("no needs yet: got %+v, want the empty record for %s", a, p.ID)
	}

	a.Transport = "taxi"
	a.Wheelchair, a.Escort, a.StepFree, a.BSL = true, true, true, true
	a.PickupAddress = "14 Larkspur Way\x1b[31m"
	a.PickupPostcode = "m14 5tq"
	a.InterpreterLanguage = "Urdu"
	a.Dietary = "Halal"
	a.SupportOther = "Prefers a seat near the door.\r\nQuiet room at breaks."
	a.AvailabilityReason = "script pick-up mornings"
	if err := s.SaveAccessNeeds(recCtx, &a); err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Version != 1 {
		t.Fatalf("after insert: id %q version %d", a.ID, a.Version)
	}
	if a.PickupPostcode != "M14 5TQ" {
		t.Errorf("postcode stored as %q", a.PickupPostcode)
	}
	if strings.ContainsRune(a.PickupAddress, 0x1b) {
		t.Errorf("escape kept in the address: %q", a.PickupAddress)
	}
	got, err := s.AccessNeeds(recCtx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got != a {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, a)
	}
	if !got.NeedsPickup() || len(got.Mobility()) != 2 || len(got.Support()) != 3 {
		t.Errorf("pickup %v mobility %v support %v", got.NeedsPickup(), got.Mobility(), got.Support())
	}
	if got.SupportOther != "Prefers a seat near the door.\nQuiet room at breaks." {
		t.Errorf("other needs %q", got.SupportOther)
	}

	// Update.
	got.Transport = TransportCommunity
	got.Wheelchair = false
	if err := s.SaveAccessNeeds(recCtx, &got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 {
		t.Errorf("version %d after update, want 2", got.Version)
	}
	again, _ := s.AccessNeeds(recCtx, p.ID)
	if again != got {
		t.Fatalf("after update\n%+v\nwant\n%+v", again, got)
	}

	// Erasing the person erases their needs.
	if err := s.DeletePerson(recCtx, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	if n := recRows(t, s, "access_needs"); n != 0 {
		t.Errorf("%d access_needs rows left after erasing the person", n)
	}
}

func TestAccessNeedsConflicts(t *testing.T) {
	a, b := recTwoStores(t)
	p := recPerson(t, a, "Sam")

	// Two people edit the same needs: the second save is refused.
	n := AccessNeeds{PersonID: p.ID, Transport: TransportTaxi}
	if err := a.SaveAccessNeeds(recCtx, &n); err != nil {
		t.Fatal(err)
	}
	x, _ := a.AccessNeeds(recCtx, p.ID)
	y, _ := b.AccessNeeds(recCtx, p.ID)
	x.Escort = true
	if err := a.SaveAccessNeeds(recCtx, &x); err != nil {
		t.Fatal(err)
	}
	y.Wheelchair = true
	before := y
	if err := b.SaveAccessNeeds(recCtx, &y); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale update: %v, want ErrConflict", err)
	}
	if y != before {
		t.Error("a refused save changed the caller's record")
	}
	stored, _ := a.AccessNeeds(recCtx, p.ID)
	if !stored.Escort || stored.Wheelchair {
		t.Errorf("stored %+v: the first edit should stand", stored)
	}

	// Two people record needs for someone who had none: the second insert
	// is refused too, rather than failing on the unique person_id.
	q := recPerson(t, a, "Jo")
	one := AccessNeeds{PersonID: q.ID}
	two := AccessNeeds{PersonID: q.ID, Transport: TransportLift}
	if err := a.SaveAccessNeeds(recCtx, &one); err != nil {
		t.Fatal(err)
	}
	if err := b.SaveAccessNeeds(recCtx, &two); !errors.Is(err, ErrConflict) {
		t.Fatalf("second insert: %v, want ErrConflict", err)
	}
	if two.ID != "" {
		t.Error("a refused insert gave the record an ID")
	}

	// Nobody to attach them to.
	ghost := AccessNeeds{PersonID: "no-such-person"}
	if err := a.SaveAccessNeeds(recCtx, &ghost); !errors.Is(err, ErrNotFound) {
		t.Errorf("needs for nobody: %v, want ErrNotFound", err)
	}
}

func TestAccessNeedsValidation(t *testing.T) {
	s := recOpen(t)
	p := recPerson(t, s, "Kim")
	cases := []struct {
		edit  func(*AccessNeeds)
		field string
	}{
		{func(a *AccessNeeds) { a.PickupPostcode = "not a postcode" }, "Postcode"},
		{func(a *AccessNeeds) { a.Transport = "rocket" }, "Transport"},
		{func(a *AccessNeeds) { a.PersonID = "" }, "Person"},
		{func(a *AccessNeeds) { a.AvailabilityReason = strings.Repeat("x", 201) }, "Reason"},
	}
	for _, c := range cases {
		a := AccessNeeds{PersonID: p.ID}
		c.edit(&a)
		err := s.SaveAccessNeeds(recCtx, &a)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("want a %s error, got %v", c.field, err)
		}
		if a.ID != "" {
			t.Errorf("%s: the refused record was given an ID", c.field)
		}
	}
	if n := recRows(t, s, "access_needs"); n != 0 {
		t.Errorf("%d rows written by refused saves", n)
	}
}
