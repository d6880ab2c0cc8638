package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/involve/involve/termsafe"
)

// Answer is whether a person can come at a time.
type Answer string

// The answers. AnswerUnknown ("") is a time nobody has asked them about.
const (
	AnswerUnknown Answer = ""
	AnswerYes     Answer = "yes"
	AnswerMaybe   Answer = "maybe"
	AnswerNo      Answer = "no"
)

// Answers lists the answers a person can give, in the order forms offer them.
var Answers = []Answer{AnswerYes, AnswerMaybe, AnswerNo}

// Label is the answer in plain English.
func (a Answer) Label() string {
	switch a {
	case AnswerYes:
		return "Yes"
	case AnswerMaybe:
		return "If need be"
	case AnswerNo:
		return "No"
	case AnswerUnknown:
		return "Not known"
	}
	return string(a)
}

// Symbol is a one-character mark for the answer that reads without colour:
// ✓ yes, ~ if need be, ✗ no, · not known.
func (a Answer) Symbol() string {
	switch a {
	case AnswerYes:
		return "✓"
	case AnswerMaybe:
		return "~"
	case AnswerNo:
		return "✗"
	}
	return "·"
}

// ParseAnswer accepts an answer by its code or label ("yes", "y", "if need
// be", "maybe", "no", "n").
func ParseAnswer(s string) (Answer, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y":
		return AnswerYes, nil
	case "maybe", "m", "if need be", "if-need-be", "if_need_be":
		return AnswerMaybe, nil
	case "no", "n":
		return AnswerNo, nil
	}
	return "", fmt.Errorf("unknown answer %q (use yes, maybe or no)", s)
}

func (a Answer) valid() bool { return a == AnswerYes || a == AnswerMaybe || a == AnswerNo }

// answer codes, ordered from best to worst: the worst answer over a stretch
// of time is the largest code. A stretch nobody asked about is unknown,
// which is better than no and worse than if need be.
const (
	codeNone    uint8 = iota // nothing recorded here (used for "no exception")
	codeYes                  // yes
	codeMaybe                // if need be
	codeUnknown              // not known
	codeNo                   // no
)

func (a Answer) code() uint8 {
	switch a {
	case AnswerYes:
		return codeYes
	case AnswerMaybe:
		return codeMaybe
	case AnswerNo:
		return codeNo
	}
	return codeUnknown
}

func answerOf(c uint8) Answer {
	switch c {
	case codeYes:
		return AnswerYes
	case codeMaybe:
		return AnswerMaybe
	case codeNo:
		return AnswerNo
	}
	return AnswerUnknown
}

