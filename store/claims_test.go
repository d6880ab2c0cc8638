package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// moneyFixture is a database with two forums, three people and meetings:
// one held on Tuesday 3 March 2026, one cancelled on 10 March, one planned
// on 7 April.
type moneyFixture struct {
	s                     *Store
	ctx                   context.Context
	tuesday, carers       string // forum ids
	ann, bob, cat         string // person ids
	held, cancelled, next Meeting
}

func newMoneyFixture(tb testing.TB) *moneyFixture {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "money.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	s.SetClock(func() time.Time { return time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC) })
	fx := &moneyFixture{s: s, ctx: context.Background()}
	mk := func(f *Forum) string {
		if err := s.SaveForum(fx.ctx, f); err != nil {
			tb.Fatal(err)
		}
		return f.ID
	}
	fx.tuesday = mk(&Forum{Name: "Tuesday Forum"})
	fx.carers = mk(&Forum{Name: "Carers Group"})
	person := func(name, pref string, forums ...string) string {
		p := Person{Name: name, PreferredName: pref, Role: RoleServiceUser}
		if err := s.SavePerson(fx.ctx, &p, forums); err != nil {
			tb.Fatal(err)
		}
		return p.ID
	}
	fx.ann = person("Ann Archer", "", fx.tuesday)
	fx.bob = person("Robert Brown", "Bob", fx.tuesday, fx.carers)
	fx.cat = person("=Cat Cole", "", fx.carers)
	meeting := func(forum string, day int, month time.Month, status MeetingStatus) Meeting {
		m := Meeting{ForumID: forum, Start: time.Date(2026, month, day, 13, 0, 0, 0, London),
			End: time.Date(2026, month, day, 15, 0, 0, 0, London), Status: status, Venue: "Hope Centre"}
		if err := s.SaveMeeting(fx.ctx, &m); err != nil {
			tb.Fatal(err)
		}
		return m
	}
	fx.held = meeting(fx.tuesday, 3, time.March, MeetingHeld)
	fx.cancelled = meeting(fx.tuesday, 10, time.March, MeetingCancelled)
	fx.next = meeting(fx.carers, 7, time.April, MeetingPlanned)
	return fx
}

func (fx *moneyFixture) claim(tb testing.TB, c Claim) Claim {
	tb.Helper()
	if err := fx.s.RecordClaim(fx.ctx, &c); err != nil {
		tb.Fatalf("RecordClaim(%+v): %v", c, err)
	}
	return c
}

func (fx *moneyFixture) setRate(tb testing.TB, kind RateKind, amount Pence, from string) {
	tb.Helper()
	r := Rate{Kind: kind, Amount: amount, EffectiveFrom: from}
	if err := fx.s.SetRate(fx.ctx, &r); err != nil {
		tb.Fatal(err)
	}
}

func (fx *moneyFixture) setThreshold(tb testing.TB, kind ThresholdKind, amount int64, from string) {
	tb.Helper()
	th := Threshold{Kind: kind, Amount: amount, EffectiveFrom: from}
	if err := fx.s.SetThreshold(fx.ctx, &th); err != nil {
		tb.Fatal(err)
	}
}

func wantFieldErr(tb testing.TB, err error, field, words string) {
	tb.Helper()
	var fe *FieldError
	if !errors.As(err, &fe) {
		tb.Fatalf("got %v, want a problem with %s", err, field)
	}
	if fe.Field != field || !strings.Contains(fe.Message, words) {
		tb.Fatalf("got %s: %s; want %s saying %q", fe.Field, fe.Message, field, words)
	}
}

func wantErr(tb testing.TB, err error, words string) {
	tb.Helper()
	if err == nil || !strings.Contains(err.Error(), words) {
		tb.Fatalf("got %v, want an error saying %q", err, words)
	}
}

func TestDefaultMileageRate(t *testing.T) {
	fx := newMoneyFixture(t)
	r, ok, err := fx.s.RateOn(fx.ctx, RateMileage, "2026-03-03")
	if err != nil || !ok || r.Amount != 45 || r.EffectiveFrom != "2011-04-06" {
		t.Fatalf("mileage rate = %+v, %v, %v; want 45p from 2011-04-06", r, ok, err)
	}
	if _, ok, _ := fx.s.RateOn(fx.ctx, RateMileage, "2011-04-05"); ok {
		t.Error("a mileage rate applies before 6 April 2011")
	}
	for _, k := range []RateKind{RateCare, RateHourly, RateMeeting, RateFixed} {
		if _, ok, _ := fx.s.RateOn(fx.ctx, k, "2026-03-03"); ok {
			t.Errorf("a %s rate is set in a new database: no amount but the HMRC mileage rate is built in", k)
		}
	}
}

