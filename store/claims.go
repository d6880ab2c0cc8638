package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/involve/involve/termsafe"
)

// ClaimFilter selects claims; empty fields select everything.
type ClaimFilter struct {
	PersonID  string
	MeetingID string   // claims for this meeting, or this former (deleted) meeting
	ForumIDs  []string // claims for meetings of these forums, deleted meetings included
	Status    Status
	From, To  string // London dates of the expense, inclusive
}

const claimCols = "id, created_at, updated_at, version, person_id, meeting_id, activity, claim_date, category, quantity, rate_pence, amount_pence, description, receipt, receipt_ref, status, reject_reason, paid_how, paid_on, former_meeting_id"

// claimDest scans claimCols (and extra columns after them) into c.
func claimDest(c *Claim, extra ...any) (func(), []any) {
	ms := metaScan{m: &c.Meta}
	var person, meeting, former sql.NullString
	var receipt int
	d := append(ms.dest(), &person, &meeting, &c.Activity, &c.Date, &c.Category, &c.Quantity, &c.Rate,
		&c.Amount, &c.Description, &receipt, &c.ReceiptRef, &c.Status, &c.RejectReason, &c.PaidHow, &c.PaidOn, &former)
	return func() {
		ms.finish()
		c.PersonID, c.MeetingID, c.FormerMeetingID = person.String, meeting.String, former.String
		c.Receipt = receipt == 1
	}, append(d, extra...)
}

// claimSelect follows claimCols (prefixed c.) in the queries that list
// claims: the person's names (a former member has none), the forum and
// start of the meeting or of the former meeting.
const claimSelect = `, coalesce(p.name, ''), coalesce(p.preferred_name, ''), coalesce(fo.name, fm.forum_name, ''), coalesce(g.starts_at, fm.starts_at, '')
	FROM claims c LEFT JOIN people p ON p.id = c.person_id
	LEFT JOIN meetings g ON g.id = c.meeting_id LEFT JOIN forums fo ON fo.id = g.forum_id
	LEFT JOIN former_meetings fm ON fm.id = c.former_meeting_id`

// scanClaim reads a row of claimCols + claimSelect.
func scanClaim(sc interface{ Scan(...any) error }, c *Claim) error {
	var start string
	finish, dest := claimDest(c, &c.PersonName, &c.PreferredName, &c.ForumName, &start)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	finish()
	c.MeetingStart = parseTS(start)
	if c.PersonID == "" {
		c.PersonName = FormerMember
	}
	return nil
}

