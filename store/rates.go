package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/involve/involve/termsafe"
)

// RateKind is what a rate pays for.
type RateKind string

// The kinds of rate.
const (
	RateMileage RateKind = "mileage" // per mile driven (expenses)
	RateCare    RateKind = "care"    // childcare or carer cover, per hour (expenses)
	RateHourly  RateKind = "hourly"  // involvement, per hour
	RateMeeting RateKind = "meeting" // involvement, per meeting
	RateFixed   RateKind = "fixed"   // involvement, a fixed fee
)

// RateKinds lists the kinds of rate in the order screens show them.
var RateKinds = []RateKind{RateMileage, RateCare, RateHourly, RateMeeting, RateFixed}

// Label is the kind of rate in plain English.
func (k RateKind) Label() string {
	switch k {
	case RateMileage:
		return "Mileage, per mile"
	case RateCare:
		return "Childcare or carer cover, per hour"
	case RateHourly:
		return "Involvement, per hour"
	case RateMeeting:
		return "Involvement, per meeting"
	case RateFixed:
		return "Involvement, fixed fee"
	}
	return string(k)
}

// Phrase names the kind of rate in a sentence: "no hourly involvement
// rate is set".
func (k RateKind) Phrase() string {
	switch k {
	case RateMileage:
		return "mileage"
	case RateCare:
		return "care cover"
	case RateHourly:
		return "hourly involvement"
	case RateMeeting:
		return "per-meeting involvement"
	case RateFixed:
		return "fixed-fee involvement"
	}
	return string(k)
}

// ParseRateKind accepts a kind of rate's code in any case.
func ParseRateKind(s string) (RateKind, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, r := range RateKinds {
		if k == string(r) {
			return r, nil
		}
	}
	switch k {
	case "childcare", "carer":
		return RateCare, nil
	case "hour", "per-hour":
		return RateHourly, nil
	case "per-meeting":
		return RateMeeting, nil
	case "fee":
		return RateFixed, nil
	}
	return "", fmt.Errorf("unknown kind of rate %q (use one of: mileage, care, hourly, meeting, fixed)", s)
}

// Rate is an amount per unit (a mile, an hour, a meeting, a fee) in force
// from a date until the next rate of the same kind.
type Rate struct {
	Meta
	Kind          RateKind `json:"kind"`
	Name          string   `json:"name"`
	Amount        Pence    `json:"amount_pence"`
	EffectiveFrom string   `json:"effective_from"` // London date, YYYY-MM-DD
}

// Validate checks a rate before it is saved.
func (r *Rate) Validate() error {
	if _, err := ParseRateKind(string(r.Kind)); err != nil {
		return fieldErr("Kind", "%s", err)
	}
	if r.Amount < 0 {
		return fieldErr("Amount", "a rate cannot be negative")
	}
	if r.Amount > MaxMoney {
		return fieldErr("Amount", "%s", errTooMuch())
	}
	d, err := NormalDate(r.EffectiveFrom)
	if err != nil || d == "" {
		return fieldErr("From", "say from which date the rate applies, like 2026-04-06")
	}
	r.EffectiveFrom = d
	if len([]rune(r.Name)) > 200 {
		return fieldErr("Name", "too long (200 characters at most)")
	}
	return nil
}

const rateCols = "id, created_at, updated_at, version, kind, name, amount_pence, effective_from"

func scanRate(sc interface{ Scan(...any) error }, r *Rate) error {
	ms := metaScan{m: &r.Meta}
	if err := sc.Scan(append(ms.dest(), &r.Kind, &r.Name, &r.Amount, &r.EffectiveFrom)...); err != nil {
		return err
	}
	ms.finish()
	return nil
}

// Rates lists every rate, by kind and then by date, the latest last.
func (s *Store) Rates(ctx context.Context) ([]Rate, error) {
	if err := s.allow(ctx, "Rates"); err != nil {
		return nil, err
	}
	return s.rates(ctx, s.db)
}

