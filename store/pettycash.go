package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/involve/involve/termsafe"
)

// PettyCash is a meeting's petty cash: the float taken to the meeting, the
// cash paid out of it (claims and payments for the meeting paid in cash),
// the balance that should be left, the cash counted back and whether the
// two were reconciled.
type PettyCash struct {
	Meta
	MeetingID    string `json:"meeting_id"`
	Float        Pence  `json:"float_pence"`
	Counted      bool   `json:"counted"`       // the cash was counted back
	CountedCash  Pence  `json:"counted_pence"` // what was counted
	Reconciled   bool   `json:"reconciled"`
	ReconciledOn string `json:"reconciled_on"`
	Note         string `json:"note"` // why the count differs, if it does
	// FormerMeetingID is set, and MeetingID "", once the meeting was
	// deleted: the cash book is kept as it was and can no longer change.
	FormerMeetingID string `json:"former_meeting_id"`

	// Worked out when loaded, not stored.
	PaidOut Pence      `json:"-"` // cash paid out for the meeting
	Lines   []CashLine `json:"-"` // each cash payment, in the order paid
}

// CashLine is one cash payment out of a meeting's float.
type CashLine struct {
	Claim         bool   // a claim (else an involvement payment)
	ID            string // the claim's or payment's id
	PersonID      string // "" for a former member (since erased)
	PersonName    string // FormerMember for a former member
	PreferredName string
	What          string // the category or basis, in plain English
	Amount        Pence
	PaidOn        string
}

// Set reports whether a float has been recorded for the meeting.
func (p PettyCash) Set() bool { return p.ID != "" }

// Balance is the cash that should be left: the float less what was paid out.
func (p PettyCash) Balance() Pence { return p.Float - p.PaidOut }

// Difference is the counted cash less the balance: negative when cash is
// short. It means nothing until the cash has been counted.
func (p PettyCash) Difference() Pence { return p.CountedCash - p.Balance() }

const pettyCashCols = "id, created_at, updated_at, version, meeting_id, float_pence, counted, counted_pence, reconciled, reconciled_on, note, former_meeting_id"

func scanPettyCash(sc interface{ Scan(...any) error }, p *PettyCash) error {
	ms := metaScan{m: &p.Meta}
	var counted, reconciled int
	var meeting, former sql.NullString
	if err := sc.Scan(append(ms.dest(), &meeting, &p.Float, &counted, &p.CountedCash, &reconciled, &p.ReconciledOn, &p.Note, &former)...); err != nil {
		return err
	}
	ms.finish()
	p.MeetingID, p.FormerMeetingID = meeting.String, former.String
	p.Counted, p.Reconciled = counted == 1, reconciled == 1
	return nil
}

// pettyCashRow loads the petty cash of a meeting (or, former, of a
// meeting since deleted); found is false when none was set.
func (s *Store) pettyCashRow(ctx context.Context, q queryer, meetingID string, former ...bool) (p PettyCash, found bool, err error) {
	col := "meeting_id"
	if len(former) > 0 && former[0] {
		col = "former_meeting_id"
	}
	err = scanPettyCash(q.QueryRowContext(ctx, "SELECT "+pettyCashCols+" FROM petty_cash WHERE "+col+" = ?", meetingID), &p)
	if errors.Is(err, sql.ErrNoRows) {
		if col == "meeting_id" {
			return PettyCash{MeetingID: meetingID}, false, nil
		}
		return PettyCash{FormerMeetingID: meetingID}, false, nil
	}
	return p, err == nil, err
}

