package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/involve/involve/termsafe"
)

// Transport is how a person gets to meetings.
type Transport string

// The ways of getting to a meeting.
const (
	TransportOwn       Transport = "own"
	TransportFare      Transport = "fare"
	TransportTaxi      Transport = "taxi"
	TransportLift      Transport = "lift"
	TransportCommunity Transport = "community"
)

// Transports lists the ways of getting there in the order forms offer them.
var Transports = []Transport{TransportOwn, TransportFare, TransportTaxi, TransportLift, TransportCommunity}

// Label is the way of getting there in plain English.
func (t Transport) Label() string {
	switch t {
	case TransportOwn:
		return "Makes their own way"
	case TransportFare:
		return "Bus or train (fare paid)"
	case TransportTaxi:
		return "Taxi"
	case TransportLift:
		return "Lift from someone"
	case TransportCommunity:
		return "Community transport"
	case "":
		return "Not recorded"
	}
	return string(t)
}

// ParseTransport accepts a way of getting there by its code or label, in
// any case ("taxi", "Community transport", "bus").
func ParseTransport(s string) (Transport, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	switch k {
	case "":
		return TransportOwn, nil
	case "bus", "train", "fare", "bus or train":
		return TransportFare, nil
	case "community transport":
		return TransportCommunity, nil
	case "own way", "own":
		return TransportOwn, nil
	}
	for _, t := range Transports {
		if k == string(t) || k == strings.ToLower(t.Label()) {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown way of getting there %q (use one of: own, fare, taxi, lift, community)", s)
}

// AccessNeeds is what one person needs to take part: how they get to
// meetings and the support they need there, and the private reason behind
// their availability. Every field may stay empty.
type AccessNeeds struct {
	Meta
	PersonID string `json:"person_id"`
	// AvailabilityReason is private: it is shown only on the person's own
	// screen and to the coordinator when finding a time.
	AvailabilityReason string `json:"availability_reason"`

	Transport      Transport `json:"transport"`
	Wheelchair     bool      `json:"wheelchair"`
	MobilityAid    bool      `json:"mobility_aid"`
	Escort         bool      `json:"escort"`
	PickupAddress  string    `json:"pickup_address"`
	PickupPostcode string    `json:"pickup_postcode"`

	InterpreterLanguage string `json:"interpreter_language"` // "" when none is needed
	BSL                 bool   `json:"bsl"`
	LargePrint          bool   `json:"large_print"`
	HearingLoop         bool   `json:"hearing_loop"`
	StepFree            bool   `json:"step_free"`
	Childcare           bool   `json:"childcare"`
	Dietary             string `json:"dietary"`
	SupportOther        string `json:"support_other"`
}

// NeedsPickup says whether someone has to collect the person: a taxi,
// community transport or a lift.
func (a AccessNeeds) NeedsPickup() bool {
	return a.Transport == TransportTaxi || a.Transport == TransportCommunity || a.Transport == TransportLift
}

// Support lists the support needs in plain English ("Interpreter (Urdu)",
// "BSL", "Step-free access"...), without the dietary and other notes.
func (a AccessNeeds) Support() []string {
	var out []string
	if a.InterpreterLanguage != "" {
		out = append(out, "Interpreter ("+a.InterpreterLanguage+")")
	}
	add := func(b bool, s string) {
		if b {
			out = append(out, s)
		}
	}
	add(a.BSL, "BSL interpreter")
	add(a.LargePrint, "Large print")
	add(a.HearingLoop, "Hearing loop")
	add(a.StepFree, "Step-free access")
	add(a.Childcare, "Childcare")
	return out
}

// Mobility lists wheelchair, mobility aid and escort in plain English.
func (a AccessNeeds) Mobility() []string {
	var out []string
	if a.Wheelchair {
		out = append(out, "Wheelchair user")
	}
	if a.MobilityAid {
		out = append(out, "Mobility aid")
	}
	if a.Escort {
		out = append(out, "Needs an escort")
	}
	return out
}

func (a *AccessNeeds) clean() {
	a.AvailabilityReason = termsafe.Line(a.AvailabilityReason)
	a.PickupAddress = termsafe.Line(a.PickupAddress)
	a.PickupPostcode = termsafe.Line(a.PickupPostcode)
	a.InterpreterLanguage = termsafe.Line(a.InterpreterLanguage)
	a.Dietary = termsafe.Line(a.Dietary)
	a.SupportOther = termsafe.Clean(a.SupportOther)
}

// Validate checks access needs before they are saved; it normalises the
// postcode and the way of getting there.
func (a *AccessNeeds) Validate() error {
	if a.PersonID == "" {
		return fieldErr("Person", "say whose needs these are")
	}
	t, err := ParseTransport(string(a.Transport))
	if err != nil {
		return fieldErr("Transport", "%s", err)
	}
	a.Transport = t
	pc, err := NormalPostcode(a.PickupPostcode)
	if err != nil {
		return fieldErr("Postcode", "%s", err)
	}
	a.PickupPostcode = pc
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"Reason", a.AvailabilityReason, 200},
		{"Pickup address", a.PickupAddress, 200},
		{"Interpreter", a.InterpreterLanguage, 60},
		{"Dietary needs", a.Dietary, 200},
		{"Other needs", a.SupportOther, 1000},
	} {
		if n := len([]rune(f.value)); n > f.max {
			return fieldErr(f.name, "that is too long (%d characters at most)", f.max)
		}
	}
	return nil
}