func (s *Store) rates(ctx context.Context, q queryer) ([]Rate, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+rateCols+" FROM rates ORDER BY kind, effective_from")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Rate
	for rows.Next() {
		var r Rate
		if err := scanRate(rows, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return kindOrder(out[i].Kind) < kindOrder(out[j].Kind)
		}
		return out[i].EffectiveFrom < out[j].EffectiveFrom
	})
	return out, rows.Err()
}

func kindOrder(k RateKind) int {
	for i, r := range RateKinds {
		if r == k {
			return i
		}
	}
	return len(RateKinds)
}

// RateFor picks, from a list of rates, the one of this kind in force on a
// date (YYYY-MM-DD): the latest effective on or before it. ok is false when
// none is. Screens load the rates once and use this to show amounts as they
// are typed.
func RateFor(rates []Rate, kind RateKind, date string) (Rate, bool) {
	var best Rate
	ok := false
	for _, r := range rates {
		if r.Kind == kind && r.EffectiveFrom <= date && (!ok || r.EffectiveFrom > best.EffectiveFrom) {
			best, ok = r, true
		}
	}
	return best, ok
}

// RateOn is the rate of this kind in force on a date: the latest effective
// on or before it. ok is false when there is none.
func (s *Store) RateOn(ctx context.Context, kind RateKind, date string) (Rate, bool, error) {
	if err := s.allow(ctx, "RateOn"); err != nil {
		return Rate{}, false, err
	}
	return s.rateOn(ctx, s.db, kind, date)
}

func (s *Store) rateOn(ctx context.Context, q queryer, kind RateKind, date string) (Rate, bool, error) {
	var r Rate
	err := scanRate(q.QueryRowContext(ctx, "SELECT "+rateCols+` FROM rates WHERE kind = ? AND effective_from <= ?
		ORDER BY effective_from DESC LIMIT 1`, kind, date), &r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// SetRate records a rate in force from a date. A rate of the same kind
// from the same date is replaced (r's ID and version are then that rate's).
// A rate already used by claims or payments is never changed by this: they
// keep the rate they were worked out at.
func (s *Store) SetRate(ctx context.Context, r *Rate) error {
	if err := s.allow(ctx, "SetRate"); err != nil {
		return err
	}
	v := *r
	v.Name = termsafe.Line(v.Name)
	v.EffectiveFrom = termsafe.Line(v.EffectiveFrom)
	if err := v.Validate(); err != nil {
		return err
	}
	err := s.setDated(ctx, "rates", &v.Meta, string(v.Kind), v.EffectiveFrom,
		func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "INSERT INTO rates ("+rateCols+") VALUES (?,?,?,?,?,?,?,?)",
				v.ID, ts(v.CreatedAt), ts(v.UpdatedAt), v.Version, v.Kind, v.Name, v.Amount, v.EffectiveFrom)
			return err
		},
		func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE rates SET name=?, amount_pence=?, updated_at=?, version=? WHERE id=?",
				v.Name, v.Amount, ts(v.UpdatedAt), v.Version, v.ID)
			return err
		})
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// DeleteRate removes a rate (claims and payments keep the amounts worked
// out at it).
func (s *Store) DeleteRate(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteRate"); err != nil {
		return err
	}
	return s.deleteVersioned(ctx, "rates", id, version)
}

// ThresholdKind is what a threshold limits.
type ThresholdKind string

// The thresholds the ledger checks.
const (
	ThresholdWeekly  ThresholdKind = "weekly_payments"  // payments received in a week (Mon–Sun), pence
	ThresholdMonthly ThresholdKind = "monthly_payments" // payments received in a calendar month, pence
	ThresholdHours   ThresholdKind = "monthly_hours"    // involvement hours in a calendar month, hundredths
)

// ThresholdKinds lists the thresholds in the order screens show them.
var ThresholdKinds = []ThresholdKind{ThresholdWeekly, ThresholdMonthly, ThresholdHours}

// DefaultHoursCap is the hours-per-month cap that applies while no
// monthly_hours threshold has been set: 30 hours.
const DefaultHoursCap Hundredths = 30_00