func TestDatedRateChangesOnSixthApril(t *testing.T) {
	fx := newMoneyFixture(t)
	fx.setRate(t, RateHourly, 1200, "2025-04-06")
	fx.setRate(t, RateHourly, 1250, "2026-04-06")
	fx.setRate(t, RateMileage, 50, "2026-04-06")
	for date, want := range map[string]Pence{"2025-04-05": 0, "2025-04-06": 1200, "2026-04-05": 1200, "2026-04-06": 1250, "2027-01-01": 1250} {
		r, ok, err := fx.s.RateOn(fx.ctx, RateHourly, date)
		if err != nil {
			t.Fatal(err)
		}
		if (want == 0) == ok || r.Amount != want {
			t.Errorf("hourly rate on %s = %v (%v), want %v", date, r.Amount, ok, want)
		}
	}
	// The pure picker the screens use agrees.
	rates, err := fx.s.Rates(fx.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := RateFor(rates, RateMileage, "2026-04-05"); r.Amount != 45 {
		t.Errorf("mileage on 5 April = %v, want 45p", r.Amount)
	}
	if r, _ := RateFor(rates, RateMileage, "2026-04-06"); r.Amount != 50 {
		t.Errorf("mileage on 6 April = %v, want 50p", r.Amount)
	}
	// A mileage claim on the 5th is at 45p; on the 6th at 50p; each keeps
	// its rate when the table changes later.
	before := fx.claim(t, Claim{PersonID: fx.ann, Activity: "Training day", Date: "2026-04-05", Category: CatMileage, Quantity: 1000})
	after := fx.claim(t, Claim{PersonID: fx.ann, Activity: "Training day", Date: "2026-04-06", Category: CatMileage, Quantity: 1000})
	if before.Amount != 450 || before.Rate != 45 || after.Amount != 500 || after.Rate != 50 {
		t.Errorf("claims at %v×%v and %v×%v; want 10 miles at 45p = £4.50 and at 50p = £5.00", before.Rate, before.Amount, after.Rate, after.Amount)
	}
	fx.setRate(t, RateMileage, 60, "2026-04-06") // same date: replaces the rate
	rates, _ = fx.s.Rates(fx.ctx)
	n := 0
	for _, r := range rates {
		if r.Kind == RateMileage {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d mileage rates after setting one twice for the same date, want 2", n)
	}
	got, err := fx.s.Claim(fx.ctx, after.ID)
	if err != nil || got.Amount != 500 {
		t.Errorf("a recorded claim changed with the rate table: %v, %v", got.Amount, err)
	}
	// Bad rates.
	wantFieldErr(t, fx.s.SetRate(fx.ctx, &Rate{Kind: RateHourly, Amount: -1, EffectiveFrom: "2026-04-06"}), "Amount", "negative")
	wantFieldErr(t, fx.s.SetRate(fx.ctx, &Rate{Kind: "daily", Amount: 1, EffectiveFrom: "2026-04-06"}), "Kind", "unknown")
	wantFieldErr(t, fx.s.SetRate(fx.ctx, &Rate{Kind: RateHourly, Amount: 1, EffectiveFrom: "soon"}), "From", "from which date")
}

func TestDatedThresholds(t *testing.T) {
	fx := newMoneyFixture(t)
	ts, err := fx.s.Thresholds(fx.ctx)
	if err != nil || len(ts) != 0 {
		t.Fatalf("thresholds in a new database: %v, %v", ts, err)
	}
	if _, ok := ThresholdFor(ts, ThresholdWeekly, "2026-03-03"); ok {
		t.Error("a weekly threshold is set in a new database")
	}
	if h, ok := ThresholdFor(ts, ThresholdHours, "2026-03-03"); !ok || !h.Default || h.Amount != 3000 {
		t.Errorf("hours cap in a new database = %+v, want the 30-hour default", h)
	}
	fx.setThreshold(t, ThresholdWeekly, 10000, "2025-04-06")
	fx.setThreshold(t, ThresholdWeekly, 11000, "2026-04-06")
	fx.setThreshold(t, ThresholdHours, 1600, "2026-04-06")
	for date, want := range map[string]int64{"2025-04-05": -1, "2026-04-05": 10000, "2026-04-06": 11000} {
		th, ok, err := fx.s.ThresholdOn(fx.ctx, ThresholdWeekly, date)
		if err != nil {
			t.Fatal(err)
		}
		if want < 0 {
			if ok {
				t.Errorf("weekly threshold on %s = %v, want none", date, th.Amount)
			}
			continue
		}
		if !ok || th.Amount != want {
			t.Errorf("weekly threshold on %s = %v, want %v", date, th.Amount, want)
		}
	}
	if h, _, _ := fx.s.ThresholdOn(fx.ctx, ThresholdHours, "2026-04-05"); !h.Default || h.Amount != 3000 {
		t.Errorf("hours cap before the first one set = %+v, want the default", h)
	}
	if h, _, _ := fx.s.ThresholdOn(fx.ctx, ThresholdHours, "2026-04-06"); h.Default || h.Amount != 1600 || h.ValueText() != "16 hours" {
		t.Errorf("hours cap from 6 April = %+v, want 16 hours", h)
	}
	if v, err := ParseThresholdValue(ThresholdMonthly, "£432.50"); err != nil || v != 43250 {
		t.Errorf("ParseThresholdValue = %v, %v", v, err)
	}
	wantFieldErr(t, fx.s.SetThreshold(fx.ctx, &Threshold{Kind: ThresholdMonthly, Amount: -5, EffectiveFrom: "2026-04-06"}), "Amount", "negative")
}

func TestRecordClaim(t *testing.T) {
	fx := newMoneyFixture(t)
	c := fx.claim(t, Claim{PersonID: fx.bob, MeetingID: fx.held.ID, Category: CatFare, Amount: 340,
		Description: "Bus \x1b[31mreturn\x1b[0m", ReceiptRef: "R-17"})
	if c.Date != "2026-03-03" || c.Status != StatusClaimed || !c.Receipt || c.PersonName != "Robert Brown" ||
		c.ForumName != "Tuesday Forum" || c.Version != 1 || c.Description != "Bus [31mreturn[0m" {
		t.Errorf("recorded claim = %+v", c)
	}
	if c.What() != "Tuesday Forum, 3 Mar 2026" {
		t.Errorf("What() = %q", c.What())
	}
	// Mileage: 12.5 miles at 45p = 562.5p → £5.63 (half up).
	m := fx.claim(t, Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatMileage, Quantity: 1250, Amount: 99999})
	if m.Amount != 563 || m.Rate != 45 {
		t.Errorf("mileage claim = %v at %v, want £5.63 at 45p", m.Amount, m.Rate)
	}
	// Care without a rate is refused, with the way to fix it.
	err := fx.s.RecordClaim(fx.ctx, &Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatCare, Quantity: 200})
	wantFieldErr(t, err, "Rate", "no care cover rate is set for 2026-03-03")
	fx.setRate(t, RateCare, 1050, "2026-01-01")
	care := fx.claim(t, Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatCare, Quantity: 175})
	if care.Amount != 1838 {
		t.Errorf("1¾ hours of care at £10.50 = %v, want £18.38", care.Amount)
	}

	refused := []struct {
		c           Claim
		field, says string
	}{
		{Claim{PersonID: fx.ann, MeetingID: fx.cancelled.ID, Category: CatFare, Amount: 300}, "Meeting", "was cancelled"},
		{Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatFare, Amount: -300}, "Amount", "negative"},
		{Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatFare}, "Amount", "enter the amount"},
		{Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatFare, Amount: MaxMoney + 1}, "Amount", "more than"},
		{Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatMileage}, "Miles", "number of miles"},
		{Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatMileage, Quantity: 1255}, "Miles", "one decimal place"},
		{Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatCare, Quantity: 130}, "Hours", "quarters"},
		{Claim{PersonID: fx.ann, Category: CatFare, Amount: 300, Date: "2026-03-01"}, "Activity", "say what the involvement was"},
		{Claim{PersonID: fx.ann, Activity: "Panel", Category: CatFare, Amount: 300}, "Date", "say when"},
		{Claim{PersonID: fx.ann, Activity: "Panel", Category: CatFare, Amount: 300, Date: "31/02/2026"}, "Date", "not a date"},
		{Claim{PersonID: fx.ann, MeetingID: "nope", Category: CatFare, Amount: 300}, "Meeting", "no longer exists"},
		{Claim{PersonID: "nobody", MeetingID: fx.held.ID, Category: CatFare, Amount: 300}, "Person", "no longer"},
		{Claim{MeetingID: fx.held.ID, Category: CatFare, Amount: 300}, "Person", "choose who"},
		{Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: "bribe", Amount: 300}, "Category", "unknown"},
		{Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatFare, Amount: 300, Status: StatusRejected}, "Status", "a new claim"},
	}
	before := ioCount(t, fx.s, "claims")
	for _, r := range refused {
		c := r.c
		wantFieldErr(t, fx.s.RecordClaim(fx.ctx, &c), r.field, r.says)
		if c.ID != "" {
			t.Errorf("a refused claim was given an id: %+v", c)
		}
	}
	if after := ioCount(t, fx.s, "claims"); after != before {
		t.Errorf("refused claims left %d rows behind", after-before)
	}
	// Other involvement, dated in DD/MM/YYYY.
	o := fx.claim(t, Claim{PersonID: fx.cat, Activity: "Interview panel at the council", Date: "12/03/2026", Category: CatTaxi, Amount: 1200})
	if o.Date != "2026-03-12" || o.MeetingID != "" || o.What() != "Interview panel at the council" {
		t.Errorf("other involvement claim = %+v", o)
	}
}