// Weekdays are numbered 1 (Monday) to 7 (Sunday).
var weekdayNames = [8]string{"", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// WeekdayName is the name of weekday 1 (Monday) … 7 (Sunday).
func WeekdayName(wd int) string {
	if wd < 1 || wd > 7 {
		return fmt.Sprintf("day %d", wd)
	}
	return weekdayNames[wd]
}

// ISOWeekday is the weekday of t in London, 1 (Monday) … 7 (Sunday).
func ISOWeekday(t time.Time) int { return (int(t.In(London).Weekday())+6)%7 + 1 }

// ParseWeekdays reads a list of weekdays like "mon,wed,fri", "mon-fri" or
// "Tuesday Thursday" into weekday numbers (1 = Monday … 7 = Sunday).
func ParseWeekdays(s string) ([]int, error) {
	parse := func(w string) (int, error) {
		w = strings.ToLower(strings.TrimSpace(w))
		for d := 1; d <= 7; d++ {
			name := strings.ToLower(weekdayNames[d])
			if len(w) >= 2 && strings.HasPrefix(name, w) {
				return d, nil
			}
		}
		return 0, fmt.Errorf("%q is not a day of the week (write mon, tue, … or mon-fri)", w)
	}
	var out []int
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		a, b, isRange := strings.Cut(part, "-")
		from, err := parse(a)
		if err != nil {
			return nil, err
		}
		to := from
		if isRange {
			if to, err = parse(b); err != nil {
				return nil, err
			}
			if to < from {
				return nil, fmt.Errorf("%q: the week runs Monday to Sunday", part)
			}
		}
		for d := from; d <= to; d++ {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("name at least one day of the week, like mon-fri")
	}
	slices.Sort(out)
	return out, nil
}

// ClockText writes minutes after midnight as 15:04 (1440 is 24:00).
func ClockText(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }

// WeeklySlot is one row of a person's standing availability: on this
// weekday, between these London times, this is their answer.
type WeeklySlot struct {
	Meta
	PersonID string `json:"person_id"`
	Weekday  int    `json:"weekday"`   // 1 = Monday … 7 = Sunday
	StartMin int    `json:"start_min"` // minutes after midnight, London time
	EndMin   int    `json:"end_min"`   // exclusive; 1440 is midnight at the end of the day
	Answer   Answer `json:"answer"`
}

// String describes the slot: "Monday 10:00–12:00 yes".
func (w WeeklySlot) String() string {
	return fmt.Sprintf("%s %s–%s %s", WeekdayName(w.Weekday), ClockText(w.StartMin), ClockText(w.EndMin), w.Answer)
}

// Pattern is a person's standing weekly availability, by weekday and start.
type Pattern struct {
	PersonID string
	Slots    []WeeklySlot
}

// At is the person's answer on a weekday at a minute of the day.
func (p Pattern) At(weekday, minute int) Answer {
	for _, s := range p.Slots {
		if s.Weekday == weekday && s.StartMin <= minute && minute < s.EndMin {
			return s.Answer
		}
	}
	return AnswerUnknown
}

// ValidateSlots checks a weekly pattern: real weekdays and times, each end
// after its start, a real answer, and no two rows overlapping. It sorts the
// slots by weekday and start.
func ValidateSlots(slots []WeeklySlot) error {
	slices.SortFunc(slots, func(a, b WeeklySlot) int {
		if a.Weekday != b.Weekday {
			return a.Weekday - b.Weekday
		}
		return a.StartMin - b.StartMin
	})
	for i, s := range slots {
		switch {
		case s.Weekday < 1 || s.Weekday > 7:
			return fieldErr("Day", "day %d is not a day of the week (1 is Monday, 7 is Sunday)", s.Weekday)
		case s.StartMin < 0 || s.StartMin > 1439:
			return fieldErr("Start", "%s: a start time must be between 00:00 and 23:59", WeekdayName(s.Weekday))
		case s.EndMin < 1 || s.EndMin > 1440:
			return fieldErr("End", "%s: an end time must be between 00:01 and 24:00", WeekdayName(s.Weekday))
		case s.EndMin <= s.StartMin:
			return fieldErr("End", "%s %s–%s: the end must be after the start",
				WeekdayName(s.Weekday), ClockText(s.StartMin), ClockText(s.EndMin))
		case !s.Answer.valid():
			return fieldErr("Answer", "%s %s–%s: the answer must be yes, maybe or no, not %q",
				WeekdayName(s.Weekday), ClockText(s.StartMin), ClockText(s.EndMin), s.Answer)
		}
		if i > 0 {
			p := slots[i-1]
			if p.Weekday == s.Weekday && s.StartMin < p.EndMin {
				return fieldErr("Times", "%s: %s–%s overlaps %s–%s; each time of the week can have only one answer",
					WeekdayName(s.Weekday), ClockText(p.StartMin), ClockText(p.EndMin), ClockText(s.StartMin), ClockText(s.EndMin))
			}
		}
	}
	return nil
}

// Availability loads a person's weekly pattern (empty when none is recorded).
func (s *Store) Availability(ctx context.Context, personID string) (Pattern, error) {
	if err := s.allow(ctx, "Availability"); err != nil {
		return Pattern{}, err
	}
	p := Pattern{PersonID: personID}
	rows, err := s.db.QueryContext(ctx, `SELECT `+metaCols+`, person_id, weekday, start_min, end_min, answer
		FROM availability WHERE person_id = ? ORDER BY weekday, start_min`, personID)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		w, err := scanWeekly(rows)
		if err != nil {
			return p, err
		}
		p.Slots = append(p.Slots, w)
	}
	return p, rows.Err()
}

func scanWeekly(sc interface{ Scan(...any) error }) (WeeklySlot, error) {
	var w WeeklySlot
	ms := metaScan{m: &w.Meta}
	err := sc.Scan(append(ms.dest(), &w.PersonID, &w.Weekday, &w.StartMin, &w.EndMin, &w.Answer)...)
	ms.finish()
	return w, err
}

// SetAvailability replaces a person's whole weekly pattern with slots, in
// one transaction. Overlapping rows, impossible times and unknown answers
// are refused with a plain message and nothing is changed. The caller's
// slice is not modified. It overwrites whatever is stored: editors use
// ReplaceAvailability, which refuses to overwrite a change made meanwhile.
func (s *Store) SetAvailability(ctx context.Context, personID string, slots []WeeklySlot) error {
	if err := s.allow(ctx, "SetAvailability"); err != nil {
		return err
	}
	_, err := s.replaceAvailability(ctx, Pattern{PersonID: personID}, slots, false)
	return err
}