// Claims lists the claims the filter selects, the latest first, with the
// person's names and the meeting's forum and start for display.
func (s *Store) Claims(ctx context.Context, f ClaimFilter) ([]Claim, error) {
	if err := s.allow(ctx, "Claims"); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if f.PersonID != "" {
		add("c.person_id = ?", f.PersonID)
	}
	if f.MeetingID != "" {
		where = append(where, "(c.meeting_id = ? OR c.former_meeting_id = ?)")
		args = append(args, f.MeetingID, f.MeetingID)
	}
	if len(f.ForumIDs) > 0 {
		ph := strings.TrimSuffix(strings.Repeat("?,", len(f.ForumIDs)), ",")
		where = append(where, "(g.forum_id IN ("+ph+") OR fm.forum_id IN ("+ph+"))")
		for range 2 {
			for _, id := range f.ForumIDs {
				args = append(args, id)
			}
		}
	}
	if f.Status != "" {
		add("c.status = ?", f.Status)
	}
	if f.From != "" {
		add("c.claim_date >= ?", f.From)
	}
	if f.To != "" {
		add("c.claim_date <= ?", f.To)
	}
	q := "SELECT " + prefixed("c", claimCols) + claimSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY c.claim_date DESC, c.created_at DESC, c.id"
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Claim
	for rows.Next() {
		var c Claim
		if err := scanClaim(rows, &c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Claim loads one claim.
func (s *Store) Claim(ctx context.Context, id string) (Claim, error) {
	if err := s.allow(ctx, "Claim"); err != nil {
		return Claim{}, err
	}
	return s.claim(ctx, s.db, id)
}

func (s *Store) claim(ctx context.Context, q queryer, id string) (Claim, error) {
	var c Claim
	err := scanClaim(q.QueryRowContext(ctx, "SELECT "+prefixed("c", claimCols)+claimSelect+" WHERE c.id = ?", id), &c)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// RecordClaim records a new claim, checking it first. It is the one call a
// meeting-day screen needs:
//
//   - MeetingID may be "" for other involvement (then Activity says what);
//     a claim for a cancelled meeting is refused.
//   - Date defaults to the meeting's date (London).
//   - For mileage and care, set Quantity (miles or hours, in hundredths):
//     Rate and Amount are worked out from the rate in force on Date. For
//     the other categories set Amount (use ParseMoney on what was typed).
//   - Status "" or claimed records a claim; approved records it approved;
//     paid (with PaidHow, and PaidOn defaulting to today) records it paid
//     there and then — cash at a meeting is taken from its petty cash float,
//     and refused if the float holds too little. All in one transaction.
//
// c is filled in (ID, amounts, names) only when everything was saved.
func (s *Store) RecordClaim(ctx context.Context, c *Claim) error {
	if err := s.allow(ctx, "RecordClaim"); err != nil {
		return err
	}
	v := *c
	v.ID = ""
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkClaim(ctx, tx, &v); err != nil {
			return err
		}
		switch v.Status {
		case "", StatusClaimed:
			v.Status = StatusClaimed
		case StatusApproved:
		case StatusPaid:
			if err := s.checkPay(ctx, tx, v.MeetingID, v.Amount, &v.PaidHow, &v.PaidOn); err != nil {
				return err
			}
		default:
			return fieldErr("Status", "a new claim is claimed, approved or paid, not %s", v.Status)
		}
		if v.Status != StatusPaid {
			v.PaidHow, v.PaidOn = "", ""
		}
		v.RejectReason = ""
		s.newMeta(&v.Meta)
		_, err := tx.ExecContext(ctx, "INSERT INTO claims ("+claimCols+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL)",
			v.ID, ts(v.CreatedAt), ts(v.UpdatedAt), v.Version, v.PersonID, nullable(v.MeetingID), v.Activity, v.Date,
			v.Category, v.Quantity, v.Rate, v.Amount, v.Description, boolInt(v.Receipt), v.ReceiptRef, v.Status,
			v.RejectReason, v.PaidHow, v.PaidOn)
		if err != nil {
			return err
		}
		saved, err := s.claim(ctx, tx, v.ID)
		v = saved
		return err
	})
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// SaveClaim records a new claim (empty ID, as RecordClaim) or changes one
// that is still claimed and has not changed since it was loaded. Its status
// is not changed here: use ApproveClaim, RejectClaim, ReopenClaim, PayClaim.
func (s *Store) SaveClaim(ctx context.Context, c *Claim) error {
	if err := s.allow(ctx, "SaveClaim"); err != nil {
		return err
	}
	if c.ID == "" {
		return s.inner().RecordClaim(ctx, c)
	}
	v := *c
	err := s.tx(ctx, func(tx *sql.Tx) error {
		cur, err := s.claim(ctx, tx, v.ID)
		if err != nil {
			return err
		}
		if cur.Version != v.Version {
			return ErrConflict
		}
		if cur.Status != StatusClaimed {
			return fmt.Errorf("this claim is %s: only a claim not yet approved can be changed (reopen it first)", strings.ToLower(cur.Status.Label()))
		}
		if err := s.checkClaim(ctx, tx, &v); err != nil {
			return err
		}
		old := v.Version
		s.bump(&v.Meta)
		// Moved to a meeting, it is no longer for a former (deleted) one.
		res, err := tx.ExecContext(ctx, `UPDATE claims SET person_id=?, meeting_id=?, activity=?, claim_date=?, category=?,
			quantity=?, rate_pence=?, amount_pence=?, description=?, receipt=?, receipt_ref=?, updated_at=?, version=?,
			former_meeting_id = CASE WHEN ? IS NULL THEN former_meeting_id END
			WHERE id=? AND version=?`,
			v.PersonID, nullable(v.MeetingID), v.Activity, v.Date, v.Category, v.Quantity, v.Rate, v.Amount,
			v.Description, boolInt(v.Receipt), v.ReceiptRef, ts(v.UpdatedAt), v.Version, nullable(v.MeetingID), v.ID, old)
		if err != nil {
			return err
		}
		if err := checkUpdated(ctx, tx, res, "claims", v.ID); err != nil {
			return err
		}
		saved, err := s.claim(ctx, tx, v.ID)
		v = saved
		return err
	})
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// checkClaim cleans and checks a claim against the database: the person
// and meeting exist, the meeting was not cancelled, the amount is sound or
// worked out from the dated rate.
func (s *Store) checkClaim(ctx context.Context, q queryer, c *Claim) error {
	c.clean()
	if err := s.checkWho(ctx, q, c.PersonID, c.MeetingID, &c.Activity, &c.Date, "claim"); err != nil {
		return err
	}
	cat, err := ParseCategory(string(c.Category))
	if err != nil {
		return fieldErr("Category", "%s", err)
	}
	c.Category = cat
	if kind, rated := cat.Rated(); rated {
		unit, field := "miles", "Miles"
		if kind == RateCare {
			unit, field = "hours", "Hours"
		}
		switch {
		case c.Quantity <= 0:
			return fieldErr(field, "enter the number of %s", unit)
		case c.Quantity > MaxQuantity:
			return fieldErr(field, "more than %s %s: check the number", MaxQuantity, unit)
		case kind == RateMileage && c.Quantity%10 != 0:
			return fieldErr(field, "give miles to one decimal place, like 12.5")
		case kind == RateCare && c.Quantity%25 != 0:
			return fieldErr(field, "give hours in quarters, like 1.25, 1.5 or 1.75")
		}
		r, ok, err := s.rateOn(ctx, q, kind, c.Date)
		if err != nil {
			return err
		}
		if !ok {
			return fieldErr("Rate", "no %s rate is set for %s: set one first (Money, Rates; or involve rates set %s AMOUNT --from DATE)",
				kind.Phrase(), c.Date, kind)
		}
		c.Rate = r.Amount
		c.Amount = MulRate(r.Amount, c.Quantity)
	} else {
		c.Quantity, c.Rate = 0, 0
		if c.Amount == 0 {
			return fieldErr("Amount", "enter the amount claimed: %s", moneyHint)
		}
	}
	switch {
	case c.Amount < 0:
		return fieldErr("Amount", "an amount cannot be negative")
	case c.Amount > MaxMoney:
		return fieldErr("Amount", "%s", errTooMuch())
	}
	if len([]rune(c.Description)) > 500 {
		return fieldErr("Description", "too long (500 characters at most)")
	}
	if c.ReceiptRef != "" {
		c.Receipt = true
	}
	return nil
}

// checkWho checks the person and the meeting (or activity) of a claim or
// payment and fills in the date from the meeting when it is empty.
func (s *Store) checkWho(ctx context.Context, q queryer, personID, meetingID string, activity, date *string, noun string) error {
	if personID == "" {
		return fieldErr("Person", "choose who the %s is for", noun)
	}
	if n, err := count(ctx, q, "SELECT count(*) FROM people WHERE id = ?", personID); err != nil {
		return err
	} else if n == 0 {
		return fieldErr("Person", "that person is no longer in the database")
	}
	if meetingID != "" {
		var status MeetingStatus
		var start string
		err := q.QueryRowContext(ctx, "SELECT status, starts_at FROM meetings WHERE id = ?", meetingID).Scan(&status, &start)
		if errors.Is(err, sql.ErrNoRows) {
			return fieldErr("Meeting", "that meeting no longer exists")
		}
		if err != nil {
			return err
		}
		day := LocalDate(parseTS(start))
		if status == MeetingCancelled {
			return fieldErr("Meeting", "the meeting on %s was cancelled: no %s can be made for it (record it as other involvement if it was still incurred)", day, noun)
		}
		if strings.TrimSpace(*date) == "" {
			*date = day
		}
	} else if strings.TrimSpace(*activity) == "" {
		return fieldErr("Activity", "choose a meeting, or say what the involvement was")
	}
	if len([]rune(*activity)) > 200 {
		return fieldErr("Activity", "too long (200 characters at most)")
	}
	d, err := NormalDate(*date)
	if err != nil {
		return fieldErr("Date", "%s", err)
	}
	if d == "" {
		return fieldErr("Date", "say when it was, like 2026-03-14")
	}
	*date = d
	return nil
}

// ApproveClaim approves a claim that is claimed.
func (s *Store) ApproveClaim(ctx context.Context, c *Claim) error {
	if err := s.allow(ctx, "ApproveClaim"); err != nil {
		return err
	}
	return s.moveClaim(ctx, c, StatusApproved, "", "", "")
}

// RejectClaim rejects a claim that is claimed or approved, saying why.
func (s *Store) RejectClaim(ctx context.Context, c *Claim, reason string) error {
	if err := s.allow(ctx, "RejectClaim"); err != nil {
		return err
	}
	return s.moveClaim(ctx, c, StatusRejected, reason, "", "")
}

// ReopenClaim takes an approved or rejected claim back to claimed, so that
// it can be changed or looked at again.
func (s *Store) ReopenClaim(ctx context.Context, c *Claim) error {
	if err := s.allow(ctx, "ReopenClaim"); err != nil {
		return err
	}
	return s.moveClaim(ctx, c, StatusClaimed, "", "", "")
}

// PayClaim records that a claim was paid, how and on what date (on ""
// means today, in London). A claim still claimed is approved and paid at
// once. Paying cash for a meeting takes it from the meeting's petty cash:
// refused when the float (if one was set) holds too little or was already
// reconciled. A rejected claim cannot be paid.
func (s *Store) PayClaim(ctx context.Context, c *Claim, how PaidHow, on string) error {
	if err := s.allow(ctx, "PayClaim"); err != nil {
		return err
	}
	return s.moveClaim(ctx, c, StatusPaid, "", how, on)
}

func (s *Store) moveClaim(ctx context.Context, c *Claim, to Status, reason string, how PaidHow, on string) error {
	return moveAndLoad(ctx, s, "claims", "claim", c, c.ID, c.Version, to, reason, how, on, s.claim)
}

// moveAndLoad moves a claim or a payment (*rec, loaded at version) to
// another status and loads it again into *rec, in one transaction.
func moveAndLoad[T any](ctx context.Context, s *Store, table, noun string, rec *T, id string, version int64,
	to Status, reason string, how PaidHow, on string, load func(context.Context, queryer, string) (T, error)) error {
	var v T
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.move(ctx, tx, table, noun, id, version, to, reason, how, on); err != nil {
			return err
		}
		var err error
		v, err = load(ctx, tx, id)
		return err
	})
	if err != nil {
		return err
	}
	*rec = v
	return nil
}

// DeleteClaim removes a claim that has not been paid: a paid claim is a
// record of money paid out and is kept.
func (s *Store) DeleteClaim(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteClaim"); err != nil {
		return err
	}
	return s.deleteUnpaid(ctx, "claims", "claim", id, version)
}

