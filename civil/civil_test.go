package civil

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
		bad  bool
	}{
		{in: "2026-03-14", want: Date{2026, time.March, 14}},
		{in: " 14/03/2026 ", want: Date{2026, time.March, 14}},
		{in: "4/3/2026", want: Date{2026, time.March, 4}},
		{in: "2026-04-31", bad: true},
		{in: "29/02/2027", bad: true},
		{in: "29/02/2028", want: Date{2028, time.February, 29}},
		{in: "", bad: true},
		{in: "next tuesday", bad: true},
	} {
		got, err := Parse(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("Parse(%q) = %v, want a mistake", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if d, err := ParseOptional("  "); err != nil || !d.IsZero() {
		t.Errorf("ParseOptional(blank) = %v, %v", d, err)
	}
}

func TestAddMonths(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-31", 1, "2026-02-28"},
		{"2028-01-31", 1, "2028-02-29"},
		{"2026-03-31", 1, "2026-04-30"},
		{"2026-12-15", 1, "2027-01-15"},
		{"2026-05-31", -3, "2026-02-28"},
		{"2028-02-29", 12, "2029-02-28"},
		{"2026-08-31", 6, "2027-02-28"},
	} {
		if got := MustParse(tc.from).AddMonths(tc.n).String(); got != tc.want {
			t.Errorf("%s + %d months = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
}

func TestCountingAndComparing(t *testing.T) {
	a, b := MustParse("2026-01-15"), MustParse("2026-03-14")
	if got := b.DaysSince(a); got != 58 {
		t.Errorf("DaysSince = %d", got)
	}
	if got := b.MonthsSince(a); got != 1 {
		t.Errorf("MonthsSince = %d, want 1", got)
	}
	if got := MustParse("2026-03-15").MonthsSince(a); got != 2 {
		t.Errorf("MonthsSince = %d, want 2", got)
	}
	if got := a.MonthsSince(b); got != -1 {
		t.Errorf("MonthsSince backwards = %d, want -1", got)
	}
	// Across the clocks going forward, a day is still a day.
	if got := MustParse("2026-03-30").DaysSince(MustParse("2026-03-28")); got != 2 {
		t.Errorf("DaysSince across BST = %d", got)
	}
	if !a.Before(b) || b.Before(a) || !b.After(a) || a.Compare(a) != 0 {
		t.Error("comparisons wrong")
	}
	// Text would put 2026-10-01 before 2026-9-30; dates do not.
	if !MustParse("30/9/2026").Before(MustParse("2026-10-01")) {
		t.Error("30 September is before 1 October")
	}
	if !MustParse("2026-03-14").Between(a, b) || MustParse("2026-03-15").Between(a, b) {
		t.Error("Between wrong")
	}
	if MustParse("2026-12-05").Weekday() != time.Saturday || !MustParse("2026-12-06").Weekend() {
		t.Error("weekday wrong")
	}
}

func TestInLondon(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no zone database")
	}
	// 23:30 UTC on 31 May is 00:30 on 1 June in London (summer time).
	ts := time.Date(2026, time.May, 31, 23, 30, 0, 0, time.UTC)
	if got := In(ts, london).String(); got != "2026-06-01" {
		t.Errorf("In London = %s", got)
	}
	if got := MustParse("2026-06-01").Time(london); !got.Equal(time.Date(2026, 5, 31, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("Time = %v", got)
	}
}

func TestTextJSONAndSQL(t *testing.T) {
	type rec struct {
		Due  Date `json:"due"`
		None Date `json:"none"`
	}
	b, err := json.Marshal(rec{Due: MustParse("2026-03-14")})
	if err != nil || string(b) != `{"due":"2026-03-14","none":""}` {
		t.Fatalf("json = %s, %v", b, err)
	}
	var back rec
	if err := json.Unmarshal(b, &back); err != nil || back.Due != MustParse("2026-03-14") || !back.None.IsZero() {
		t.Fatalf("json back = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"due":"2026-02-30"}`), &back); err == nil {
		t.Error("30 February read from JSON")
	}
	var d Date
	for _, src := range []any{"2026-03-14", []byte("2026-03-14"), time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)} {
		if err := d.Scan(src); err != nil || d.String() != "2026-03-14" {
			t.Errorf("Scan(%T) = %v, %v", src, d, err)
		}
	}
	if err := d.Scan(nil); err != nil || !d.IsZero() {
		t.Errorf("Scan(nil) = %v, %v", d, err)
	}
	if err := d.Scan(42); err == nil {
		t.Error("Scan(int) accepted")
	}
	if v, _ := MustParse("2026-03-14").Value(); v != "2026-03-14" {
		t.Errorf("Value = %v", v)
	}
}

func TestValid(t *testing.T) {
	if (Date{2026, time.February, 30}).Valid() || (Date{}).Valid() || !MustParse("2026-02-28").Valid() {
		t.Error("Valid wrong")
	}
}
