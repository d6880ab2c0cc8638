package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Pence is an amount of money in pence. Money is never a float: amounts are
// parsed, stored, added and multiplied as whole pence.
type Pence int64

// MaxMoney is the largest amount involve accepts anywhere: £1,000,000. Any
// more is a typing mistake in this line of work, and the cap keeps every
// sum and product far from overflowing.
const MaxMoney Pence = 100_000_000

// moneyHint is how the messages say an amount should be written.
const moneyHint = "write it like £3.40, 3.4 or 340p"

// ParseMoney reads an amount of money as people write it: "£3.40", "3.40",
// "3.4", "3", "340p", "£1,234.50", " £ 3.40 ". It refuses, with a message
// fit to show the user, anything else: negative amounts, more than two
// decimal places, "3.4.5", "£", "abc", and anything over £1,000,000.
func ParseMoney(s string) (Pence, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, errors.New("enter an amount: " + moneyHint)
	}
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "−") {
		return 0, errors.New("an amount cannot be negative")
	}
	pound := false
	if rest, ok := strings.CutPrefix(t, "£"); ok {
		pound = true
		t = strings.TrimSpace(rest)
		if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "−") {
			return 0, errors.New("an amount cannot be negative")
		}
	}
	if t == "" {
		return 0, errors.New("enter the amount after the £: " + moneyHint)
	}
	if rest, ok := strings.CutSuffix(t, "p"); ok {
		if pound {
			return 0, fmt.Errorf("%q mixes pounds and pence: %s", strings.TrimSpace(s), moneyHint)
		}
		rest = strings.TrimSpace(rest)
		if rest == "" || !allDigits(rest) {
			return 0, fmt.Errorf("%q is not an amount: pence are whole numbers, like 340p", strings.TrimSpace(s))
		}
		if len(strings.TrimLeft(rest, "0")) > 10 {
			return 0, errTooMuch()
		}
		n, _ := strconv.ParseInt(rest, 10, 64)
		if Pence(n) > MaxMoney {
			return 0, errTooMuch()
		}
		return Pence(n), nil
	}
	whole, frac, hasDot := strings.Cut(t, ".")
	if hasDot && strings.Contains(frac, ".") {
		return 0, fmt.Errorf("%q has more than one decimal point: %s", strings.TrimSpace(s), moneyHint)
	}
	if strings.Contains(whole, ",") {
		w, ok := ungroup(whole)
		if !ok {
			return 0, fmt.Errorf("%q has commas in the wrong places: write £1,234.50 or 1234.50", strings.TrimSpace(s))
		}
		whole = w
	}
	if !allDigits(whole) || !allDigits(frac) || (whole == "" && frac == "") {
		return 0, fmt.Errorf("%q is not an amount: %s", strings.TrimSpace(s), moneyHint)
	}
	if hasDot && frac == "" {
		return 0, fmt.Errorf("%q ends with a decimal point: %s", strings.TrimSpace(s), moneyHint)
	}
	if len(frac) > 2 {
		return 0, fmt.Errorf("%q has more than two decimal places: money is in pounds and pence", strings.TrimSpace(s))
	}
	if len(strings.TrimLeft(whole, "0")) > 7 {
		return 0, errTooMuch()
	}
	var pounds int64
	if whole != "" {
		pounds, _ = strconv.ParseInt(whole, 10, 64)
	}
	var pence int64
	if frac != "" {
		pence, _ = strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			pence *= 10
		}
	}
	p := Pence(pounds*100 + pence)
	if p > MaxMoney {
		return 0, errTooMuch()
	}
	return p, nil
}

func errTooMuch() error {
	return fmt.Errorf("that is more than %s: check the amount", MaxMoney)
}

// ValidateMoney accepts an amount ParseMoney reads (for live checks in forms).
func ValidateMoney(s string) error {
	_, err := ParseMoney(s)
	return err
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ungroup removes thousands separators from "1,234,567", refusing commas
// anywhere but between groups of three digits.
func ungroup(s string) (string, bool) {
	parts := strings.Split(s, ",")
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return "", false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return "", false
		}
	}
	return strings.Join(parts, ""), true
}

// String shows an amount as "£3.40", "£1,234.50" or "-£1.05". ParseMoney
// reads back what String writes for any amount from 0 to MaxMoney.
func (p Pence) String() string {
	sign := ""
	n := int64(p)
	if n < 0 {
		sign = "-"
		n = -n // cannot overflow for amounts involve handles
	}
	return sign + "£" + group(strconv.FormatInt(n/100, 10)) + "." + twoDigits(n%100)
}