func TestClaimStateMachine(t *testing.T) {
	fx := newMoneyFixture(t)
	c := fx.claim(t, Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatFare, Amount: 340})
	stale := c

	if err := fx.s.ApproveClaim(fx.ctx, &c); err != nil || c.Status != StatusApproved || c.Version != 2 {
		t.Fatalf("approve: %v, %+v", err, c)
	}
	// The copy loaded before the approval is stale.
	if err := fx.s.RejectClaim(fx.ctx, &stale, "duplicate"); !errors.Is(err, ErrConflict) {
		t.Fatalf("acting on a stale claim: %v, want ErrConflict", err)
	}
	wantErr(t, fx.s.ApproveClaim(fx.ctx, &c), "already approved")
	// Edits only while claimed.
	edit := c
	edit.Amount = 500
	wantErr(t, fx.s.SaveClaim(fx.ctx, &edit), "only a claim not yet approved can be changed")
	if err := fx.s.ReopenClaim(fx.ctx, &c); err != nil || c.Status != StatusClaimed {
		t.Fatalf("reopen: %v, %+v", err, c)
	}
	c.Amount = 360
	if err := fx.s.SaveClaim(fx.ctx, &c); err != nil || c.Amount != 360 {
		t.Fatalf("edit a claimed claim: %v, %+v", err, c)
	}
	// Reject needs a reason; a rejected claim cannot be paid or approved.
	wantFieldErr(t, fx.s.RejectClaim(fx.ctx, &c, "  "), "Reason", "say why")
	if err := fx.s.RejectClaim(fx.ctx, &c, "No receipt for a taxi"); err != nil || c.Status != StatusRejected || c.RejectReason != "No receipt for a taxi" {
		t.Fatalf("reject: %v, %+v", err, c)
	}
	wantErr(t, fx.s.PayClaim(fx.ctx, &c, PaidBank, "2026-03-14"), "was rejected (No receipt for a taxi): reopen it")
	wantErr(t, fx.s.ApproveClaim(fx.ctx, &c), "reopen it")
	if err := fx.s.ReopenClaim(fx.ctx, &c); err != nil || c.Status != StatusClaimed || c.RejectReason != "" {
		t.Fatalf("reopen a rejected claim: %v, %+v", err, c)
	}
	wantErr(t, fx.s.ReopenClaim(fx.ctx, &c), "already claimed")
	// Paying needs a known way; a claimed claim is approved and paid at once.
	wantFieldErr(t, fx.s.PayClaim(fx.ctx, &c, "cheque", ""), "Paid how", "unknown way")
	wantFieldErr(t, fx.s.PayClaim(fx.ctx, &c, PaidBank, "yesterday"), "Paid on", "not a date")
	wantFieldErr(t, fx.s.PayClaim(fx.ctx, &c, PaidBank, "2026-03-15"), "Paid on", "2026-03-15 has not come yet")
	if err := fx.s.PayClaim(fx.ctx, &c, PaidBank, ""); err != nil || c.Status != StatusPaid || c.PaidOn != "2026-03-14" || c.PaidHow != PaidBank {
		t.Fatalf("pay: %v, %+v", err, c)
	}
	wantErr(t, fx.s.PayClaim(fx.ctx, &c, PaidCash, ""), "already paid (bank transfer, 2026-03-14)")
	wantErr(t, fx.s.RejectClaim(fx.ctx, &c, "oops"), "paid is final")
	wantErr(t, fx.s.ReopenClaim(fx.ctx, &c), "paid is final")
	wantErr(t, fx.s.DeleteClaim(fx.ctx, c.ID, c.Version), "cannot be deleted")

	// The transition table itself.
	for _, tc := range []struct {
		from, to Status
		ok       bool
	}{
		{StatusClaimed, StatusApproved, true}, {StatusClaimed, StatusRejected, true}, {StatusClaimed, StatusPaid, false},
		{StatusApproved, StatusPaid, true}, {StatusApproved, StatusRejected, true}, {StatusApproved, StatusClaimed, true},
		{StatusRejected, StatusClaimed, true}, {StatusRejected, StatusPaid, false}, {StatusRejected, StatusApproved, false},
		{StatusPaid, StatusClaimed, false}, {StatusPaid, StatusRejected, false}, {StatusPaid, StatusApproved, false},
	} {
		if CanMove(tc.from, tc.to) != tc.ok {
			t.Errorf("CanMove(%s, %s) = %v", tc.from, tc.to, !tc.ok)
		}
	}
	// An unpaid claim can be deleted.
	d := fx.claim(t, Claim{PersonID: fx.bob, MeetingID: fx.held.ID, Category: CatParking, Amount: 200})
	if err := fx.s.DeleteClaim(fx.ctx, d.ID, d.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.s.Claim(fx.ctx, d.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted claim still loads: %v", err)
	}
}

func TestRecordClaimPaidAtOnce(t *testing.T) {
	fx := newMoneyFixture(t)
	c := fx.claim(t, Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatFare, Amount: 250, Status: StatusPaid, PaidHow: PaidCash})
	if c.Status != StatusPaid || c.PaidOn != "2026-03-14" {
		t.Errorf("claim recorded paid = %+v", c)
	}
	err := fx.s.RecordClaim(fx.ctx, &Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatFare, Amount: 250, Status: StatusPaid})
	wantFieldErr(t, err, "Paid how", "unknown way")
}

