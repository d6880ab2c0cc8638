package store

import (
	"testing"
)

// periodNamed is the week or month of a ledger with that label.
func periodNamed(tb testing.TB, l Ledger, label string) LedgerPeriod {
	tb.Helper()
	for _, set := range [][]LedgerPeriod{l.Weeks, l.Months} {
		for _, p := range set {
			if p.Label == label {
				return p
			}
		}
	}
	tb.Fatalf("the ledger has no period %q", label)
	return LedgerPeriod{}
}

// crossed is the warning of a kind, failing the test if there is none.
func crossed(tb testing.TB, w Warnings, kind ThresholdKind) Warning {
	tb.Helper()
	for _, c := range w.Crossed {
		if c.Kind == kind {
			return c
		}
	}
	tb.Fatalf("no %s warning in %+v", kind, w)
	return Warning{}
}

// Issue 9, defect 10: recording a payment warned for the meeting's week,
// paying it for the payment date's week, and the ledger counted money by
// the day paid and hours by the meeting's date. One rule now (MoneyDate):
// money counts when paid (while unpaid, on the day of the involvement);
// hours on the day of the involvement. The warning at record and at pay
// each say what the ledger then shows.
func TestThresholdWarningsAgreeWithLedger(t *testing.T) {
	fx := newMoneyFixture(t)
	s := fx.s
	fx.setRate(t, RateMeeting, 3000, "2025-04-06")
	fx.setRate(t, RateHourly, 1000, "2025-04-06")
	fx.setThreshold(t, ThresholdWeekly, 2500, "2025-04-06") // £25 a week
	ledger := func(person string) Ledger {
		t.Helper()
		l, err := s.Ledger(fx.ctx, person, "2026-02-01", "2026-03-31")
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	// Already paid to Ann on Monday 9 March: £30.
	early := Payment{PersonID: fx.ann, Activity: "Panel", Date: "2026-03-09", Basis: BasisMeeting,
		Status: StatusPaid, PaidHow: PaidBank, PaidOn: "2026-03-09"}
	if err := s.RecordPayment(fx.ctx, &early); err != nil {
		t.Fatal(err)
	}

	// Recorded, not paid, for the meeting on Tuesday 3 March: it counts in
	// that week, as money due.
	p := Payment{PersonID: fx.ann, MeetingID: fx.held.ID, Basis: BasisMeeting}
	if err := s.PreparePayment(fx.ctx, &p); err != nil {
		t.Fatal(err)
	}
	w, err := s.CheckPayment(fx.ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	atRecord := crossed(t, w, ThresholdWeekly)
	if err := s.RecordPayment(fx.ctx, &p); err != nil {
		t.Fatal(err)
	}
	if atRecord.Period != "w/c 2 Mar 2026" || atRecord.Before != 0 || atRecord.After != 3000 {
		t.Errorf("warning at record: %+v, want the week of 2 March, £0 → £30", atRecord)
	}
	if got := periodNamed(t, ledger(fx.ann), atRecord.Period).Total(); int64(got) != atRecord.After {
		t.Errorf("after recording, the ledger's %s is %v; the warning said %v", atRecord.Period, got, Pence(atRecord.After))
	}

	// Paid on Tuesday 10 March: it moves to that week, beside the £30
	// already paid there.
	w, err = s.CheckPayPayment(fx.ctx, p, "2026-03-10")
	if err != nil {
		t.Fatal(err)
	}
	atPay := crossed(t, w, ThresholdWeekly)
	if err := s.PayPayment(fx.ctx, &p, PaidBank, "2026-03-10"); err != nil {
		t.Fatal(err)
	}
	if atPay.Period != "w/c 9 Mar 2026" || atPay.Before != 3000 || atPay.After != 6000 {
		t.Errorf("warning at pay: %+v, want the week of 9 March, £30 → £60", atPay)
	}
	l := ledger(fx.ann)
	if got := periodNamed(t, l, atPay.Period).Total(); int64(got) != atPay.After {
		t.Errorf("after paying, the ledger's %s is %v; the warning said %v", atPay.Period, got, Pence(atPay.After))
	}
	if got := periodNamed(t, l, "w/c 2 Mar 2026").Total(); got != 0 {
		t.Errorf("the week of the meeting still counts %v once it was paid the next week", got)
	}
	st, err := s.Standings(fx.ctx, "2026-03-10")
	if err != nil || len(st) != 1 || int64(st[0].Week.Total()) != atPay.After {
		t.Errorf("standings for the week of 9 March: %+v, %v; want £60", st, err)
	}

	// Recorded as paid there and then, on a later day than the
	// involvement: the warning is for the week it is paid.
	q := Payment{PersonID: fx.bob, Activity: "Leaflet", Date: "2026-03-03", Basis: BasisMeeting,
		Status: StatusPaid, PaidHow: PaidVoucher, PaidOn: "2026-03-12"}
	if err := s.PreparePayment(fx.ctx, &q); err != nil {
		t.Fatal(err)
	}
	if w, err = s.CheckPayment(fx.ctx, q); err != nil {
		t.Fatal(err)
	}
	paidAtOnce := crossed(t, w, ThresholdWeekly)
	if err := s.RecordPayment(fx.ctx, &q); err != nil {
		t.Fatal(err)
	}
	if paidAtOnce.Period != "w/c 9 Mar 2026" {
		t.Errorf("recorded paid on 12 March, the warning is for %s", paidAtOnce.Period)
	}
	if got := periodNamed(t, ledger(fx.bob), paidAtOnce.Period).Total(); int64(got) != paidAtOnce.After {
		t.Errorf("Bob's ledger %s is %v; the warning said %v", paidAtOnce.Period, got, Pence(paidAtOnce.After))
	}

	// Hours count in the month of the involvement, even when paid in the
	// next: 28 hours on 2 February, then 3 hours on Saturday 28 February
	// paid on Monday 2 March cross February's 30-hour cap, at record and
	// at pay alike.
	long := Payment{PersonID: fx.cat, Activity: "Review panel", Date: "2026-02-02", Basis: BasisHourly, Hours: 2800,
		Status: StatusPaid, PaidHow: PaidBank, PaidOn: "2026-02-03"}
	if err := s.RecordPayment(fx.ctx, &long); err != nil {
		t.Fatal(err)
	}
	r := Payment{PersonID: fx.cat, Activity: "Review panel", Date: "2026-02-28", Basis: BasisHourly, Hours: 300}
	if err := s.PreparePayment(fx.ctx, &r); err != nil {
		t.Fatal(err)
	}
	if w, err = s.CheckPayment(fx.ctx, r); err != nil {
		t.Fatal(err)
	}
	hoursAtRecord := crossed(t, w, ThresholdHours)
	if err := s.RecordPayment(fx.ctx, &r); err != nil {
		t.Fatal(err)
	}
	if w, err = s.CheckPayPayment(fx.ctx, r, "2026-03-02"); err != nil {
		t.Fatal(err)
	}
	hoursAtPay := crossed(t, w, ThresholdHours)
	if err := s.PayPayment(fx.ctx, &r, PaidBank, "2026-03-02"); err != nil {
		t.Fatal(err)
	}
	feb := periodNamed(t, ledger(fx.cat), "February 2026")
	for _, h := range []Warning{hoursAtRecord, hoursAtPay} {
		if h.Period != "February 2026" || h.Before != 2800 || h.After != 3100 || int64(feb.Hours) != h.After {
			t.Errorf("hours warning %+v; the ledger's February has %v hours", h, feb.Hours)
		}
	}
}

// The ledger_date column the all-people summary reads is MoneyDate in SQL:
// they agree for every status.
func TestLedgerDateColumnIsMoneyDate(t *testing.T) {
	fx := newMoneyFixture(t)
	fx.setRate(t, RateMeeting, 3000, "2025-04-06")
	for _, st := range Statuses {
		p := Payment{PersonID: fx.ann, Activity: "x", Date: "2026-03-02", Basis: BasisMeeting}
		if st == StatusPaid {
			p.Status, p.PaidHow, p.PaidOn = StatusPaid, PaidBank, "2026-03-11"
		}
		if err := fx.s.RecordPayment(fx.ctx, &p); err != nil {
			t.Fatal(err)
		}
		switch st {
		case StatusApproved:
			if err := fx.s.ApprovePayment(fx.ctx, &p); err != nil {
				t.Fatal(err)
			}
		case StatusRejected:
			if err := fx.s.RejectPayment(fx.ctx, &p, "no"); err != nil {
				t.Fatal(err)
			}
		}
		var col string
		if err := fx.s.db.QueryRow("SELECT ledger_date FROM payments WHERE id = ?", p.ID).Scan(&col); err != nil {
			t.Fatal(err)
		}
		if col != p.MoneyDate() {
			t.Errorf("%s: ledger_date %s, MoneyDate %s", st, col, p.MoneyDate())
		}
	}
}
