package ico

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/involve/involve/civil"
)

// The ICO's rule, table-tested: the same date next month; the last day of
// the month when it has no such date; the next working day after a
// weekend or bank holiday; three months with an extension; paused days.
func TestDue(t *testing.T) {
	d := civil.MustParse
	for _, c := range []struct {
		start          string
		months, paused int
		want, why      string
	}{
		{"2026-03-03", 1, 0, "2026-04-07", "3 April 2026 is Good Friday, then the weekend, then Easter Monday"},
		{"2026-09-03", 1, 0, "2026-10-05", "3 October 2026 is a Saturday: Monday"},
		{"2026-09-14", 1, 0, "2026-10-14", "a Wednesday"},
		{"2026-01-31", 1, 0, "2026-03-02", "no 31 February: the 28th, a Saturday, so Monday 2 March"},
		{"2027-01-31", 1, 0, "2027-03-01", "no 31 February: the 28th, a Sunday, so Monday 1 March"},
		{"2028-01-31", 1, 0, "2028-02-29", "leap year: 29 February 2028, a Tuesday"},
		{"2025-01-31", 1, 0, "2025-02-28", "28 February 2025, a Friday"},
		{"2026-03-31", 1, 0, "2026-04-30", "no 31 April: the 30th"},
		{"2026-05-30", 1, 0, "2026-06-30", "an ordinary Tuesday"},
		{"2026-11-25", 1, 0, "2026-12-29", "25 December is Christmas, 26-27 the weekend, 28 Boxing Day substitute"},
		{"2026-11-28", 1, 0, "2026-12-29", "28 December 2026 is the Boxing Day substitute"},
		{"2027-04-26", 1, 0, "2027-05-26", "a Wednesday"},
		{"2027-04-03", 1, 0, "2027-05-04", "3 May 2027 is the early May bank holiday"},
		{"2026-12-01", 1, 0, "2027-01-04", "1 January is New Year's Day, then a weekend"},
		{"2026-11-30", 3, 0, "2027-03-01", "extended: 30 February does not exist, 28th is a Sunday: Monday 1 March"},
		{"2026-03-10", 3, 0, "2026-06-10", "extended by two months"},
		{"2026-03-10", 1, 10, "2026-04-20", "the clock stopped for 10 days"},
		{"2026-03-24", 1, 5, "2026-04-29", "24 April + 5 days"},
		{"2026-03-02", 1, 1, "2026-04-07", "2 April + 1 = 3 April (Good Friday), then the weekend, then Easter Monday"},
		{"2026-02-28", 1, 0, "2026-03-30", "28 March 2026 is a Saturday"},
		{"2026-08-31", 1, 0, "2026-09-30", "31 August is a bank holiday but the start day counts whatever it is"},
		{"2026-07-31", 1, 0, "2026-09-01", "31 August 2026 is the summer bank holiday"},
	} {
		got := Due(d(c.start), c.months, c.paused)
		if got.String() != c.want {
			t.Errorf("Due(%s, %d months, %d paused) = %s (%s), want %s: %s", c.start, c.months, c.paused, got, got.Weekday(), c.want, c.why)
		}
	}
}

func TestWorkingDays(t *testing.T) {
	d := civil.MustParse
	for s, want := range map[string]bool{
		"2026-04-03": false, "2026-04-06": false, "2026-04-07": true, "2026-04-04": false,
		"2022-09-19": false, "2023-05-08": false, "2020-05-08": false, "2020-05-04": true,
		"2022-06-02": false, "2022-05-30": true, "2026-12-28": false, "2026-12-29": true,
	} {
		if WorkingDay(d(s)) != want {
			t.Errorf("WorkingDay(%s) = %v", s, !want)
		}
	}
	if name, ok := BankHoliday(d("2022-06-03")); !ok || name != "Platinum Jubilee bank holiday" {
		t.Errorf("3 June 2022: %q %v", name, ok)
	}
	if Check(d("2029-12-01"), d("2030-03-01")) != "" || Check(d("2030-12-01"), d("2031-03-01")) == "" {
		t.Error("Check does not know which years the table covers")
	}
}

// TestTableFollowsTheRules checks the table written out by hand against
// the rules that make England and Wales's bank holidays (Easter from the
// Gregorian computus, the Mondays, substitute days), with the one-off
// changes proclaimed in 2020, 2022 and 2023.
func TestTableFollowsTheRules(t *testing.T) {
	oneOff := map[civil.Date]bool{ // proclaimed: in the table, not by the rules
		civil.New(2020, 5, 8): true, civil.New(2022, 6, 2): true, civil.New(2022, 6, 3): true,
		civil.New(2022, 9, 19): true, civil.New(2023, 5, 8): true,
	}
	moved := map[civil.Date]bool{ // by the rules, but moved by proclamation
		civil.New(2020, 5, 4): true, civil.New(2022, 5, 30): true,
	}
	for y := FirstYear; y <= LastYear; y++ {
		want := map[civil.Date]bool{}
		for _, d := range byRules(y) {
			if !moved[d] {
				want[d] = true
			}
		}
		for d := range oneOff {
			if d.Year == y {
				want[d] = true
			}
		}
		var got []civil.Date
		for d := range holidays {
			if d.Year == y {
				got = append(got, d)
			}
		}
		wantList := slices.SortedFunc(maps.Keys(want), civil.Date.Compare)
		slices.SortFunc(got, civil.Date.Compare)
		if !slices.Equal(got, wantList) {
			t.Errorf("%d: the table has %v\nthe rules give %v", y, got, wantList)
		}
		for _, d := range got {
			if d.Weekend() {
				t.Errorf("%s is a weekend day in the table", d)
			}
		}
	}
}

func byRules(y int) []civil.Date {
	easter := easterSunday(y)
	firstMonday := func(m time.Month) civil.Date {
		d := civil.New(y, m, 1)
		for d.Weekday() != time.Monday {
			d = d.AddDays(1)
		}
		return d
	}
	lastMonday := func(m time.Month) civil.Date {
		d := civil.New(y, m, civil.DaysIn(y, m))
		for d.Weekday() != time.Monday {
			d = d.AddDays(-1)
		}
		return d
	}
	taken := map[civil.Date]bool{}
	var out []civil.Date
	add := func(d civil.Date) {
		for d.Weekend() || taken[d] {
			d = d.AddDays(1)
		}
		taken[d] = true
		out = append(out, d)
	}
	add(civil.New(y, 1, 1))
	add(easter.AddDays(-2))
	add(easter.AddDays(1))
	add(firstMonday(time.May))
	add(lastMonday(time.May))
	add(lastMonday(time.August))
	// Christmas first, then Boxing Day: a Boxing Day on a Sunday after a
	// Christmas on Saturday is the Tuesday.
	xmas, boxing := civil.New(y, 12, 25), civil.New(y, 12, 26)
	if xmas.Weekday() == time.Sunday { // Christmas on Sunday: Boxing Day Monday, Christmas Tuesday
		add(boxing)
		add(xmas)
	} else {
		add(xmas)
		add(boxing)
	}
	return out
}

// easterSunday is the Gregorian computus (the anonymous algorithm).
func easterSunday(y int) civil.Date {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return civil.New(y, time.Month(month), day)
}
