package ico

import (
	"time"

	"github.com/involve/involve/civil"
)

// The years the table of bank holidays covers.
const (
	FirstYear = 2020
	LastYear  = 2030
)

// holidays are the bank holidays of England and Wales, as announced on
// gov.uk/bank-holidays (2020–2027) and as the Banking and Financial
// Dealings Act 1971 and the usual proclamations set them for later years:
// New Year's Day, Good Friday, Easter Monday, the early May bank holiday
// (first Monday of May), the spring bank holiday (last Monday of May), the
// summer bank holiday (last Monday of August), Christmas Day and Boxing
// Day, with a substitute day (the next weekday not already a holiday) for
// one that falls at a weekend; and the holidays moved or added by
// proclamation: VE Day's 75th anniversary (the early May holiday moved to
// Friday 8 May 2020), the Platinum Jubilee (spring holiday moved to
// Thursday 2 June 2022, and Friday 3 June), the State Funeral of Queen
// Elizabeth II (19 September 2022) and the Coronation of King Charles III
// (8 May 2023). Holidays proclaimed after this table was written (a new
// one-off day) must be added by hand; TestTableFollowsTheRules checks the
// rest against the rules.
var holidays = table(map[int][]hol{
	2020: {{1, 1, newYear}, {4, 10, goodFriday}, {4, 13, easterMonday}, {5, 8, "Early May bank holiday (VE day)"},
		{5, 25, spring}, {8, 31, summer}, {12, 25, christmas}, {12, 28, boxing + substitute}},
	2021: {{1, 1, newYear}, {4, 2, goodFriday}, {4, 5, easterMonday}, {5, 3, earlyMay}, {5, 31, spring},
		{8, 30, summer}, {12, 27, christmas + substitute}, {12, 28, boxing + substitute}},
	2022: {{1, 3, newYear + substitute}, {4, 15, goodFriday}, {4, 18, easterMonday}, {5, 2, earlyMay},
		{6, 2, spring}, {6, 3, "Platinum Jubilee bank holiday"}, {8, 29, summer},
		{9, 19, "Bank Holiday for the State Funeral of Queen Elizabeth II"}, {12, 26, boxing}, {12, 27, christmas + substitute}},
	2023: {{1, 2, newYear + substitute}, {4, 7, goodFriday}, {4, 10, easterMonday}, {5, 1, earlyMay},
		{5, 8, "Bank holiday for the coronation of King Charles III"}, {5, 29, spring}, {8, 28, summer},
		{12, 25, christmas}, {12, 26, boxing}},
	2024: {{1, 1, newYear}, {3, 29, goodFriday}, {4, 1, easterMonday}, {5, 6, earlyMay}, {5, 27, spring},
		{8, 26, summer}, {12, 25, christmas}, {12, 26, boxing}},
	2025: {{1, 1, newYear}, {4, 18, goodFriday}, {4, 21, easterMonday}, {5, 5, earlyMay}, {5, 26, spring},
		{8, 25, summer}, {12, 25, christmas}, {12, 26, boxing}},
	2026: {{1, 1, newYear}, {4, 3, goodFriday}, {4, 6, easterMonday}, {5, 4, earlyMay}, {5, 25, spring},
		{8, 31, summer}, {12, 25, christmas}, {12, 28, boxing + substitute}},
	2027: {{1, 1, newYear}, {3, 26, goodFriday}, {3, 29, easterMonday}, {5, 3, earlyMay}, {5, 31, spring},
		{8, 30, summer}, {12, 27, christmas + substitute}, {12, 28, boxing + substitute}},
	2028: {{1, 3, newYear + substitute}, {4, 14, goodFriday}, {4, 17, easterMonday}, {5, 1, earlyMay},
		{5, 29, spring}, {8, 28, summer}, {12, 25, christmas}, {12, 26, boxing}},
	2029: {{1, 1, newYear}, {3, 30, goodFriday}, {4, 2, easterMonday}, {5, 7, earlyMay}, {5, 28, spring},
		{8, 27, summer}, {12, 25, christmas}, {12, 26, boxing}},
	2030: {{1, 1, newYear}, {4, 19, goodFriday}, {4, 22, easterMonday}, {5, 6, earlyMay}, {5, 27, spring},
		{8, 26, summer}, {12, 25, christmas}, {12, 26, boxing}},
})

const (
	newYear      = "New Year’s Day"
	goodFriday   = "Good Friday"
	easterMonday = "Easter Monday"
	earlyMay     = "Early May bank holiday"
	spring       = "Spring bank holiday"
	summer       = "Summer bank holiday"
	christmas    = "Christmas Day"
	boxing       = "Boxing Day"
	substitute   = " (substitute day)"
)

type hol struct {
	month time.Month
	day   int
	name  string
}

func table(years map[int][]hol) map[civil.Date]string {
	out := map[civil.Date]string{}
	for y, hs := range years {
		for _, h := range hs {
			out[civil.New(y, h.month, h.day)] = h.name
		}
	}
	return out
}