func TestPettyCash(t *testing.T) {
	fx := newMoneyFixture(t)
	pc, err := fx.s.PettyCash(fx.ctx, fx.held.ID)
	if err != nil || pc.Set() || pc.Float != 0 || pc.PaidOut != 0 {
		t.Fatalf("petty cash before a float: %+v, %v", pc, err)
	}
	if _, err := fx.s.PettyCash(fx.ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("petty cash of no meeting: %v", err)
	}
	stale := pc
	if err := fx.s.SetFloat(fx.ctx, &pc, 5000); err != nil || !pc.Set() || pc.Float != 5000 || pc.Balance() != 5000 {
		t.Fatalf("set float: %v, %+v", err, pc)
	}
	if err := fx.s.SetFloat(fx.ctx, &stale, 1000); !errors.Is(err, ErrConflict) {
		t.Errorf("setting a float over one set meanwhile: %v, want ErrConflict", err)
	}
	// Pay three claims: two in cash (one recorded paid, one paid later),
	// one by bank transfer (not from the float); one involvement payment in
	// cash, reduced.
	fx.claim(t, Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatFare, Amount: 340, Status: StatusPaid, PaidHow: PaidCash})
	taxi := fx.claim(t, Claim{PersonID: fx.bob, MeetingID: fx.held.ID, Category: CatTaxi, Amount: 1250})
	if err := fx.s.PayClaim(fx.ctx, &taxi, PaidCash, ""); err != nil {
		t.Fatal(err)
	}
	bank := fx.claim(t, Claim{PersonID: fx.bob, MeetingID: fx.held.ID, Category: CatParking, Amount: 400})
	if err := fx.s.PayClaim(fx.ctx, &bank, PaidBank, ""); err != nil {
		t.Fatal(err)
	}
	fx.setRate(t, RateMeeting, 2000, "2026-01-01")
	pay := Payment{PersonID: fx.ann, MeetingID: fx.held.ID, Basis: BasisMeeting, Choice: ChoiceReduce, Reduced: 1000}
	if err := fx.s.RecordPayment(fx.ctx, &pay); err != nil {
		t.Fatal(err)
	}
	if err := fx.s.PayPayment(fx.ctx, &pay, PaidCash, ""); err != nil {
		t.Fatal(err)
	}
	pc, err = fx.s.PettyCash(fx.ctx, fx.held.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pc.PaidOut != 340+1250+1000 || pc.Balance() != 5000-2590 || len(pc.Lines) != 3 {
		t.Fatalf("petty cash = float %v, out %v, balance %v, %d lines; want £50.00 − £25.90 = £24.10 in 3 lines",
			pc.Float, pc.PaidOut, pc.Balance(), len(pc.Lines))
	}
	// Too much for the float: refused, nothing written.
	big := fx.claim(t, Claim{PersonID: fx.cat, MeetingID: fx.held.ID, Category: CatTaxi, Amount: 2500})
	wantErr(t, fx.s.PayClaim(fx.ctx, &big, PaidCash, ""), "only £24.10 is left in the float")
	if got, _ := fx.s.Claim(fx.ctx, big.ID); got.Status != StatusClaimed {
		t.Errorf("a refused payment changed the claim: %+v", got)
	}
	wantErr(t, fx.s.RecordClaim(fx.ctx, &Claim{PersonID: fx.cat, MeetingID: fx.held.ID, Category: CatTaxi, Amount: 2500,
		Status: StatusPaid, PaidHow: PaidCash}), "only £24.10")
	// The float cannot go below what was paid out.
	wantFieldErr(t, fx.s.SetFloat(fx.ctx, &pc, 2000), "Float", "£25.90 has already been paid out")
	// Count and reconcile: 50p short needs a note.
	wantFieldErr(t, fx.s.ReconcileCash(fx.ctx, &pc, ""), "Counted", "count the cash first")
	if err := fx.s.CountCash(fx.ctx, &pc, 2360); err != nil || pc.Difference() != -50 {
		t.Fatalf("count: %v, difference %v", err, pc.Difference())
	}
	wantFieldErr(t, fx.s.ReconcileCash(fx.ctx, &pc, ""), "Note", "£0.50 short")
	if err := fx.s.ReconcileCash(fx.ctx, &pc, "50p given as change, not recorded"); err != nil || !pc.Reconciled || pc.ReconciledOn != "2026-03-14" {
		t.Fatalf("reconcile: %v, %+v", err, pc)
	}
	// Reconciled: no more cash out, no float change.
	small := fx.claim(t, Claim{PersonID: fx.cat, MeetingID: fx.held.ID, Category: CatFare, Amount: 100})
	wantErr(t, fx.s.PayClaim(fx.ctx, &small, PaidCash, ""), "reconciled on 2026-03-14")
	wantErr(t, fx.s.SetFloat(fx.ctx, &pc, 6000), "reopen it first")
	if err := fx.s.ReopenCash(fx.ctx, &pc); err != nil || pc.Reconciled {
		t.Fatalf("reopen: %v", err)
	}
	if err := fx.s.PayClaim(fx.ctx, &small, PaidCash, ""); err != nil {
		t.Fatalf("pay after reopening: %v", err)
	}
	// A cash claim for a meeting with no float set is not limited.
	other := fx.claim(t, Claim{PersonID: fx.bob, MeetingID: fx.next.ID, Category: CatFare, Amount: 99999})
	if err := fx.s.PayClaim(fx.ctx, &other, PaidCash, ""); err != nil {
		t.Fatalf("cash with no float: %v", err)
	}
	mm, err := fx.s.MeetingMoney(fx.ctx, fx.held.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(mm.Claims) != 5 || mm.Claimed[StatusPaid] != 340+1250+400+100 || mm.Owed != 2500 || mm.PaymentsPaid != 1000 {
		t.Errorf("meeting money = %d claims, paid %v, owed %v, payments paid %v", len(mm.Claims), mm.Claimed[StatusPaid], mm.Owed, mm.PaymentsPaid)
	}
}

func TestPayments(t *testing.T) {
	fx := newMoneyFixture(t)
	p := Payment{PersonID: fx.ann, MeetingID: fx.held.ID, Basis: BasisHourly}
	wantFieldErr(t, fx.s.RecordPayment(fx.ctx, &p), "Rate", "no hourly involvement rate is set for 2026-03-03")
	fx.setRate(t, RateHourly, 1275, "2025-04-06")
	fx.setRate(t, RateMeeting, 2000, "2025-04-06")
	fx.setRate(t, RateFixed, 5000, "2025-04-06")
	// Hours default to the meeting's length: 2 hours at £12.75.
	if err := fx.s.RecordPayment(fx.ctx, &p); err != nil || p.Hours != 200 || p.Amount != 2550 || p.Choice != ChoiceAccept {
		t.Fatalf("hourly payment: %v, %+v", err, p)
	}
	q := Payment{PersonID: fx.bob, Activity: "Talk to student nurses", Date: "2026-03-05", Basis: BasisHourly, Hours: 150}
	if err := fx.s.RecordPayment(fx.ctx, &q); err != nil || q.Amount != 1913 { // 1.5 × 1275 = 1912.5 → 1913
		t.Fatalf("1.5 hours: %v, %+v", err, q)
	}
	f := Payment{PersonID: fx.bob, Activity: "Wrote a leaflet", Date: "2026-03-05", Basis: BasisFixed, Amount: 7500}
	if err := fx.s.RecordPayment(fx.ctx, &f); err != nil || f.Amount != 7500 || f.Rate != 0 {
		t.Fatalf("fixed fee given: %v, %+v", err, f)
	}
	g := Payment{PersonID: fx.bob, Activity: "Panel", Date: "2026-03-05", Basis: BasisFixed}
	if err := fx.s.RecordPayment(fx.ctx, &g); err != nil || g.Amount != 5000 || g.Rate != 5000 {
		t.Fatalf("fixed fee from the rate: %v, %+v", err, g)
	}
	// Prepared first (as the form does, to check the thresholds), a fee
	// at the rate is still recorded at the rate, not as a fee of its own.
	h := Payment{PersonID: fx.bob, Activity: "Panel", Date: "2026-03-05", Basis: BasisFixed, Hours: 200}
	if err := fx.s.PreparePayment(fx.ctx, &h); err != nil {
		t.Fatal(err)
	}
	if err := fx.s.RecordPayment(fx.ctx, &h); err != nil || h.Amount != 5000 || h.Rate != 5000 {
		t.Fatalf("fixed fee from the rate, prepared first: %v, %+v", err, h)
	}
	wantFieldErr(t, fx.s.RecordPayment(fx.ctx, &Payment{PersonID: fx.ann, MeetingID: fx.cancelled.ID, Basis: BasisMeeting}), "Meeting", "cancelled")
	wantFieldErr(t, fx.s.RecordPayment(fx.ctx, &Payment{PersonID: fx.ann, Activity: "x", Date: "2026-03-05", Basis: BasisHourly}), "Hours", "enter the hours")
	wantFieldErr(t, fx.s.RecordPayment(fx.ctx, &Payment{PersonID: fx.ann, Activity: "x", Date: "2026-03-05", Basis: BasisMeeting, Choice: ChoiceReduce, Reduced: 2000}), "Reduced to", "less than the full £20.00")
	wantFieldErr(t, fx.s.RecordPayment(fx.ctx, &Payment{PersonID: fx.ann, Activity: "x", Date: "2026-03-05", Basis: BasisMeeting, Choice: ChoiceReduce}), "Reduced to", "say what they will take")

	// Choices.
	if err := fx.s.SetPaymentChoice(fx.ctx, &p, ChoiceDecline, 0); err != nil || p.Received() != 0 || p.PaidOut() != 0 {
		t.Fatalf("decline: %v, %+v", err, p)
	}
	wantErr(t, fx.s.PayPayment(fx.ctx, &p, PaidBank, ""), "declined: there is nothing to pay")
	if err := fx.s.SetPaymentChoice(fx.ctx, &p, ChoiceDonate, 0); err != nil || p.Received() != 0 || p.PaidOut() != 2550 {
		t.Fatalf("donate: %v, %+v", err, p)
	}
	if err := fx.s.PayPayment(fx.ctx, &p, PaidBank, "2026-03-10"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, fx.s.SetPaymentChoice(fx.ctx, &p, ChoiceAccept, 0), "can no longer change")
	wantErr(t, fx.s.DeletePayment(fx.ctx, p.ID, p.Version), "cannot be deleted")
	if err := fx.s.RejectPayment(fx.ctx, &g, "Paid by the council instead"); err != nil || g.Status != StatusRejected {
		t.Fatalf("reject payment: %v", err)
	}
	ps, err := fx.s.Payments(fx.ctx, PaymentFilter{PersonID: fx.bob})
	if err != nil || len(ps) != 4 {
		t.Fatalf("Bob's payments: %d, %v", len(ps), err)
	}
}

// TestLedger covers what counts: vouchers count, expenses never do,
// declined and donated do not count as received, hours count for all, and
// weekly (Mon–Sun) and monthly totals against dated thresholds.
func TestLedger(t *testing.T) {
	fx := newMoneyFixture(t)
	fx.setRate(t, RateHourly, 1500, "2025-04-06")
	fx.setRate(t, RateFixed, 4000, "2025-04-06")
	fx.setThreshold(t, ThresholdWeekly, 5000, "2025-04-06")   // £50 a week
	fx.setThreshold(t, ThresholdMonthly, 15000, "2025-04-06") // £150 a month
	rec := func(date string, hours Hundredths, choice Choice, reduced Pence, how PaidHow, paidOn string) Payment {
		t.Helper()
		p := Payment{PersonID: fx.ann, Activity: "Involvement", Date: date, Basis: BasisHourly, Hours: hours, Choice: choice, Reduced: reduced}
		if err := fx.s.RecordPayment(fx.ctx, &p); err != nil {
			t.Fatal(err)
		}
		if how != "" {
			if err := fx.s.PayPayment(fx.ctx, &p, how, paidOn); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	// Week of Mon 2 March: 2h (£30) paid by voucher on Sun 8 March; 1h
	// (£15) declined; 1h (£15) donated, paid by bank.
	rec("2026-03-02", 200, ChoiceAccept, 0, PaidVoucher, "2026-03-08")
	rec("2026-03-04", 100, ChoiceDecline, 0, "", "")
	rec("2026-03-04", 100, ChoiceDonate, 0, PaidBank, "2026-03-04")
	// Worked on Sun 8 March, paid Mon 9 March: counts in the next week.
	rec("2026-03-08", 200, ChoiceReduce, 1000, PaidBank, "2026-03-09")
	// Due, not paid: 3h (£45) on 11 March.
	rec("2026-03-11", 300, ChoiceAccept, 0, "", "")
	// Expenses in the same weeks never count.
	fx.claim(t, Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatTaxi, Amount: 9000, Status: StatusPaid, PaidHow: PaidVoucher})
	// Someone else's payment is not Ann's.
	other := Payment{PersonID: fx.bob, Activity: "x", Date: "2026-03-04", Basis: BasisHourly, Hours: 1000}
	if err := fx.s.RecordPayment(fx.ctx, &other); err != nil {
		t.Fatal(err)
	}

	l, err := fx.s.Ledger(fx.ctx, fx.ann, "2026-03-01", "2026-03-31")
	if err != nil {
		t.Fatal(err)
	}
	if l.From != "2026-02-23" || l.To != "2026-04-05" {
		t.Errorf("ledger widened to %s–%s, want the whole weeks 2026-02-23–2026-04-05", l.From, l.To)
	}
	if len(l.Weeks) != 6 || l.Weeks[1].Start != "2026-03-02" || l.Weeks[1].End != "2026-03-08" || l.Weeks[1].Label != "w/c 2 Mar 2026" {
		t.Fatalf("weeks: %+v", l.Weeks)
	}
	w1, w2 := l.Weeks[1], l.Weeks[2]
	if w1.Paid != 3000 || w1.Due != 0 || w1.Donated != 1500 || w1.Hours != 600 {
		t.Errorf("week of 2 March: paid %v due %v donated %v hours %v; want £30 (the voucher), £0, £15, 6 hours",
			w1.Paid, w1.Due, w1.Donated, w1.Hours)
	}
	if w2.Paid != 1000 || w2.Due != 4500 || w2.Total() != 5500 || w2.Hours != 300 || !w2.OverLimit() {
		t.Errorf("week of 9 March: paid %v due %v hours %v over %v; want £10 paid, £45 due, 3 hours, over £50",
			w2.Paid, w2.Due, w2.Hours, w2.OverLimit())
	}
	if len(l.Months) != 1 || l.Months[0].Label != "March 2026" {
		t.Fatalf("months: %+v", l.Months)
	}
	mar := l.Months[0]
	if mar.Paid != 4000 || mar.Due != 4500 || mar.Hours != 900 || mar.OverLimit() || mar.OverHours() || mar.HoursCap.Amount != 3000 {
		t.Errorf("March: paid %v due %v hours %v cap %v", mar.Paid, mar.Due, mar.Hours, mar.HoursCap.Amount)
	}
	var expenses, declined int
	for _, line := range l.Lines {
		if !line.Payment {
			expenses++
			if line.Counted != 0 || !strings.Contains(line.Why, "never count") {
				t.Errorf("an expense counts: %+v", line)
			}
		}
		if line.Choice == ChoiceDecline {
			declined++
			if line.Counted != 0 || line.Hours != 100 {
				t.Errorf("declined line: %+v", line)
			}
		}
	}
	if expenses != 1 || declined != 1 || len(l.Lines) != 6 {
		t.Errorf("%d lines (%d expenses, %d declined), want 6 (1, 1)", len(l.Lines), expenses, declined)
	}

	// CheckPayment: £20 more on 12 March crosses the weekly £50 (already
	// £55) but not March's £150 (£85 → £105); 25 hours more crosses the
	// 30-hour cap (9 → 34).
	due := func(date string, amount Pence, hours Hundredths) Payment {
		return Payment{PersonID: fx.ann, Date: date, Amount: amount, Hours: hours, Choice: ChoiceAccept, Status: StatusClaimed}
	}
	w, err := fx.s.CheckPayment(fx.ctx, due("2026-03-12", 2000, 2500))
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Crossed) != 2 || w.Crossed[0].Kind != ThresholdWeekly || w.Crossed[0].Before != 5500 || w.Crossed[0].After != 7500 ||
		w.Crossed[1].Kind != ThresholdHours || w.Crossed[1].After != 3400 || len(w.Unset) != 0 {
		t.Fatalf("warnings = %+v", w)
	}
	if s := w.String(); !strings.Contains(s, "payments in the week w/c 9 Mar 2026 to £75.00, over the £50.00 limit (£55.00 before, already over before this)") ||
		!strings.Contains(s, "involvement hours in March 2026 to 34 hours, over the 30 hours limit") {
		t.Errorf("warning text:\n%s", s)
	}
	// A small payment in a quiet week crosses nothing.
	if w, _ := fx.s.CheckPayment(fx.ctx, due("2026-03-25", 1000, 100)); w.Crosses() {
		t.Errorf("£10 in a quiet week warns: %s", w)
	}
	// The monthly limit: £70 on 25 March takes March from £85 to £155.
	if w, _ := fx.s.CheckPayment(fx.ctx, due("2026-03-25", 7000, 0)); len(w.Crossed) != 2 || w.Crossed[1].Kind != ThresholdMonthly {
		t.Errorf("£70 on 25 March: %+v", w)
	}
	// Paying a recorded payment: it counts once, as paid.
	dueLine := l.Lines[0]
	for _, line := range l.Lines {
		if line.Status == StatusClaimed && line.Payment && line.Choice == ChoiceAccept {
			dueLine = line
		}
	}
	recorded, err := fx.s.Payment(fx.ctx, dueLine.ID)
	if err != nil {
		t.Fatal(err)
	}
	if w, _ := fx.s.CheckPayPayment(fx.ctx, recorded, "2026-03-11"); len(w.Crossed) != 1 || w.Crossed[0].Before != 1000 {
		t.Errorf("paying the due payment, counted once: %+v", w)
	}
	// No thresholds set before April 2025: say so, and warn of nothing.
	if w, _ := fx.s.CheckPayment(fx.ctx, due("2025-01-08", 100000, 0)); w.Crosses() || len(w.Unset) != 2 ||
		!strings.Contains(w.String(), "No threshold is set for payments in a week.") {
		t.Errorf("with no thresholds: %+v", w)
	}

	// Standings agree with the ledger.
	st, err := fx.s.Standings(fx.ctx, "2026-03-11")
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 2 || st[0].PersonID != fx.ann || !st[0].Over() {
		t.Fatalf("standings = %+v", st)
	}
	if a := st[0]; a.Week.Total() != w2.Total() || a.Week.Hours != w2.Hours || a.Month.Paid != mar.Paid || a.Month.Due != mar.Due ||
		a.Month.Hours != mar.Hours || a.Month.Donated != mar.Donated || !a.Week.LimitSet {
		t.Errorf("Ann's standing %+v disagrees with her ledger", a)
	}
	if b := st[1]; b.Month.Hours != 1000 || b.Month.Due != 15000 || b.Over() {
		t.Errorf("Bob's standing = %+v", b)
	}
}

// TestLedgerThresholdChange: a week or month is judged by the threshold in
// force on its last day; a new April threshold applies to April.
func TestLedgerThresholdChange(t *testing.T) {
	fx := newMoneyFixture(t)
	fx.setThreshold(t, ThresholdMonthly, 10000, "2025-04-06")
	fx.setThreshold(t, ThresholdMonthly, 20000, "2026-04-06")
	l, err := fx.s.Ledger(fx.ctx, fx.bob, "2026-03-15", "2026-04-15")
	if err != nil {
		t.Fatal(err)
	}
	if l.Months[0].Limit.Amount != 10000 || l.Months[1].Limit.Amount != 20000 {
		t.Errorf("March limit %v, April limit %v", l.Months[0].Limit.Amount, l.Months[1].Limit.Amount)
	}
	if l.Weeks[0].LimitSet {
		t.Error("a weekly limit shows though none was set")
	}
}

func TestExpensesReportAgreesWithExport(t *testing.T) {
	fx := newMoneyFixture(t)
	fx.setRate(t, RateCare, 1050, "2026-01-01")
	mk := func(c Claim) Claim { return fx.claim(t, c) }
	mk(Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatFare, Amount: 340})
	mk(Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatMileage, Quantity: 1250})
	mk(Claim{PersonID: fx.bob, MeetingID: fx.held.ID, Category: CatCare, Quantity: 175, Status: StatusApproved})
	mk(Claim{PersonID: fx.bob, MeetingID: fx.held.ID, Category: CatTaxi, Amount: 1999, Status: StatusPaid, PaidHow: PaidBank})
	rej := mk(Claim{PersonID: fx.cat, Activity: "Panel, Town Hall", Date: "2026-03-20", Category: CatSubsistence, Amount: 650})
	if err := fx.s.RejectClaim(fx.ctx, &rej, "Lunch was provided"); err != nil {
		t.Fatal(err)
	}
	mk(Claim{PersonID: fx.cat, MeetingID: fx.next.ID, Category: CatParking, Amount: 300})                                  // April: out of range
	mk(Claim{PersonID: fx.cat, Activity: "Before", Date: "2026-02-28", Category: CatOther, Amount: 100, Description: "x"}) // Feb: out

	r, err := fx.s.ExpensesReport(fx.ctx, "2026-03-01", "31/03/2026", "")
	if err != nil {
		t.Fatal(err)
	}
	// The export's claim lines in the same range.
	doc, _ := func() (map[string]any, string) {
		var buf bytes.Buffer
		if err := fx.s.ExportJSON(fx.ctx, &buf); err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		dec := json.NewDecoder(&buf)
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		return doc, ""
	}()
	var sum, n int64
	byStatus := map[string]int64{}
	for _, v := range doc["claims"].([]any) {
		c := v.(map[string]any)
		d := c["date"].(string)
		if d < "2026-03-01" || d > "2026-03-31" {
			continue
		}
		a, err := c["amount_pence"].(json.Number).Int64()
		if err != nil {
			t.Fatalf("amount_pence is not an integer: %v", c["amount_pence"])
		}
		sum += a
		n++
		byStatus[c["status"].(string)] += a
	}
	all := r.All
	if int64(all.Total+all.Rejected) != sum || int64(all.Claims) != n || n != 5 {
		t.Fatalf("report: %d claims, total %v + rejected %v; export: %d claim lines summing to %dp", all.Claims, all.Total, all.Rejected, n, sum)
	}
	if all.Total != 340+563+1838+1999 || all.Rejected != 650 {
		t.Errorf("total %v, rejected %v", all.Total, all.Rejected)
	}
	for _, row := range r.ByStatus {
		if int64(row.Claimed+row.Approved+row.Paid+row.Rejected) != byStatus[row.Key] {
			t.Errorf("status %s: %v in the report, %dp in the export", row.Key, row, byStatus[row.Key])
		}
	}
	var people, cats Pence
	for _, row := range r.ByPerson {
		people += row.Total + row.Rejected
	}
	for _, row := range r.ByCategory {
		cats += row.Total + row.Rejected
	}
	if int64(people) != sum || int64(cats) != sum || len(r.Lines) != 5 {
		t.Errorf("per person %v, per category %v, lines %d; want %dp and 5", people, cats, len(r.Lines), sum)
	}
	if r.ByPerson[0].Label != "=Cat Cole" || r.ByPerson[1].Label != "Ann Archer" && r.ByPerson[0].Label != "Ann Archer" {
		t.Logf("people: %+v", r.ByPerson)
	}

	// One forum: the Tuesday Forum's held meeting only.
	tf, err := fx.s.ExpensesReport(fx.ctx, "2026-03-01", "2026-03-31", "tuesday forum")
	if err != nil || tf.Forum != "Tuesday Forum" || tf.All.Claims != 4 || tf.All.Total != 340+563+1838+1999 {
		t.Errorf("Tuesday Forum report: %+v, %v", tf.All, err)
	}
	_, err = fx.s.ExpensesReport(fx.ctx, "2026-03-01", "2026-03-31", "Nonesuch")
	wantErr(t, err, `no forum called "Nonesuch"`)
	_, err = fx.s.ExpensesReport(fx.ctx, "2026-03-31", "2026-03-01", "")
	wantErr(t, err, "ends (2026-03-01) before it starts")
	_, err = fx.s.ExpensesReport(fx.ctx, "March", "2026-03-01", "")
	wantErr(t, err, "--from")

	// CSV: RFC 4180, read back with encoding/csv; amounts plain decimals
	// that agree with the export; a formula-like name made harmless.
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\r\n") || strings.Contains(buf.String(), "£") {
		t.Errorf("CSV line ends or £ signs:\n%q", buf.String())
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not read back: %v", err)
	}
	if strings.Join(recs[0], ",") != strings.Join(ReportCSVHeader, ",") {
		t.Errorf("header %q", recs[0])
	}
	last := recs[len(recs)-1]
	if last[0] != "all" || last[8] != Pence(sum-650).Decimal() || last[7] != "6.50" || last[3] != "5" {
		t.Errorf("the all row %q; want total %s and rejected 6.50", last, Pence(sum-650).Decimal())
	}
	var personTotal int64
	for _, rec := range recs[1:] {
		if len(rec) != len(ReportCSVHeader) {
			t.Errorf("ragged row %q", rec)
		}
		if rec[0] == "person" {
			for _, col := range []int{8, 7} {
				p, err := ParseMoney(rec[col])
				if err != nil {
					t.Fatalf("amount %q in the CSV: %v", rec[col], err)
				}
				personTotal += int64(p)
			}
			if strings.HasPrefix(rec[2], "=") {
				t.Errorf("a name starting with = reaches a spreadsheet as a formula: %q", rec[2])
			}
		}
	}
	if personTotal != sum {
		t.Errorf("the CSV's people add up to %dp, the export's lines to %dp", personTotal, sum)
	}
	var md bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Expenses 2026-03-01 to 2026-03-31", "5 claims. Total £47.40", "| Ann Archer | 2 | £9.03 |",
		"| **All** | 5 | £9.03 | £18.38 | £19.99 | £6.50 | £47.40 |", "| Rejected | 1 | £6.50 |",
		// The status table ends on the headline's total, not on one with the rejected claims in it.
		"| **Total, rejected claims apart** | 4 | £47.40 |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back struct {
		All   map[string]any `json:"all"`
		Lines []any          `json:"lines"`
	}
	dec := json.NewDecoder(&js)
	dec.UseNumber()
	if err := dec.Decode(&back); err != nil || back.All["total_pence"] != json.Number(strconv.FormatInt(sum-650, 10)) || len(back.Lines) != 5 {
		t.Errorf("JSON report: %v, %+v", err, back.All)
	}
}