// ReplaceAvailability replaces the pattern loaded as loaded with slots, if
// nobody changed it since it was loaded (ErrConflict otherwise), and
// returns the pattern as now stored, to pass to the next replace.
func (s *Store) ReplaceAvailability(ctx context.Context, loaded Pattern, slots []WeeklySlot) (Pattern, error) {
	if err := s.allow(ctx, "ReplaceAvailability"); err != nil {
		return Pattern{}, err
	}
	return s.replaceAvailability(ctx, loaded, slots, true)
}

// Stamp identifies the stored version of a pattern: every save gives its
// rows new ids, so a pattern saved by anyone else has another stamp.
func (p Pattern) Stamp() string {
	ids := make([]string, len(p.Slots))
	for i, w := range p.Slots {
		ids[i] = w.ID
	}
	slices.Sort(ids)
	return strings.Join(ids, ",")
}

func (s *Store) replaceAvailability(ctx context.Context, loaded Pattern, slots []WeeklySlot, check bool) (Pattern, error) {
	personID := loaded.PersonID
	rows := slices.Clone(slots)
	if err := ValidateSlots(rows); err != nil {
		return loaded, err
	}
	saved := Pattern{PersonID: personID}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, "SELECT 1 FROM people WHERE id = ?", personID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if check {
			var current []string
			cur, err := tx.QueryContext(ctx, "SELECT id FROM availability WHERE person_id = ?", personID)
			if err != nil {
				return err
			}
			for cur.Next() {
				var id string
				if err := cur.Scan(&id); err != nil {
					cur.Close()
					return err
				}
				current = append(current, id)
			}
			cur.Close()
			slices.Sort(current)
			if strings.Join(current, ",") != loaded.Stamp() {
				return ErrConflict
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM availability WHERE person_id = ?", personID); err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO availability (`+metaCols+`, person_id, weekday, start_min, end_min, answer)
			VALUES (?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, w := range rows {
			w.PersonID = personID
			s.newMeta(&w.Meta)
			w.ID = newID()
			if _, err := ins.ExecContext(ctx, w.ID, ts(w.CreatedAt), ts(w.UpdatedAt), 1, personID, w.Weekday, w.StartMin, w.EndMin, string(w.Answer)); err != nil {
				return err
			}
			saved.Slots = append(saved.Slots, w)
		}
		return nil
	})
	if err != nil {
		return loaded, err
	}
	return saved, nil
}

// WeekGrid is a week of answers at minute resolution, for editing a
// pattern cell by cell: set stretches of time, read them back, and turn
// the whole week into the fewest slots.
type WeekGrid struct {
	m [7][1440]uint8 // answer codes; 0 is not known
}

// NewWeekGrid lays a pattern out on a grid.
func NewWeekGrid(slots []WeeklySlot) *WeekGrid {
	g := &WeekGrid{}
	for _, s := range slots {
		g.Set(s.Weekday, s.StartMin, s.EndMin, s.Answer)
	}
	return g
}

func clampRange(from, to int) (int, int) { return max(0, from), min(1440, to) }

// Set gives every minute of [from, to) on a weekday this answer;
// AnswerUnknown clears it.
func (g *WeekGrid) Set(weekday, from, to int, a Answer) {
	if weekday < 1 || weekday > 7 {
		return
	}
	from, to = clampRange(from, to)
	c := uint8(0)
	if a.valid() {
		c = a.code()
	}
	for m := from; m < to; m++ {
		g.m[weekday-1][m] = c
	}
}

// Get is the answer over [from, to) on a weekday: the worst answer found,
// with mixed true when the stretch does not hold one answer throughout.
func (g *WeekGrid) Get(weekday, from, to int) (a Answer, mixed bool) {
	if weekday < 1 || weekday > 7 {
		return AnswerUnknown, false
	}
	from, to = clampRange(from, to)
	if from >= to {
		return AnswerUnknown, false
	}
	day := &g.m[weekday-1]
	first, worst := day[from], uint8(0)
	for m := from; m < to; m++ {
		c := day[m]
		if c != first {
			mixed = true
		}
		if c == 0 {
			c = codeUnknown
		}
		worst = max(worst, c)
	}
	return answerOf(worst), mixed
}

// Slots turns the grid back into the fewest weekly slots: one for each run
// of minutes with the same answer.
func (g *WeekGrid) Slots() []WeeklySlot {
	var out []WeeklySlot
	for d := range 7 {
		day := &g.m[d]
		for m := 0; m < 1440; {
			c := day[m]
			end := m + 1
			for end < 1440 && day[end] == c {
				end++
			}
			if c != 0 {
				out = append(out, WeeklySlot{Weekday: d + 1, StartMin: m, EndMin: end, Answer: answerOf(c)})
			}
			m = end
		}
	}
	return out
}

// Exception is a dated change to a person's pattern ("away 3–17 March"):
// on every London date from From to To, inclusive, their answer is Answer
// all day, whatever the weekly pattern says.
type Exception struct {
	Meta
	PersonID string `json:"person_id"`
	From     string `json:"from_date"` // YYYY-MM-DD
	To       string `json:"to_date"`   // YYYY-MM-DD, on or after From
	Answer   Answer `json:"answer"`
	Note     string `json:"note"` // private, like the availability reason
}

// Covers says whether the exception holds on a London date (YYYY-MM-DD).
func (e Exception) Covers(date string) bool { return e.From <= date && date <= e.To }

func (e *Exception) clean() {
	e.From = termsafe.Line(e.From)
	e.To = termsafe.Line(e.To)
	e.Note = termsafe.Line(e.Note)
}

// Validate checks an exception: real dates, the first on or before the
// last, a real answer (no when left empty). Dates are rewritten YYYY-MM-DD;
// an empty To means the single day From.
func (e *Exception) Validate() error {
	if e.PersonID == "" {
		return fieldErr("Person", "say whose availability this is")
	}
	if strings.TrimSpace(e.From) == "" {
		return fieldErr("From", "enter the first day, like 2026-03-03")
	}
	from, err := NormalDate(e.From)
	if err != nil {
		return fieldErr("From", "%s", err)
	}
	to := from
	if strings.TrimSpace(e.To) != "" {
		if to, err = NormalDate(e.To); err != nil {
			return fieldErr("To", "%s", err)
		}
	}
	if to < from {
		return fieldErr("To", "the last day (%s) is before the first (%s)", to, from)
	}
	e.From, e.To = from, to
	if e.Answer == AnswerUnknown {
		e.Answer = AnswerNo
	}
	if !e.Answer.valid() {
		return fieldErr("Answer", "the answer must be yes, maybe or no, not %q", e.Answer)
	}
	if len([]rune(e.Note)) > 200 {
		return fieldErr("Note", "that is too long (200 characters at most)")
	}
	return nil
}

const exceptionCols = "id, created_at, updated_at, version, person_id, from_date, to_date, answer, note"

func scanException(sc interface{ Scan(...any) error }) (Exception, error) {
	var e Exception
	ms := metaScan{m: &e.Meta}
	err := sc.Scan(append(ms.dest(), &e.PersonID, &e.From, &e.To, &e.Answer, &e.Note)...)
	ms.finish()
	return e, err
}

// AddException records a new exception. On success e holds the stored
// values (its ID and version); on failure it is left as it was.
func (s *Store) AddException(ctx context.Context, e *Exception) error {
	if err := s.allow(ctx, "AddException"); err != nil {
		return err
	}
	g := *e
	g.clean()
	if g.ID != "" {
		return errors.New("this exception is already saved: use UpdateException")
	}
	if err := g.Validate(); err != nil {
		return err
	}
	s.newMeta(&g.Meta)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO availability_exceptions (`+exceptionCols+`) VALUES (?,?,?,?,?,?,?,?,?)`,
			g.ID, ts(g.CreatedAt), ts(g.UpdatedAt), g.Version, g.PersonID, g.From, g.To, string(g.Answer), g.Note)
		return err
	})
	if err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY constraint failed") {
			return ErrNotFound
		}
		return err
	}
	*e = g
	return nil
}

// UpdateException changes an exception if it has not changed since it was
// loaded.
func (s *Store) UpdateException(ctx context.Context, e *Exception) error {
	if err := s.allow(ctx, "UpdateException"); err != nil {
		return err
	}
	g := *e
	g.clean()
	if err := g.Validate(); err != nil {
		return err
	}
	old := g.Version
	s.bump(&g.Meta)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE availability_exceptions SET from_date=?, to_date=?, answer=?, note=?,
			updated_at=?, version=? WHERE id=? AND person_id=? AND version=?`,
			g.From, g.To, string(g.Answer), g.Note, ts(g.UpdatedAt), g.Version, g.ID, g.PersonID, old)
		if err != nil {
			return err
		}
		return checkUpdated(ctx, tx, res, "availability_exceptions", g.ID)
	})
	if err != nil {
		return err
	}
	*e = g
	return nil
}

// DeleteException removes an exception if it has not changed since it was
// loaded.
func (s *Store) DeleteException(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteException"); err != nil {
		return err
	}
	return s.deleteVersioned(ctx, "availability_exceptions", id, version)
}

// Exceptions lists a person's exceptions, the earliest first.
func (s *Store) Exceptions(ctx context.Context, personID string) ([]Exception, error) {
	if err := s.allow(ctx, "Exceptions"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+exceptionCols+` FROM availability_exceptions
		WHERE person_id = ? ORDER BY from_date, to_date, id`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Exception
	for rows.Next() {
		e, err := scanException(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