// NormalPostcode checks a UK postcode loosely and writes it the standard
// way: upper case with one space before the last three characters
// ("m14 5tq" → "M14 5TQ"). "" stays "".
func NormalPostcode(s string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '\t':
		case (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'):
			b.WriteRune(r)
		default:
			return "", fmt.Errorf("%q is not a UK postcode: it should be like M14 5TQ", strings.TrimSpace(s))
		}
	}
	k := b.String()
	if k == "" {
		return "", nil
	}
	if len(k) < 5 || len(k) > 7 || !isOutward(k[:len(k)-3]) || !isInward(k[len(k)-3:]) {
		return "", fmt.Errorf("%q is not a UK postcode: it should be like M14 5TQ", strings.TrimSpace(s))
	}
	return k[:len(k)-3] + " " + k[len(k)-3:], nil
}

// ValidatePostcode accepts "" or a UK postcode.
func ValidatePostcode(s string) error {
	_, err := NormalPostcode(s)
	return err
}

// PostcodeDistrict is the outward part of a postcode, the district that
// taxi runs are grouped by: "M14 5TQ" → "M14", "sw1a 1aa" → "SW1A". It is ""
// when the postcode is not one.
func PostcodeDistrict(postcode string) string {
	if pc, err := NormalPostcode(postcode); err == nil && pc != "" {
		out, _, _ := strings.Cut(pc, " ")
		return out
	}
	// An outward code on its own ("M14") is a district too.
	if k := strings.ToUpper(strings.TrimSpace(postcode)); isOutward(k) {
		return k
	}
	return ""
}

// isOutward: one or two letters, a digit, then an optional letter or digit
// (M1, M14, SW1A, EC1V, B33).
func isOutward(s string) bool {
	i := 0
	for i < len(s) && i < 2 && isLetter(s[i]) {
		i++
	}
	if i == 0 || i >= len(s) || !isDigit(s[i]) {
		return false
	}
	i++
	if i < len(s) && (isLetter(s[i]) || isDigit(s[i])) {
		i++
	}
	return i == len(s)
}

