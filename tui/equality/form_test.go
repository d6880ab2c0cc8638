package equality

import (
	"errors"
	"testing"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
)

func TestAnswersFormYearAndDates(t *testing.T) {
	today := civil.MustParse("2026-03-10")
	v := newAnswersForm(store.EqualityAnswers{PersonID: "p", BirthYear: "1971"}, today)
	if v.YearSaid != "year" || v.Year != "1971" || v.Recorded != "2026-03-10" || v.Agree {
		t.Fatalf("loaded %+v", v)
	}
	v.Year = "1968"
	e, err := v.answers()
	if err != nil || e.BirthYear != "1968" || e.RecordedOn != today {
		t.Fatalf("answers %+v %v", e, err)
	}
	v.YearSaid = store.PreferNotToSay
	if e, _ := v.answers(); e.BirthYear != store.PreferNotToSay {
		t.Errorf("prefer not to say gave %q", e.BirthYear)
	}
	v.YearSaid, v.Year = "year", ""
	var fe *store.FieldError
	if _, err := v.answers(); !errors.As(err, &fe) || fe.Field != "Year of birth" {
		t.Errorf("a year said but not typed: %v", err)
	}
	v.YearSaid, v.Recorded = "", "31/02/2026"
	if _, err := v.answers(); !errors.As(err, &fe) || fe.Field != "Answers given on" {
		t.Errorf("a date that does not exist: %v", err)
	}
	if err := v.checkDate("2026-03-11"); err == nil {
		t.Error("a date still to come passed the live check")
	}
}

func TestOptionsOrder(t *testing.T) {
	opts := options(store.EthnicGroups)
	if len(opts) != 21 || opts[0].Value != "" || opts[20].Value != store.PreferNotToSay {
		t.Fatalf("%d options: first %q, last %q", len(opts), opts[0].Value, opts[len(opts)-1].Value)
	}
	if opts[10].Key != "Asian or Asian British: Indian" {
		t.Errorf("option 10 is %q", opts[10].Key)
	}
	if !takesWriteIn(store.EthnicGroups, "black_other") || takesWriteIn(store.EthnicGroups, "black_african") {
		t.Error("write-ins: wrong answers take them")
	}
}