// Decimal shows an amount as plain decimal pounds, "3.40" or "-1.05", with
// no £ sign and no thousands separator: what a spreadsheet reads as a number.
func (p Pence) Decimal() string {
	sign := ""
	n := int64(p)
	if n < 0 {
		sign = "-"
		n = -n
	}
	return sign + strconv.FormatInt(n/100, 10) + "." + twoDigits(n%100)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// group puts thousands separators into a string of digits.
func group(d string) string {
	if len(d) <= 3 {
		return d
	}
	var b strings.Builder
	lead := len(d) % 3
	if lead > 0 {
		b.WriteString(d[:lead])
	}
	for i := lead; i < len(d); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d[i : i+3])
	}
	return b.String()
}

// Hundredths is a quantity in hundredths of a unit: 12.5 miles is 1250,
// 1¾ hours is 175. Miles are kept to a tenth and hours to a quarter.
type Hundredths int64

// MaxQuantity is the largest quantity accepted: 10,000 miles or hours.
const MaxQuantity Hundredths = 1_000_000

// ParseQuantity reads a non-negative number with at most two decimal places
// ("12", "12.5", "1.75", "0.25") into hundredths. unit names the quantity in
// messages ("miles", "hours").
func ParseQuantity(s, unit string) (Hundredths, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, unit), strings.TrimSuffix(unit, "s")))
	if t == "" {
		return 0, fmt.Errorf("enter the number of %s, like 12.5", unit)
	}
	if strings.HasPrefix(t, "-") {
		return 0, fmt.Errorf("the number of %s cannot be negative", unit)
	}
	whole, frac, hasDot := strings.Cut(t, ".")
	if !allDigits(whole) || !allDigits(frac) || (whole == "" && frac == "") || (hasDot && frac == "") || strings.Contains(frac, ".") {
		return 0, fmt.Errorf("%q is not a number of %s: write it like 12.5", strings.TrimSpace(s), unit)
	}
	if len(frac) > 2 {
		return 0, fmt.Errorf("%q has more than two decimal places", strings.TrimSpace(s))
	}
	if len(strings.TrimLeft(whole, "0")) > 6 {
		return 0, fmt.Errorf("%q %s is more than %s: check the number", strings.TrimSpace(s), unit, MaxQuantity)
	}
	var w, f int64
	if whole != "" {
		w, _ = strconv.ParseInt(whole, 10, 64)
	}
	if frac != "" {
		f, _ = strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			f *= 10
		}
	}
	q := Hundredths(w*100 + f)
	if q > MaxQuantity {
		return 0, fmt.Errorf("%q %s is more than %s: check the number", strings.TrimSpace(s), unit, MaxQuantity)
	}
	return q, nil
}

// ParseMiles reads a distance in miles, to a tenth of a mile.
func ParseMiles(s string) (Hundredths, error) {
	q, err := ParseQuantity(s, "miles")
	if err == nil && q%10 != 0 {
		return 0, fmt.Errorf("%q: give miles to one decimal place, like 12.5", strings.TrimSpace(s))
	}
	return q, err
}

// ParseHours reads a number of hours, to a quarter of an hour ("1.75", "2.5").
func ParseHours(s string) (Hundredths, error) {
	t := strings.TrimSpace(s)
	if h, ok := strings.CutSuffix(t, "h"); ok {
		t = h
	}
	q, err := ParseQuantity(t, "hours")
	if err == nil && q%25 != 0 {
		return 0, fmt.Errorf("%q: give hours in quarters, like 1.25, 1.5 or 1.75", strings.TrimSpace(s))
	}
	return q, err
}

// String shows a quantity with as few decimals as it needs: "12", "12.5", "1.75".
func (q Hundredths) String() string {
	sign := ""
	n := int64(q)
	if n < 0 {
		sign = "-"
		n = -n
	}
	out := sign + strconv.FormatInt(n/100, 10)
	switch f := n % 100; {
	case f == 0:
	case f%10 == 0:
		out += "." + strconv.FormatInt(f/10, 10)
	default:
		out += "." + twoDigits(f)
	}
	return out
}

// MulRate is rate × quantity (a quantity in hundredths: miles × rate a mile,
// hours × rate an hour), rounded to the nearest penny, halves away from zero
// (so half a penny is rounded up). It is integer arithmetic throughout.
func MulRate(rate Pence, q Hundredths) Pence {
	n := int64(rate) * int64(q)
	if n >= 0 {
		return Pence((n + 50) / 100)
	}
	return -Pence((-n + 50) / 100)
}