// cashPaidOut is the cash paid out for a meeting: its claims and payments
// paid in cash.
func (s *Store) cashPaidOut(ctx context.Context, q queryer, meetingID string) (Pence, error) {
	var out Pence
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT coalesce(sum(amount_pence), 0) FROM claims WHERE meeting_id = ?1 AND status = 'paid' AND paid_how = 'cash') +
		(SELECT coalesce(sum(`+paidOutExpr["payments"]+`), 0) FROM payments WHERE meeting_id = ?1 AND status = 'paid' AND paid_how = 'cash')`,
		meetingID).Scan(&out)
	return out, err
}

// PettyCash loads a meeting's petty cash with the cash paid out of it.
// When no float has been set the record is empty (Set() is false) but the
// cash paid out is still counted. The meeting-day screen shows Float,
// PaidOut, Balance() and the Lines; pay cash with PayClaim(…, PaidCash, …).
// meetingID may also be the id of a meeting since deleted: its cash book
// is kept, exactly as it was, with FormerMeetingID set.
func (s *Store) PettyCash(ctx context.Context, meetingID string) (PettyCash, error) {
	if err := s.allow(ctx, "PettyCash"); err != nil {
		return PettyCash{}, err
	}
	return s.pettyCash(ctx, s.db, meetingID)
}

func (s *Store) pettyCash(ctx context.Context, q queryer, meetingID string) (PettyCash, error) {
	former := false
	if n, err := count(ctx, q, "SELECT count(*) FROM meetings WHERE id = ?", meetingID); err != nil {
		return PettyCash{}, err
	} else if n == 0 {
		if n, err := count(ctx, q, "SELECT count(*) FROM former_meetings WHERE id = ?", meetingID); err != nil {
			return PettyCash{}, err
		} else if n == 0 {
			return PettyCash{}, ErrNotFound
		}
		former = true
	}
	p, _, err := s.pettyCashRow(ctx, q, meetingID, former)
	if err != nil {
		return p, err
	}
	// The lines are the cash paid for the meeting, to members and to
	// former members alike: erasing someone never changes a cash book.
	col := "meeting_id"
	if former {
		col = "former_meeting_id"
	}
	rows, err := q.QueryContext(ctx, `
		SELECT 1, c.id, coalesce(c.person_id, ''), coalesce(pe.name, ''), coalesce(pe.preferred_name, ''), c.category, c.amount_pence, c.paid_on, c.created_at
		FROM claims c LEFT JOIN people pe ON pe.id = c.person_id
		WHERE c.`+col+` = ?1 AND c.status = 'paid' AND c.paid_how = 'cash'
		UNION ALL
		SELECT 0, y.id, coalesce(y.person_id, ''), coalesce(pe.name, ''), coalesce(pe.preferred_name, ''), y.basis,
			CASE y.choice WHEN 'reduce' THEN y.reduced_pence WHEN 'decline' THEN 0 ELSE y.amount_pence END, y.paid_on, y.created_at
		FROM payments y LEFT JOIN people pe ON pe.id = y.person_id
		WHERE y.`+col+` = ?1 AND y.status = 'paid' AND y.paid_how = 'cash'
		ORDER BY 8, 9, 2`, meetingID)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	p.PaidOut = 0
	for rows.Next() {
		var l CashLine
		var claim int
		var what, created string
		if err := rows.Scan(&claim, &l.ID, &l.PersonID, &l.PersonName, &l.PreferredName, &what, &l.Amount, &l.PaidOn, &created); err != nil {
			return p, err
		}
		if l.PersonID == "" {
			l.PersonName = FormerMember
		}
		l.Claim = claim == 1
		if l.Claim {
			l.What = Category(what).Label()
		} else {
			l.What = "Involvement payment (" + Basis(what).Label() + ")"
		}
		p.PaidOut += l.Amount
		p.Lines = append(p.Lines, l)
	}
	return p, rows.Err()
}

// SetFloat records the float taken to the meeting (p from PettyCash; a
// float set meanwhile on another screen is a conflict). The float cannot be
// less than the cash already paid out, nor changed once reconciled.
func (s *Store) SetFloat(ctx context.Context, p *PettyCash, float Pence) error {
	if err := s.allow(ctx, "SetFloat"); err != nil {
		return err
	}
	return s.changePettyCash(ctx, p, func(v *PettyCash) error {
		switch {
		case float < 0:
			return fieldErr("Float", "a float cannot be negative")
		case float > MaxMoney:
			return fieldErr("Float", "%s", errTooMuch())
		case float < v.PaidOut:
			return fieldErr("Float", "%s has already been paid out in cash at this meeting: the float cannot be less", v.PaidOut)
		}
		v.Float = float
		return nil
	})
}

// CountCash records the cash counted back at the end of the meeting.
func (s *Store) CountCash(ctx context.Context, p *PettyCash, counted Pence) error {
	if err := s.allow(ctx, "CountCash"); err != nil {
		return err
	}
	return s.changePettyCash(ctx, p, func(v *PettyCash) error {
		if counted < 0 {
			return fieldErr("Counted", "an amount cannot be negative")
		}
		if counted > MaxMoney {
			return fieldErr("Counted", "%s", errTooMuch())
		}
		v.Counted, v.CountedCash = true, counted
		return nil
	})
}

// ReconcileCash marks the petty cash reconciled: the cash was counted, and
// any difference from the balance is explained in note. After this no more
// cash can be paid out for the meeting until it is reopened.
func (s *Store) ReconcileCash(ctx context.Context, p *PettyCash, note string) error {
	if err := s.allow(ctx, "ReconcileCash"); err != nil {
		return err
	}
	return s.changePettyCash(ctx, p, func(v *PettyCash) error {
		if !v.Counted {
			return fieldErr("Counted", "count the cash first")
		}
		note = termsafe.Line(note)
		if d := v.Difference(); d != 0 && note == "" {
			word := "over"
			if d < 0 {
				word, d = "short", -d
			}
			return fieldErr("Note", "the cash is %s %s: say why before reconciling", d, word)
		}
		if len([]rune(note)) > 500 {
			return fieldErr("Note", "too long (500 characters at most)")
		}
		v.Note = note
		v.Reconciled, v.ReconciledOn = true, LocalDate(s.now())
		return nil
	}, true)
}

// ReopenCash undoes a reconciliation, so that the float can be changed and
// more cash paid out.
func (s *Store) ReopenCash(ctx context.Context, p *PettyCash) error {
	if err := s.allow(ctx, "ReopenCash"); err != nil {
		return err
	}
	return s.changePettyCash(ctx, p, func(v *PettyCash) error {
		if !v.Reconciled {
			return errors.New("the petty cash is not reconciled")
		}
		v.Reconciled, v.ReconciledOn = false, ""
		return nil
	}, true)
}

var errFormerCash = errors.New("this meeting was deleted: its petty cash is kept as it was and cannot change")

// changePettyCash loads the meeting's petty cash in a transaction, checks
// it has not changed since p was loaded, applies fn and saves it. Only
// reopen and reconcile may touch a reconciled record (anyReconciled).
func (s *Store) changePettyCash(ctx context.Context, p *PettyCash, fn func(*PettyCash) error, anyReconciled ...bool) error {
	var out PettyCash
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if p.MeetingID == "" && p.FormerMeetingID != "" {
			return errFormerCash
		}
		cur, err := s.pettyCash(ctx, tx, p.MeetingID)
		if err != nil {
			return err
		}
		if cur.FormerMeetingID != "" {
			return errFormerCash
		}
		if cur.ID != p.ID || cur.Version != p.Version {
			return ErrConflict
		}
		if cur.Reconciled && len(anyReconciled) == 0 {
			return fmt.Errorf("the petty cash for this meeting was reconciled on %s: reopen it first", cur.ReconciledOn)
		}
		if err := fn(&cur); err != nil {
			return err
		}
		if cur.ID == "" {
			s.newMeta(&cur.Meta)
			if _, err := tx.ExecContext(ctx, "INSERT INTO petty_cash ("+pettyCashCols+") VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL)",
				cur.ID, ts(cur.CreatedAt), ts(cur.UpdatedAt), cur.Version, cur.MeetingID, cur.Float, boolInt(cur.Counted),
				cur.CountedCash, boolInt(cur.Reconciled), cur.ReconciledOn, cur.Note); err != nil {
				return err
			}
		} else {
			old := cur.Version
			s.bump(&cur.Meta)
			res, err := tx.ExecContext(ctx, `UPDATE petty_cash SET float_pence=?, counted=?, counted_pence=?, reconciled=?,
				reconciled_on=?, note=?, updated_at=?, version=? WHERE id=? AND version=?`,
				cur.Float, boolInt(cur.Counted), cur.CountedCash, boolInt(cur.Reconciled), cur.ReconciledOn, cur.Note,
				ts(cur.UpdatedAt), cur.Version, cur.ID, old)
			if err != nil {
				return err
			}
			if err := checkUpdated(ctx, tx, res, "petty_cash", cur.ID); err != nil {
				return err
			}
		}
		out = cur
		return nil
	})
	if err != nil {
		return err
	}
	*p = out
	return nil
}

// MeetingMoney is everything about money for one meeting: its claims and
// payments, its petty cash and running totals. It is what a meeting-day
// screen shows.
type MeetingMoney struct {
	MeetingID string
	Claims    []Claim
	Payments  []Payment
	Cash      PettyCash
	// Claimed totals the claims by status; Owed is claimed + approved.
	Claimed map[Status]Pence
	Owed    Pence
	// PaymentsDue is what is still to be paid in involvement payments
	// (claimed or approved, not declined); PaymentsPaid what was paid out.
	PaymentsDue, PaymentsPaid Pence
}

// MeetingMoney loads a meeting's claims, payments and petty cash, with
// running totals.
func (s *Store) MeetingMoney(ctx context.Context, meetingID string) (MeetingMoney, error) {
	if err := s.allow(ctx, "MeetingMoney"); err != nil {
		return MeetingMoney{}, err
	}
	mm := MeetingMoney{MeetingID: meetingID, Claimed: map[Status]Pence{}}
	var err error
	if mm.Cash, err = s.inner().PettyCash(ctx, meetingID); err != nil {
		return mm, err
	}
	if mm.Claims, err = s.inner().Claims(ctx, ClaimFilter{MeetingID: meetingID}); err != nil {
		return mm, err
	}
	if mm.Payments, err = s.inner().Payments(ctx, PaymentFilter{MeetingID: meetingID}); err != nil {
		return mm, err
	}
	for _, c := range mm.Claims {
		mm.Claimed[c.Status] += c.Amount
	}
	mm.Owed = mm.Claimed[StatusClaimed] + mm.Claimed[StatusApproved]
	for _, p := range mm.Payments {
		switch p.Status {
		case StatusClaimed, StatusApproved:
			mm.PaymentsDue += p.PaidOut()
		case StatusPaid:
			mm.PaymentsPaid += p.PaidOut()
		}
	}
	return mm, nil
}