func (s *Store) deleteUnpaid(ctx context.Context, table, noun, id string, version int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var st Status
		err := tx.QueryRowContext(ctx, "SELECT status FROM "+table+" WHERE id = ?", id).Scan(&st)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if st == StatusPaid {
			return fmt.Errorf("this %s was paid: it is a record of money paid out and cannot be deleted", noun)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		return checkUpdated(ctx, tx, res, table, id)
	})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// paidOutExpr is, per table, the SQL for what a record paid out.
var paidOutExpr = map[string]string{
	"claims":   "amount_pence",
	"payments": "CASE choice WHEN 'reduce' THEN reduced_pence WHEN 'decline' THEN 0 ELSE amount_pence END",
}

// move takes a claim or payment from its status to another, if that is
// allowed, inside tx. version must be the one the caller loaded.
func (s *Store) move(ctx context.Context, tx *sql.Tx, table, noun, id string, version int64, to Status, reason string, how PaidHow, on string) error {
	var cur struct {
		status       Status
		version      int64
		reason, paid string
		how          PaidHow
		meeting      sql.NullString
		out          Pence
		choice       string
	}
	choiceCol := "''"
	if table == "payments" {
		choiceCol = "choice"
	}
	err := tx.QueryRowContext(ctx, "SELECT status, version, reject_reason, paid_on, paid_how, meeting_id, "+paidOutExpr[table]+", "+choiceCol+
		" FROM "+table+" WHERE id = ?", id).Scan(&cur.status, &cur.version, &cur.reason, &cur.paid, &cur.how, &cur.meeting, &cur.out, &cur.choice)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if cur.version != version {
		return ErrConflict
	}
	reason = termsafe.Line(reason)
	switch {
	case cur.status == StatusPaid && to == StatusPaid:
		return fmt.Errorf("this %s was already paid (%s, %s)", noun, strings.ToLower(cur.how.Label()), cur.paid)
	case cur.status == StatusPaid:
		return fmt.Errorf("this %s was paid on %s: paid is final and cannot be changed", noun, cur.paid)
	case cur.status == to:
		return fmt.Errorf("this %s is already %s", noun, strings.ToLower(to.Label()))
	case cur.status == StatusRejected && to != StatusClaimed:
		return fmt.Errorf("this %s was rejected (%s): reopen it before it can be %s", noun, cur.reason, strings.ToLower(to.Label()))
	case to == StatusPaid && cur.status == StatusClaimed:
		// Paying a claimed record approves and pays it at once.
	case !CanMove(cur.status, to):
		return fmt.Errorf("a %s that is %s cannot become %s", noun, strings.ToLower(cur.status.Label()), strings.ToLower(to.Label()))
	}
	var payHow PaidHow
	var payOn string
	switch to {
	case StatusRejected:
		if reason == "" {
			return fieldErr("Reason", "say why the %s is rejected", noun)
		}
		if len([]rune(reason)) > 500 {
			return fieldErr("Reason", "too long (500 characters at most)")
		}
	case StatusPaid:
		if cur.choice == string(ChoiceDecline) {
			return fmt.Errorf("this %s was declined: there is nothing to pay", noun)
		}
		payHow, payOn = how, on
		if err := s.checkPay(ctx, tx, cur.meeting.String, cur.out, &payHow, &payOn); err != nil {
			return err
		}
		reason = ""
	default:
		reason = ""
	}
	res, err := tx.ExecContext(ctx, "UPDATE "+table+` SET status=?, reject_reason=?, paid_how=?, paid_on=?, updated_at=?, version=?
		WHERE id=? AND version=?`, to, reason, payHow, payOn, s.stamp(), version+1, id, version)
	if err != nil {
		return err
	}
	return checkUpdated(ctx, tx, res, table, id)
}

