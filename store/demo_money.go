package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"
)

// demoMoneyDays is how far back the demo's claims and payments go: only
// meetings held in these last days get them, which keeps the large demo fast.
const demoMoneyDays = 45

// insertDemoMoney writes the demo's money: rates for care and involvement
// payments from the last two Aprils, fictional thresholds (labelled so),
// and for meetings held in the last demoMoneyDays days, expense claims and
// per-meeting involvement payments for some of the service users and
// carers who came, with petty cash floats for the meetings where cash was
// paid out (reconciled after a week). Older ones are paid, recent ones
// still claimed or approved. It draws on a random stream of its own, so
// the rest of the demo is the same with or without it.
func (s *Store) insertDemoMoney(ctx context.Context, tx *sql.Tx, d *demoDB, seed int64) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6d6f6e6579))
	chance := func(p float64) bool { return rng.Float64() < p }
	now := d.now
	stamp := ts(now)
	nowL := now.In(London)
	april := time.Date(nowL.Year(), time.April, 6, 12, 0, 0, 0, London)
	if april.After(nowL) {
		april = april.AddDate(-1, 0, 0)
	}
	lastApril, thisApril := april.AddDate(-1, 0, 0).Format(DateLayout), april.Format(DateLayout)

	prep := func(table, cols string, n int) (*sql.Stmt, error) {
		q := "INSERT INTO " + table + " (" + cols + ") VALUES (?"
		for range n - 1 {
			q += ",?"
		}
		return tx.PrepareContext(ctx, q+")")
	}
	insRate, err := prep("rates", rateCols, 8)
	if err != nil {
		return err
	}
	defer insRate.Close()
	for _, r := range []struct {
		kind   RateKind
		name   string
		amount Pence
		from   string
	}{
		{RateCare, "Childcare or carer cover", 1000, lastApril},
		{RateCare, "Childcare or carer cover", 1050, thisApril},
		{RateHourly, "Involvement, hourly", 1400, lastApril},
		{RateHourly, "Involvement, hourly", 1500, thisApril},
		{RateMeeting, "Forum meeting", 2000, lastApril},
		{RateFixed, "Training session fee", 5000, lastApril},
	} {
		if _, err := insRate.ExecContext(ctx, newID(), stamp, stamp, 1, r.kind, r.name, r.amount, r.from); err != nil {
			return fmt.Errorf("demo rate: %w", err)
		}
	}
	insThreshold, err := prep("thresholds", thresholdCols, 8)
	if err != nil {
		return err
	}
	defer insThreshold.Close()
	for _, t := range []struct {
		kind   ThresholdKind
		amount int64
	}{{ThresholdWeekly, 5000}, {ThresholdMonthly, 15000}} {
		if _, err := insThreshold.ExecContext(ctx, newID(), stamp, stamp, 1, t.kind, t.amount, thisApril,
			"Demo figure, not a real benefit rule: set your own"); err != nil {
			return fmt.Errorf("demo threshold: %w", err)
		}
	}

	insClaim, err := prep("claims", claimCols, 20)
	if err != nil {
		return err
	}
	defer insClaim.Close()
	insPay, err := prep("payments", paymentCols, 21)
	if err != nil {
		return err
	}
	defer insPay.Close()
	insCash, err := prep("petty_cash", pettyCashCols, 12)
	if err != nil {
		return err
	}
	defer insCash.Close()

	since := now.AddDate(0, 0, -demoMoneyDays)
	for _, m := range d.meetings {
		if m.status != MeetingHeld || m.start.Before(since) {
			continue
		}
		f := &d.forums[m.forum]
		day := LocalDate(m.start)
		age := int(now.Sub(m.start).Hours() / 24)
		settled := age > 14 // paid by now
		var cash Pence
		for j, pi := range f.members {
			p := &d.people[pi]
			if m.register[j] != Attended || p.role == RoleWorker || p.role == RoleSeniorOfficer {
				continue
			}
			// An expense claim for about half of those who came.
			if chance(0.5) {
				c := Claim{Category: CatFare, Amount: Pence(250 + 10*rng.IntN(40))}
				switch r := rng.Float64(); {
				case r < 0.15:
					c.Category, c.Quantity, c.Rate = CatMileage, Hundredths(10*(20+rng.IntN(200))), 45
					c.Amount = MulRate(45, c.Quantity)
				case r < 0.25:
					c.Category, c.Amount, c.Receipt = CatTaxi, Pence(800+50*rng.IntN(30)), true
				case r < 0.32:
					c.Category, c.Quantity, c.Rate = CatCare, 225, 1050
					if day < thisApril {
						c.Rate = 1000
					}
					c.Amount = MulRate(c.Rate, c.Quantity)
				case r < 0.38:
					c.Category, c.Amount = CatParking, Pence(200+50*rng.IntN(6))
				case r < 0.45:
					c.Category, c.Amount = CatSubsistence, Pence(300+10*rng.IntN(50))
				}
				if c.Receipt {
					c.ReceiptRef = fmt.Sprintf("R%04d", rng.IntN(10000))
				}
				c.Status = StatusClaimed
				switch r := rng.Float64(); {
				case c.Category == CatFare && r < 0.6:
					c.Status, c.PaidHow, c.PaidOn = StatusPaid, PaidCash, day // paid at the meeting
				case c.Category == CatSubsistence && r < 0.3:
					c.Status, c.RejectReason = StatusRejected, "Lunch was provided at the meeting"
				case settled && r < 0.9:
					c.Status, c.PaidHow, c.PaidOn = StatusPaid, PaidBank, LocalDate(m.start.AddDate(0, 0, 7+rng.IntN(5)))
				case r < 0.7:
					c.Status = StatusApproved
				}
				if c.Status == StatusPaid && c.PaidHow == PaidCash {
					cash += c.Amount
				}
				if _, err := insClaim.ExecContext(ctx, newID(), stamp, stamp, 1, p.id, m.id, "", day, c.Category, c.Quantity,
					c.Rate, c.Amount, "", boolInt(c.Receipt), c.ReceiptRef, c.Status, c.RejectReason, c.PaidHow, c.PaidOn, nil); err != nil {
					return fmt.Errorf("demo claim: %w", err)
				}
			}
			// A per-meeting involvement payment for about a third.
			if chance(0.35) {
				y := Payment{Basis: BasisMeeting, Rate: 2000, Amount: 2000, Hours: 200, Choice: ChoiceAccept, Status: StatusClaimed}
				switch r := rng.Float64(); {
				case r < 0.08:
					y.Choice = ChoiceDecline
				case r < 0.14:
					y.Choice = ChoiceDonate
				case r < 0.2:
					y.Choice, y.Reduced = ChoiceReduce, 1000
				}
				if y.Choice != ChoiceDecline {
					switch {
					case settled && chance(0.4):
						y.Status, y.PaidHow, y.PaidOn = StatusPaid, PaidVoucher, day
					case settled:
						y.Status, y.PaidHow, y.PaidOn = StatusPaid, PaidBank, LocalDate(m.start.AddDate(0, 0, 10))
					case chance(0.5):
						y.Status = StatusApproved
					}
				}
				if _, err := insPay.ExecContext(ctx, newID(), stamp, stamp, 1, p.id, m.id, "", day, y.Basis, y.Hours, y.Rate,
					y.Amount, y.Choice, y.Reduced, "", y.Status, "", y.PaidHow, y.PaidOn, nil, nil); err != nil {
					return fmt.Errorf("demo payment: %w", err)
				}
			}
		}
		if cash > 0 {
			float := max(Pence(5000), (cash/1000+2)*1000)
			counted, reconciled, on, note := 0, 0, "", ""
			var countedCash Pence
			if age > 7 {
				counted, reconciled, on, countedCash = 1, 1, LocalDate(m.start.AddDate(0, 0, 1)), float-cash
				if chance(0.2) {
					countedCash -= 50
					note = "50p short: change given and not written down"
				}
			}
			if _, err := insCash.ExecContext(ctx, newID(), stamp, stamp, 1, m.id, float, counted, countedCash,
				reconciled, on, note, nil); err != nil {
				return fmt.Errorf("demo petty cash: %w", err)
			}
		}
	}
	return nil
}