func TestMoneyExportAndErasure(t *testing.T) {
	fx := newMoneyFixture(t)
	fx.setThreshold(t, ThresholdWeekly, 5000, "2026-04-06")
	fx.setRate(t, RateMeeting, 2000, "2026-01-01")
	c := fx.claim(t, Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatFare, Amount: 340})
	p := Payment{PersonID: fx.ann, MeetingID: fx.held.ID, Basis: BasisMeeting}
	if err := fx.s.RecordPayment(fx.ctx, &p); err != nil {
		t.Fatal(err)
	}
	pc, _ := fx.s.PettyCash(fx.ctx, fx.held.ID)
	if err := fx.s.SetFloat(fx.ctx, &pc, 5000); err != nil {
		t.Fatal(err)
	}
	s := fx.s
	doc, raw := decodeExport(t, s)
	for k, n := range map[string]int{"claims": 1, "payments": 1, "rates": 2, "thresholds": 1, "petty_cash": 1} {
		if got := len(exportList(t, doc, k)); got != n {
			t.Errorf("%s: %d records, want %d", k, got, n)
		}
	}
	if th := exportList(t, doc, "thresholds")[0]; th["amount_pence"] != json.Number("5000") || th["kind"] != "weekly_payments" ||
		th["effective_from"] != "2026-04-06" || th["id"] == "" {
		t.Errorf("threshold exported as %v", th)
	}
	if r := exportList(t, doc, "rates")[0]; r["amount_pence"] == nil || r["kind"] == nil {
		t.Errorf("rate exported as %v", r)
	}
	ec := exportList(t, doc, "claims")[0]
	if ec["amount_pence"] != json.Number("340") || ec["meeting_id"] != fx.held.ID || ec["category"] != "fare" {
		t.Errorf("claim exported as %v", ec)
	}
	ep := exportList(t, doc, "payments")[0]
	if ep["amount_pence"] != json.Number("2000") || ep["hours_hundredths"] != json.Number("200") {
		t.Errorf("payment exported as %v", ep)
	}
	if pcs := exportList(t, doc, "petty_cash")[0]; pcs["float_pence"] != json.Number("5000") {
		t.Errorf("petty cash exported as %v", pcs)
	}
	if strings.Contains(raw, "null") {
		t.Errorf("export contains null")
	}
	// Deleting the meeting keeps the claim and says which meeting it was.
	m, _ := s.Meeting(fx.ctx, fx.held.ID)
	if err := s.DeleteMeeting(fx.ctx, m.ID, m.Version); err != nil {
		t.Fatal(err)
	}
	got, err := s.Claim(fx.ctx, c.ID)
	if err != nil || got.MeetingID != "" || got.Activity != "Tuesday Forum meeting on 2026-03-03 (since deleted)" || got.Version != 2 {
		t.Errorf("claim after its meeting was deleted: %+v, %v", got, err)
	}
	// ... and keeps its petty cash, for the former meeting.
	if pc, err := s.PettyCash(fx.ctx, fx.held.ID); err != nil || pc.Float != 5000 || pc.FormerMeetingID != fx.held.ID || pc.MeetingID != "" {
		t.Errorf("petty cash after its meeting was deleted: %+v, %v", pc, err)
	}
	// Erasing the person erases their claims and payments.
	ann, _ := s.Person(fx.ctx, fx.ann)
	if err := s.DeletePerson(fx.ctx, ann.ID, ann.Version); err != nil {
		t.Fatal(err)
	}
	if ioCount(t, s, "claims") != 0 || ioCount(t, s, "payments") != 0 {
		t.Error("an erased person's claims or payments are still there")
	}
	// The whole forum going (meetings cascade) keeps the others' claims.
	b := fx.claim(t, Claim{PersonID: fx.bob, MeetingID: fx.next.ID, Category: CatFare, Amount: 200})
	f, _ := s.Forum(fx.ctx, fx.carers)
	if err := s.DeleteForum(fx.ctx, f.ID, f.Version); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Claim(fx.ctx, b.ID); err != nil || !strings.Contains(got.Activity, "since deleted") {
		t.Errorf("claim after its forum was deleted: %+v, %v", got, err)
	}
	if r, err := s.Check(fx.ctx); err != nil || !r.OK() {
		t.Errorf("check after deletions: %v %v", r.Problems, err)
	}
}

