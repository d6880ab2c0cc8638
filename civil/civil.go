// Package civil is a date on the calendar, with no time of day and no time
// zone: the day a consultation closes, a request was received, consent runs
// out. Dates compare as dates, not as text, and count days and months the
// way people do. It imports nothing of the project.
package civil

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Date is a day of the Gregorian calendar. The zero Date is "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Layout is how a Date is written and stored: 2026-03-14.
const Layout = "2006-01-02"

// Of is the calendar day of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// In is the calendar day of t in loc (for "today in London").
func In(t time.Time, loc *time.Location) Date { return Of(t.In(loc)) }

// New makes a date, normalising it as time.Date does (31 April is 1 May).
func New(year int, month time.Month, day int) Date {
	return Of(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// Parse reads a date written 2026-03-14, or the UK way, 14/03/2026 or
// 14/3/2026. Surrounding spaces are ignored. A date that does not exist (31
// April) is refused.
func Parse(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, errors.New("enter a date, like 2026-03-14")
	}
	for _, layout := range []string{Layout, "2/1/2006", "02/01/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Of(t), nil
		}
	}
	return Date{}, fmt.Errorf("%q is not a date: write it like 2026-03-14 or 14/03/2026", s)
}

// ParseOptional is Parse, except that "" is the zero Date and no mistake.
func ParseOptional(s string) (Date, error) {
	if strings.TrimSpace(s) == "" {
		return Date{}, nil
	}
	return Parse(s)
}

// MustParse is Parse for dates written in code; it panics on a mistake.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero says whether d is "no date".
func (d Date) IsZero() bool { return d == Date{} }

// Valid says whether d is a day that exists.
func (d Date) Valid() bool { return !d.IsZero() && New(d.Year, d.Month, d.Day) == d }

// String writes d as 2026-03-14, or "" for no date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Time is midnight at the start of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

func (d Date) utc() time.Time { return d.Time(time.UTC) }

// Weekday is the day of the week d falls on.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// Weekend says whether d is a Saturday or a Sunday.
func (d Date) Weekend() bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// AddDays is the date n days after d (before, for negative n).
func (d Date) AddDays(n int) Date { return Of(d.utc().AddDate(0, 0, n)) }

// AddMonths is the same day n months after d; when that month is too short
// (31 January plus a month), it is the month's last day (28 or 29 February),
// never a day of the month after.
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := DaysIn(first.Year(), first.Month())
	day := d.Day
	if day > last {
		day = last
	}
	return Date{first.Year(), first.Month(), day}
}

// AddYears is AddMonths(12*n): 29 February plus a year is 28 February.
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }

// DaysIn is the number of days in a month.
func DaysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// DaysSince is the number of days from e to d: positive when d is later.
func (d Date) DaysSince(e Date) int {
	return int(d.utc().Sub(e.utc()).Hours() / 24)
}

// MonthsSince is the number of whole months from e to d (the count of
// month-days passed): from 15 January, 14 March is 1 and 15 March is 2.
// Negative when d is earlier.
func (d Date) MonthsSince(e Date) int {
	if d.Before(e) {
		return -e.MonthsSince(d)
	}
	n := (d.Year-e.Year)*12 + int(d.Month-e.Month)
	if e.AddMonths(n).After(d) {
		n--
	}
	return n
}

// Compare is -1, 0 or +1 as d is before, the same day as, or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month - e.Month))
	default:
		return sign(d.Day - e.Day)
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// Before says whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After says whether d is a later day than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Between says whether d is from a to b, both included.
func (d Date) Between(a, b Date) bool { return !d.Before(a) && !d.After(b) }

// MarshalText writes d as 2026-03-14 (for JSON and TOML).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date as Parse does; "" is no date.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseOptional(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores d as TEXT 2026-03-14 ("" for no date), so that dates sort and
// compare in SQL as they do here.
func (d Date) Value() (driver.Value, error) { return d.String(), nil }

// Scan reads a date stored as TEXT (or NULL, or "", for no date).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	case time.Time:
		*d = Of(v)
		return nil
	}
	return fmt.Errorf("civil: cannot read a date from %T", src)
}
