package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func ws(wd, from, to int, a Answer) WeeklySlot {
	return WeeklySlot{Weekday: wd, StartMin: from, EndMin: to, Answer: a}
}

func TestParseAnswer(t *testing.T) {
	for in, want := range map[string]Answer{"yes": AnswerYes, "Y": AnswerYes, "if need be": AnswerMaybe,
		"maybe": AnswerMaybe, "no": AnswerNo, " N ": AnswerNo} {
		if got, err := ParseAnswer(in); err != nil || got != want {
			t.Errorf("ParseAnswer(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseAnswer("perhaps"); err == nil {
		t.Error("perhaps accepted")
	}
	for _, a := range []Answer{AnswerYes, AnswerMaybe, AnswerNo, AnswerUnknown} {
		if a.Symbol() == "" || a.Label() == "" {
			t.Errorf("%q has no symbol or label", a)
		}
	}
}

func TestParseWeekdays(t *testing.T) {
	for in, want := range map[string][]int{
		"mon-fri": {1, 2, 3, 4, 5}, "Tuesday Thursday": {2, 4}, "sun,mon": {1, 7}, "sa-su": {6, 7},
	} {
		got, err := ParseWeekdays(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ParseWeekdays(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "fri-mon", "funday", "m"} {
		if _, err := ParseWeekdays(bad); err == nil {
			t.Errorf("ParseWeekdays(%q) accepted", bad)
		}
	}
}

func TestValidateSlots(t *testing.T) {
	cases := []struct {
		slots []WeeklySlot
		want  string // "" for valid
	}{
		{[]WeeklySlot{ws(1, 600, 720, AnswerYes), ws(1, 720, 780, AnswerNo), ws(7, 0, 1440, AnswerMaybe)}, ""},
		{[]WeeklySlot{ws(1, 600, 720, AnswerYes), ws(1, 700, 780, AnswerNo)}, "Monday: 10:00–12:00 overlaps 11:40–13:00"},
		{[]WeeklySlot{ws(2, 720, 600, AnswerYes)}, "Tuesday 12:00–10:00: the end must be after the start"},
		{[]WeeklySlot{ws(2, 600, 600, AnswerYes)}, "the end must be after the start"},
		{[]WeeklySlot{ws(8, 600, 700, AnswerYes)}, "day 8 is not a day of the week"},
		{[]WeeklySlot{ws(0, 600, 700, AnswerYes)}, "day 0 is not a day of the week"},
		{[]WeeklySlot{ws(3, -5, 700, AnswerYes)}, "between 00:00 and 23:59"},
		{[]WeeklySlot{ws(3, 600, 1441, AnswerYes)}, "between 00:01 and 24:00"},
		{[]WeeklySlot{ws(3, 600, 700, "perhaps")}, "must be yes, maybe or no"},
		{[]WeeklySlot{ws(3, 600, 700, AnswerUnknown)}, "must be yes, maybe or no"},
	}
	for _, c := range cases {
		err := ValidateSlots(slices.Clone(c.slots))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%v: %v", c.slots, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%v: got %v, want %q", c.slots, err, c.want)
		}
	}
}

func TestAvailabilityRoundTrip(t *testing.T) {
	s := recOpen(t)
	p := recPerson(t, s, "Mo")
	other := recPerson(t, s, "Lee")

	pat, err := s.Availability(recCtx, p.ID)
	if err != nil || len(pat.Slots) != 0 || pat.PersonID != p.ID {
		t.Fatalf("empty pattern: %+v, %v", pat, err)
	}
	in := []WeeklySlot{ws(3, 600, 720, AnswerYes), ws(1, 780, 900, AnswerMaybe), ws(1, 540, 720, AnswerNo)}
	keep := slices.Clone(in)
	if err := s.SetAvailability(recCtx, p.ID, in); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(in, keep) {
		t.Error("SetAvailability changed the caller's slice")
	}
	if err := s.SetAvailability(recCtx, other.ID, []WeeklySlot{ws(5, 600, 700, AnswerYes)}); err != nil {
		t.Fatal(err)
	}
	pat, err = s.Availability(recCtx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range pat.Slots {
		got = append(got, w.String())
		if w.ID == "" || w.Version != 1 || w.PersonID != p.ID || w.CreatedAt.IsZero() {
			t.Errorf("row %v lacks its identity: %+v", w, w.Meta)
		}
	}
	want := []string{"Monday 09:00–12:00 no", "Monday 13:00–15:00 maybe", "Wednesday 10:00–12:00 yes"}
	if !slices.Equal(got, want) {
		t.Errorf("pattern %q, want %q", got, want)
	}
	if pat.At(1, 600) != AnswerNo || pat.At(1, 720) != AnswerUnknown || pat.At(3, 719) != AnswerYes {
		t.Error("Pattern.At gives the wrong answers")
	}

	// A bad pattern changes nothing.
	err = s.SetAvailability(recCtx, p.ID, []WeeklySlot{ws(2, 600, 700, AnswerYes), ws(2, 650, 800, AnswerNo)})
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("overlap: %v, want a FieldError", err)
	}
	if again, _ := s.Availability(recCtx, p.ID); len(again.Slots) != 3 {
		t.Errorf("a refused pattern changed the stored one: %v", again.Slots)
	}

	// Replacing is whole; the other person's pattern is untouched.
	if err := s.SetAvailability(recCtx, p.ID, nil); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Availability(recCtx, p.ID); len(again.Slots) != 0 {
		t.Errorf("cleared pattern still has %v", again.Slots)
	}
	if o, _ := s.Availability(recCtx, other.ID); len(o.Slots) != 1 {
		t.Errorf("the other person's pattern: %v", o.Slots)
	}
	if err := s.SetAvailability(recCtx, "nobody", []WeeklySlot{ws(1, 600, 700, AnswerYes)}); !errors.Is(err, ErrNotFound) {
		t.Errorf("pattern for nobody: %v", err)
	}
	// Erasing a person erases their pattern.
	if err := s.DeletePerson(recCtx, other.ID, other.Version); err != nil {
		t.Fatal(err)
	}
	if n := recRows(t, s, "availability"); n != 0 {
		t.Errorf("%d availability rows left", n)
	}
}

func TestWeekGrid(t *testing.T) {
	g := NewWeekGrid([]WeeklySlot{ws(1, 600, 720, AnswerYes), ws(1, 720, 780, AnswerNo)})
	if a, mixed := g.Get(1, 600, 660); a != AnswerYes || mixed {
		t.Errorf("10–11: %q mixed %v", a, mixed)
	}
	if a, mixed := g.Get(1, 690, 750); a != AnswerNo || !mixed {
		t.Errorf("11:30–12:30: %q mixed %v", a, mixed)
	}
	if a, mixed := g.Get(1, 770, 800); a != AnswerNo || !mixed {
		t.Errorf("12:50–13:20 (part not known): %q mixed %v", a, mixed)
	}
	if a, _ := g.Get(2, 0, 1440); a != AnswerUnknown {
		t.Errorf("an empty Tuesday: %q", a)
	}
	g.Set(1, 660, 720, AnswerMaybe)
	g.Set(1, 720, 780, AnswerUnknown)
	g.Set(7, 1380, 1500, AnswerYes) // clipped to midnight
	var got []string
	for _, w := range g.Slots() {
		got = append(got, w.String())
	}
	want := []string{"Monday 10:00–11:00 yes", "Monday 11:00–12:00 maybe", "Sunday 23:00–24:00 yes"}
	if !slices.Equal(got, want) {
		t.Errorf("slots %q, want %q", got, want)
	}
	if err := ValidateSlots(g.Slots()); err != nil {
		t.Errorf("the grid's slots are not valid: %v", err)
	}
}

func TestExceptions(t *testing.T) {
	s := recOpen(t)
	p := recPerson(t, s, "Ash")

	e := Exception{PersonID: p.ID, From: "03/03/2026", To: "2026-03-17", Note: "Away\x07 visiting family"}
	if err := s.AddException(recCtx, &e); err != nil {
		t.Fatal(err)
	}
	if e.ID == "" || e.From != "2026-03-03" || e.Answer != AnswerNo || e.Note != "Away visiting family" {
		t.Fatalf("stored %+v", e)
	}
	one := Exception{PersonID: p.ID, From: "2026-02-10", Answer: AnswerYes, Note: "can do this one"}
	if err := s.AddException(recCtx, &one); err != nil {
		t.Fatal(err)
	}
	if one.To != "2026-02-10" {
		t.Errorf("a one-day exception ends %q", one.To)
	}
	list, err := s.Exceptions(recCtx, p.ID)
	if err != nil || len(list) != 2 || list[0].ID != one.ID || list[1] != e {
		t.Fatalf("Exceptions = %+v, %v", list, err)
	}
	if !e.Covers("2026-03-03") || !e.Covers("2026-03-17") || e.Covers("2026-03-18") || e.Covers("2026-03-02") {
		t.Error("Covers is not inclusive of both ends only")
	}

	// Validation: "away 17–3 March" is refused.
	for _, bad := range []Exception{
		{PersonID: p.ID, From: "2026-03-17", To: "2026-03-03"},
		{PersonID: p.ID, From: "", To: "2026-03-03"},
		{PersonID: p.ID, From: "31/02/2026"},
		{PersonID: p.ID, From: "2026-03-01", Answer: "perhaps"},
		{PersonID: "", From: "2026-03-01"},
	} {
		b := bad
		err := s.AddException(recCtx, &b)
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("%+v: %v, want a FieldError", bad, err)
		}
	}
	err = s.AddException(recCtx, &Exception{PersonID: p.ID, From: "2026-03-17", To: "2026-03-03"})
	if err == nil || !strings.Contains(err.Error(), "before the first") {
		t.Errorf("to before from: %v", err)
	}
	if err := s.AddException(recCtx, &Exception{PersonID: "nobody", From: "2026-03-01"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("exception for nobody: %v", err)
	}

	// Update, with optimistic concurrency.
	stale := e
	e.To = "2026-03-20"
	if err := s.UpdateException(recCtx, &e); err != nil || e.Version != 2 {
		t.Fatalf("update: %v, version %d", err, e.Version)
	}
	stale.Note = "changed meanwhile"
	if err := s.UpdateException(recCtx, &stale); !errors.Is(err, ErrConflict) {
		t.Errorf("stale update: %v", err)
	}
	if err := s.DeleteException(recCtx, e.ID, 1); !errors.Is(err, ErrConflict) {
		t.Errorf("stale delete: %v", err)
	}
	if err := s.DeleteException(recCtx, e.ID, e.Version); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteException(recCtx, e.ID, e.Version); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if list, _ := s.Exceptions(recCtx, p.ID); len(list) != 1 {
		t.Errorf("%d exceptions left, want 1", len(list))
	}
}

// TestReplaceAvailabilityConflict: two coordinators load the same week;
// the first save wins and the second is refused, not silently lost.
func TestReplaceAvailabilityConflict(t *testing.T) {
	s := recOpen(t)
	p := recPerson(t, s, "Mo")
	if err := s.SetAvailability(recCtx, p.ID, []WeeklySlot{ws(1, 600, 720, AnswerYes)}); err != nil {
		t.Fatal(err)
	}
	a, err := s.Availability(recCtx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	b := a // the second copy of the app loaded the same week

	a2, err := s.ReplaceAvailability(recCtx, a, []WeeklySlot{ws(2, 600, 720, AnswerNo)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplaceAvailability(recCtx, b, []WeeklySlot{ws(3, 600, 720, AnswerMaybe)}); !errors.Is(err, ErrConflict) {
		t.Fatalf("a save over a week changed meanwhile: got %v, want ErrConflict", err)
	}
	now, err := s.Availability(recCtx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(now.Slots) != 1 || now.Slots[0].Weekday != 2 || now.Slots[0].Answer != AnswerNo {
		t.Fatalf("the first save did not survive: %+v", now.Slots)
	}
	// The winner can go on saving with what ReplaceAvailability returned.
	if _, err := s.ReplaceAvailability(recCtx, a2, []WeeklySlot{ws(4, 600, 720, AnswerYes)}); err != nil {
		t.Fatalf("saving again after a save: %v", err)
	}
}
