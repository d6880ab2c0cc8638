package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// PaymentFilter selects involvement payments; empty fields select everything.
type PaymentFilter struct {
	PersonID   string
	MeetingID  string
	TrainingID string
	Status     Status
	From, To   string // London dates of the involvement, inclusive
}

const paymentCols = "id, created_at, updated_at, version, person_id, meeting_id, activity, payment_date, basis, hours, rate_pence, amount_pence, choice, reduced_pence, note, status, reject_reason, paid_how, paid_on, former_meeting_id, training_id"

func paymentDest(p *Payment, extra ...any) (func(), []any) {
	ms := metaScan{m: &p.Meta}
	var person, meeting, former, training sql.NullString
	d := append(ms.dest(), &person, &meeting, &p.Activity, &p.Date, &p.Basis, &p.Hours, &p.Rate, &p.Amount,
		&p.Choice, &p.Reduced, &p.Note, &p.Status, &p.RejectReason, &p.PaidHow, &p.PaidOn, &former, &training)
	return func() {
		ms.finish()
		p.PersonID, p.MeetingID, p.FormerMeetingID, p.TrainingID = person.String, meeting.String, former.String, training.String
	}, append(d, extra...)
}

// paymentSelect follows paymentCols (prefixed y.), as claimSelect does.
const paymentSelect = `, coalesce(pe.name, ''), coalesce(pe.preferred_name, ''), coalesce(fo.name, fm.forum_name, ''), coalesce(g.starts_at, fm.starts_at, '')
	FROM payments y LEFT JOIN people pe ON pe.id = y.person_id
	LEFT JOIN meetings g ON g.id = y.meeting_id LEFT JOIN forums fo ON fo.id = g.forum_id
	LEFT JOIN former_meetings fm ON fm.id = y.former_meeting_id`

// scanPayment reads a row of paymentCols + paymentSelect.
func scanPayment(sc interface{ Scan(...any) error }, p *Payment) error {
	var start string
	finish, dest := paymentDest(p, &p.PersonName, &p.PreferredName, &p.ForumName, &start)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	finish()
	p.MeetingStart = parseTS(start)
	if p.PersonID == "" {
		p.PersonName = FormerMember
	}
	return nil
}

