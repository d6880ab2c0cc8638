package store

import (
	"errors"
	"fmt"
	"github.com/involve/involve/civil"
	"net/mail"
	"strings"
	"time"
	"unicode"
)

// ErrNotFound is returned when a record does not exist (any more).
var ErrNotFound = errors.New("not found: it may have been deleted")

// ErrConflict is returned when a record changed after it was loaded.
var ErrConflict = errors.New("someone else changed this record since you opened it; your edit was not saved. Go back, reopen it and make your change again")

// FieldError says which field of a record is wrong and why, in plain English.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// DateLayout is how dates are written: 2026-03-14.
const DateLayout = "2006-01-02"

// ParseDate reads a date as YYYY-MM-DD (also accepting DD/MM/YYYY, the way
// people in the UK write it) and returns it in London time at midnight.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("enter a date, like 2026-03-14")
	}
	for _, layout := range []string{DateLayout, "2/1/2006", "02/01/2006"} {
		if t, err := time.ParseInLocation(layout, s, London); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date: write it like 2026-03-14 or 14/03/2026", s)
}

// ValidateDate accepts "" or a real date.
func ValidateDate(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	_, err := ParseDate(s)
	return err
}

// NormalDate rewrites a date in the stored form (YYYY-MM-DD); "" stays "".
func NormalDate(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	t, err := ParseDate(s)
	if err != nil {
		return "", err
	}
	return t.Format(DateLayout), nil
}

// ParseClock reads a time of day as 13:00, 1300, 13.00 or 1pm / 1:30pm.
func ParseClock(s string) (hour, min int, err error) {
	k := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if k == "" {
		return 0, 0, errors.New("enter a time, like 13:00")
	}
	for _, layout := range []string{"15:04", "1504", "15.04", "3pm", "3:04pm", "3.04pm"} {
		if t, e := time.Parse(layout, k); e == nil {
			return t.Hour(), t.Minute(), nil
		}
	}
	return 0, 0, fmt.Errorf("%q is not a time: write it like 13:00 or 1pm", s)
}

// ValidateClock accepts a time of day.
func ValidateClock(s string) error {
	_, _, err := ParseClock(s)
	return err
}

// LocalTime combines a London date and a time of day into an instant. A
// meeting at 13:00 is 13:00 in London whether the clocks have gone forward
// or not.
func LocalTime(date string, clock string) (time.Time, error) {
	d, err := ParseDate(date)
	if err != nil {
		return time.Time{}, err
	}
	h, m, err := ParseClock(clock)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, London), nil
}

// ValidateEmail accepts "" or one plain email address.
func ValidateEmail(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return fmt.Errorf("%q does not look like an email address (it should be like name@example.org)", s)
	}
	return nil
}

// ValidatePhone accepts "" or a phone number: digits with optional spaces,
// dashes, brackets and a leading +, 7 to 15 digits in all.
func ValidatePhone(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	digits := 0
	for i, r := range s {
		switch {
		case unicode.IsDigit(r) && r < 128:
			digits++
		case r == ' ' || r == '-' || r == '(' || r == ')':
		case r == '+' && i == 0:
		default:
			return fmt.Errorf("%q is not a phone number: use digits (spaces, hyphens and brackets are fine) and an optional + at the start", s)
		}
	}
	if digits < 7 || digits > 15 {
		return fmt.Errorf("%q has %d digits; a phone number has between 7 and 15", s, digits)
	}
	return nil
}

// ValidateName accepts a non-empty name of sensible length.
func ValidateName(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("a name is needed")
	}
	if len([]rune(s)) > 200 {
		return errors.New("that name is too long (200 characters at most)")
	}
	return nil
}

// Validate checks a forum before it is saved.
func (f *Forum) Validate() error {
	if err := ValidateName(f.Name); err != nil {
		return fieldErr("Name", "%s", err)
	}
	return nil
}

// Validate checks a person before they are saved, as ValidateOn does but
// without a date for today (so a consent date still to come is not caught:
// saving always checks it).
func (p *Person) Validate() error { return p.ValidateOn("") }