// isInward: a digit and two letters (5TQ).
func isInward(s string) bool {
	return len(s) == 3 && isDigit(s[0]) && isLetter(s[1]) && isLetter(s[2])
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

const accessCols = `id, created_at, updated_at, version, person_id, availability_reason, transport,
	wheelchair, mobility_aid, escort, pickup_address, pickup_postcode, interpreter_language, bsl,
	large_print, hearing_loop, step_free, childcare, dietary, support_other`

func scanAccess(sc interface{ Scan(...any) error }, a *AccessNeeds) error {
	ms := metaScan{m: &a.Meta}
	var wheel, aid, escort, bsl, large, loop, step, child int
	if err := sc.Scan(append(ms.dest(), &a.PersonID, &a.AvailabilityReason, &a.Transport,
		&wheel, &aid, &escort, &a.PickupAddress, &a.PickupPostcode, &a.InterpreterLanguage, &bsl,
		&large, &loop, &step, &child, &a.Dietary, &a.SupportOther)...); err != nil {
		return err
	}
	ms.finish()
	a.Wheelchair, a.MobilityAid, a.Escort = wheel == 1, aid == 1, escort == 1
	a.BSL, a.LargePrint, a.HearingLoop, a.StepFree, a.Childcare = bsl == 1, large == 1, loop == 1, step == 1, child == 1
	return nil
}

// AccessNeeds loads a person's access needs. When none have been recorded
// yet it returns the zero record with PersonID set (no ID; Transport "",
// which saves as TransportOwn), ready to be filled in and saved.
func (s *Store) AccessNeeds(ctx context.Context, personID string) (AccessNeeds, error) {
	if err := s.allow(ctx, "AccessNeeds"); err != nil {
		return AccessNeeds{}, err
	}
	var a AccessNeeds
	err := scanAccess(s.db.QueryRowContext(ctx, "SELECT "+accessCols+" FROM access_needs WHERE person_id = ?", personID), &a)
	if errors.Is(err, sql.ErrNoRows) {
		return AccessNeeds{PersonID: personID}, nil
	}
	return a, err
}

// SaveAccessNeeds inserts a person's access needs (empty ID) or updates them
// if they have not changed since they were loaded. If someone else recorded
// needs for the same person meanwhile, the insert is refused with
// ErrConflict. On success a holds the stored values; on failure it is left
// as it was.
func (s *Store) SaveAccessNeeds(ctx context.Context, a *AccessNeeds) error {
	if err := s.allow(ctx, "SaveAccessNeeds"); err != nil {
		return err
	}
	g := *a
	g.clean()
	if err := g.Validate(); err != nil {
		return err
	}
	args := []any{g.AvailabilityReason, string(g.Transport), boolInt(g.Wheelchair), boolInt(g.MobilityAid),
		boolInt(g.Escort), g.PickupAddress, g.PickupPostcode, g.InterpreterLanguage, boolInt(g.BSL),
		boolInt(g.LargePrint), boolInt(g.HearingLoop), boolInt(g.StepFree), boolInt(g.Childcare),
		g.Dietary, g.SupportOther}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if g.ID == "" {
			var one int
			err := tx.QueryRowContext(ctx, "SELECT 1 FROM people WHERE id = ?", g.PersonID).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			if err != nil {
				return err
			}
			s.newMeta(&g.Meta)
			_, err = tx.ExecContext(ctx, `INSERT INTO access_needs (`+accessCols+`)
				VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
				append([]any{g.ID, ts(g.CreatedAt), ts(g.UpdatedAt), g.Version, g.PersonID}, args...)...)
			if isUnique(err) {
				return ErrConflict // recorded by someone else since this was loaded
			}
			return err
		}
		old := g.Version
		s.bump(&g.Meta)
		res, err := tx.ExecContext(ctx, `UPDATE access_needs SET availability_reason=?, transport=?,
			wheelchair=?, mobility_aid=?, escort=?, pickup_address=?, pickup_postcode=?,
			interpreter_language=?, bsl=?, large_print=?, hearing_loop=?, step_free=?, childcare=?,
			dietary=?, support_other=?, updated_at=?, version=?
			WHERE id=? AND person_id=? AND version=?`,
			append(args, ts(g.UpdatedAt), g.Version, g.ID, g.PersonID, old)...)
		if err != nil {
			return err
		}
		return checkUpdated(ctx, tx, res, "access_needs", g.ID)
	})
	if err != nil {
		return err
	}
	*a = g
	return nil
}

// accessExportSections are the export's lists of access needs, weekly
// availability and dated exceptions.
func accessExportSections() []struct {
	key   string
	query string
	scan  func(*sql.Rows) (any, error)
} {
	return []struct {
		key   string
		query string
		scan  func(*sql.Rows) (any, error)
	}{
		{"access_needs", "SELECT " + accessCols + " FROM access_needs ORDER BY created_at, id", func(r *sql.Rows) (any, error) {
			var a AccessNeeds
			err := scanAccess(r, &a)
			return a, err
		}},
		{"availability", "SELECT " + metaCols + ", person_id, weekday, start_min, end_min, answer FROM availability ORDER BY person_id, weekday, start_min, id",
			func(r *sql.Rows) (any, error) { return scanWeekly(r) }},
		{"availability_exceptions", "SELECT " + exceptionCols + " FROM availability_exceptions ORDER BY person_id, from_date, id",
			func(r *sql.Rows) (any, error) { return scanException(r) }},
	}
}