// Label is the threshold in plain English.
func (k ThresholdKind) Label() string {
	switch k {
	case ThresholdWeekly:
		return "Payments in a week"
	case ThresholdMonthly:
		return "Payments in a month"
	case ThresholdHours:
		return "Involvement hours in a month"
	}
	return string(k)
}

// Hours reports whether the threshold counts hours rather than money.
func (k ThresholdKind) Hours() bool { return k == ThresholdHours }

// ParseThresholdKind accepts a threshold's code or a short name: weekly,
// monthly, hours.
func ParseThresholdKind(s string) (ThresholdKind, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	switch k {
	case "weekly", "week", string(ThresholdWeekly):
		return ThresholdWeekly, nil
	case "monthly", "month", string(ThresholdMonthly):
		return ThresholdMonthly, nil
	case "hours", "hours-per-month", string(ThresholdHours):
		return ThresholdHours, nil
	}
	return "", fmt.Errorf("unknown threshold %q (use one of: weekly, monthly, hours)", s)
}

// Threshold is a limit in force from a date until the next of its kind:
// money (pence) for the payments limits, hundredths of an hour for the
// hours cap.
type Threshold struct {
	Meta
	Kind          ThresholdKind `json:"kind"`
	Amount        int64         `json:"-"` // pence, or hundredths of an hour for monthly_hours
	EffectiveFrom string        `json:"effective_from"`
	Note          string        `json:"note"`
	// Default is true for the built-in hours cap, which is not stored.
	Default bool `json:"-"`
}

// MarshalJSON writes the amount as amount_pence for the payments limits
// and hours_hundredths for the hours cap, as the export names amounts.
func (t Threshold) MarshalJSON() ([]byte, error) {
	type plain Threshold // without this method
	out := struct {
		plain
		Pence *int64 `json:"amount_pence,omitempty"`
		Hours *int64 `json:"hours_hundredths,omitempty"`
	}{plain: plain(t)}
	v := t.Amount
	if t.Kind.Hours() {
		out.Hours = &v
	} else {
		out.Pence = &v
	}
	return json.Marshal(out)
}

// ValueText shows the threshold's amount: "£100.00" or "30 hours".
func (t Threshold) ValueText() string {
	if t.Kind.Hours() {
		return Hundredths(t.Amount).String() + " hours"
	}
	return Pence(t.Amount).String()
}

// ParseThresholdValue reads a threshold's amount: money for the payments
// limits, hours for the hours cap.
func ParseThresholdValue(kind ThresholdKind, s string) (int64, error) {
	if kind.Hours() {
		h, err := ParseHours(s)
		return int64(h), err
	}
	p, err := ParseMoney(s)
	return int64(p), err
}

// Validate checks a threshold before it is saved.
func (t *Threshold) Validate() error {
	if _, err := ParseThresholdKind(string(t.Kind)); err != nil {
		return fieldErr("Kind", "%s", err)
	}
	if t.Amount < 0 {
		return fieldErr("Amount", "a threshold cannot be negative")
	}
	if t.Amount > int64(MaxMoney) {
		return fieldErr("Amount", "too large: check the amount")
	}
	d, err := NormalDate(t.EffectiveFrom)
	if err != nil || d == "" {
		return fieldErr("From", "say from which date the threshold applies, like 2026-04-06")
	}
	t.EffectiveFrom = d
	return nil
}

const thresholdCols = "id, created_at, updated_at, version, kind, amount, effective_from, note"

func scanThreshold(sc interface{ Scan(...any) error }, t *Threshold) error {
	ms := metaScan{m: &t.Meta}
	if err := sc.Scan(append(ms.dest(), &t.Kind, &t.Amount, &t.EffectiveFrom, &t.Note)...); err != nil {
		return err
	}
	ms.finish()
	return nil
}

// Thresholds lists every stored threshold by kind and date.
func (s *Store) Thresholds(ctx context.Context) ([]Threshold, error) {
	if err := s.allow(ctx, "Thresholds"); err != nil {
		return nil, err
	}
	return s.thresholds(ctx, s.db)
}