// ValidateOn checks a person before they are saved on today (a London
// date, YYYY-MM-DD): the first thing wrong, as a *FieldError. Every way of
// saving a person checks them so (the form, the register, the CSV import).
func (p *Person) ValidateOn(today string) error {
	if errs := p.problems(today); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// problems lists everything wrong with a person, each a *FieldError, in
// the order of the form's fields. It writes the consent date in the stored
// form.
func (p *Person) problems(today string) []error {
	var errs []error
	if err := ValidateName(p.Name); err != nil {
		errs = append(errs, fieldErr("Name", "%s", err))
	}
	if _, err := ParseRole(string(p.Role)); err != nil {
		errs = append(errs, fieldErr("Role", "%s", err))
	}
	if err := ValidatePhone(p.Phone); err != nil {
		errs = append(errs, fieldErr("Phone", "%s", err))
	}
	if err := ValidateEmail(p.Email); err != nil {
		errs = append(errs, fieldErr("Email", "%s", err))
	}
	ok := false
	for _, c := range ContactWays {
		ok = ok || c == p.ContactBy
	}
	if !ok {
		errs = append(errs, fieldErr("Contact by", "unknown way of contact %q", p.ContactBy))
	}
	if err := ValidateConsentDate(p.ConsentDate, today); err != nil {
		return append(errs, fieldErr("Consent date", "%s", err))
	}
	p.ConsentDate, _ = NormalDate(p.ConsentDate)
	if p.Consent && p.ConsentDate == "" {
		errs = append(errs, fieldErr("Consent date", "say when consent to be contacted was given"))
	}
	review, err := NormalDate(p.ConsentReview)
	switch {
	case err != nil:
		errs = append(errs, fieldErr("Consent review", "%s", err))
	case !p.Consent:
		p.ConsentReview = ""
	case review == "" && p.ConsentDate != "":
		p.ConsentReview = ConsentReviewFor(p.ConsentDate)
	case review != "" && p.ConsentDate != "" && review <= p.ConsentDate:
		errs = append(errs, fieldErr("Consent review", "review consent after it was given (%s), not on %s", p.ConsentDate, review))
	default:
		p.ConsentReview = review
	}
	return errs
}

// ConsentReviewFor is the day consent given on a date (YYYY-MM-DD) is to
// be reviewed: ConsentYears later (29 February gives 28 February).
func ConsentReviewFor(given string) string {
	d, err := civil.Parse(given)
	if err != nil {
		return ""
	}
	return d.AddYears(ConsentYears).String()
}

// ValidateConsentDate accepts "" or the date consent to be contacted was
// given: a real date, and not one still to come after today (a London date;
// "" skips that check).
func ValidateConsentDate(s, today string) error {
	d, err := NormalDate(s)
	if err != nil {
		return err
	}
	if today != "" && d > today {
		return fmt.Errorf("%s has not come yet: give the day they agreed", d)
	}
	return nil
}

// Validate checks a meeting before it is saved.
func (m *Meeting) Validate() error {
	if m.ForumID == "" {
		return fieldErr("Forum", "choose the forum this meeting belongs to")
	}
	if m.Start.IsZero() || m.End.IsZero() {
		return fieldErr("Date", "a meeting needs a date, a start and an end time")
	}
	if !m.End.After(m.Start) {
		return fieldErr("End", "the meeting must end after it starts")
	}
	switch m.Status {
	case MeetingPlanned, MeetingHeld, MeetingCancelled:
	default:
		return fieldErr("Status", "unknown status %q", m.Status)
	}
	return nil
}

// Validate checks an action before it is saved.
func (a *Action) Validate() error {
	if strings.TrimSpace(a.Description) == "" {
		return fieldErr("Action", "say what needs doing")
	}
	d, err := NormalDate(a.Due)
	if err != nil {
		return fieldErr("Due", "%s", err)
	}
	a.Due = d
	return nil
}