// Payments lists the involvement payments the filter selects, the latest first.
func (s *Store) Payments(ctx context.Context, f PaymentFilter) ([]Payment, error) {
	if err := s.allow(ctx, "Payments"); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if f.PersonID != "" {
		add("y.person_id = ?", f.PersonID)
	}
	if f.MeetingID != "" {
		where = append(where, "(y.meeting_id = ? OR y.former_meeting_id = ?)")
		args = append(args, f.MeetingID, f.MeetingID)
	}
	if f.TrainingID != "" {
		add("y.training_id = ?", f.TrainingID)
	}
	if f.Status != "" {
		add("y.status = ?", f.Status)
	}
	if f.From != "" {
		add("y.payment_date >= ?", f.From)
	}
	if f.To != "" {
		add("y.payment_date <= ?", f.To)
	}
	q := "SELECT " + prefixed("y", paymentCols) + paymentSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY y.payment_date DESC, y.created_at DESC, y.id"
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Payment
	for rows.Next() {
		var p Payment
		if err := scanPayment(rows, &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Payment loads one involvement payment.
func (s *Store) Payment(ctx context.Context, id string) (Payment, error) {
	if err := s.allow(ctx, "Payment"); err != nil {
		return Payment{}, err
	}
	return s.payment(ctx, s.db, id)
}

func (s *Store) payment(ctx context.Context, q queryer, id string) (Payment, error) {
	var p Payment
	err := scanPayment(q.QueryRowContext(ctx, "SELECT "+prefixed("y", paymentCols)+paymentSelect+" WHERE y.id = ?", id), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}

// RecordPayment records a new involvement payment, checking it first.
//
//   - MeetingID may be "" for other involvement (Activity says what); a
//     payment for a cancelled meeting is refused. Date defaults to the
//     meeting's date.
//   - TrainingID, instead of a meeting, pays for co-delivering a training
//     session: Date defaults to the session's date, Activity to its title.
//   - The amount comes from the rate in force on Date: hourly is hours ×
//     the hourly rate, meeting the rate per meeting; fixed is Amount when
//     given, else the fixed-fee rate.
//   - Hours, when 0 for a meeting, are the meeting's length (to the quarter
//     hour), so the hours cap counts them.
//   - Choice "" is accept; reduce needs Reduced, less than the amount.
//   - Status as for RecordClaim: claimed (default), approved, or paid there
//     and then (a declined payment is never paid).
//
// It does not check the thresholds: call CheckPayment first and warn.
func (s *Store) RecordPayment(ctx context.Context, p *Payment) error {
	if err := s.allow(ctx, "RecordPayment"); err != nil {
		return err
	}
	v := *p
	v.ID = ""
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkPayment(ctx, tx, &v); err != nil {
			return err
		}
		switch v.Status {
		case "", StatusClaimed:
			v.Status = StatusClaimed
		case StatusApproved:
		case StatusPaid:
			if v.Choice == ChoiceDecline {
				return fieldErr("Choice", "a declined payment is not paid")
			}
			if err := s.checkPay(ctx, tx, v.MeetingID, v.PaidOut(), &v.PaidHow, &v.PaidOn); err != nil {
				return err
			}
		default:
			return fieldErr("Status", "a new payment is claimed, approved or paid, not %s", v.Status)
		}
		if v.Status != StatusPaid {
			v.PaidHow, v.PaidOn = "", ""
		}
		v.RejectReason = ""
		s.newMeta(&v.Meta)
		if _, err := tx.ExecContext(ctx, "INSERT INTO payments ("+paymentCols+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?)",
			v.ID, ts(v.CreatedAt), ts(v.UpdatedAt), v.Version, v.PersonID, nullable(v.MeetingID), v.Activity, v.Date,
			v.Basis, v.Hours, v.Rate, v.Amount, v.Choice, v.Reduced, v.Note, v.Status, v.RejectReason, v.PaidHow, v.PaidOn,
			nullable(v.TrainingID)); err != nil {
			return err
		}
		saved, err := s.payment(ctx, tx, v.ID)
		v = saved
		return err
	})
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// SavePayment records a new payment (empty ID, as RecordPayment) or changes
// one that is still claimed and has not changed since it was loaded.
func (s *Store) SavePayment(ctx context.Context, p *Payment) error {
	if err := s.allow(ctx, "SavePayment"); err != nil {
		return err
	}
	if p.ID == "" {
		return s.inner().RecordPayment(ctx, p)
	}
	v := *p
	err := s.tx(ctx, func(tx *sql.Tx) error {
		cur, err := s.payment(ctx, tx, v.ID)
		if err != nil {
			return err
		}
		if cur.Version != v.Version {
			return ErrConflict
		}
		if cur.Status != StatusClaimed {
			return fmt.Errorf("this payment is %s: only a payment not yet approved can be changed (reopen it first)", strings.ToLower(cur.Status.Label()))
		}
		if err := s.checkPayment(ctx, tx, &v); err != nil {
			return err
		}
		old := v.Version
		s.bump(&v.Meta)
		// Moved to a meeting, it is no longer for a former (deleted) one.
		res, err := tx.ExecContext(ctx, `UPDATE payments SET person_id=?, meeting_id=?, activity=?, payment_date=?, basis=?,
			hours=?, rate_pence=?, amount_pence=?, choice=?, reduced_pence=?, note=?, training_id=?, updated_at=?, version=?,
			former_meeting_id = CASE WHEN ? IS NULL THEN former_meeting_id END
			WHERE id=? AND version=?`,
			v.PersonID, nullable(v.MeetingID), v.Activity, v.Date, v.Basis, v.Hours, v.Rate, v.Amount, v.Choice,
			v.Reduced, v.Note, nullable(v.TrainingID), ts(v.UpdatedAt), v.Version, nullable(v.MeetingID), v.ID, old)
		if err != nil {
			return err
		}
		if err := checkUpdated(ctx, tx, res, "payments", v.ID); err != nil {
			return err
		}
		saved, err := s.payment(ctx, tx, v.ID)
		v = saved
		return err
	})
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// SetPaymentChoice records the person's choice (accept, reduce to reduced,
// decline, donate) on a payment not yet paid or rejected.
func (s *Store) SetPaymentChoice(ctx context.Context, p *Payment, choice Choice, reduced Pence) error {
	if err := s.allow(ctx, "SetPaymentChoice"); err != nil {
		return err
	}
	v := *p
	err := s.tx(ctx, func(tx *sql.Tx) error {
		cur, err := s.payment(ctx, tx, v.ID)
		if err != nil {
			return err
		}
		if cur.Version != v.Version {
			return ErrConflict
		}
		if cur.Status == StatusPaid || cur.Status == StatusRejected {
			return fmt.Errorf("this payment is %s: the choice can no longer change", strings.ToLower(cur.Status.Label()))
		}
		cur.Choice, cur.Reduced = choice, reduced
		if err := checkChoice(&cur); err != nil {
			return err
		}
		old := cur.Version
		s.bump(&cur.Meta)
		res, err := tx.ExecContext(ctx, "UPDATE payments SET choice=?, reduced_pence=?, updated_at=?, version=? WHERE id=? AND version=?",
			cur.Choice, cur.Reduced, ts(cur.UpdatedAt), cur.Version, cur.ID, old)
		if err != nil {
			return err
		}
		if err := checkUpdated(ctx, tx, res, "payments", cur.ID); err != nil {
			return err
		}
		v, err = s.payment(ctx, tx, cur.ID)
		return err
	})
	if err != nil {
		return err
	}
	*p = v
	return nil
}

func checkChoice(p *Payment) error {
	if p.Choice == "" {
		p.Choice = ChoiceAccept
	}
	c, err := ParseChoice(string(p.Choice))
	if err != nil {
		return fieldErr("Choice", "%s", err)
	}
	p.Choice = c
	if c != ChoiceReduce {
		p.Reduced = 0
		return nil
	}
	switch {
	case p.Reduced <= 0:
		return fieldErr("Reduced to", "say what they will take (to take nothing, choose declined)")
	case p.Reduced >= p.Amount:
		return fieldErr("Reduced to", "a reduced payment is less than the full %s", p.Amount)
	}
	return nil
}

// checkPayment cleans and checks a payment and works out its amount from
// the dated rate.
func (s *Store) checkPayment(ctx context.Context, q queryer, p *Payment) error {
	p.clean()
	if p.TrainingID != "" {
		if p.MeetingID != "" {
			return fieldErr("Meeting", "a payment is for a meeting or for a training session, not both")
		}
		var title, date string
		err := q.QueryRowContext(ctx, "SELECT title, session_date FROM training_sessions WHERE id = ?", p.TrainingID).Scan(&title, &date)
		if errors.Is(err, sql.ErrNoRows) {
			return fieldErr("Training", "that training session no longer exists")
		}
		if err != nil {
			return err
		}
		if strings.TrimSpace(p.Activity) == "" {
			p.Activity = trainingActivity(title)
		}
		if strings.TrimSpace(p.Date) == "" {
			p.Date = date
		}
	}
	if err := s.checkWho(ctx, q, p.PersonID, p.MeetingID, &p.Activity, &p.Date, "payment"); err != nil {
		return err
	}
	b, err := ParseBasis(string(p.Basis))
	if err != nil {
		return fieldErr("Basis", "%s", err)
	}
	p.Basis = b
	if p.Hours == 0 && p.MeetingID != "" && b != BasisFixed {
		var start, end string
		if err := q.QueryRowContext(ctx, "SELECT starts_at, ends_at FROM meetings WHERE id = ?", p.MeetingID).Scan(&start, &end); err != nil {
			return err
		}
		p.Hours = MeetingHours(parseTS(start), parseTS(end))
	}
	switch {
	case p.Hours < 0:
		return fieldErr("Hours", "hours cannot be negative")
	case p.Hours > MaxQuantity:
		return fieldErr("Hours", "more than %s hours: check the number", MaxQuantity)
	case p.Hours%25 != 0:
		return fieldErr("Hours", "give hours in quarters, like 1.25, 1.5 or 1.75")
	case b == BasisHourly && p.Hours == 0:
		return fieldErr("Hours", "enter the hours of involvement")
	}
	if b == BasisFixed && p.Amount > 0 && p.Amount != p.Rate {
		p.Rate = 0 // a fee of its own (a payment prepared at the rate is still at it)
	} else {
		r, ok, err := s.rateOn(ctx, q, b.RateKind(), p.Date)
		if err != nil {
			return err
		}
		if !ok {
			return fieldErr("Rate", "no %s rate is set for %s: set one first (Money, Rates; or involve rates set %s AMOUNT --from DATE)",
				b.RateKind().Phrase(), p.Date, b.RateKind())
		}
		p.Rate = r.Amount
		if b == BasisHourly {
			p.Amount = MulRate(r.Amount, p.Hours)
		} else {
			p.Amount = r.Amount
		}
	}
	switch {
	case p.Amount < 0:
		return fieldErr("Amount", "an amount cannot be negative")
	case p.Amount > MaxMoney:
		return fieldErr("Amount", "%s", errTooMuch())
	case p.Amount == 0:
		return fieldErr("Amount", "the rate gives nothing to pay: check the rate")
	}
	if len([]rune(p.Note)) > 500 {
		return fieldErr("Note", "too long (500 characters at most)")
	}
	return checkChoice(p)
}

// MeetingHours is the length of a meeting from start to end in hours, to
// the nearest quarter hour: the hours a payment for the meeting counts
// when none are given.
func MeetingHours(start, end time.Time) Hundredths {
	minutes := int64(end.Sub(start) / time.Minute)
	return Hundredths((minutes + 7) / 15 * 25)
}

// PreparePayment checks a payment and works out its amount, rate and hours
// as RecordPayment would, without saving anything: a form calls it, then
// CheckPayment(ctx, p), and warns before recording.
func (s *Store) PreparePayment(ctx context.Context, p *Payment) error {
	if err := s.allow(ctx, "PreparePayment"); err != nil {
		return err
	}
	v := *p
	if err := s.checkPayment(ctx, s.db, &v); err != nil {
		return err
	}
	*p = v
	return nil
}

// ApprovePayment approves a payment that is claimed (due).
func (s *Store) ApprovePayment(ctx context.Context, p *Payment) error {
	if err := s.allow(ctx, "ApprovePayment"); err != nil {
		return err
	}
	return s.movePayment(ctx, p, StatusApproved, "", "", "")
}

// RejectPayment rejects a payment that is claimed or approved, saying why.
func (s *Store) RejectPayment(ctx context.Context, p *Payment, reason string) error {
	if err := s.allow(ctx, "RejectPayment"); err != nil {
		return err
	}
	return s.movePayment(ctx, p, StatusRejected, reason, "", "")
}

// ReopenPayment takes an approved or rejected payment back to claimed.
func (s *Store) ReopenPayment(ctx context.Context, p *Payment) error {
	if err := s.allow(ctx, "ReopenPayment"); err != nil {
		return err
	}
	return s.movePayment(ctx, p, StatusClaimed, "", "", "")
}

// PayPayment records that a payment was paid, how and when (on "" is
// today). As with PayClaim, a claimed payment is approved and paid at once
// and cash at a meeting comes out of its float. A declined payment cannot
// be paid. Call CheckPayPayment first: paying does not check thresholds.
func (s *Store) PayPayment(ctx context.Context, p *Payment, how PaidHow, on string) error {
	if err := s.allow(ctx, "PayPayment"); err != nil {
		return err
	}
	return s.movePayment(ctx, p, StatusPaid, "", how, on)
}

func (s *Store) movePayment(ctx context.Context, p *Payment, to Status, reason string, how PaidHow, on string) error {
	return moveAndLoad(ctx, s, "payments", "payment", p, p.ID, p.Version, to, reason, how, on, s.payment)
}

// DeletePayment removes a payment that has not been paid.
func (s *Store) DeletePayment(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeletePayment"); err != nil {
		return err
	}
	return s.deleteUnpaid(ctx, "payments", "payment", id, version)
}