func (s *Store) thresholds(ctx context.Context, q queryer) ([]Threshold, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+thresholdCols+" FROM thresholds ORDER BY kind, effective_from")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Threshold
	for rows.Next() {
		var t Threshold
		if err := scanThreshold(rows, &t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	order := func(k ThresholdKind) int {
		for i, x := range ThresholdKinds {
			if x == k {
				return i
			}
		}
		return len(ThresholdKinds)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return order(out[i].Kind) < order(out[j].Kind)
		}
		return out[i].EffectiveFrom < out[j].EffectiveFrom
	})
	return out, rows.Err()
}

// ThresholdFor picks, from a list of thresholds, the one of this kind in
// force on a date. With none stored, the hours cap is DefaultHoursCap
// (Default set) and the payments limits are not set (ok false): "no
// threshold set" is a state screens show, never a made-up amount.
func ThresholdFor(ts []Threshold, kind ThresholdKind, date string) (Threshold, bool) {
	var best Threshold
	ok := false
	for _, t := range ts {
		if t.Kind == kind && t.EffectiveFrom <= date && (!ok || t.EffectiveFrom > best.EffectiveFrom) {
			best, ok = t, true
		}
	}
	if !ok && kind == ThresholdHours {
		return Threshold{Kind: ThresholdHours, Amount: int64(DefaultHoursCap), Default: true}, true
	}
	return best, ok
}

// ThresholdOn is the threshold of this kind in force on a date (see
// ThresholdFor).
func (s *Store) ThresholdOn(ctx context.Context, kind ThresholdKind, date string) (Threshold, bool, error) {
	if err := s.allow(ctx, "ThresholdOn"); err != nil {
		return Threshold{}, false, err
	}
	all, err := s.inner().Thresholds(ctx)
	if err != nil {
		return Threshold{}, false, err
	}
	t, ok := ThresholdFor(all, kind, date)
	return t, ok, nil
}

// SetThreshold records a threshold in force from a date, replacing one of
// the same kind from the same date.
func (s *Store) SetThreshold(ctx context.Context, t *Threshold) error {
	if err := s.allow(ctx, "SetThreshold"); err != nil {
		return err
	}
	v := *t
	v.Note = termsafe.Line(v.Note)
	v.EffectiveFrom = termsafe.Line(v.EffectiveFrom)
	v.Default = false
	if err := v.Validate(); err != nil {
		return err
	}
	err := s.setDated(ctx, "thresholds", &v.Meta, string(v.Kind), v.EffectiveFrom,
		func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "INSERT INTO thresholds ("+thresholdCols+") VALUES (?,?,?,?,?,?,?,?)",
				v.ID, ts(v.CreatedAt), ts(v.UpdatedAt), v.Version, v.Kind, v.Amount, v.EffectiveFrom, v.Note)
			return err
		},
		func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE thresholds SET amount=?, note=?, updated_at=?, version=? WHERE id=?",
				v.Amount, v.Note, ts(v.UpdatedAt), v.Version, v.ID)
			return err
		})
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// DeleteThreshold removes a threshold.
func (s *Store) DeleteThreshold(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteThreshold"); err != nil {
		return err
	}
	return s.deleteVersioned(ctx, "thresholds", id, version)
}

// setDated saves a dated value (a rate, a threshold), of which a table
// holds one per kind and date. When the table has one of the same kind
// from the same date, m takes its id and a new version and update writes
// it — unless it is the row m was loaded from and it changed meanwhile
// (ErrConflict). Otherwise m is a new row and insert writes it.
func (s *Store) setDated(ctx context.Context, table string, m *Meta, kind, from string, insert, update func(*sql.Tx) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var old Meta
		ms := metaScan{m: &old}
		err := tx.QueryRowContext(ctx, "SELECT id, created_at, updated_at, version FROM "+table+" WHERE kind = ? AND effective_from = ?",
			kind, from).Scan(ms.dest()...)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			m.ID = ""
			s.newMeta(m)
			return insert(tx)
		case err != nil:
			return err
		}
		ms.finish()
		if m.ID != "" && m.ID == old.ID && m.Version != old.Version {
			return ErrConflict
		}
		*m = old
		s.bump(m)
		return update(tx)
	})
}
