// Package ico works out when a response to a request about someone's data
// is due, as the Information Commissioner's Office counts it, and which days
// are working days in England and Wales. It is pure date logic: it imports
// nothing of involve but civil.
//
// The ICO's rule for a subject access request (and the other rights of
// the UK GDPR) is: the time limit runs from the day the request is received
// (or the day proof of identity asked for arrives), whether or not that is a
// working day, to the corresponding calendar date in the next month. If the
// next month has no such date (31 January), the limit is the last day of
// that month (28 or 29 February). If the date falls on a weekend or a bank
// holiday, the limit is the next working day. An extension of two further
// months, for a complex request, counts the same way three months on. While
// the organisation waits for a clarification it asked for, the clock stops:
// the days waited are added before the weekend rule is applied.
package ico

import (
	"fmt"

	"github.com/involve/involve/civil"
)

// Due is the day a response is due for a request whose clock started on
// start: months (1, or 3 with an extension) later by the ICO's rule, plus
// paused days the clock was stopped, moved on to the next working day.
func Due(start civil.Date, months, paused int) civil.Date {
	d := start.AddMonths(months) // the same date, or the month's last day
	if paused > 0 {
		d = d.AddDays(paused)
	}
	return NextWorkingDay(d)
}

// WorkingDay reports whether d is a working day in England and Wales: not
// a Saturday or Sunday, and not a bank holiday (as far as the table goes:
// Known).
func WorkingDay(d civil.Date) bool {
	if d.Weekend() {
		return false
	}
	_, holiday := BankHoliday(d)
	return !holiday
}

// NextWorkingDay is d if it is a working day, else the first working day
// after it.
func NextWorkingDay(d civil.Date) civil.Date {
	for !WorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// BankHoliday says whether d is a bank holiday in England and Wales, and
// which.
func BankHoliday(d civil.Date) (string, bool) {
	name, ok := holidays[d]
	return name, ok
}

// Known reports whether the bank holidays of a year are in the table.
func Known(year int) bool { return year >= FirstYear && year <= LastYear }

// Check is "" when every bank holiday between two dates is known, or a
// sentence saying which years are not (the table must then be extended).
func Check(from, to civil.Date) string {
	for y := from.Year; y <= to.Year; y++ {
		if !Known(y) {
			return fmt.Sprintf("the bank holidays of %d are not in involve's table (it knows %d to %d): check the date by hand", y, FirstYear, LastYear)
		}
	}
	return ""
}