// TestSetDatedReplacesAndRefusesStale: a rate or threshold of the same
// kind from the same date is updated, not added again; a copy loaded
// before someone else changed it is refused with ErrConflict.
func TestSetDatedReplacesAndRefusesStale(t *testing.T) {
	fx := newMoneyFixture(t)
	a := Rate{Kind: RateHourly, Name: "hourly", Amount: 1200, EffectiveFrom: "2030-04-06"}
	if err := fx.s.SetRate(fx.ctx, &a); err != nil {
		t.Fatal(err)
	}
	stale := a
	b := Rate{Kind: RateHourly, Name: "hourly", Amount: 1300, EffectiveFrom: "2030-04-06"}
	if err := fx.s.SetRate(fx.ctx, &b); err != nil {
		t.Fatal(err)
	}
	if b.ID != a.ID || b.Version != a.Version+1 {
		t.Fatalf("same kind and date: id %s version %d, want %s version %d", b.ID, b.Version, a.ID, a.Version+1)
	}
	if r, _, _ := fx.s.RateOn(fx.ctx, RateHourly, "2030-05-01"); r.Amount != 1300 {
		t.Fatalf("rate after the update: %v", r.Amount)
	}
	stale.Amount = 1400
	if err := fx.s.SetRate(fx.ctx, &stale); !errors.Is(err, ErrConflict) {
		t.Fatalf("a stale rate was saved: %v", err)
	}

	th := Threshold{Kind: ThresholdMonthly, Amount: 10000, EffectiveFrom: "2030-04-06"}
	if err := fx.s.SetThreshold(fx.ctx, &th); err != nil {
		t.Fatal(err)
	}
	old := th
	th2 := Threshold{Kind: ThresholdMonthly, Amount: 12000, EffectiveFrom: "2030-04-06"}
	if err := fx.s.SetThreshold(fx.ctx, &th2); err != nil || th2.ID != th.ID || th2.Version != th.Version+1 {
		t.Fatalf("threshold update: %v %+v", err, th2)
	}
	old.Amount = 9000
	if err := fx.s.SetThreshold(fx.ctx, &old); !errors.Is(err, ErrConflict) {
		t.Fatalf("a stale threshold was saved: %v", err)
	}
}