// checkPay checks how and when a record is paid (on "" becomes today) and,
// for cash at a meeting, that the meeting's petty cash can pay out amount
// on top of the cash already paid out.
func (s *Store) checkPay(ctx context.Context, q queryer, meetingID string, amount Pence, how *PaidHow, on *string) error {
	h, err := ParsePaidHow(string(*how))
	if err != nil {
		return fieldErr("Paid how", "%s", err)
	}
	*how = h
	d, err := NormalDate(termsafe.Line(*on))
	if err != nil {
		return fieldErr("Paid on", "%s", err)
	}
	today := LocalDate(s.now())
	if d == "" {
		d = today
	}
	if d > today {
		return fieldErr("Paid on", "%s has not come yet: record a payment when it is made", d)
	}
	*on = d
	if h != PaidCash || meetingID == "" {
		return nil
	}
	pc, found, err := s.pettyCashRow(ctx, q, meetingID)
	if err != nil || !found {
		return err
	}
	if pc.Reconciled {
		return fmt.Errorf("the petty cash for this meeting was reconciled on %s: reopen it before paying out more cash", pc.ReconciledOn)
	}
	out, err := s.cashPaidOut(ctx, q, meetingID)
	if err != nil {
		return err
	}
	if left := pc.Float - out; amount > left {
		return fmt.Errorf("only %s is left in the float for this meeting and this is %s: top up the float or pay another way", left, amount)
	}
	return nil
}
